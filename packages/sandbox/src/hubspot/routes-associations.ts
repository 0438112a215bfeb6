import { validationError } from './errors.js';
import { batchInputs, intParam, json, route } from './http-util.js';
import { associationTypeId, normalizeType } from './object-types.js';
import type { RequestContext, Reply, Route } from './http-util.js';
import type { AnyObjectType } from './object-types.js';

/** Associations v4 (developers.hubspot.com/docs/api/crm/associations/associations-v4). */

const PAGE_DEFAULT = 500;
const BATCH_READ_MAX = 1_000;

function objectType(name: string): AnyObjectType {
  const t = normalizeType(name);
  if (!t) throw validationError(`Unable to infer object type from: ${name}`);
  return t;
}

/** `toObjectId` is a number on the wire although the spec types it as a string (api-facts §1.5). */
function toEntry(from: AnyObjectType, to: AnyObjectType, id: number): { toObjectId: number; associationTypes: { category: string; typeId: number; label: null }[] } {
  const typeId = associationTypeId(from, to);
  return { toObjectId: id, associationTypes: typeId === undefined ? [] : [{ category: 'HUBSPOT_DEFINED', typeId, label: null }] };
}

function pageOf(ids: readonly number[], after: string | undefined, limit: number): { slice: readonly number[]; next?: number } {
  const start = after ? Number(after) : 0;
  if (!Number.isInteger(start) || start < 0) throw validationError(`Invalid after cursor: ${after ?? ''}`);
  const slice = ids.slice(start, start + limit);
  return start + limit < ids.length ? { slice, next: start + limit } : { slice };
}

function getPage(ctx: RequestContext, [fromName = '', fromId = '', toName = '']: string[]): Reply {
  const from = objectType(fromName);
  const to = objectType(toName);
  const limit = Math.max(1, intParam(ctx.query, 'limit') ?? PAGE_DEFAULT);
  const ids = /^\d+$/.test(fromId) ? ctx.store.associations.get(from, Number(fromId), to) : [];
  const { slice, next } = pageOf(ids, ctx.query.get('after') ?? undefined, limit);
  const body: Record<string, unknown> = { results: slice.map((id) => toEntry(from, to, id)) };
  if (next !== undefined) body['paging'] = { next: { after: String(next), link: `${ctx.baseUrl}${ctx.path}?after=${next}` } };
  return json(200, body);
}

function batchRead(ctx: RequestContext, [fromName = '', toName = '']: string[]): Reply {
  const from = objectType(fromName);
  const to = objectType(toName);
  const startedAt = new Date(ctx.store.clock.now()).toISOString();
  const results = [];
  const errors = [];
  for (const input of batchInputs(ctx.body, BATCH_READ_MAX)) {
    const id = String(input['id'] ?? '');
    const ids = /^\d+$/.test(id) ? ctx.store.associations.get(from, Number(id), to) : [];
    if (ids.length === 0) {
      // Ids without associations are reported as errors, turning the reply into a 207 (api-facts §1.5 [S]).
      errors.push({
        status: 'error',
        category: 'OBJECT_NOT_FOUND',
        subCategory: 'crm.associations.NO_ASSOCIATIONS_FOUND',
        message: `No ${to} is associated with ${from} ${id}.`,
        context: { fromObjectId: [id] },
      });
      continue;
    }
    const { slice, next } = pageOf(ids, typeof input['after'] === 'string' ? input['after'] : undefined, PAGE_DEFAULT);
    const result: Record<string, unknown> = { from: { id }, to: slice.map((t) => toEntry(from, to, t)) };
    if (next !== undefined) result['paging'] = { next: { after: String(next) } };
    results.push(result);
  }
  const body: Record<string, unknown> = { status: 'COMPLETE', results, startedAt, completedAt: new Date(ctx.store.clock.now()).toISOString() };
  if (errors.length > 0) Object.assign(body, { numErrors: errors.length, errors });
  return json(errors.length > 0 ? 207 : 200, body);
}

export const associationRoutes: Route[] = [
  route('GET', '/crm/v4/objects/{objectType}/{objectId}/associations/{toObjectType}', getPage),
  route('POST', '/crm/v4/associations/{fromObjectType}/{toObjectType}/batch/read', batchRead),
];
