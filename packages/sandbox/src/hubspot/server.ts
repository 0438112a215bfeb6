import type { TokenState } from './routes-account.js';
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { ZodError } from 'zod';
import { HubSpotApiError, defaultCategory, errorBody } from './errors.js';
import { matchRoute } from './http-util.js';
import { rateLimitBody } from './rate-limit.js';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestContext, Reply, Route } from './http-util.js';
import type { RateLimiter, SecondlyBodyStyle } from './rate-limit.js';
import type { RequestLog } from './request-log.js';
import type { HubSpotStore } from './store.js';
import type { FaultInjector, FaultRule } from '../shared/faults.js';

export interface ServerDeps {
  store: HubSpotStore;
  faults: FaultInjector;
  log: RequestLog;
  limiter: RateLimiter;
  routes: readonly Route[];
  controlRoutes: readonly Route[];
  auth: TokenState;
  baseUrl: () => string;
}

const CONTROL_PREFIX = '/__sandbox';
const AUTH_MISSING =
  'Authentication credentials not found. This API supports OAuth 2.0 authentication and you can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview';

/**
 * Sends JSON. Every answer carries `Content-Type: application/json`, errors and 204s included: the SDK refuses
 * bodies without one ("Cannot parse content. No Content-Type defined.", api-facts §1.2). Every answer also
 * carries `X-HubSpot-Correlation-Id`, a UUID, the same one an error body names as its `correlationId`.
 */
function send(res: ServerResponse, reply: Reply): void {
  const payload = reply.body === undefined ? '' : JSON.stringify(reply.body);
  const named = (reply.body as { correlationId?: unknown } | undefined)?.correlationId;
  res.writeHead(reply.status, {
    'Content-Type': 'application/json;charset=utf-8',
    'Content-Length': String(Buffer.byteLength(payload)),
    'X-HubSpot-Correlation-Id': typeof named === 'string' ? named : randomUUID(),
    ...reply.headers,
  });
  res.end(payload);
}

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  if (chunks.length === 0) return undefined;
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new HubSpotApiError(400, errorBody(`Invalid input JSON on line 1: ${(err as Error).message}`, 'VALIDATION_ERROR'));
  }
}

function faultReply(rule: FaultRule, secondlyBody: SecondlyBodyStyle | undefined): Reply {
  const status = rule.status ?? 500;
  const headers: Record<string, string> = rule.retryAfter === undefined ? {} : { 'Retry-After': String(rule.retryAfter) };
  if (status === 429) {
    const body = rateLimitBody(rule.errorCode ?? 'TEN_SECONDLY_ROLLING', secondlyBody);
    if (rule.message) body.message = rule.message;
    return { status, body, headers };
  }
  const message = rule.message ?? (status >= 500 ? 'internal error' : 'Injected error');
  return { status, body: errorBody(message, rule.errorCode ?? defaultCategory(status)), headers };
}

/** Counter key: the route template with object types filled in, e.g. `POST /crm/v3/objects/contacts/search`. */
function endpointKey(method: string, path: string, matched: { route: Route; params: string[] } | undefined): string {
  if (!matched) return `${method} ${path}`;
  let i = 0;
  const tpl = matched.route.template.replace(/\{(\w+)\}/g, (whole: string, name: string) => {
    const value = matched.params[i++];
    return name.endsWith('Type') && value !== undefined ? value : whole;
  });
  return `${method} ${tpl}`;
}

function toErrorReply(err: unknown): Reply {
  if (err instanceof HubSpotApiError) return { status: err.status, body: err.body };
  if (err instanceof ZodError) return { status: 400, body: errorBody(`Invalid input: ${err.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`, 'VALIDATION_ERROR') };
  return { status: 500, body: errorBody(`Internal error: ${(err as Error)?.message ?? String(err)}`, 'INTERNAL_ERROR') };
}

