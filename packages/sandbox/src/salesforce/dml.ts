import { SfError, notFound } from './errors.js';
import { sfDateTime } from './format.js';
import { normalizeId, objectForId } from './ids.js';
import { applyCreateDefaults, withDerivedFields } from './load.js';
import { applyAssignment, checkDuplicates, checkUnique, checkValidationRules } from './rules.js';
import type { SalesforceStore, SfRecord, SfValue } from './store.js';
import { coerceWrite } from './write-values.js';
import { trackLeadHistory } from './history.js';
import { checkSetupChange, checkSetupCreate } from './setup/access.js';

/** Per-request options that change how a save behaves (request headers, API version for URLs). */
export interface DmlContext {
  autoAssign: boolean;
  allowSave: boolean;
  version: string;
  /** Who saves and when (epoch ms): a rep in the UI rather than the API user now (the sales floor acts at planned instants). */
  actorId?: string;
  at?: number;
  /** Whether the caller has the setup rights (absent: the sandbox itself, which has them). */
  admin?: boolean;
}

export interface SaveOutcome {
  id: string;
  created: boolean;
}

/** The record, or 404 — the REST API answers NOT_FOUND for unknown and malformed ids alike on /sobjects/{type}/{id}. */
export function requireRecord(store: SalesforceStore, type: string, id: string): SfRecord {
  const record = store.get(type, id);
  if (record) return record;
  if (store.getDeleted(type, id)) throw new SfError(404, 'ENTITY_IS_DELETED', 'entity is deleted', []);
  throw notFound();
}

const when = (store: SalesforceStore, ctx: DmlContext): number => ctx.at ?? store.clock.now();
const who = (store: SalesforceStore, ctx: DmlContext): string => ctx.actorId ?? store.integrationUserId();

/** Every save moves LastModifiedDate and SystemModstamp (incremental readers page by the latter). */
export function stamp(store: SalesforceStore, record: Record<string, SfValue>, ctx: DmlContext): void {
  const now = sfDateTime(when(store, ctx));
  record.LastModifiedDate = now;
  record.SystemModstamp = now;
  record.LastModifiedById = who(store, ctx);
}

/** Stores a saved record, with the field history the org tracks. */
export function save(store: SalesforceStore, type: string, before: SfRecord | undefined, record: SfRecord, ctx: DmlContext): void {
  store.put(type, record);
  if (type === 'Lead') trackLeadHistory(store, before, record, when(store, ctx), who(store, ctx));
  // An Opportunity created with ContactId gets that Contact as its primary contact role (Object Reference, Opportunity.ContactId).
  if (type === 'Opportunity' && !before && typeof record.ContactId === 'string') {
    createRecord(store, 'OpportunityContactRole', { OpportunityId: record.Id, ContactId: record.ContactId, IsPrimary: true }, ctx);
  }
}

function writable(store: SalesforceStore, type: string, operation: string): void {
  if (store.objects().find((o) => o.name === type)?.readOnly) {
    throw new SfError(400, 'INVALID_TYPE_FOR_OPERATION', `entity type ${type} does not support ${operation}`, []);
  }
}

function finish(store: SalesforceStore, type: string, record: Record<string, SfValue>, ctx: DmlContext): SfRecord {
  applyAssignment(store, type, record, ctx.autoAssign);
  withDerivedFields(type, record);
  checkValidationRules(type, record);
  checkDuplicates(store, type, record, ctx.version, ctx.allowSave);
  checkUnique(store, type, record);
  return record;
}

