import { DateTime } from 'luxon';
import { notFound } from './errors.js';
import { boolParam, intParam, json, route } from './http-util.js';
import { storedType } from './routes-objects.js';
import type { RequestContext, Reply, Route } from './http-util.js';
import type { RateLimiter } from './rate-limit.js';

export interface AccountInfo {
  portalId: number;
  timeZone: string;
  limiter: RateLimiter;
  auth: TokenState;
}

/** The private app token the sandbox accepts, and the scopes it was granted. */
export interface TokenState {
  token: string;
  expired: boolean;
  scopes: string[];
}

/** A private app with every scope Handoff uses, and the owners read. */
export const DEFAULT_SCOPES: readonly string[] = [
  'oauth',
  'crm.objects.contacts.read',
  'crm.objects.contacts.write',
  'crm.schemas.contacts.read',
  'crm.schemas.contacts.write',
  'crm.objects.owners.read',
  'crm.lists.read',
];

/** Owners (developers.hubspot.com/docs/api/crm/owners): offset cursor, default limit 100. */
function owners(ctx: RequestContext): Reply {
  const email = ctx.query.get('email')?.toLowerCase();
  const archived = boolParam(ctx.query, 'archived');
  const limit = Math.min(Math.max(intParam(ctx.query, 'limit') ?? 100, 1), 500);
  const start = intParam(ctx.query, 'after') ?? 0;
  const all = ctx.store.owners.filter((o) => o.archived === archived && (!email || o.email?.toLowerCase() === email));
  const body: Record<string, unknown> = { results: all.slice(start, start + limit) };
  if (start + limit < all.length) body['paging'] = { next: { after: String(start + limit), link: `${ctx.baseUrl}/crm/v3/owners/?after=${start + limit}` } };
  return json(200, body);
}

function owner(ctx: RequestContext, [id = '']: string[]): Reply {
  const byUserId = ctx.query.get('idProperty') === 'userId';
  const archived = boolParam(ctx.query, 'archived');
  const found = ctx.store.owners.find((o) => (byUserId ? String(o.userId) === id : o.id === id) && o.archived === archived);
  if (!found) throw notFound(`Owner ${id} not found`, { id: [id] });
  return json(200, found);
}

/** Properties and groups (developers.hubspot.com/docs/api/crm/properties). */
function properties(ctx: RequestContext, [type = '']: string[]): Reply {
  const results = boolParam(ctx.query, 'archived') ? [] : ctx.store.properties.list(storedType(type));
  return json(200, { results });
}

function property(ctx: RequestContext, [type = '', name = '']: string[]): Reply {
  const def = ctx.store.properties.get(storedType(type), name);
  if (!def) throw notFound(`Unable to find property with name ${name}`, { propertyName: [name] });
  return json(200, def);
}

function createProperty(ctx: RequestContext, [type = '']: string[]): Reply {
  return json(201, ctx.store.properties.create(storedType(type), ctx.body, new Date(ctx.store.clock.now()).toISOString()));
}

function groups(ctx: RequestContext, [type = '']: string[]): Reply {
  return json(200, { results: ctx.store.properties.listGroups(storedType(type)) });
}

function createGroup(ctx: RequestContext, [type = '']: string[]): Reply {
  return json(201, ctx.store.properties.createGroup(storedType(type), ctx.body));
}

/** Account details (developers.hubspot.com/docs/api/settings/account-information-api). */
function details(info: AccountInfo, ctx: RequestContext): Reply {
  const offsetMinutes = DateTime.fromMillis(ctx.store.clock.now(), { zone: info.timeZone }).offset;
  return json(200, {
    portalId: info.portalId,
    accountType: 'STANDARD',
    timeZone: info.timeZone,
    companyCurrency: 'USD',
    additionalCurrencies: [],
    utcOffset: DateTime.fromMillis(ctx.store.clock.now(), { zone: info.timeZone }).toFormat('ZZ'),
    utcOffsetMilliseconds: offsetMinutes * 60_000,
    uiDomain: ctx.store.account.uiDomain,
    dataHostingLocation: 'na1',
  });
}

function dailyUsage(info: AccountInfo, ctx: RequestContext): Reply {
  const u = info.limiter.usage();
  return json(200, {
    results: [{
      name: 'private-apps-api-calls-daily',
      usageLimit: u.dailyLimit ?? 0,
      currentUsage: u.dailyUsed,
      collectedAt: new Date(ctx.store.clock.now()).toISOString(),
      fetchStatus: 'SUCCESS',
      resetsAt: u.resetsAt,
    }],
  });
}

/**
 * developers.hubspot.com/docs/api/private-apps: the token's app, account and scopes. An unknown token
 * is a 400 like the real endpoint's answer to a token it cannot find.
 */
function tokenInfo(info: AccountInfo, ctx: RequestContext): Reply {
  const key = (ctx.body as { tokenKey?: unknown } | undefined)?.tokenKey;
  if (key !== info.auth.token) return json(400, { status: 'error', message: 'The access token is not a valid private app token', category: 'VALIDATION_ERROR' });
  return json(200, { userId: 1, hubId: info.portalId, appId: 1001, scopes: [...info.auth.scopes] });
}

export function accountRoutes(info: AccountInfo): Route[] {
  return [
    route('GET', '/crm/v3/owners', owners),
    route('GET', '/crm/v3/owners/{ownerId}', owner),
    route('GET', '/crm/v3/properties/{objectType}', properties),
    route('POST', '/crm/v3/properties/{objectType}', createProperty),
    route('GET', '/crm/v3/properties/{objectType}/groups', groups),
    route('POST', '/crm/v3/properties/{objectType}/groups', createGroup),
    route('GET', '/crm/v3/properties/{objectType}/{propertyName}', property),
    route('GET', '/account-info/v3/details', (ctx) => details(info, ctx)),
    route('POST', '/oauth/v2/private-apps/get/access-token-info', (ctx) => tokenInfo(info, ctx)),
    route('GET', '/account-info/v3/api-usage/daily/private-apps', (ctx) => dailyUsage(info, ctx)),
  ];
}
