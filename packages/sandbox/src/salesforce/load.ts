import type { FieldDef } from './fields.js';
import { normalizeId } from './ids.js';
import type { ObjectDef } from './objects.js';
import type { SfRecord, SfValue } from './record.js';
import { parseSfDateTime, sfDate, sfDateTime } from './format.js';
import { deriveSalesFields } from './sales-derived.js';

type Mutable = Record<string, SfValue>;

/** Formula-like fields Salesforce computes: compound Name, Task IsClosed / IsHighPriority, the sales objects' (sales-derived.ts). */
export function withDerivedFields(type: string, record: Mutable): Mutable {
  if (type === 'Lead' || type === 'Contact' || type === 'User') {
    record.Name = [record.FirstName, record.LastName].filter((v) => v !== null && v !== undefined && v !== '').join(' ');
  }
  // Salesforce makes a nickname from the username when none is given.
  if (type === 'User') record.CommunityNickname ??= String(record.Username ?? record.Id).split('@')[0]?.slice(0, 40) ?? null;
  if (type === 'Task') {
    record.IsClosed = record.Status === 'Completed' || record.Status === 'Deferred';
    record.IsHighPriority = record.Priority === 'High';
  }
  deriveSalesFields(type, record);
  return record;
}

function createDefault(f: FieldDef): SfValue {
  const picklistDefault = f.picklistValues.find((p) => p.defaultValue)?.value;
  if (picklistDefault !== undefined) return picklistDefault;
  if (f.defaultValue !== null) return f.defaultValue;
  return f.type === 'boolean' ? false : null;
}

/** Values written on create when absent: picklist/boolean defaults and non-null system booleans. */
export function applyCreateDefaults(fields: Iterable<FieldDef>, record: Mutable): void {
  for (const f of fields) {
    if (record[f.name] === undefined) record[f.name] = createDefault(f);
  }
}

const defaultsCache = new WeakMap<ObjectDef, [string, SfValue][]>();
function objectDefaults(objectDef: ObjectDef): [string, SfValue][] {
  let list = defaultsCache.get(objectDef);
  if (!list) {
    list = objectDef.fields.map((f) => [f.name, createDefault(f)]);
    defaultsCache.set(objectDef, list);
  }
  return list;
}

// Datasets repeat timestamps a lot; formatting each distinct one once keeps large loads fast.
const temporalCache = new Map<string, SfValue>();
function temporal(f: FieldDef, raw: unknown): SfValue {
  const key = `${f.type}|${String(raw)}`;
  let value = temporalCache.get(key);
  if (value === undefined) {
    const ms = typeof raw === 'number' ? raw : parseSfDateTime(String(raw));
    value = ms === undefined ? null : f.type === 'date' ? sfDate(ms) : sfDateTime(ms);
    if (temporalCache.size > 50_000) temporalCache.clear();
    temporalCache.set(key, value);
  }
  return value;
}

function loadValue(f: FieldDef, raw: unknown): SfValue {
  if (raw === null || raw === undefined || raw === '') return null;
  switch (f.type) {
    case 'datetime':
    case 'date':
      return temporal(f, raw);
    case 'boolean':
      return raw === true || raw === 'true';
    case 'double':
    case 'currency':
    case 'int':
      return Number(raw);
    case 'id':
    case 'reference':
      return normalizeId(String(raw)) ?? String(raw);
    default:
      return String(raw);
  }
}

const lowerNameCache = new WeakMap<ObjectDef, Map<string, FieldDef>>();
function fieldsByLowerName(objectDef: ObjectDef): Map<string, FieldDef> {
  let map = lowerNameCache.get(objectDef);
  if (!map) {
    map = new Map(objectDef.fields.map((f) => [f.name.toLowerCase(), f]));
    lowerNameCache.set(objectDef, map);
  }
  return map;
}

/** Setup's proposal: the first name's initial and the last name's first four letters, lower case. */
function defaultAlias(user: Mutable): string {
  const first = typeof user.FirstName === 'string' ? user.FirstName.slice(0, 1) : '';
  const last = typeof user.LastName === 'string' ? user.LastName.slice(0, 4) : '';
  return `${first}${last}`.toLowerCase().slice(0, 8) || 'user';
}

/**
 * Turns a dataset row into a stored record without running platform rules (datasets describe an org as it
 * already is). Field names are matched case-insensitively; unknown names are rejected to catch typos.
 */
export function prepareLoadedRecord(
  objectDef: ObjectDef,
  row: Record<string, unknown>,
  nowMs: number,
  ownerFallback: string,
  newId: () => string,
): SfRecord {
  const byLower = fieldsByLowerName(objectDef);
  const record: Mutable = {};
  for (const [key, raw] of Object.entries(row)) {
    if (key === 'attributes') continue;
    const f = byLower.get(key.toLowerCase());
    if (!f) throw new Error(`dataset: no field '${key}' on ${objectDef.name}`);
    record[f.name] = loadValue(f, raw);
  }
  if (record.Id === undefined || record.Id === null) record.Id = newId();
  // Every real User has an Alias; a dataset that leaves it out gets the one Setup proposes.
  if (objectDef.name === 'User') record.Alias ??= defaultAlias(record);
  const stamp = sfDateTime(nowMs);
  record.CreatedDate ??= stamp;
  record.LastModifiedDate ??= record.CreatedDate;
  record.SystemModstamp ??= record.LastModifiedDate;
  record.IsDeleted = false;
  if (objectDef.name !== 'User' || ownerFallback) {
    const creator = ownerFallback || String(record.Id);
    record.CreatedById ??= creator;
    record.LastModifiedById ??= creator;
    if (byLower.has('ownerid')) record.OwnerId ??= creator;
  } else {
    record.CreatedById ??= record.Id;
    record.LastModifiedById ??= record.Id;
  }
  for (const [name, value] of objectDefaults(objectDef)) if (record[name] === undefined) record[name] = value;
  return withDerivedFields(objectDef.name, record);
}