export function createRecord(
  store: SalesforceStore,
  type: string,
  body: Record<string, unknown>,
  ctx: DmlContext,
): SaveOutcome {
  writable(store, type, 'insert');
  const values = coerceWrite(store, type, body, 'create');
  checkSetupCreate(store, type, values, ctx.admin);
  const objectDef = store.objects().find((o) => o.name === type);
  if (!objectDef) throw notFound();
  const record: Record<string, SfValue> = { ...values, Id: store.ids.generate(objectDef.keyPrefix) };
  const userId = who(store, ctx);
  const now = sfDateTime(when(store, ctx));
  Object.assign(record, { CreatedDate: now, CreatedById: userId, IsDeleted: false });
  if (store.field(type, 'OwnerId') && (record.OwnerId === undefined || record.OwnerId === null)) record.OwnerId = userId;
  stamp(store, record, ctx);
  applyCreateDefaults(store.fieldMap(type).values(), record);
  if (type === 'Task' && record.Status === 'Completed') record.CompletedDateTime = now;
  save(store, type, undefined, finish(store, type, record, ctx), ctx);
  return { id: String(record.Id), created: true };
}

export function updateRecord(
  store: SalesforceStore,
  type: string,
  id: string,
  body: Record<string, unknown>,
  ctx: DmlContext,
): SaveOutcome {
  writable(store, type, 'update');
  const existing = requireRecord(store, type, id);
  if (type === 'Lead' && existing.IsConverted === true) {
    throw new SfError(400, 'CANNOT_UPDATE_CONVERTED_LEAD', 'cannot reference converted lead', []);
  }
  checkSetupChange(type, ctx.admin);
  const values = coerceWrite(store, type, body, 'update', existing);
  const record: Record<string, SfValue> = { ...existing, ...values };
  stamp(store, record, ctx);
  if (type === 'Task' && record.Status === 'Completed' && existing.Status !== 'Completed') {
    record.CompletedDateTime = sfDateTime(when(store, ctx));
  }
  save(store, type, existing, finish(store, type, record, ctx), ctx);
  return { id: String(existing.Id), created: false };
}

/** External-id field usable in an upsert URL, else 404 as the REST API answers. */
export function upsertField(store: SalesforceStore, type: string, fieldName: string): string {
  const f = store.field(type, fieldName);
  if (!f || !(f.externalId || f.name === 'Id')) {
    throw new SfError(404, 'NOT_FOUND', `Provided external ID field does not exist or is not accessible: ${fieldName}`);
  }
  return f.name;
}

/** Records an upsert value matches; more than one is a 300 on the single-record endpoint. */
export function upsertMatches(store: SalesforceStore, type: string, fieldName: string, value: string): SfRecord[] {
  if (fieldName === 'Id') {
    const record = store.get(type, value);
    return record ? [record] : [];
  }
  return store.lookup(type, fieldName, value);
}

export function upsertRecord(
  store: SalesforceStore,
  type: string,
  fieldName: string,
  value: string,
  body: Record<string, unknown>,
  ctx: DmlContext,
): SaveOutcome {
  const matches = upsertMatches(store, type, fieldName, value);
  if (matches.length > 1) {
    throw new SfError(
      300,
      'DUPLICATE_EXTERNAL_ID',
      `${fieldName}: more than one record found for external id field: [${matches.map((m) => String(m.Id)).join(', ')}]`,
      [fieldName],
    );
  }
  const { [fieldName]: _ignored, ...rest } = body;
  const match = matches[0];
  if (match) return updateRecord(store, type, String(match.Id), rest, ctx);
  if (fieldName === 'Id') throw notFound();
  return createRecord(store, type, { ...rest, [fieldName]: value }, ctx);
}

export function deleteRecord(store: SalesforceStore, type: string | undefined, id: string): SaveOutcome {
  const canonical = normalizeId(id);
  const objectType = type ?? (canonical ? objectForId(canonical) : undefined);
  if (!canonical || !objectType) throw new SfError(400, 'MALFORMED_ID', `malformed id ${id}`, []);
  writable(store, objectType, 'delete');
  if (!store.get(objectType, canonical)) {
    if (store.getDeleted(objectType, canonical)) throw new SfError(404, 'ENTITY_IS_DELETED', 'entity is deleted', []);
    throw new SfError(404, 'INVALID_CROSS_REFERENCE_KEY', 'invalid cross reference id', []);
  }
  store.remove(objectType, canonical);
  return { id: canonical, created: false };
}
