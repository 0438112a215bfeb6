import type { SalesforceObject } from '../../domain/salesforce.js';

/**
 * A field type in the notation of Salesforce's Setup (and docs/salesforce-setup.md): lengths, digits
 * and decimals in parentheses. `handoff setup` turns it into the Tooling API's CustomField metadata,
 * `handoff doctor` and the describe check compare it with what the org has (src/core/salesforce/field-spec.ts).
 */
export type FieldTypeNotation =
  | `Text(${number})`
  | `Text Area(${number})`
  | `Long Text Area(${number})`
  | `Number(${number},${number})`
  | 'Date/Time'
  | 'Date'
  | 'Checkbox'
  | 'Picklist'
  | 'Email'
  | 'Phone'
  | 'URL';

/**
 * A custom field Handoff writes. This list is the one definition of them: the describe check before
 * the first write, `handoff setup` (creates them, grants the integration user edit access) and
 * `handoff doctor` (checks them) all read it, so a field added here is created and checked without
 * further code. Task fields are activity fields: Salesforce creates them once for Task and Event,
 * as `Activity.<Name>__c`.
 */
export interface RequiredField {
  object: SalesforceObject;
  name: string;
  type: FieldTypeNotation;
  /** The label setup gives the field; derived from the name when left out. */
  label?: string;
  /** The values of a Picklist, in order (setup creates them; a missing one is a conflict). */
  picklist?: readonly string[];
  externalId?: boolean;
  unique?: boolean;
  /** Help text setup puts on the field. */
  description?: string;
  /** Read where present, never required: the sync's describe check leaves it out; doctor only warns. */
  optional?: boolean;
}

export const REQUIRED_FIELDS: readonly RequiredField[] = [
  { object: 'Lead', name: 'HubSpot_Contact_Id__c', label: 'HubSpot Contact ID', type: 'Text(32)', externalId: true, unique: true },
  { object: 'Lead', name: 'Handoff_Score__c', label: 'Handoff Score', type: 'Number(5,1)' },
  { object: 'Lead', name: 'Handoff_Grade__c', label: 'Handoff Grade', type: 'Text(5)' },
  { object: 'Lead', name: 'Handoff_Score_Reasons__c', label: 'Handoff Score Reasons', type: 'Long Text Area(32768)' },
  { object: 'Lead', name: 'Handoff_Model_Version__c', label: 'Handoff Model Version', type: 'Text(40)' },
  { object: 'Contact', name: 'HubSpot_Contact_Id__c', label: 'HubSpot Contact ID', type: 'Text(32)', externalId: true },
  { object: 'Task', name: 'Handoff_Key__c', label: 'Handoff Key', type: 'Text(80)', externalId: true, unique: true },
  { object: 'Task', name: 'Handoff_SLA_Due__c', label: 'Handoff SLA Due', type: 'Date/Time' },
  { object: 'Task', name: 'Handoff_SLA_Tier__c', label: 'Handoff SLA Tier', type: 'Text(20)' },
];

export const SETUP_DOC = 'docs/salesforce-setup.md';

/** The scorecard's outcome values, in the order of the picklist (docs/salesforce-setup.md). */
export const SCORECARD_OUTCOMES = ['connected', 'meeting booked', 'no answer', 'not a fit', 'bad timing', 'wrong person', 'already a customer'] as const;
export type ScorecardOutcome = (typeof SCORECARD_OUTCOMES)[number];

/**
 * The scorecard a rep fills when closing a handoff activity: custom activity fields, so Task and Event
 * both have them. Handoff reads them where they exist and never requires them (a Task closed without a
 * scorecard still counts as a touch): the sync's describe check leaves them out, setup creates them and
 * doctor warns when one is missing.
 */
export const SCORECARD_FIELDS: readonly RequiredField[] = [
  { object: 'Task', name: 'Handoff_Outcome__c', label: 'Handoff Outcome', type: 'Picklist', picklist: SCORECARD_OUTCOMES, optional: true },
  { object: 'Task', name: 'Handoff_Lead_Quality__c', label: 'Handoff Lead Quality', type: 'Number(1,0)', optional: true },
  { object: 'Task', name: 'Handoff_Comment__c', label: 'Handoff Comment', type: 'Text(255)', optional: true },
];

/**
 * Every custom field Handoff uses, required or optional: what `handoff setup` creates and `handoff doctor`
 * checks. A new list of fields joins here.
 */
export const CUSTOM_FIELDS: readonly RequiredField[] = [...REQUIRED_FIELDS, ...SCORECARD_FIELDS];
