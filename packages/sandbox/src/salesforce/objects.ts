import { auditFields, combobox, field, picklist, reference, required, system, text } from './fields.js';
import type { FieldDef } from './fields.js';
import { KEY_PREFIXES } from './ids.js';
import { LEAD_STATUSES, disqualificationReason, event, leadHistory, opportunity, opportunityContactRole, scorecardFields } from './objects-sales.js';
import { SETUP_OBJECTS } from './setup/objects.js';

/**
 * The emulated objects. Standard fields follow the Object Reference for the Salesforce Platform
 * (Lead, Contact, Account, Task, User, Profile, Group, QueueSobject; the sales objects in objects-sales.ts): the fields a new org's
 * describe lists that a connector reads or writes, with their types and lengths (not every field: no
 * compound Address/Name fields, geolocation, Jigsaw, photo or record-type fields); custom fields are
 * exactly the ones Handoff writes.
 */
export interface ObjectDef {
  name: string;
  label: string;
  labelPlural: string;
  keyPrefix: string;
  fields: FieldDef[];
  /** History objects: queryable and described, never written through the API. */
  readOnly?: boolean;
}

const OWNER = reference('OwnerId', ['User'], { defaultedOnCreate: true, nillable: false });
// A Lead may be owned by a queue (a Group of Type Queue that lists Lead among its QueueSobject rows);
// describe lists both targets, Group first, as Salesforce does.
const LEAD_OWNER = reference('OwnerId', ['Group', 'User'], { defaultedOnCreate: true, nillable: false });
/** The standard Industry values of a new org (Lead and Account share them). */
const INDUSTRIES = [
  'Agriculture', 'Apparel', 'Banking', 'Biotechnology', 'Chemicals', 'Communications', 'Construction', 'Consulting', 'Education',
  'Electronics', 'Energy', 'Engineering', 'Entertainment', 'Environmental', 'Finance', 'Food & Beverage', 'Government',
  'Healthcare', 'Hospitality', 'Insurance', 'Machinery', 'Manufacturing', 'Media', 'Not For Profit', 'Recreation', 'Retail',
  'Shipping', 'Technology', 'Telecommunications', 'Transportation', 'Utilities', 'Other',
];
const LEAD_SOURCES = ['Web', 'Phone Inquiry', 'Partner Referral', 'Purchased List', 'Advertisement', 'Other'];
const SALUTATIONS = ['Mr.', 'Ms.', 'Mrs.', 'Dr.', 'Prof.', 'Mx.'];
const RATINGS = ['Hot', 'Warm', 'Cold'];

/** A compound address's parts as describe lists them (Street is a textarea; no State/Country picklists). */
function address(prefix: string): FieldDef[] {
  return [
    field(`${prefix}Street`, 'textarea', { length: 255 }),
    text(`${prefix}City`, 40),
    text(`${prefix}State`, 80),
    text(`${prefix}PostalCode`, 20),
    text(`${prefix}Country`, 80),
  ];
}

/** Email and phone preferences Lead and Contact share. */
function contactPreferences(): FieldDef[] {
  return [
    field('HasOptedOutOfEmail', 'boolean', { nillable: false, defaultedOnCreate: true, defaultValue: false, label: 'Email Opt Out' }),
    field('HasOptedOutOfFax', 'boolean', { nillable: false, defaultedOnCreate: true, defaultValue: false, label: 'Fax Opt Out' }),
    field('DoNotCall', 'boolean', { nillable: false, defaultedOnCreate: true, defaultValue: false }),
    system('EmailBouncedReason', 'string', { length: 255, nillable: true, defaultedOnCreate: false }),
    system('EmailBouncedDate', 'datetime', { nillable: true, defaultedOnCreate: false }),
  ];
}

/** The record a merge folded this one into (read-only). */
const masterRecord = (type: string): FieldDef =>
  system('MasterRecordId', 'reference', { referenceTo: [type], relationshipName: 'MasterRecord', nillable: true, defaultedOnCreate: false });

