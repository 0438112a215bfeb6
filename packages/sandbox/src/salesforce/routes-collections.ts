import { dmlContext, ok } from './api-types.js';
import type { ApiRequest, ApiResponse } from './api-types.js';
import { createRecord, deleteRecord, updateRecord, upsertField, upsertRecord } from './dml.js';
import type { SaveOutcome } from './dml.js';
import { SfError, invalidCrossReference, invalidField, notFound, rolledBack } from './errors.js';
import type { RecordError } from './errors.js';
import { findObject } from './objects.js';
import { recordBody, methodNotAllowed } from './routes-sobjects.js';
import type { SalesforceStore } from './store.js';

/**
 * sObject Collections ("Create/Update/Delete/Retrieve/Upsert Records Using sObject Collections", REST API
 * Developer Guide): ≤200 records, 200 with per-record results in input order, `allOrNone` rollback.
 */
export const MAX_COLLECTION = 200;

interface SaveResult {
  id?: string;
  success: boolean;
  errors: RecordError[];
  created?: boolean;
}

interface CollectionBody {
  allOrNone: boolean;
  records: Record<string, unknown>[];
}

function exceeded(): SfError {
  return new SfError(400, 'EXCEEDED_ID_LIMIT', 'record limit reached. cannot submit more than 200 records into this call');
}

function parseBody(req: ApiRequest): CollectionBody {
  const body = req.body as { allOrNone?: unknown; records?: unknown } | null;
  if (!body || typeof body !== 'object' || !Array.isArray(body.records)) {
    throw new SfError(400, 'JSON_PARSER_ERROR', 'The request body must contain a records array');
  }
  if (body.records.length > MAX_COLLECTION) throw exceeded();
  return { allOrNone: body.allOrNone === true || body.allOrNone === 'true', records: body.records as Record<string, unknown>[] };
}

function recordType(rec: Record<string, unknown>, fallback?: string): string {
  const attrs = rec.attributes as { type?: unknown } | undefined;
  const name = typeof attrs?.type === 'string' ? attrs.type : fallback;
  const o = name ? findObject(name) : undefined;
  if (!o) throw new SfError(400, 'INVALID_TYPE', `sObject type '${String(name)}' is not supported.`);
  return o.name;
}

/** Unknown fields fail the whole request: the JSON deserialiser rejects them before any record is saved. */
function checkFields(store: SalesforceStore, records: Record<string, unknown>[], fallback?: string): void {
  for (const rec of records) {
    const type = recordType(rec, fallback);
    for (const key of Object.keys(rec)) {
      if (key !== 'attributes' && key.toLowerCase() !== 'id' && !store.field(type, key)) throw invalidField(key, type);
    }
  }
}

/**
 * Runs each record's save in order; UNABLE_TO_LOCK_ROW from lockNextRecords; rolls everything back under allOrNone.
 * A failed record's result has no `id` (`{success: false, errors}`), as Salesforce answers, even when the
 * request named the record; an upsert's results also carry `created` (`false` on failure).
 */
export function runCollection<T>(
  store: SalesforceStore,
  items: T[],
  allOrNone: boolean,
  save: (item: T) => SaveOutcome,
  idOf: (item: T) => string | undefined = () => undefined,
  withCreated = false,
): SaveResult[] {
  const failed = (error: RecordError): SaveResult => (withCreated ? { success: false, errors: [error], created: false } : { success: false, errors: [error] });
  const sp = store.savepoint();
  try {
    const results: SaveResult[] = items.map((item) => {
      try {
        if (store.settings.lockNextRecords > 0) {
          store.settings.lockNextRecords -= 1;
          throw new SfError(400, 'UNABLE_TO_LOCK_ROW', `unable to obtain exclusive access to this record or 1 records: ${idOf(item) ?? ''}`.trim(), []);
        }
        const outcome = save(item);
        return withCreated
          ? { id: outcome.id, success: true, errors: [], created: outcome.created }
          : { id: outcome.id, success: true, errors: [] };
      } catch (err) {
        if (!(err instanceof SfError)) throw err;
        return failed(err.toRecordError());
      }
    });
    if (allOrNone && results.some((r) => !r.success)) {
      store.rollbackTo(sp);
      return results.map((r) => (r.success ? failed(rolledBack()) : r));
    }
    return results;
  } finally {
    store.release();
  }
}

