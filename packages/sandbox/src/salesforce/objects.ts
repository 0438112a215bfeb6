import { auditFields, field, picklist, reference, required, system, text } from './fields.js';
import type { FieldDef } from './fields.js';
import { KEY_PREFIXES } from './ids.js';

/**
 * The emulated objects. Standard fields follow the Object Reference for the Salesforce Platform
 * (Lead, Contact, Account, Task, User, Opportunity, Group, QueueSobject); custom fields are exactly
 * the ones Handoff writes.
 */
export interface ObjectDef {
  name: string;
  label: string;
  labelPlural: string;
  keyPrefix: string;
  fields: FieldDef[];
}

const OWNER = reference('OwnerId', ['User'], { defaultedOnCreate: true, nillable: false });
// A Lead may be owned by a queue (a Group of Type Queue that lists Lead among its QueueSobject rows);
// describe lists both targets, Group first, as Salesforce does.
const LEAD_OWNER = reference('OwnerId', ['Group', 'User'], { defaultedOnCreate: true, nillable: false });
const INDUSTRIES = ['Agriculture', 'Banking', 'Consulting', 'Education', 'Finance', 'Healthcare', 'Manufacturing', 'Media', 'Retail', 'Technology', 'Telecommunications', 'Other'];
const LEAD_SOURCES = ['Web', 'Phone Inquiry', 'Partner Referral', 'Purchased List', 'Advertisement', 'Other'];

const lead: FieldDef[] = [
  system('Id', 'id'),
  text('FirstName', 40),
  required(text('LastName', 80)),
  field('Name', 'string', { length: 121, createable: false, updateable: false }),
  required(text('Company', 255)),
  field('Email', 'email', { length: 80, indexed: true }),
  field('Phone', 'phone', { length: 40 }),
  text('Title', 128),
  picklist('Status', ['Open - Not Contacted', 'Working - Contacted', 'Closed - Converted', 'Closed - Not Converted'], {
    defaultValue: 'Open - Not Contacted',
    restricted: true,
    nillable: false,
  }),
  picklist('LeadSource', LEAD_SOURCES),
  LEAD_OWNER,
  field('Description', 'textarea', { length: 32000 }),
  field('Website', 'url', { length: 255 }),
  text('Country', 80),
  text('State', 80),
  text('City', 40),
  picklist('Industry', INDUSTRIES),
  field('NumberOfEmployees', 'int'),
  system('IsConverted', 'boolean', { createable: true }),
  system('ConvertedContactId', 'reference', { referenceTo: ['Contact'], nillable: true }),
  system('ConvertedAccountId', 'reference', { referenceTo: ['Account'], nillable: true }),
  system('ConvertedOpportunityId', 'reference', { referenceTo: ['Opportunity'], nillable: true }),
  system('ConvertedDate', 'date', { nillable: true, defaultedOnCreate: false }),
  ...auditFields(),
  text('HubSpot_Contact_Id__c', 32, { externalId: true, unique: true, label: 'HubSpot Contact ID' }),
  field('Handoff_Score__c', 'double', { label: 'Handoff Score' }),
  text('Handoff_Grade__c', 5, { label: 'Handoff Grade' }),
  field('Handoff_Score_Reasons__c', 'textarea', { length: 32768, label: 'Handoff Score Reasons' }),
  text('Handoff_Model_Version__c', 40, { label: 'Handoff Model Version' }),
];

const contact: FieldDef[] = [
  system('Id', 'id'),
  text('FirstName', 40),
  required(text('LastName', 80)),
  field('Name', 'string', { length: 121, createable: false, updateable: false }),
  field('Email', 'email', { length: 80, indexed: true }),
  field('Phone', 'phone', { length: 40 }),
  text('Title', 128),
  reference('AccountId', ['Account']),
  OWNER,
  picklist('LeadSource', LEAD_SOURCES),
  field('Description', 'textarea', { length: 32000 }),
  text('MailingCountry', 80),
  text('MailingCity', 40),
  ...auditFields(),
  text('HubSpot_Contact_Id__c', 32, { externalId: true, label: 'HubSpot Contact ID' }),
];

