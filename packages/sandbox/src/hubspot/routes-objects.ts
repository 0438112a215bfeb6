import { HubSpotApiError, conflict, errorBody, notFound, validationError } from './errors.js';
import { asObject, batchInputs, boolParam, intParam, json, listParam, route } from './http-util.js';
import { associationPair, isStoredType, normalizeType } from './object-types.js';
import { parseSearch, runSearch } from './search.js';
import { toApiObject, writtenProperties } from './serialize.js';
import { archiveObject, associate, createObject, findRecord, mergeContacts, updateObject } from './store-actions.js';
import { normalizeWrite } from './values.js';
import type { RequestContext, Reply, Route } from './http-util.js';
import type { AnyObjectType, StoredType } from './object-types.js';
import type { HsRecord } from './collection.js';

/** CRM v3 object endpoints (developers.hubspot.com/docs/api/crm/contacts and …/crm/{email,calls,meetings,notes,tasks}). */

const LIST_MAX = 100;
const BATCH_MAX = 100;
const HISTORY_BATCH_MAX = 50;

export function storedType(name: string): StoredType {
  const t = normalizeType(name);
  if (!t || !isStoredType(t)) throw validationError(`Unable to infer object type from: ${name}`);
  return t;
}

function associationsParam(q: URLSearchParams): AnyObjectType[] {
  return (listParam(q, 'associations') ?? []).flatMap((n) => {
    const t = normalizeType(n);
    return t ? [t] : [];
  });
}

function propertiesParam(v: unknown): string[] | null {
  if (v === undefined || v === null) return null;
  if (!Array.isArray(v)) throw validationError('Invalid input JSON: properties must be an array of strings');
  return v.length === 0 ? null : v.map(String);
}

function list(ctx: RequestContext, [typeName = '']: string[]): Reply {
  const type = storedType(typeName);
  const limit = Math.min(Math.max(intParam(ctx.query, 'limit') ?? 10, 1), LIST_MAX);
  const rawAfter = ctx.query.get('after');
  if (rawAfter !== null && rawAfter !== '' && !/^\d+$/.test(rawAfter)) throw validationError(`Invalid after cursor: ${rawAfter}`);
  const { page, next } = ctx.store.collection(type).listPage(rawAfter ? Number(rawAfter) : 0, limit, boolParam(ctx.query, 'archived'));
  const opts = { properties: listParam(ctx.query, 'properties'), propertiesWithHistory: listParam(ctx.query, 'propertiesWithHistory') ?? [], associations: associationsParam(ctx.query) };
  const body: Record<string, unknown> = { results: page.map((r) => toApiObject(ctx.store, type, r, opts)) };
  // The last page carries no `paging` at all (api-facts §4).
  if (next !== undefined) body['paging'] = { next: { after: String(next), link: `${ctx.baseUrl}/crm/v3/objects/${type}?after=${next}` } };
  return json(200, body);
}

function getOne(ctx: RequestContext, [typeName = '', id = '']: string[]): Reply {
  const type = storedType(typeName);
  const rec = findRecord(ctx.store, type, id, ctx.query.get('idProperty'), boolParam(ctx.query, 'archived'));
  if (!rec) throw notFound('Object not found.  objectId are usually numeric.', { id: [id] });
  const opts = { properties: listParam(ctx.query, 'properties'), propertiesWithHistory: listParam(ctx.query, 'propertiesWithHistory') ?? [], associations: associationsParam(ctx.query) };
  return json(200, toApiObject(ctx.store, type, rec, opts));
}

/** `associations: [{to: {id}, types: [{associationCategory, associationTypeId}]}]` on create. */
function createAssociations(ctx: RequestContext, type: StoredType, rec: HsRecord, raw: unknown): void {
  if (raw === undefined) return;
  if (!Array.isArray(raw)) throw validationError('Invalid input JSON: associations must be an array');
  for (const a of raw as { to?: { id?: unknown }; types?: { associationTypeId?: unknown }[] }[]) {
    for (const t of a.types ?? []) {
      const pair = associationPair(Number(t.associationTypeId));
      if (!pair || pair[0] !== type) throw validationError(`Association type id ${String(t.associationTypeId)} is not valid for ${type}.`);
      associate(ctx.store, type, rec.id, pair[1], Number(a.to?.id));
    }
  }
}

