import { auditFields, combobox, field, picklist, reference, required, system, text } from './fields.js';
import type { FieldDef } from './fields.js';

/**
 * The objects a sales team works in after a handoff (Object Reference for the Salesforce Platform:
 * Opportunity, Event, OpportunityContactRole, LeadHistory), and the org's own custom fields on them.
 */

/** A new org's Lead Status values, in their sort order (LeadStatus has no "closed" flag a connector can read). */
export const LEAD_STATUSES = ['Open - Not Contacted', 'Working - Contacted', 'Closed - Converted', 'Closed - Not Converted'] as const;

/** A new org's Opportunity stages with their default probability and forecast category ("OpportunityStage"). */
export const OPPORTUNITY_STAGES: readonly { name: string; probability: number; forecast: string; closed: boolean; won: boolean }[] = [
  { name: 'Prospecting', probability: 10, forecast: 'Pipeline', closed: false, won: false },
  { name: 'Qualification', probability: 10, forecast: 'Pipeline', closed: false, won: false },
  { name: 'Needs Analysis', probability: 20, forecast: 'Pipeline', closed: false, won: false },
  { name: 'Value Proposition', probability: 50, forecast: 'Pipeline', closed: false, won: false },
  { name: 'Id. Decision Makers', probability: 60, forecast: 'Pipeline', closed: false, won: false },
  { name: 'Perception Analysis', probability: 70, forecast: 'Pipeline', closed: false, won: false },
  { name: 'Proposal/Price Quote', probability: 75, forecast: 'Pipeline', closed: false, won: false },
  { name: 'Negotiation/Review', probability: 90, forecast: 'Pipeline', closed: false, won: false },
  { name: 'Closed Won', probability: 100, forecast: 'Closed', closed: true, won: true },
  { name: 'Closed Lost', probability: 0, forecast: 'Omitted', closed: true, won: false },
];

/**
 * The org has multi-currency on: records carry `CurrencyIsoCode` (restricted picklist of the org's active
 * currencies, default the corporate currency). Hide `Opportunity.CurrencyIsoCode` to emulate a single-currency org.
 */
export const ORG_CURRENCIES = ['USD', 'EUR', 'GBP', 'CAD', 'AUD'] as const;
const currencyIsoCode = (): FieldDef =>
  picklist('CurrencyIsoCode', [...ORG_CURRENCIES], { length: 3, defaultValue: 'USD', restricted: true, nillable: false, label: 'Currency ISO Code' });

/** The scorecard a rep fills when closing a handoff activity (docs/salesforce-setup.md); shared by Task and Event. */
export const SCORECARD_OUTCOMES = ['connected', 'meeting booked', 'no answer', 'not a fit', 'bad timing', 'wrong person', 'already a customer'] as const;
export function scorecardFields(): FieldDef[] {
  return [
    picklist('Handoff_Outcome__c', [...SCORECARD_OUTCOMES], { restricted: true, label: 'Handoff Outcome' }),
    field('Handoff_Lead_Quality__c', 'double', { precision: 1, scale: 0, label: 'Handoff Lead Quality' }),
    text('Handoff_Comment__c', 255, { label: 'Handoff Comment' }),
  ];
}

/** This org's own field for why a Lead was disqualified (not Handoff's: `feedback.reasonField` may name it). */
export const DISQUALIFICATION_REASONS = ['Bad Timing', 'No Budget', 'Not a Fit', 'Competitor', 'Unresponsive', 'Already a Customer'] as const;
export const disqualificationReason = (): FieldDef =>
  picklist('Disqualification_Reason__c', [...DISQUALIFICATION_REASONS], { label: 'Disqualification Reason' });

