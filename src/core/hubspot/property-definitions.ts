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

export const HUBSPOT_PROPERTIES: readonly HubSpotPropertyDefinition[] = [
  { name: WRITEBACK_PROPERTIES.status, label: 'Handoff status', type: 'string', fieldType: 'text' },
  { name: WRITEBACK_PROPERTIES.salesforceId, label: 'Handoff Salesforce record id', type: 'string', fieldType: 'text' },
  { name: WRITEBACK_PROPERTIES.handedOffAt, label: 'Handed off to sales at', type: 'datetime', fieldType: 'date' },
  { name: WRITEBACK_PROPERTIES.score, label: 'Handoff lead score', type: 'number', fieldType: 'number' },
  { name: WRITEBACK_PROPERTIES.grade, label: 'Handoff grade', type: 'string', fieldType: 'text' },
];

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