const lead: FieldDef[] = [
  system('Id', 'id'),
  masterRecord('Lead'),
  picklist('Salutation', SALUTATIONS),
  text('FirstName', 40),
  text('MiddleName', 40),
  required(text('LastName', 80)),
  text('Suffix', 40),
  field('Name', 'string', { length: 121, createable: false, updateable: false }),
  required(text('Company', 255)),
  field('Email', 'email', { length: 80, indexed: true }),
  field('Phone', 'phone', { length: 40 }),
  field('MobilePhone', 'phone', { length: 40 }),
  field('Fax', 'phone', { length: 40 }),
  text('Title', 128),
  picklist('Status', [...LEAD_STATUSES], {
    defaultValue: 'Open - Not Contacted',
    restricted: true,
    nillable: false,
  }),
  picklist('LeadSource', LEAD_SOURCES),
  picklist('Rating', RATINGS),
  LEAD_OWNER,
  field('Description', 'textarea', { length: 32000 }),
  field('Website', 'url', { length: 255 }),
  ...address(''),
  picklist('Industry', INDUSTRIES),
  field('AnnualRevenue', 'currency'),
  field('NumberOfEmployees', 'int'),
  field('IsUnreadByOwner', 'boolean', { nillable: false, defaultedOnCreate: true, defaultValue: false, label: 'Unread By Owner' }),
  ...contactPreferences(),
  system('IsConverted', 'boolean', { createable: true }),
  system('ConvertedContactId', 'reference', { referenceTo: ['Contact'], nillable: true }),
  system('ConvertedAccountId', 'reference', { referenceTo: ['Account'], nillable: true }),
  system('ConvertedOpportunityId', 'reference', { referenceTo: ['Opportunity'], nillable: true }),
  system('ConvertedDate', 'date', { nillable: true, defaultedOnCreate: false }),
  ...auditFields(),
  text('HubSpot_Contact_Id__c', 32, { externalId: true, unique: true, label: 'HubSpot Contact ID' }),
  field('Handoff_Score__c', 'double', { label: 'Handoff Score', precision: 5, scale: 1 }),
  text('Handoff_Grade__c', 5, { label: 'Handoff Grade' }),
  field('Handoff_Score_Reasons__c', 'textarea', { length: 32768, label: 'Handoff Score Reasons' }),
  text('Handoff_Model_Version__c', 40, { label: 'Handoff Model Version' }),
  disqualificationReason(),
];

const contact: FieldDef[] = [
  system('Id', 'id'),
  masterRecord('Contact'),
  picklist('Salutation', SALUTATIONS),
  text('FirstName', 40),
  text('MiddleName', 40),
  required(text('LastName', 80)),
  text('Suffix', 40),
  field('Name', 'string', { length: 121, createable: false, updateable: false }),
  field('Email', 'email', { length: 80, indexed: true }),
  field('Phone', 'phone', { length: 40 }),
  field('MobilePhone', 'phone', { length: 40 }),
  field('HomePhone', 'phone', { length: 40 }),
  field('OtherPhone', 'phone', { length: 40 }),
  field('Fax', 'phone', { length: 40 }),
  text('Title', 128),
  text('Department', 80),
  field('Birthdate', 'date'),
  reference('AccountId', ['Account']),
  reference('ReportsToId', ['Contact']),
  text('AssistantName', 40),
  field('AssistantPhone', 'phone', { length: 40, label: 'Asst. Phone' }),
  OWNER,
  picklist('LeadSource', LEAD_SOURCES),
  field('Description', 'textarea', { length: 32000 }),
  ...address('Mailing'),
  ...address('Other'),
  ...contactPreferences(),
  ...auditFields(),
  text('HubSpot_Contact_Id__c', 32, { externalId: true, label: 'HubSpot Contact ID' }),
];

