import { dmlContext, noContent, objectBody, ok } from './api-types.js';
import type { ApiRequest, ApiResponse } from './api-types.js';
import { describeGlobal, describeObject, objectInfo } from './describe.js';
import { createRecord, deleteRecord, requireRecord, updateRecord, upsertField, upsertMatches, upsertRecord } from './dml.js';
import { SfError, invalidField, notFound } from './errors.js';
import { findObject } from './objects.js';
import type { ObjectDef } from './objects.js';
import type { SalesforceStore, SfRecord } from './store.js';
import { fieldAccess } from './setup/access.js';

/** sObject Basic Information, Describe, Rows, Rows by External ID ("Working with Records", REST API Developer Guide). */
export function recordBody(
  store: SalesforceStore,
  type: string,
  record: SfRecord,
  version: string,
  fields?: string[],
): Record<string, unknown> {
  const body: Record<string, unknown> = {
    attributes: { type, url: `/services/data/v${version}/sobjects/${type}/${String(record.Id)}` },
  };
  const names = fields ?? [...store.fieldMap(type).values()].map((f) => f.name);
  for (const name of names) {
    const f = store.field(type, name);
    if (!f) throw invalidField(name, type);
    body[f.name] = record[f.name] ?? null;
  }
  return body;
}

function objectOr404(name: string | undefined): ObjectDef {
  const o = name ? findObject(name) : undefined;
  if (!o) throw notFound();
  return o;
}

export function handleSObjects(store: SalesforceStore, req: ApiRequest, parts: string[]): ApiResponse {
  const [typeName, second, third, ...rest] = parts;
  if (rest.length > 0) throw notFound();
  if (typeName === undefined || typeName === '') {
    if (req.method !== 'GET') throw methodNotAllowed(req.method);
    return ok(describeGlobal(store, req.version));
  }
  const o = objectOr404(typeName);
  const type = o.name;
  if (second === undefined) {
    if (req.method === 'GET') return ok(objectInfo(o, req.version));
    if (req.method !== 'POST') throw methodNotAllowed(req.method);
    const { id } = createRecord(store, type, objectBody(req), dmlContext(req));
    return ok({ id, success: true, errors: [] }, 201);
  }
  if (second === 'describe' && third === undefined) {
    if (req.method !== 'GET') throw methodNotAllowed(req.method);
    return ok(describeObject(store, o, req.version, fieldAccess(store, req.session, type)));
  }
  if (third !== undefined) return byExternalId(store, req, type, second, third);
  const fieldsParam = req.query.get('fields');
  switch (req.method) {
    case 'GET': {
      const record = requireRecord(store, type, second);
      const fields = fieldsParam ? fieldsParam.split(',').map((f) => f.trim()).filter(Boolean) : undefined;
      return ok(recordBody(store, type, record, req.version, fields));
    }
    case 'PATCH':
      updateRecord(store, type, second, objectBody(req), dmlContext(req));
      return noContent();
    case 'DELETE':
      requireRecord(store, type, second);
      deleteRecord(store, type, second);
      return noContent();
    default:
      throw methodNotAllowed(req.method);
  }
}

/**
 * `PATCH /sobjects/{type}/{field}/{value}`: 201 `{id, success, errors, created: true}` on insert, 200 with
 * `created: false` on update (v46.0+), 300 with the matching record URLs when the value is not unique
 * ("Insert or Update (Upsert) a Record Using an External ID", REST API Developer Guide).
 */
function byExternalId(store: SalesforceStore, req: ApiRequest, type: string, fieldName: string, value: string): ApiResponse {
  const field = upsertField(store, type, fieldName);
  if (req.method === 'GET') {
    const matches = upsertMatches(store, type, field, value);
    if (matches.length > 1) return multipleChoices(type, matches, req.version);
    const record = matches[0];
    if (!record) throw notFound();
    return ok(recordBody(store, type, record, req.version));
  }
  if (req.method !== 'PATCH') throw methodNotAllowed(req.method);
  const matches = upsertMatches(store, type, field, value);
  if (matches.length > 1) return multipleChoices(type, matches, req.version);
  const body = objectBody(req);
  const outcome = upsertRecord(store, type, field, value, body, dmlContext(req));
  return ok({ id: outcome.id, success: true, errors: [], created: outcome.created }, outcome.created ? 201 : 200);
}

function multipleChoices(type: string, matches: SfRecord[], version: string): ApiResponse {
  return { status: 300, body: matches.map((m) => `/services/data/v${version}/sobjects/${type}/${String(m.Id)}`) };
}

export function methodNotAllowed(method: string): SfError {
  return new SfError(405, 'METHOD_NOT_ALLOWED', `HTTP Method '${method}' not allowed. Allowed are GET,PATCH,DELETE,POST`);
}
