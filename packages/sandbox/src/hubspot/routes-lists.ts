import { errorBody, HubSpotApiError, notFound } from './errors.js';
import { intParam, json, route } from './http-util.js';
import type { RequestContext, Reply, Route } from './http-util.js';
import type { TokenState } from './routes-account.js';

/** The scope the lists read API asks for. */
export const LISTS_READ_SCOPE = 'crm.lists.read';

/**
 * List memberships (developers.hubspot.com/docs/api/crm/lists): `GET /crm/v3/lists/{listId}/memberships`
 * pages the record ids of a list in ascending order, 100 by default and at most 250 per page, each
 * with the time it joined. A token without crm.lists.read gets a 403 MISSING_SCOPES; an unknown list
 * a 404.
 */
function memberships(auth: TokenState, ctx: RequestContext, [listId = '']: string[]): Reply {
  if (!auth.scopes.includes(LISTS_READ_SCOPE)) {
    throw new HubSpotApiError(403, errorBody(`This app hasn't been granted all required scopes to make this call. Read more about required scopes here: https://developers.hubspot.com/scopes.`, 'MISSING_SCOPES', { context: { requiredGranularScopes: [LISTS_READ_SCOPE] } }));
  }
  const members = ctx.store.listMembers.get(listId);
  if (!members) throw notFound(`List does not exist with listId ${listId}`, { listId: [listId] });
  const sorted = [...members.entries()].sort(([a], [b]) => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0));
  const limit = Math.min(Math.max(intParam(ctx.query, 'limit') ?? 100, 1), 250);
  const after = ctx.query.get('after');
  const start = after ? sorted.findIndex(([id]) => id.length > after.length || (id.length === after.length && id > after)) : 0;
  const from = start < 0 ? sorted.length : start;
  const page = sorted.slice(from, from + limit);
  const body: Record<string, unknown> = { results: page.map(([recordId, at]) => ({ recordId, membershipTimestamp: at })), total: sorted.length };
  const last = page[page.length - 1];
  if (from + limit < sorted.length && last) body['paging'] = { next: { after: last[0], link: `${ctx.baseUrl}/crm/v3/lists/${listId}/memberships?after=${last[0]}` } };
  return json(200, body);
}

export function listRoutes(auth: TokenState): Route[] {
  return [route('GET', '/crm/v3/lists/{listId}/memberships', (ctx, params) => memberships(auth, ctx, params))];
}