function create(ctx: RequestContext, [typeName = '']: string[]): Reply {
  const type = storedType(typeName);
  const body = asObject(ctx.body);
  const input = asObject(body['properties'] ?? {}, 'properties');
  const rec = createObject(ctx.store, type, input, true);
  createAssociations(ctx, type, rec, body['associations']);
  return json(201, toApiObject(ctx.store, type, rec, { properties: writtenProperties(type, input) }));
}

function update(ctx: RequestContext, [typeName = '', id = '']: string[]): Reply {
  const type = storedType(typeName);
  const rec = findRecord(ctx.store, type, id, ctx.query.get('idProperty'), false);
  if (!rec) throw notFound('Object not found.  objectId are usually numeric.', { id: [id] });
  const input = asObject(asObject(ctx.body)['properties'] ?? {}, 'properties');
  updateObject(ctx.store, type, rec, input, true);
  return json(200, toApiObject(ctx.store, type, rec, { properties: writtenProperties(type, input) }));
}

function archive(ctx: RequestContext, [typeName = '', id = '']: string[]): Reply {
  const type = storedType(typeName);
  const rec = findRecord(ctx.store, type, id, null, false);
  // Archiving something already gone is a no-op 204 in HubSpot too.
  if (rec) archiveObject(ctx.store, type, rec);
  return json(204);
}

function batchReply(status: number, results: unknown[], errors: unknown[], startedAt: string, ctx: RequestContext): Reply {
  const body: Record<string, unknown> = { status: 'COMPLETE', results, startedAt, completedAt: new Date(ctx.store.clock.now()).toISOString() };
  if (errors.length > 0) Object.assign(body, { numErrors: errors.length, errors });
  return json(errors.length > 0 ? 207 : status, body);
}

function batchRead(ctx: RequestContext, [typeName = '']: string[]): Reply {
  const type = storedType(typeName);
  const startedAt = new Date(ctx.store.clock.now()).toISOString();
  const body = asObject(ctx.body);
  const history = propertiesParam(body['propertiesWithHistory']) ?? [];
  const inputs = batchInputs(body, BATCH_MAX);
  if (history.length > 0 && inputs.length > HISTORY_BATCH_MAX) throw validationError(`The maximum number of inputs supported in a batch request for property histories is ${HISTORY_BATCH_MAX}`);
  const idProperty = typeof body['idProperty'] === 'string' ? body['idProperty'] : null;
  const opts = { properties: propertiesParam(body['properties']), propertiesWithHistory: history };
  const results = [];
  const missing: string[] = [];
  for (const input of inputs) {
    const id = String(input['id'] ?? '');
    const rec = findRecord(ctx.store, type, id, idProperty, boolParam(ctx.query, 'archived'));
    if (rec) results.push(toApiObject(ctx.store, type, rec, opts));
    else missing.push(id);
  }
  const errors = missing.length === 0 ? [] : [{
    status: 'error',
    category: 'OBJECT_NOT_FOUND',
    message: `Could not get some ${type.slice(0, -1).toUpperCase()} objects, they may be deleted or not exist. Check that ids are valid.`,
    context: { ids: missing },
  }];
  return batchReply(200, results, errors, startedAt, ctx);
}

function batchCreate(ctx: RequestContext, [typeName = '']: string[]): Reply {
  const type = storedType(typeName);
  const startedAt = new Date(ctx.store.clock.now()).toISOString();
  const inputs = batchInputs(ctx.body, BATCH_MAX);
  // Validate everything first: a bad input fails the whole batch, as HubSpot does.
  const seen = new Set<string>();
  for (const input of inputs) {
    const values = normalizeWrite(ctx.store.properties, type, asObject(input['properties'] ?? {}, 'properties'), true);
    const email = type === 'contacts' ? values['email']?.toLowerCase() : undefined;
    if (email) {
      const existing = ctx.store.collection(type).findUnique(email);
      if (existing) throw conflict(`Contact already exists. Existing ID: ${existing.id}`);
      if (seen.has(email)) throw validationError(`Duplicate email in batch input: ${email}`);
      seen.add(email);
    }
  }
  const results = inputs.map((input) => {
    const props = asObject(input['properties'] ?? {}, 'properties');
    const rec = createObject(ctx.store, type, props, true);
    createAssociations(ctx, type, rec, input['associations']);
    return toApiObject(ctx.store, type, rec, { properties: writtenProperties(type, props) });
  });
  return batchReply(201, results, [], startedAt, ctx);
}