const account: FieldDef[] = [
  system('Id', 'id'),
  required(text('Name', 255)),
  field('Website', 'url', { length: 255 }),
  OWNER,
  picklist('Industry', INDUSTRIES),
  field('NumberOfEmployees', 'int'),
  text('BillingCountry', 80),
  text('BillingCity', 40),
  field('Description', 'textarea', { length: 32000 }),
  ...auditFields(),
];

const task: FieldDef[] = [
  system('Id', 'id'),
  reference('WhoId', ['Contact', 'Lead'], { relationshipName: 'Who', indexed: true }),
  reference('WhatId', ['Account', 'Opportunity'], { relationshipName: 'What' }),
  OWNER,
  text('Subject', 255),
  field('ActivityDate', 'date'),
  picklist('Status', ['Not Started', 'In Progress', 'Completed', 'Waiting on someone else', 'Deferred'], {
    defaultValue: 'Not Started',
    restricted: true,
    nillable: false,
  }),
  picklist('Priority', ['High', 'Normal', 'Low'], { defaultValue: 'Normal', restricted: true, nillable: false }),
  field('Description', 'textarea', { length: 32000 }),
  field('ReminderDateTime', 'datetime'),
  field('IsReminderSet', 'boolean', { nillable: false, defaultedOnCreate: true, defaultValue: false }),
  system('IsClosed', 'boolean'),
  system('IsHighPriority', 'boolean'),
  system('CompletedDateTime', 'datetime', { nillable: true, defaultedOnCreate: false }),
  picklist('TaskSubtype', ['Task', 'Email', 'ListEmail', 'Cadence', 'Call', 'LinkedIn'], { updateable: false }),
  picklist('Type', ['Call', 'Email', 'Meeting', 'Other']),
  ...auditFields(),
  text('Handoff_Key__c', 80, { externalId: true, unique: true, label: 'Handoff Key' }),
  field('Handoff_SLA_Due__c', 'datetime', { label: 'Handoff SLA Due' }),
  text('Handoff_SLA_Tier__c', 20, { label: 'Handoff SLA Tier' }),
];


/**
 * User.TimeZoneSidKey is a restricted picklist of IANA zone names in Salesforce; these are the
 * commonly used ones of its values (Salesforce lists about a hundred, by UTC offset).
 */
const USER_TIME_ZONES = [
  'Pacific/Kiritimati', 'Pacific/Tongatapu', 'Pacific/Auckland', 'Pacific/Fiji', 'Australia/Sydney', 'Australia/Brisbane',
  'Australia/Adelaide', 'Australia/Darwin', 'Australia/Perth', 'Asia/Seoul', 'Asia/Tokyo', 'Asia/Hong_Kong', 'Asia/Manila',
  'Asia/Shanghai', 'Asia/Singapore', 'Asia/Taipei', 'Asia/Kuala_Lumpur', 'Asia/Bangkok', 'Asia/Ho_Chi_Minh', 'Asia/Jakarta',
  'Asia/Dhaka', 'Asia/Kathmandu', 'Asia/Colombo', 'Asia/Kolkata', 'Asia/Karachi', 'Asia/Tashkent', 'Asia/Dubai',
  'Asia/Tehran', 'Asia/Riyadh', 'Asia/Jerusalem', 'Europe/Moscow', 'Europe/Istanbul', 'Africa/Nairobi', 'Africa/Cairo',
  'Africa/Johannesburg', 'Europe/Athens', 'Europe/Bucharest', 'Europe/Helsinki', 'Europe/Amsterdam', 'Europe/Berlin',
  'Europe/Brussels', 'Europe/Paris', 'Europe/Prague', 'Europe/Rome', 'Europe/Madrid', 'Europe/Stockholm', 'Europe/Warsaw',
  'Europe/Zurich', 'Africa/Lagos', 'Europe/Dublin', 'Europe/Lisbon', 'Europe/London', 'GMT', 'Atlantic/Azores',
  'America/Sao_Paulo', 'America/Argentina/Buenos_Aires', 'America/Santiago', 'America/St_Johns', 'America/Halifax',
  'America/Puerto_Rico', 'America/Caracas', 'America/Bogota', 'America/Lima', 'America/New_York',
  'America/Indiana/Indianapolis', 'America/Panama', 'America/Chicago', 'America/Mexico_City', 'America/Denver',
  'America/Phoenix', 'America/Los_Angeles', 'America/Tijuana', 'America/Anchorage', 'Pacific/Honolulu', 'Pacific/Pago_Pago',
];

