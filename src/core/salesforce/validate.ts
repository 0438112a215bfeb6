import type { Fix, WriteMode } from '../../domain/plan.js';
import type { FieldMeta, ObjectMeta } from './describe.js';

export const NOT_PROVIDED = '[not provided]';

export interface Validated {
  record: Record<string, unknown>;
  fixes: Fix[];
  /** Problems Handoff can't fix; the record is dead-lettered with them. */
  errors: { code: string; message: string }[];
}

// Text Salesforce keeps as typed: cut to the field's length when too long. A combobox (Task.Subject)
// is text with suggested values: it has a length and takes any value.
const CUTTABLE_TYPES = new Set(['string', 'textarea', 'encryptedstring', 'combobox']);
// A shortened address, number, link or picklist value is a different one: never cut, dropped instead.
const WHOLE_TYPES = new Set(['email', 'phone', 'url', 'picklist', 'multipicklist']);
const NUMBER_TYPES = new Set(['int', 'double', 'currency', 'percent']);
// Salesforce's email check is stricter than RFC 5322; this mirrors what it rejects in practice.
const EMAIL = /^[^\s@"(),:;<>[\\\]]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/;
// Fields admins expect a placeholder for, instead of a rejected Lead.
const PLACEHOLDER_FIELDS = new Set(['Company', 'LastName']);
// int fields are 32-bit: https://developer.salesforce.com/docs/atlas.en-us.api.meta/api/primitive_data_types.htm
const INT_MAX = 2_147_483_647;
const HIGH_SURROGATE = /[\uD800-\uDBFF]$/;

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

function isRequired(field: FieldMeta): boolean {
  return !field.nillable && field.createable && !field.defaultedOnCreate && field.type !== 'boolean';
}

/**
 * Text cut to `length` UTF-16 code units, which is how Salesforce counts (a character outside the
 * Basic Multilingual Plane, such as an emoji, counts two). A cut through a surrogate pair backs off
 * one unit rather than leave half a character.
 */
export function cutText(value: string, length: number): string {
  const cut = value.slice(0, length);
  return HIGH_SURROGATE.test(cut) ? cut.slice(0, -1) : cut;
}

/** Digits before the decimal point of a finite number. */
function integerDigits(n: number): number {
  return BigInt(Math.trunc(Math.abs(n))).toString().length;
}

/** Why Salesforce would refuse this value as it is, when no fix keeps it meaning the same; null when it is fine. */
function refuse(field: FieldMeta, value: unknown): { vendorCode: string; detail: string } | null {
  if (field.type === 'email' && typeof value === 'string' && !EMAIL.test(value)) {
    return { vendorCode: 'INVALID_EMAIL_ADDRESS', detail: 'not an address Salesforce accepts' };
  }
  if (field.type === 'picklist' && field.restrictedPicklist && !activeValues(field).has(String(value))) {
    return { vendorCode: 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST', detail: `"${cutText(String(value), 40)}" is not in the restricted picklist` };
  }
  if (WHOLE_TYPES.has(field.type) && field.length > 0 && typeof value === 'string' && value.length > field.length) {
    return { vendorCode: 'STRING_TOO_LONG', detail: `longer than ${field.length} characters; not cut, since a shortened ${field.type} is a different one` };
  }
  if (NUMBER_TYPES.has(field.type)) return refuseNumber(field, value);
  return null;
}

function refuseNumber(field: FieldMeta, value: unknown): { vendorCode: string; detail: string } | null {
  const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : Number.NaN;
  if (!Number.isFinite(n) || (field.type === 'int' && !Number.isInteger(n))) {
    return { vendorCode: 'INVALID_TYPE_ON_FIELD_IN_RECORD', detail: `not ${field.type === 'int' ? 'a whole number' : 'a number'}` };
  }
  const outside = (why: string) => ({ vendorCode: 'NUMBER_OUTSIDE_VALID_RANGE', detail: `${why}; dropped rather than changed` });
  if (field.type === 'int') {
    if (field.digits > 0 && integerDigits(n) > field.digits) return outside(`more than ${field.digits} digits`);
    if (Math.abs(n) > INT_MAX) return outside('outside the 32-bit range of an int field');
    return null;
  }
  // Salesforce rounds extra decimals to the scale itself; only the digits before the point can overflow.
  const whole = field.precision - field.scale;
  if (field.precision > 0 && integerDigits(n) > whole) return outside(`more than ${whole} digits before the decimal point`);
  return null;
}

/**
 * Checks one record against describe before it is sent, and fixes what Salesforce would reject the
 * way admins expect: a placeholder for a missing Company or LastName, over-length text cut to the
 * field's length. A value that no fix keeps meaning the same (an invalid or over-long email, phone
 * or URL, a number with too many digits, a value outside a restricted picklist) is dropped when the
 * field is optional and refused (the record dead-lettered) when it is required. Every fix is
 * reported for the ledger.
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
  const refusedRequired = new Set<string>();

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
    const refusal = refuse(field, value);
    if (refusal !== null) {
      if (mode === 'create' && isRequired(field)) {
        errors.push({ code: refusal.vendorCode, message: `${name}: ${refusal.detail}` });
        refusedRequired.add(name);
      } else {
        fixes.push({ field: name, fix: 'dropped', detail: refusal.detail });
      }
      continue;
    }
    let v = value;
    if (CUTTABLE_TYPES.has(field.type) && field.length > 0 && typeof v === 'string' && v.length > field.length) {
      const cut = cutText(v, field.length);
      fixes.push({ field: name, fix: 'truncated', detail: `cut from ${v.length} to ${cut.length} characters` });
      v = cut;
    }
    out[name] = v;
  }

  if (mode === 'create') {
    for (const field of fields.values()) {
      if (!isRequired(field) || refusedRequired.has(field.name)) continue;
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
