import type { SalesforceObject } from '../../domain/salesforce.js';

/**
 * The custom fields Handoff writes (docs/salesforce-setup.md). Checked against describe before the
 * first write and whenever the cached describe expires.
 */
export interface RequiredField {
  object: SalesforceObject;
  name: string;
  type: string;
  externalId?: boolean;
  unique?: boolean;
}

export const REQUIRED_FIELDS: readonly RequiredField[] = [
  { object: 'Lead', name: 'HubSpot_Contact_Id__c', type: 'Text(32)', externalId: true, unique: true },
  { object: 'Lead', name: 'Handoff_Score__c', type: 'Number(5,1)' },
  { object: 'Lead', name: 'Handoff_Grade__c', type: 'Text(5)' },
  { object: 'Lead', name: 'Handoff_Score_Reasons__c', type: 'Long Text Area(32768)' },
  { object: 'Lead', name: 'Handoff_Model_Version__c', type: 'Text(40)' },
  { object: 'Contact', name: 'HubSpot_Contact_Id__c', type: 'Text(32)', externalId: true },
  { object: 'Task', name: 'Handoff_Key__c', type: 'Text(80)', externalId: true, unique: true },
  { object: 'Task', name: 'Handoff_SLA_Due__c', type: 'Date/Time' },
  { object: 'Task', name: 'Handoff_SLA_Tier__c', type: 'Text(20)' },
];

export const SETUP_DOC = 'docs/salesforce-setup.md';

/** The scorecard's outcome values, in the order of the picklist (docs/salesforce-setup.md). */
export const SCORECARD_OUTCOMES = ['connected', 'meeting booked', 'no answer', 'not a fit', 'bad timing', 'wrong person', 'already a customer'] as const;
export type ScorecardOutcome = (typeof SCORECARD_OUTCOMES)[number];

/**
 * The scorecard a rep fills when closing a handoff activity: custom activity fields, so Task and Event
 * both have them. Handoff reads them where they exist and never requires them (a Task closed without a
 * scorecard still counts as a touch).
 */
export interface OptionalField {
  objects: readonly ('Task' | 'Event')[];
  name: string;
  type: string;
}

export const SCORECARD_FIELDS: readonly OptionalField[] = [
  { objects: ['Task', 'Event'], name: 'Handoff_Outcome__c', type: `Picklist (${SCORECARD_OUTCOMES.join(', ')})` },
  { objects: ['Task', 'Event'], name: 'Handoff_Lead_Quality__c', type: 'Number(1,0)' },
  { objects: ['Task', 'Event'], name: 'Handoff_Comment__c', type: 'Text(255)' },
];