export const opportunity: FieldDef[] = [
  system('Id', 'id'),
  required(text('Name', 120)),
  reference('AccountId', ['Account']),
  // Set on create only: the Contact the Opportunity was created from (it also gets a primary contact role).
  reference('ContactId', ['Contact'], { updateable: false }),
  field('Description', 'textarea', { length: 32000 }),
  required(picklist('StageName', OPPORTUNITY_STAGES.map((s) => s.name), { restricted: true, label: 'Stage' })),
  field('Amount', 'currency'),
  required(field('CloseDate', 'date')),
  picklist('Type', ['Existing Customer - Upgrade', 'Existing Customer - Replacement', 'Existing Customer - Downgrade', 'New Customer']),
  text('NextStep', 255),
  picklist('LeadSource', ['Web', 'Phone Inquiry', 'Partner Referral', 'Purchased List', 'Advertisement', 'Other']),
  system('IsClosed', 'boolean', { label: 'Closed' }),
  system('IsWon', 'boolean', { label: 'Won' }),
  picklist('ForecastCategoryName', ['Omitted', 'Pipeline', 'Best Case', 'Commit', 'Closed'], { restricted: true, label: 'Forecast Category' }),
  currencyIsoCode(),
  reference('OwnerId', ['User'], { defaultedOnCreate: true, nillable: false }),
  ...auditFields(),
];

/** Calendar events: meetings and calls on a Lead or Contact (WhoId), optionally about an Account or Opportunity. */
export const event: FieldDef[] = [
  system('Id', 'id'),
  reference('WhoId', ['Contact', 'Lead'], { relationshipName: 'Who', indexed: true }),
  reference('WhatId', ['Account', 'Opportunity'], { relationshipName: 'What' }),
  reference('OwnerId', ['User'], { defaultedOnCreate: true, nillable: false, label: 'Assigned To ID' }),
  combobox('Subject', ['Call', 'Email', 'Meeting', 'Send Letter/Quote', 'Other'], 255),
  text('Location', 255),
  field('IsAllDayEvent', 'boolean', { nillable: false, defaultedOnCreate: true, defaultValue: false, label: 'All-Day Event' }),
  field('ActivityDateTime', 'datetime', { label: 'Due Date Time' }),
  field('ActivityDate', 'date', { label: 'Due Date Only' }),
  field('StartDateTime', 'datetime', { label: 'Start Date Time' }),
  field('EndDateTime', 'datetime', { label: 'End Date Time' }),
  field('DurationInMinutes', 'int', { label: 'Duration' }),
  field('Description', 'textarea', { length: 32000 }),
  picklist('Type', ['Call', 'Email', 'Meeting', 'Other']),
  picklist('ShowAs', ['Busy', 'OutOfOffice', 'Free'], { defaultValue: 'Busy', restricted: true, label: 'Show Time As' }),
  picklist('EventSubtype', ['Event'], { defaultValue: 'Event', updateable: false }),
  field('IsPrivate', 'boolean', { nillable: false, defaultedOnCreate: true, defaultValue: false, label: 'Private' }),
  field('IsReminderSet', 'boolean', { nillable: false, defaultedOnCreate: true, defaultValue: false }),
  field('ReminderDateTime', 'datetime'),
  ...auditFields(),
  ...scorecardFields(),
];

export const opportunityContactRole: FieldDef[] = [
  system('Id', 'id'),
  required(reference('OpportunityId', ['Opportunity'], { updateable: false, indexed: true })),
  required(reference('ContactId', ['Contact'], { indexed: true })),
  picklist('Role', [
    'Business User', 'Decision Maker', 'Economic Buyer', 'Economic Decision Maker', 'Evaluator', 'Executive Sponsor', 'Influencer',
    'Technical Buyer', 'Other',
  ]),
  field('IsPrimary', 'boolean', { nillable: false, defaultedOnCreate: true, defaultValue: false, label: 'Primary' }),
  ...auditFields(),
];

/**
 * Field history of Lead ("LeadHistory"; the org tracks Status and Owner): read-only, one row per change,
 * `Field` is the field's API name, or `created` / `leadConverted` for those events. No SystemModstamp:
 * readers page by CreatedDate.
 */
export const leadHistory: FieldDef[] = [
  system('Id', 'id'),
  system('IsDeleted', 'boolean'),
  system('LeadId', 'reference', { referenceTo: ['Lead'], relationshipName: 'Lead', indexed: true }),
  system('CreatedById', 'reference', { referenceTo: ['User'], relationshipName: 'CreatedBy' }),
  system('CreatedDate', 'datetime'),
  system('Field', 'picklist', {
    picklistValues: ['created', 'leadConverted', 'Owner', 'Status'].map((value) => ({ value, label: value, active: true, defaultValue: false })),
  }),
  system('DataType', 'string', { length: 40, nillable: true }),
  system('OldValue', 'anyType', { nillable: true }),
  system('NewValue', 'anyType', { nillable: true }),
];