function batchUpdate(ctx: RequestContext, [typeName = '']: string[]): Reply {
  const type = storedType(typeName);
  const startedAt = new Date(ctx.store.clock.now()).toISOString();
  const inputs = batchInputs(ctx.body, BATCH_MAX);
  for (const input of inputs) normalizeWrite(ctx.store.properties, type, asObject(input['properties'] ?? {}, 'properties'), true);
  const results = [];
  const missing: string[] = [];
  for (const input of inputs) {
    const id = String(input['id'] ?? '');
    const rec = findRecord(ctx.store, type, id, typeof input['idProperty'] === 'string' ? input['idProperty'] : null, false);
    if (!rec) {
      missing.push(id);
      continue;
    }
    const props = asObject(input['properties'] ?? {}, 'properties');
    updateObject(ctx.store, type, rec, props, true);
    results.push(toApiObject(ctx.store, type, rec, { properties: writtenProperties(type, props) }));
  }
  const errors = missing.map((id) => ({ status: 'error', category: 'OBJECT_NOT_FOUND', message: `Object not found. objectId: ${id}`, context: { ids: [id] } }));
  return batchReply(200, results, errors, startedAt, ctx);
}

function batchUpsert(ctx: RequestContext, [typeName = '']: string[]): Reply {
  const type = storedType(typeName);
  const startedAt = new Date(ctx.store.clock.now()).toISOString();
  const inputs = batchInputs(ctx.body, BATCH_MAX);
  const results = inputs.map((input) => {
    const id = String(input['id'] ?? '');
    const idProperty = typeof input['idProperty'] === 'string' ? input['idProperty'] : null;
    const props = asObject(input['properties'] ?? {}, 'properties');
    const existing = findRecord(ctx.store, type, id, idProperty, false);
    const rec = existing ? updateObject(ctx.store, type, existing, props, true) : createObject(ctx.store, type, idProperty && idProperty !== 'hs_object_id' ? { [idProperty]: id, ...props } : props, true);
    return { ...toApiObject(ctx.store, type, rec, { properties: writtenProperties(type, props) }), new: !existing };
  });
  return batchReply(200, results, [], startedAt, ctx);
}

function batchArchive(ctx: RequestContext, [typeName = '']: string[]): Reply {
  const type = storedType(typeName);
  for (const input of batchInputs(ctx.body, BATCH_MAX)) {
    const rec = findRecord(ctx.store, type, String(input['id'] ?? ''), null, false);
    if (rec) archiveObject(ctx.store, type, rec);
  }
  return json(204);
}

function search(ctx: RequestContext, [typeName = '']: string[]): Reply {
  const type = storedType(typeName);
  const req = parseSearch(ctx.body);
  const page = runSearch(ctx.store, type, req);
  const opts = { properties: req.properties && req.properties.length > 0 ? req.properties : null };
  const body: Record<string, unknown> = { total: page.total, results: page.records.map((r) => toApiObject(ctx.store, type, r, opts)) };
  if (page.next !== undefined) body['paging'] = { next: { after: String(page.next) } };
  return json(200, body);
}

function merge(ctx: RequestContext, [typeName = '']: string[]): Reply {
  const type = storedType(typeName);
  if (type !== 'contacts') throw new HubSpotApiError(400, errorBody(`Merging is not supported for ${type}.`, 'VALIDATION_ERROR'));
  const body = asObject(ctx.body);
  const winner = mergeContacts(ctx.store, String(body['primaryObjectId'] ?? ''), String(body['objectIdToMerge'] ?? ''));
  return json(200, toApiObject(ctx.store, type, winner, { properties: null }));
}

const BASE = '/crm/v3/objects/{objectType}';
export const objectRoutes: Route[] = [
  route('GET', BASE, list),
  route('POST', BASE, create),
  route('POST', `${BASE}/search`, search),
  route('POST', `${BASE}/merge`, merge),
  route('POST', `${BASE}/batch/read`, batchRead),
  route('POST', `${BASE}/batch/create`, batchCreate),
  route('POST', `${BASE}/batch/update`, batchUpdate),
  route('POST', `${BASE}/batch/upsert`, batchUpsert),
  route('POST', `${BASE}/batch/archive`, batchArchive),
  route('GET', `${BASE}/{id}`, getOne),
  route('PATCH', `${BASE}/{id}`, update),
  route('DELETE', `${BASE}/{id}`, archive),
];

