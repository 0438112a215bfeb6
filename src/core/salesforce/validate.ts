import type { Fix, WriteMode } from '../../domain/plan.js';
import type { FieldMeta, ObjectMeta } from './describe.js';

export const NOT_PROVIDED = '[not provided]';

export interface Validated {
  record: Record<string, unknown>;
  fixes: Fix[];
  /** Problems Handoff can't fix; the record is dead-lettered with them. */
  errors: { code: string; message: string }[];
}

// A combobox (Task.Subject) is text with suggested values: it has a length and takes any value.
const TEXT_TYPES = new Set(['string', 'textarea', 'email', 'phone', 'url', 'encryptedstring', 'combobox']);
// Salesforce's email check is stricter than RFC 5322; this mirrors what it rejects in practice.
const EMAIL = /^[^\s@"(),:;<>[\\\]]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/;
// Fields admins expect a placeholder for, instead of a rejected Lead.
const PLACEHOLDER_FIELDS = new Set(['Company', 'LastName']);

// A plan checks thousands of records against the same few describes.
const activeValueSets = new WeakMap<FieldMeta, ReadonlySet<string>>();

function activeValues(field: FieldMeta): ReadonlySet<string> {
  let set = activeValueSets.get(field);
  if (set === undefined) {
    set = new Set(field.picklistValues.filter((p) => p.active).map((p) => p.value));
    activeValueSets.set(field, set);
  }
  return set;
}

/**
 * Checks one record against describe before it is sent, and fixes what Salesforce would reject the
 * way admins expect: a placeholder for a missing Company or LastName, over-length text cut to the
 * field's length, values outside a restricted picklist dropped. Every fix is reported for the ledger.
 */
export function validateRecord(
  record: Record<string, unknown>,
  meta: ObjectMeta,
  fields: Map<string, FieldMeta>,
  mode: WriteMode,
): Validated {
  const out: Record<string, unknown> = {};
  const fixes: Fix[] = [];
  const errors: Validated['errors'] = [];

  for (const [name, value] of Object.entries(record)) {
    if (name === 'attributes' || name === 'Id') {
      out[name] = value;
      continue;
    }
    const field = fields.get(name);
    if (!field) {
      fixes.push({ field: name, fix: 'dropped', detail: `no such field on ${meta.name}` });
      continue;
    }
    if (value === null || value === undefined || value === '') {
      out[name] = null;
      continue;
    }
    if (mode === 'create' ? !field.createable : !field.updateable) {
      fixes.push({ field: name, fix: 'dropped', detail: `${name} is not ${mode === 'create' ? 'createable' : 'updateable'}` });
      continue;
    }
    let v = value;
    if (field.type === 'email' && typeof v === 'string' && !EMAIL.test(v)) {
      fixes.push({ field: name, fix: 'dropped', detail: 'not an address Salesforce accepts' });
      continue;
    }
    if (field.type === 'picklist' && field.restrictedPicklist) {
      if (!activeValues(field).has(String(v))) {
        fixes.push({ field: name, fix: 'dropped', detail: `"${String(v).slice(0, 40)}" is not in the restricted picklist` });
        continue;
      }
    }
    if (TEXT_TYPES.has(field.type) && field.length > 0 && typeof v === 'string' && v.length > field.length) {
      fixes.push({ field: name, fix: 'truncated', detail: `cut from ${v.length} to ${field.length} characters` });
      v = v.slice(0, field.length);
    }
    out[name] = v;
  }

  if (mode === 'create') {
    for (const field of fields.values()) {
      const required = !field.nillable && field.createable && !field.defaultedOnCreate && field.type !== 'boolean';
      if (!required) continue;
      const present = out[field.name];
      if (present !== null && present !== undefined && present !== '') continue;
      if (PLACEHOLDER_FIELDS.has(field.name)) {
        out[field.name] = NOT_PROVIDED;
        fixes.push({ field: field.name, fix: 'filled', detail: `missing; set to "${NOT_PROVIDED}"` });
      } else {
        errors.push({ code: 'REQUIRED_FIELD_MISSING', message: `Required field missing: ${field.name}` });
      }
    }
  }
  // Never clear a Salesforce value because HubSpot has none: reps may have filled it.
  for (const [k, v] of Object.entries(out)) if (v === null) delete out[k];
  return { record: out, fixes, errors };
}
