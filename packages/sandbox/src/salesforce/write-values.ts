import { SfError, invalidField, malformedId } from './errors.js';
import type { FieldDef } from './fields.js';
import { parseSfDateTime, sfDate, sfDateTime } from './format.js';
import { normalizeId, objectForId } from './ids.js';
import type { SalesforceStore, SfValue } from './store.js';

export type WriteMode = 'create' | 'update';

// Deliberately loose: Salesforce accepts most RFC 5322 shapes but rejects missing "@"/domain.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

const notOfType = (f: FieldDef, raw: unknown): SfError =>
  new SfError(400, 'INVALID_TYPE_ON_FIELD_IN_RECORD', `${f.label}: value not of required type: ${String(raw)}`, [f.name]);

function coerce(f: FieldDef, raw: unknown): SfValue {
  if (raw === null || raw === undefined) return null;
  if (typeof raw === 'object') throw notOfType(f, JSON.stringify(raw));
  switch (f.type) {
    case 'boolean':
      if (typeof raw === 'boolean') return raw;
      if (/^(true|false)$/i.test(String(raw))) return String(raw).toLowerCase() === 'true';
      throw notOfType(f, raw);
    case 'double':
    case 'currency':
    case 'int': {
      const n = typeof raw === 'number' ? raw : String(raw).trim() === '' ? NaN : Number(raw);
      if (!Number.isFinite(n) || (f.type === 'int' && !Number.isInteger(n))) {
        if (raw === '') return null;
        throw notOfType(f, raw);
      }
      return n;
    }
    case 'datetime':
    case 'date': {
      if (raw === '') return null;
      const ms = parseSfDateTime(String(raw));
      if (ms === undefined) throw notOfType(f, raw);
      return f.type === 'date' ? sfDate(ms) : sfDateTime(ms);
    }
    case 'id':
    case 'reference': {
      if (raw === '') return null;
      const id = normalizeId(String(raw));
      if (!id) throw malformedId(String(raw), f.name);
      return id;
    }
    default: {
      // Salesforce stores empty text as null.
      const text = String(raw);
      return text === '' ? null : text;
    }
  }
}

function checkValue(store: SalesforceStore, type: string, f: FieldDef, value: SfValue): void {
  if (value === null) {
    if (f.type === 'picklist' && f.restrictedPicklist && !f.nillable) {
      throw new SfError(400, 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST', `${f.label}: bad value for restricted picklist field: null`, [f.name]);
    }
    return;
  }
  if (typeof value === 'string' && f.length > 0 && f.type !== 'reference' && f.type !== 'id' && value.length > f.length) {
    throw new SfError(400, 'STRING_TOO_LONG', `${f.label}: data value too large: ${value} (max length=${f.length})`, [f.name]);
  }
  // int fields are 32-bit: https://developer.salesforce.com/docs/atlas.en-us.api.meta/api/primitive_data_types.htm
  if (f.type === 'int' && typeof value === 'number' && Math.abs(value) > 2_147_483_647) {
    throw new SfError(400, 'NUMBER_OUTSIDE_VALID_RANGE', `${f.label}: value outside of valid range on numeric field: ${value}`, [f.name]);
  }
  if (f.type === 'email' && !EMAIL.test(String(value))) {
    throw new SfError(400, 'INVALID_EMAIL_ADDRESS', `${f.label}: invalid email address: ${String(value)}`, [f.name]);
  }
  if (f.type === 'picklist' && f.restrictedPicklist && !f.picklistValues.some((p) => p.active && p.value === value)) {
    throw new SfError(
      400,
      'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST',
      `${f.label}: bad value for restricted picklist field: ${String(value)}`,
      [f.name],
    );
  }
  if (f.type === 'reference') checkReference(store, type, f, String(value));
}

/**
 * A reference names a record of an object the field points to. An id of another object fails the way
 * Salesforce reports it ("Owner ID: id value of incorrect type: 00G…", e.g. a queue as a Task's or
 * Account's owner). A queue owns only records of the objects its QueueSobject rows list; for any other
 * object Salesforce answers "Queue not associated with this SObject type".
 */
function checkReference(store: SalesforceStore, type: string, f: FieldDef, id: string): void {
  const isModelled = (name: string): boolean => store.objects().some((o) => o.name === name);
  const target = objectForId(id);
  if (target !== undefined && isModelled(target) && !f.referenceTo.includes(target)) {
    throw new SfError(400, 'FIELD_INTEGRITY_EXCEPTION', `${f.label}: id value of incorrect type: ${id}`, [f.name]);
  }
  // References to objects the sandbox does not model (e.g. UserRole) are accepted as-is.
  if (f.referenceTo.some(isModelled) && !f.referenceTo.some((t) => store.get(t, id) !== undefined)) {
    throw new SfError(400, 'INVALID_CROSS_REFERENCE_KEY', `invalid cross reference id`, [f.name]);
  }
  if (target === 'Group' && f.name === 'OwnerId' && !queueSupports(store, id, type)) {
    throw new SfError(400, 'INVALID_OPERATION', 'Queue not associated with this SObject type', []);
  }
}

/** Whether the Group is a queue that lists the object among its supported objects. */
function queueSupports(store: SalesforceStore, groupId: string, type: string): boolean {
  if (store.get('Group', groupId)?.Type !== 'Queue') return false;
  return store.lookup('QueueSobject', 'QueueId', groupId).some((row) => row.SobjectType === type);
}

/**
 * Maps a request body to canonical field names and typed values, enforcing field-level rules in the order
 * Salesforce reports them: unknown field, read-only field, type, length/format/picklist, required.
 */
export function coerceWrite(
  store: SalesforceStore,
  type: string,
  body: Record<string, unknown>,
  mode: WriteMode,
  existing?: Readonly<Record<string, SfValue>>,
): Record<string, SfValue> {
  const out: Record<string, SfValue> = {};
  const readOnly: string[] = [];
  for (const [key, raw] of Object.entries(body)) {
    if (key === 'attributes') continue;
    const f = store.field(type, key);
    if (!f) throw invalidField(key, type);
    if (f.name === 'Id') {
      if (mode === 'create') throw new SfError(400, 'INVALID_FIELD_FOR_INSERT_UPDATE', 'cannot specify Id in an insert call', ['Id']);
      continue;
    }
    if (mode === 'create' ? !f.createable : !f.updateable) readOnly.push(f.name);
    out[f.name] = coerce(f, raw);
  }
  if (readOnly.length > 0) {
    throw new SfError(
      400,
      'INVALID_FIELD_FOR_INSERT_UPDATE',
      `Unable to create/update fields: ${readOnly.join(', ')}. Please check the security settings of this field and verify that it is read/write for your profile or permission set.`,
      readOnly,
    );
  }
  for (const [name, value] of Object.entries(out)) {
    const f = store.field(type, name);
    if (f) checkValue(store, type, f, value);
  }
  const missing: string[] = [];
  for (const f of store.fieldMap(type).values()) {
    if (f.nillable || !f.createable || f.defaultedOnCreate || f.type === 'boolean') continue;
    const value = f.name in out ? out[f.name] : mode === 'update' ? existing?.[f.name] : undefined;
    if (value === null || value === undefined) missing.push(f.name);
  }
  if (missing.length > 0) {
    throw new SfError(400, 'REQUIRED_FIELD_MISSING', `Required fields are missing: [${missing.join(', ')}]`, missing);
  }
  return out;
}