export function createHandler(deps: ServerDeps): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    handle(deps, req, res).catch((err: unknown) => {
      if (!res.headersSent) send(res, toErrorReply(err));
      else res.destroy();
    });
  };
}

async function handle(deps: ServerDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://sandbox');
  const method = (req.method ?? 'GET').toUpperCase();
  // The SDK keeps a trailing slash on some paths (`/crm/v3/owners/`); both forms are accepted.
  const path = url.pathname.length > 1 && url.pathname.endsWith('/') ? url.pathname.slice(0, -1) : url.pathname;
  const ctxBase = { method, path, query: url.searchParams, store: deps.store, baseUrl: deps.baseUrl() };

  if (path === CONTROL_PREFIX || path.startsWith(`${CONTROL_PREFIX}/`)) {
    const body = await readBody(req).catch((err: unknown) => err);
    if (body instanceof HubSpotApiError) return send(res, toErrorReply(body));
    const matched = matchRoute(deps.controlRoutes, method, path);
    if (!matched) return send(res, { status: 404, body: { error: `No control route ${method} ${path}` } });
    try {
      return send(res, matched.route.handle({ ...ctxBase, body }, matched.params));
    } catch (err) {
      return send(res, toErrorReply(err));
    }
  }

  const at = deps.store.clock.now();
  const started = performance.now();
  const matched = matchRoute(deps.routes, method, path);
  const record = (status: number): void =>
    deps.log.record({ at, method, path: url.pathname, status, durationMs: Math.round((performance.now() - started) * 1000) / 1000 }, endpointKey(method, path, matched));

  let body: unknown;
  try {
    body = await readBody(req);
  } catch (err) {
    body = err;
  }

  const fault = deps.faults.take(method, path);
  if (fault?.kind === 'reset') {
    record(0);
    req.socket.destroy();
    return;
  }
  if (fault?.kind === 'timeout') {
    // Never answer; the client gives up (or stop() closes the socket).
    record(0);
    return;
  }
  if (fault?.kind === 'status') {
    const reply = faultReply(fault, deps.limiter.settings.secondlyBody);
    send(res, reply);
    return record(reply.status);
  }
  if (fault?.kind === 'latency') await sleep(fault.latencyMs ?? 0);
  if (fault?.kind === 'expire-token') deps.auth.expired = true;

  const reply = respond(deps, { ...ctxBase, body }, matched, req.headers.authorization);
  send(res, reply);
  record(reply.status);
}

function respond(deps: ServerDeps, ctx: RequestContext, matched: { route: Route; params: string[] } | undefined, authorization: string | undefined): Reply {
  const bearer = /^Bearer\s+(.+)$/i.exec(authorization ?? '')?.[1]?.trim();
  if (bearer !== deps.auth.token) return { status: 401, body: errorBody(AUTH_MISSING, 'INVALID_AUTHENTICATION') };
  if (deps.auth.expired) {
    return { status: 401, body: errorBody('The OAuth token used to make this call expired 0 second(s) ago.', 'EXPIRED_AUTHENTICATION') };
  }
  const isSearch = ctx.method === 'POST' && /^\/crm\/v3\/objects\/[^/]+\/search$/.test(ctx.path);
  const decision = deps.limiter.check(isSearch);
  if (!decision.ok) return { status: 429, body: decision.body, headers: decision.headers };
  if (ctx.body instanceof HubSpotApiError) return { ...toErrorReply(ctx.body), headers: decision.headers };
  if (!matched) {
    return { status: 404, body: errorBody(`No endpoint ${ctx.method} ${ctx.path} in this HubSpot sandbox.`, 'OBJECT_NOT_FOUND'), headers: decision.headers };
  }
  try {
    const reply = matched.route.handle(ctx, matched.params);
    return { ...reply, headers: { ...decision.headers, ...reply.headers } };
  } catch (err) {
    return { ...toErrorReply(err), headers: decision.headers };
  }
}
