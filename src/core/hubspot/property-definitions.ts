import { SALES_STATUSES } from '../../domain/episode.js';

/**
 * The HubSpot contact properties Handoff writes, in the property group `writeback.propertyGroup`. This
 * list is the one definition of them: the sync creates missing ones before its first writeback,
 * `handoff setup` creates them (and reports ones that differ), `handoff doctor` checks them. A
 * property added here is created and checked without further code.
 */

/** Names of the writeback properties; changes to only these are not user changes. */
export const WRITEBACK_PROPERTIES = {
  status: 'handoff_status',
  salesforceId: 'handoff_salesforce_id',
  handedOffAt: 'handoff_handed_off_at',
  score: 'handoff_score',
  grade: 'handoff_grade',
} as const;

export interface PropertyOptionDefinition {
  label: string;
  value: string;
}

/** A contact property as `POST /crm/v3/properties/contacts` takes it (group added by the caller). */
export interface HubSpotPropertyDefinition {
  name: string;
  label: string;
  type: 'string' | 'number' | 'date' | 'datetime' | 'enumeration' | 'bool';
  fieldType: 'text' | 'textarea' | 'number' | 'date' | 'select' | 'radio' | 'checkbox' | 'booleancheckbox';
  description?: string;
  /** enumeration properties: their options. */
  options?: readonly PropertyOptionDefinition[];
}

/** The feedback job's properties: what sales did with the current episode. */
const opts = (values: readonly string[]): { label: string; value: string }[] => values.map((v) => ({ label: v.replace(/_/g, ' '), value: v }));

/** The scorecard's outcome values (Task.Handoff_Outcome__c, docs/salesforce-setup.md). */
const OUTCOMES = ['connected', 'meeting booked', 'no answer', 'not a fit', 'bad timing', 'wrong person', 'already a customer'] as const;

export const FEEDBACK_PROPERTIES = {
  salesStatus: 'handoff_sales_status',
  firstTouchAt: 'handoff_first_touch_at',
  responseMinutes: 'handoff_response_business_minutes',
  slaMet: 'handoff_sla_met',
  outcome: 'handoff_sales_outcome',
  leadQuality: 'handoff_lead_quality',
  opportunityStage: 'handoff_opportunity_stage',
  opportunityAmount: 'handoff_opportunity_amount',
  opportunityCurrency: 'handoff_opportunity_currency',
  closedAt: 'handoff_closed_at',
  episode: 'handoff_episode',
  recycledAt: 'handoff_recycled_at',
} as const;

const FEEDBACK_PROPERTY_DEFS: readonly HubSpotPropertyDefinition[] = [
  { name: FEEDBACK_PROPERTIES.salesStatus, label: 'Handoff sales status', type: 'enumeration', fieldType: 'select', options: opts(SALES_STATUSES.filter((s) => s !== 'handed_off')) },
  { name: FEEDBACK_PROPERTIES.firstTouchAt, label: 'Handoff first touch at', type: 'datetime', fieldType: 'date' },
  { name: FEEDBACK_PROPERTIES.responseMinutes, label: 'Handoff response time (business minutes)', type: 'number', fieldType: 'number' },
  {
    name: FEEDBACK_PROPERTIES.slaMet,
    label: 'Handoff SLA met',
    type: 'bool',
    fieldType: 'booleancheckbox',
    options: [
      { label: 'Yes', value: 'true' },
      { label: 'No', value: 'false' },
    ],
  },
  { name: FEEDBACK_PROPERTIES.outcome, label: 'Handoff sales outcome', type: 'enumeration', fieldType: 'select', options: OUTCOMES.map((o) => ({ label: o, value: o })) },
  { name: FEEDBACK_PROPERTIES.leadQuality, label: 'Handoff lead quality (1-5)', type: 'number', fieldType: 'number' },
  { name: FEEDBACK_PROPERTIES.opportunityStage, label: 'Handoff opportunity stage', type: 'string', fieldType: 'text' },
  { name: FEEDBACK_PROPERTIES.opportunityAmount, label: 'Handoff opportunity amount', type: 'number', fieldType: 'number' },
  { name: FEEDBACK_PROPERTIES.opportunityCurrency, label: 'Handoff opportunity currency', type: 'string', fieldType: 'text' },
  { name: FEEDBACK_PROPERTIES.closedAt, label: 'Handoff closed at', type: 'datetime', fieldType: 'date' },
  { name: FEEDBACK_PROPERTIES.episode, label: 'Handoff episode', type: 'number', fieldType: 'number' },
  { name: FEEDBACK_PROPERTIES.recycledAt, label: 'Handoff recycled at', type: 'datetime', fieldType: 'date' },
];

export const HUBSPOT_PROPERTIES: readonly HubSpotPropertyDefinition[] = [
  { name: WRITEBACK_PROPERTIES.status, label: 'Handoff status', type: 'string', fieldType: 'text' },
  { name: WRITEBACK_PROPERTIES.salesforceId, label: 'Handoff Salesforce record id', type: 'string', fieldType: 'text' },
  { name: WRITEBACK_PROPERTIES.handedOffAt, label: 'Handed off to sales at', type: 'datetime', fieldType: 'date' },
  { name: WRITEBACK_PROPERTIES.score, label: 'Handoff lead score', type: 'number', fieldType: 'number' },
  { name: WRITEBACK_PROPERTIES.grade, label: 'Handoff grade', type: 'string', fieldType: 'text' },
  // What sales did with the handoff (the feedback job, docs/sla-and-feedback.md).
  ...FEEDBACK_PROPERTY_DEFS,
];

/**
 * Whether Handoff itself writes this HubSpot contact property: its own (`handoff_…`), the lifecycle
 * stage and the lead status. A change to only these is Handoff's echo, never a reason to call
 * Salesforce, so the change fingerprint leaves them out.
 */
export function writtenByHandoff(property: string): boolean {
  return property.startsWith('handoff_') || property === 'lifecyclestage' || property === 'hs_lead_status';
}

/** The label of the property group setup creates. */
export const HUBSPOT_GROUP_LABEL = 'Handoff';

/** An existing property as HubSpot describes it (the part compared). */
export interface ExistingProperty {
  name: string;
  type: string;
  fieldType: string;
  groupName: string;
  options: readonly { value: string }[];
}

/**
 * Why an existing property can't hold what Handoff writes, or null when it can: another type, or
 * missing options of an enumeration. The field type (how the form shows it) and group don't matter.
 */
export function propertyMismatch(def: HubSpotPropertyDefinition, actual: ExistingProperty): string | null {
  if (actual.type !== def.type) return `is of type ${actual.type}, not ${def.type}`;
  if (def.options) {
    const have = new Set(actual.options.map((o) => o.value));
    const missing = def.options.filter((o) => !have.has(o.value)).map((o) => o.value);
    if (missing.length > 0) return `lacks the options ${missing.join(', ')}`;
  }
  return null;
}
