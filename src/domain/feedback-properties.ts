import { SALES_STATUSES } from './episode.js';

/**
 * The HubSpot contact properties the feedback job writes, in Handoff's property group, defined once:
 * the adapter creates them from this list (like the writeback properties) and the core fills them.
 */
export interface HubSpotPropertyDef {
  name: string;
  label: string;
  type: 'string' | 'number' | 'datetime' | 'enumeration' | 'bool';
  fieldType: 'text' | 'number' | 'date' | 'select' | 'booleancheckbox';
  options?: { label: string; value: string }[];
}

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

export const FEEDBACK_PROPERTY_DEFS: readonly HubSpotPropertyDef[] = [
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

/**
 * Whether Handoff itself writes this HubSpot contact property: its own (`handoff_…`), the lifecycle
 * stage and the lead status. A change to only these is Handoff's echo, never a reason to call
 * Salesforce, so the change fingerprint leaves them out.
 */
export function writtenByHandoff(property: string): boolean {
  return property.startsWith('handoff_') || property === 'lifecyclestage' || property === 'hs_lead_status';
}