const user: FieldDef[] = [
  system('Id', 'id'),
  required(text('Username', 80, { unique: true, indexed: true })),
  required(field('Email', 'email', { length: 128, indexed: true })),
  text('FirstName', 40),
  required(text('LastName', 80)),
  field('Name', 'string', { length: 121, createable: false, updateable: false }),
  field('IsActive', 'boolean', { nillable: false, defaultedOnCreate: true, defaultValue: true }),
  picklist('TimeZoneSidKey', USER_TIME_ZONES, {
    defaultValue: 'GMT',
    restricted: true,
    nillable: false,
  }),
  reference('UserRoleId', ['UserRole']),
  text('Department', 80),
  ...auditFields(),
];

const opportunity: FieldDef[] = [
  system('Id', 'id'),
  required(text('Name', 120)),
  reference('AccountId', ['Account']),
  required(picklist('StageName', ['Prospecting', 'Qualification', 'Closed Won', 'Closed Lost'], { restricted: true })),
  required(field('CloseDate', 'date')),
  OWNER,
  ...auditFields(),
];

/** Public groups, queues and the like; only queues can own records. */
const group: FieldDef[] = [
  system('Id', 'id'),
  required(text('Name', 40)),
  text('DeveloperName', 80, { indexed: true }),
  required(
    picklist('Type', ['Regular', 'Role', 'RoleAndSubordinates', 'Organization', 'Queue'], { restricted: true, updateable: false }),
  ),
  field('Email', 'email', { length: 255 }),
  field('DoesSendEmailToMembers', 'boolean', { nillable: false, defaultedOnCreate: true, defaultValue: false }),
  ...auditFields(),
];

/** The objects a queue supports, one row each ("QueueSobject", Object Reference). */
const queueSobject: FieldDef[] = [
  system('Id', 'id'),
  required(reference('QueueId', ['Group'], { relationshipName: 'Queue', updateable: false, indexed: true })),
  required(picklist('SobjectType', ['Lead', 'Case', 'ServiceContract'], { updateable: false })),
  system('CreatedById', 'reference', { referenceTo: ['User'], relationshipName: 'CreatedBy' }),
  system('SystemModstamp', 'datetime'),
];

function def(name: string, labelPlural: string, fields: FieldDef[]): ObjectDef {
  return { name, label: name, labelPlural, keyPrefix: KEY_PREFIXES[name] ?? '000', fields };
}

export const OBJECTS: ReadonlyMap<string, ObjectDef> = new Map(
  [
    def('Lead', 'Leads', lead),
    def('Contact', 'Contacts', contact),
    def('Account', 'Accounts', account),
    def('Task', 'Tasks', task),
    def('User', 'Users', user),
    def('Opportunity', 'Opportunities', opportunity),
    def('Group', 'Groups', group),
    def('QueueSobject', 'Queue Sobjects', queueSobject),
  ].map((o) => [o.name, o]),
);

/** Object names are case-insensitive in URLs and SOQL. */
export function findObject(name: string): ObjectDef | undefined {
  const lower = name.toLowerCase();
  for (const o of OBJECTS.values()) if (o.name.toLowerCase() === lower) return o;
  return undefined;
}