const account: FieldDef[] = [
  system('Id', 'id'),
  masterRecord('Account'),
  required(text('Name', 255)),
  picklist('Type', ['Prospect', 'Customer - Direct', 'Customer - Channel', 'Channel Partner / Reseller', 'Installation Partner', 'Technology Partner', 'Other']),
  reference('ParentId', ['Account']),
  text('AccountNumber', 40),
  text('Site', 80, { label: 'Account Site' }),
  picklist('AccountSource', ['Web', 'Phone Inquiry', 'Partner Referral', 'Purchased List', 'Other']),
  field('Phone', 'phone', { length: 40 }),
  field('Fax', 'phone', { length: 40 }),
  field('Website', 'url', { length: 255 }),
  OWNER,
  picklist('Industry', INDUSTRIES),
  field('AnnualRevenue', 'currency'),
  field('NumberOfEmployees', 'int'),
  picklist('Ownership', ['Public', 'Private', 'Subsidiary', 'Other']),
  picklist('Rating', RATINGS),
  text('TickerSymbol', 20),
  text('Sic', 20, { label: 'SIC Code' }),
  text('SicDesc', 80, { label: 'SIC Description' }),
  ...address('Billing'),
  ...address('Shipping'),
  field('Description', 'textarea', { length: 32000 }),
  ...auditFields(),
];

