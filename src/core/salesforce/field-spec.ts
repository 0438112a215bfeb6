import type { FieldMeta } from './describe.js';
import type { RequiredField } from './custom-fields.js';

/**
 * What a required field's type notation means to the Tooling API (the CustomField metadata setup sends)
 * and to describe (what doctor and setup compare). Pure.
 */
export interface FieldSpec {
  /** DescribeFieldResult.type. */
  describeType: string;
  /** CustomField metadata type ("Text", "Number", "LongTextArea"…). */
  metadataType: string;
  length?: number;
  precision?: number;
  scale?: number;
}

const FIXED: Record<string, FieldSpec> = {
  'Date/Time': { describeType: 'datetime', metadataType: 'DateTime' },
  Date: { describeType: 'date', metadataType: 'Date' },
  Checkbox: { describeType: 'boolean', metadataType: 'Checkbox' },
  Picklist: { describeType: 'picklist', metadataType: 'Picklist' },
  Email: { describeType: 'email', metadataType: 'Email' },
  Phone: { describeType: 'phone', metadataType: 'Phone' },
  URL: { describeType: 'url', metadataType: 'Url' },
};

export function fieldSpec(def: RequiredField): FieldSpec {
  const fixed = FIXED[def.type];
  if (fixed) return fixed;
  const m = /^(Text|Text Area|Long Text Area)\((\d+)\)$/.exec(def.type);
  if (m) {
    const length = Number(m[2]);
    if (m[1] === 'Text') return { describeType: 'string', metadataType: 'Text', length };
    return { describeType: 'textarea', metadataType: m[1] === 'Text Area' ? 'TextArea' : 'LongTextArea', length };
  }
  const n = /^Number\((\d+),(\d+)\)$/.exec(def.type);
  if (n) return { describeType: 'double', metadataType: 'Number', precision: Number(n[1]), scale: Number(n[2]) };
  throw new Error(`unknown field type notation ${def.type} for ${def.object}.${def.name}`);
}

/** Task and Event share activity custom fields: Salesforce names them Activity.<Name>__c. */
export function fullName(def: Pick<RequiredField, 'object' | 'name'>): string {
  return `${def.object === 'Task' ? 'Activity' : def.object}.${def.name}`;
}

/** How reports name a field: Lead.Handoff_Score__c, Task.Handoff_Key__c. */
export function fieldLabel(def: Pick<RequiredField, 'object' | 'name'>): string {
  return `${def.object}.${def.name}`;
}

/** "Text(32), External ID, Unique": what a required field should be, as a person reads it. */
export function expectedNotation(def: RequiredField): string {
  const flags = [def.externalId ? 'External ID' : '', def.unique ? 'Unique' : ''].filter(Boolean);
  const values = def.picklist ? ` [${def.picklist.join(', ')}]` : '';
  return [`${def.type}${values}`, ...flags].join(', ');
}

/** What the org has, in the same notation (from describe). */
export function actualNotation(meta: FieldMeta): string {
  let type: string;
  switch (meta.type) {
    case 'string':
      type = `Text(${meta.length})`;
      break;
    case 'textarea':
      type = meta.length > 255 ? `Long Text Area(${meta.length})` : `Text Area(${meta.length})`;
      break;
    case 'double':
    case 'currency':
    case 'percent':
      type = `${meta.type === 'double' ? 'Number' : meta.type === 'currency' ? 'Currency' : 'Percent'}(${meta.precision},${meta.scale})`;
      break;
    case 'int':
      type = `Number(${meta.digits},0)`;
      break;
    case 'picklist':
    case 'multipicklist':
      type = `${meta.type === 'picklist' ? 'Picklist' : 'Multi-Select Picklist'} [${meta.picklistValues.map((v) => v.value).join(', ')}]`;
      break;
    default:
      type = DESCRIBE_NAMES[meta.type] ?? meta.type;
  }
  const flags = [meta.externalId ? 'External ID' : '', meta.unique ? 'Unique' : ''].filter(Boolean);
  return [type, ...flags].join(', ');
}

const DESCRIBE_NAMES: Record<string, string> = {
  datetime: 'Date/Time',
  date: 'Date',
  boolean: 'Checkbox',
  email: 'Email',
  phone: 'Phone',
  url: 'URL',
  reference: 'Lookup',
};

/**
 * Why an existing field can't hold what Handoff writes, or null when it can. A longer text or more
 * digits than asked for is fine; another type, fewer characters or digits, a missing External ID or
 * Unique flag, or missing picklist values are not.
 */
export function fieldMismatch(def: RequiredField, meta: FieldMeta): string | null {
  const spec = fieldSpec(def);
  if (meta.type !== spec.describeType) return `is ${actualNotation(meta)}, not ${def.type}`;
  const problems: string[] = [];
  if (spec.length !== undefined && meta.length < spec.length) problems.push(`holds ${meta.length} characters, Handoff writes up to ${spec.length}`);
  if (spec.precision !== undefined && spec.scale !== undefined) {
    if (meta.precision - meta.scale < spec.precision - spec.scale) problems.push(`has ${meta.precision - meta.scale} digits before the point, Handoff needs ${spec.precision - spec.scale}`);
    if (meta.scale < spec.scale) problems.push(`has ${meta.scale} decimal places, Handoff needs ${spec.scale}`);
  }
  if (def.externalId && !meta.externalId) problems.push('is not marked External ID');
  if (def.unique && !meta.unique) problems.push('is not marked Unique');
  if (def.picklist) {
    const have = new Set(meta.picklistValues.filter((v) => v.active).map((v) => v.value));
    const missing = def.picklist.filter((v) => !have.has(v));
    if (missing.length > 0) problems.push(`lacks the picklist values ${missing.join(', ')}`);
  }
  return problems.length > 0 ? problems.join('; ') : null;
}

/** The Tooling API body that creates the field: `POST tooling/sobjects/CustomField`. */
export function toolingCustomField(def: RequiredField): { FullName: string; Metadata: Record<string, unknown> } {
  const spec = fieldSpec(def);
  const metadata: Record<string, unknown> = {
    label: def.label ?? defaultLabel(def.name),
    type: spec.metadataType,
    externalId: def.externalId === true,
    unique: def.unique === true,
    required: false,
  };
  if (def.description) metadata.description = def.description;
  if (spec.length !== undefined && spec.metadataType !== 'TextArea') metadata.length = spec.length;
  if (spec.metadataType === 'LongTextArea') metadata.visibleLines = 3;
  if (spec.precision !== undefined) {
    metadata.precision = spec.precision;
    metadata.scale = spec.scale;
  }
  if (spec.metadataType === 'Checkbox') metadata.defaultValue = 'false';
  if (spec.metadataType === 'Picklist') {
    metadata.valueSet = {
      restricted: true,
      valueSetDefinition: { sorted: false, value: (def.picklist ?? []).map((v) => ({ fullName: v, label: v, default: false })) },
    };
  }
  if (spec.metadataType === 'TextArea' || spec.metadataType === 'LongTextArea' || spec.metadataType === 'Checkbox' || spec.metadataType === 'Picklist') {
    // These types take neither flag.
    delete metadata.externalId;
    delete metadata.unique;
  }
  return { FullName: fullName(def), Metadata: metadata };
}

function defaultLabel(name: string): string {
  return name.replace(/__c$/, '').replace(/_/g, ' ');
}