export function handleCollections(store: SalesforceStore, req: ApiRequest, parts: string[]): ApiResponse {
  const [typeName, extField, ...rest] = parts;
  if (rest.length > 0) throw notFound();
  const ctx = dmlContext(req);
  if (typeName === undefined) {
    if (req.method === 'DELETE') {
      const ids = (req.query.get('ids') ?? '').split(',').filter(Boolean);
      if (ids.length > MAX_COLLECTION) throw exceeded();
      const allOrNone = req.query.get('allOrNone') === 'true';
      return ok(runCollection(store, ids, allOrNone, (id) => deleteRecord(store, undefined, id), (id) => id));
    }
    const { allOrNone, records } = parseBody(req);
    checkFields(store, records);
    if (req.method === 'POST') {
      return ok(runCollection(store, records, allOrNone, (rec) => createRecord(store, recordType(rec), stripMeta(rec), ctx)));
    }
    if (req.method === 'PATCH') {
      const idOf = (rec: Record<string, unknown>): string | undefined => {
        const id = rec.id ?? rec.Id;
        return typeof id === 'string' ? id : undefined;
      };
      return ok(
        runCollection(
          store,
          records,
          allOrNone,
          (rec) => {
            const id = idOf(rec);
            if (!id) throw new SfError(400, 'MISSING_ARGUMENT', 'Id not specified in an update call', []);
            const type = recordType(rec);
            if (!store.get(type, id) && !store.getDeleted(type, id)) throw invalidCrossReference();
            return updateRecord(store, type, id, stripMeta(rec), ctx);
          },
          idOf,
        ),
      );
    }
    throw methodNotAllowed(req.method);
  }
  const o = findObject(typeName);
  if (!o) throw notFound();
  if (extField === undefined) return retrieve(store, req, o.name);
  if (req.method !== 'PATCH') throw methodNotAllowed(req.method);
  const field = upsertField(store, o.name, extField);
  const { allOrNone, records } = parseBody(req);
  checkFields(store, records, o.name);
  const valueOf = (rec: Record<string, unknown>): string | undefined => {
    const key = Object.keys(rec).find((k) => k.toLowerCase() === field.toLowerCase());
    const v = key ? rec[key] : undefined;
    return v === undefined || v === null || v === '' ? undefined : String(v);
  };
  // The same external id twice in one request fails both records instead of racing.
  const seen = new Map<string, number>();
  for (const rec of records) {
    const v = valueOf(rec)?.toLowerCase();
    if (v !== undefined) seen.set(v, (seen.get(v) ?? 0) + 1);
  }
  return ok(
    runCollection(
      store,
      records,
      allOrNone,
      (rec) => {
        if (recordType(rec, o.name) !== o.name) throw new SfError(400, 'INVALID_TYPE', 'records must all be of the type in the URL', []);
        const value = valueOf(rec);
        if (value === undefined) throw new SfError(400, 'MISSING_ARGUMENT', `${field} not specified`, [field]);
        if ((seen.get(value.toLowerCase()) ?? 0) > 1) {
          throw new SfError(400, 'DUPLICATE_EXTERNAL_ID', `Duplicate external id specified: ${value}`, [field]);
        }
        return upsertRecord(store, o.name, field, value, stripMeta(rec), ctx);
      },
      undefined,
      true,
    ),
  );
}

function stripMeta(rec: Record<string, unknown>): Record<string, unknown> {
  const { attributes: _a, id: _id, Id: _Id, ...fields } = rec;
  return fields;
}

/** `POST /composite/sobjects/{type}` `{ids, fields}` (or GET with query parameters): records in id order, null when missing. */
function retrieve(store: SalesforceStore, req: ApiRequest, type: string): ApiResponse {
  let ids: unknown;
  let fields: unknown;
  if (req.method === 'GET') {
    ids = (req.query.get('ids') ?? '').split(',').filter(Boolean);
    fields = (req.query.get('fields') ?? '').split(',').filter(Boolean);
  } else if (req.method === 'POST') {
    const body = req.body as { ids?: unknown; fields?: unknown } | null;
    ids = body?.ids;
    fields = body?.fields;
  } else throw methodNotAllowed(req.method);
  if (!Array.isArray(ids) || !Array.isArray(fields) || fields.length === 0) {
    throw new SfError(400, 'MISSING_ARGUMENT', 'ids and fields are required');
  }
  if (ids.length > 2000) throw exceeded();
  const names = fields.map(String);
  for (const n of names) if (!store.field(type, n)) throw invalidField(n, type);
  return ok(
    ids.map((id) => {
      const record = store.get(type, String(id));
      return record ? recordBody(store, type, record, req.version, names) : null;
    }),
  );
}