const task: FieldDef[] = [
  system('Id', 'id'),
  reference('WhoId', ['Contact', 'Lead'], { relationshipName: 'Who', indexed: true }),
  reference('WhatId', ['Account', 'Opportunity'], { relationshipName: 'What' }),
  OWNER,
  combobox('Subject', ['Call', 'Send Letter', 'Send Quote', 'Other'], 255),
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
  field('CallDurationInSeconds', 'int', { label: 'Call Duration' }),
  picklist('CallType', ['Internal', 'Inbound', 'Outbound'], { restricted: true }),
  text('CallDisposition', 255, { label: 'Call Result' }),
  text('CallObject', 255, { label: 'Call Object Identifier' }),
  system('IsArchived', 'boolean'),
  field('IsRecurrence', 'boolean', { nillable: false, defaultedOnCreate: true, defaultValue: false, updateable: false, label: 'Create Recurring Series of Tasks' }),
  ...auditFields(),
  text('Handoff_Key__c', 80, { externalId: true, unique: true, label: 'Handoff Key' }),
  field('Handoff_SLA_Due__c', 'datetime', { label: 'Handoff SLA Due' }),
  text('Handoff_SLA_Tier__c', 20, { label: 'Handoff SLA Tier' }),
  ...scorecardFields(),
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

/** User.LocaleSidKey and LanguageLocaleKey are restricted picklists; these are common values of each. */
const USER_LOCALES = [
  'en_US', 'en_GB', 'en_CA', 'en_AU', 'en_IE', 'en_IN', 'en_NZ', 'en_SG', 'en_ZA', 'de_DE', 'de_AT', 'de_CH', 'fr_FR', 'fr_CA',
  'fr_BE', 'fr_CH', 'es_ES', 'es_MX', 'es_AR', 'es_CO', 'it_IT', 'nl_NL', 'nl_BE', 'pt_BR', 'pt_PT', 'sv_SE', 'da_DK', 'fi_FI',
  'no_NO', 'pl_PL', 'cs_CZ', 'tr_TR', 'ja_JP', 'zh_CN', 'zh_TW', 'ko_KR', 'hi_IN', 'he_IL', 'ar_AE',
];
const USER_LANGUAGES = ['en_US', 'en_GB', 'de', 'fr', 'es', 'es_MX', 'it', 'nl_NL', 'pt_BR', 'sv', 'da', 'fi', 'no', 'pl', 'ja', 'zh_CN', 'zh_TW', 'ko'];
const EMAIL_ENCODINGS = ['UTF-8', 'ISO-8859-1', 'Shift_JIS', 'ISO-2022-JP', 'EUC-JP', 'ks_c_5601-1987', 'Big5', 'GB2312'];

const user: FieldDef[] = [
  system('Id', 'id'),
  required(text('Username', 80, { unique: true, indexed: true })),
  required(field('Email', 'email', { length: 128, indexed: true })),
  text('FirstName', 40),
  text('MiddleName', 40),
  required(text('LastName', 80)),
  text('Suffix', 40),
  field('Name', 'string', { length: 121, createable: false, updateable: false }),
  required(text('Alias', 8)),
  required(text('CommunityNickname', 40, { unique: true, indexed: true, defaultedOnCreate: true, label: 'Nickname' })),
  text('Title', 80),
  text('CompanyName', 80, { label: 'Company Name' }),
  text('Division', 80),
  text('Department', 80),
  text('EmployeeNumber', 20),
  field('Phone', 'phone', { length: 40 }),
  field('MobilePhone', 'phone', { length: 40 }),
  field('Extension', 'phone', { length: 40 }),
  field('Fax', 'phone', { length: 40 }),
  ...address(''),
  field('IsActive', 'boolean', { nillable: false, defaultedOnCreate: true, defaultValue: true }),
  required(reference('ProfileId', ['Profile'])),
  reference('ManagerId', ['User'], { relationshipName: 'Manager' }),
  reference('UserRoleId', ['UserRole']),
  picklist('UserType', ['Standard', 'PowerPartner', 'PowerCustomerSuccess', 'CustomerSuccess', 'Guest', 'CsnOnly', 'CspLitePortal'], {
    length: 40,
    defaultValue: 'Standard',
    createable: false,
    updateable: false,
    nillable: true,
  }),
  picklist('TimeZoneSidKey', USER_TIME_ZONES, {
    length: 40,
    defaultValue: 'GMT',
    restricted: true,
    nillable: false,
  }),
  picklist('LocaleSidKey', USER_LOCALES, { length: 40, defaultValue: 'en_US', restricted: true, nillable: false, label: 'Locale' }),
  picklist('LanguageLocaleKey', USER_LANGUAGES, { length: 40, defaultValue: 'en_US', restricted: true, nillable: false, label: 'Language' }),
  picklist('EmailEncodingKey', EMAIL_ENCODINGS, { length: 40, defaultValue: 'UTF-8', restricted: true, nillable: false, label: 'Email Encoding' }),
  text('FederationIdentifier', 512, { label: 'SAML Federation ID' }),
  system('LastLoginDate', 'datetime', { nillable: true, defaultedOnCreate: false }),
  ...auditFields(),
];

/** Profiles: every User has one (`Profile.Name` in SOQL); the sandbox org has no permissions to go with them. */
const profile: FieldDef[] = [
  system('Id', 'id'),
  required(text('Name', 255)),
  picklist('UserType', ['Standard', 'PowerPartner', 'PowerCustomerSuccess', 'CustomerSuccess', 'Guest', 'CsnOnly', 'CspLitePortal'], {
    length: 40,
    createable: false,
    updateable: false,
  }),
  text('Description', 255),
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
  field('DoesIncludeBosses', 'boolean', { nillable: false, defaultedOnCreate: true, defaultValue: true }),
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

function def(name: string, labelPlural: string, fields: FieldDef[], label = name): ObjectDef {
  return { name, label, labelPlural, keyPrefix: KEY_PREFIXES[name] ?? '000', fields };
}

export const OBJECTS: ReadonlyMap<string, ObjectDef> = new Map(
  [
    def('Lead', 'Leads', lead),
    def('Contact', 'Contacts', contact),
    def('Account', 'Accounts', account),
    def('Task', 'Tasks', task),
    def('User', 'Users', user),
    def('Profile', 'Profiles', profile),
    def('Opportunity', 'Opportunities', opportunity),
    def('Group', 'Groups', group),
    def('QueueSobject', 'Queue Sobjects', queueSobject),
    def('Event', 'Events', event),
    def('OpportunityContactRole', 'Opportunity Contact Roles', opportunityContactRole, 'Opportunity Contact Role'),
    { ...def('LeadHistory', 'Lead History', leadHistory, 'Lead History'), readOnly: true },
    ...SETUP_OBJECTS,
  ].map((o) => [o.name, o]),
);

/** Object names are case-insensitive in URLs and SOQL. */
export function findObject(name: string): ObjectDef | undefined {
  const lower = name.toLowerCase();
  for (const o of OBJECTS.values()) if (o.name.toLowerCase() === lower) return o;
  return undefined;
}
