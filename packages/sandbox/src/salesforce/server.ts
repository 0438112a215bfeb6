import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { FaultInjector, FaultRule } from '../shared/faults.js';
import type { SandboxClock } from '../shared/clock.js';
import type { DataApi } from './api-router.js';
import type { ApiResponse } from './api-types.js';
import type { Sessions } from './auth.js';
import type { Session } from './setup/access.js';
import type { OrgLimits } from './limits.js';
import type { RequestLog } from './request-log.js';

/**
 * The HTTP front: faults, OAuth, version list, session check, API allocation and `Sforce-Limit-Info`, then the
 * data API. Control routes (`/__sandbox/`) bypass all of it.
 */
export interface ServerDeps {
  clock: SandboxClock;
  faults: FaultInjector;
  log: RequestLog;
  sessions: Sessions;
  limits: OrgLimits;
  api: Pick<DataApi, 'dispatch'>;
  baseUrl: () => string;
  control: (method: string, path: string, query: URLSearchParams, body: unknown) => ApiResponse | Promise<ApiResponse>;
  /** `GET /services/oauth2/userinfo` for a session. */
  userInfo: (session: Session) => unknown;
}

export const MIN_VERSION = 50;
export const MAX_VERSION = 67;
const DATA_PATH = /^\/services\/data\/v(\d+)\.(\d)(\/.*)?$/;
const JSON_TYPE = 'application/json;charset=UTF-8';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function parseBody(raw: string, contentType: string | undefined): { ok: true; body: unknown } | { ok: false } {
  if (raw === '') return { ok: true, body: undefined };
  const isJson = /json/i.test(contentType ?? '') || (!contentType && /^\s*[[{]/.test(raw));
  if (!isJson) return { ok: true, body: raw };
  try {
    return { ok: true, body: JSON.parse(raw) as unknown };
  } catch {
    return { ok: false };
  }
}

function send(res: ServerResponse, response: ApiResponse, extraHeaders: Record<string, string> = {}): void {
  const headers: Record<string, string> = { ...extraHeaders, ...(response.headers ?? {}) };
  let payload = '';
  if (response.status !== 204 && response.body !== undefined) {
    if (response.contentType === 'csv') {
      headers['Content-Type'] = 'text/csv';
      payload = String(response.body);
    } else {
      headers['Content-Type'] = JSON_TYPE;
      payload = JSON.stringify(response.body);
    }
  } else if (response.status !== 204) headers['Content-Type'] = JSON_TYPE;
  res.writeHead(response.status, headers);
  res.end(payload);
}

/** Status-fault body in Salesforce's error shape; default codes per "Status Codes and Error Responses". */
function faultResponse(rule: FaultRule): ApiResponse {
  const status = rule.status ?? 503;
  const defaults: Record<number, [string, string]> = {
    401: ['INVALID_SESSION_ID', 'Session expired or invalid'],
    403: ['REQUEST_LIMIT_EXCEEDED', 'TotalRequests Limit exceeded.'],
    503: ['SERVER_UNAVAILABLE', 'Server temporarily unavailable.'],
  };
  const [code, message] = defaults[status] ?? ['UNKNOWN_EXCEPTION', 'An unexpected error occurred. Please include this ErrorId if you contact support: 1234567890-12345 (-1234567890)'];
  return {
    status,
    body: [{ message: rule.message ?? message, errorCode: rule.errorCode ?? code }],
    headers: rule.retryAfter !== undefined ? { 'Retry-After': String(rule.retryAfter) } : {},
  };
}

export function createSandboxServer(deps: ServerDeps): { server: Server; held: Set<Socket> } {
  const held = new Set<Socket>();
  // Idle keep-alive sockets stay open longer than any client waits between calls, so a client never
  // reuses a socket at the moment the server closes it (Node's default is 5 s).
  const server = createServer({ keepAliveTimeout: 60_000 }, (req, res) => {
    void handle(deps, held, req, res).catch((err: unknown) => {
      if (!res.headersSent) send(res, { status: 500, body: [{ message: String(err), errorCode: 'UNKNOWN_EXCEPTION' }] });
    });
  });
  return { server, held };
}

async function handle(deps: ServerDeps, held: Set<Socket>, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const started = Date.now();
  const url = new URL(req.url ?? '/', 'http://sandbox.invalid');
  const method = (req.method ?? 'GET').toUpperCase();
  const path = url.pathname;
  const raw = await readBody(req);
  if (path.startsWith('/__sandbox/')) {
    const parsed = parseBody(raw, 'application/json');
    const response = parsed.ok
      ? await deps.control(method, path, url.searchParams, parsed.body)
      : { status: 400, body: { error: 'invalid JSON body' } };
    send(res, response);
    return;
  }
  const finish = (response: ApiResponse, headers: Record<string, string> = {}): void => {
    send(res, response, headers);
    deps.log.add({ at: deps.clock.nowIso(), method, path, status: response.status, durationMs: Date.now() - started });
  };
  const fault = deps.faults.take(method, path);
  if (fault) {
    switch (fault.kind) {
      case 'reset':
        deps.log.add({ at: deps.clock.nowIso(), method, path, status: 0, durationMs: Date.now() - started });
        req.socket.destroy();
        return;
      case 'timeout':
        held.add(req.socket);
        req.socket.once('close', () => held.delete(req.socket));
        return;
      case 'latency':
        await sleep(fault.latencyMs ?? 1000);
        break;
      case 'expire-token':
        deps.sessions.expireAll();
        break;
      case 'status':
        finish(faultResponse(fault));
        return;
    }
  }
  if (method === 'POST' && path === '/services/oauth2/token') {
    const token = deps.sessions.token(new URLSearchParams(raw), deps.baseUrl());
    finish({ status: token.status, body: token.body });
    return;
  }
  if (method === 'GET' && (path === '/services/data' || path === '/services/data/')) {
    finish({ status: 200, body: versions() });
    return;
  }
  if (method === 'GET' && path === '/services/oauth2/userinfo') {
    const who = deps.sessions.session(req.headers.authorization);
    finish(who ? { status: 200, body: deps.userInfo(who) } : { status: 403, body: 'Bad_OAuth_Token' });
    return;
  }
  const match = DATA_PATH.exec(path);
  if (!match) {
    finish({ status: 404, body: [{ errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' }] });
    return;
  }
  const major = Number(match[1]);
  if (major < MIN_VERSION || major > MAX_VERSION || match[2] !== '0') {
    finish({ status: 404, body: [{ errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' }] });
    return;
  }
  const session = deps.sessions.session(req.headers.authorization);
  if (!session) {
    finish({ status: 401, body: [{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }] });
    return;
  }
  if (!deps.limits.tryConsume()) {
    finish({ status: 403, body: [{ message: 'TotalRequests Limit exceeded.', errorCode: 'REQUEST_LIMIT_EXCEEDED' }] }, { 'Sforce-Limit-Info': deps.limits.header() });
    return;
  }
  const parsed = parseBody(raw, req.headers['content-type']);
  const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : v]));
  const response = parsed.ok
    ? deps.api.dispatch({ method, path: match[3] ?? '/', version: `${major}.0`, query: url.searchParams, headers, body: parsed.body, session })
    : { status: 400, body: [{ message: 'Unexpected character in JSON body', errorCode: 'JSON_PARSER_ERROR' }] };
  finish(response, { 'Sforce-Limit-Info': deps.limits.header() });
}

/** `GET /services/data/` ("Versions", REST API Developer Guide): free of the API allocation. v50.0 is Winter '21. */
function versions(): { label: string; url: string; version: string }[] {
  const seasons = ['Winter', 'Spring', 'Summer'];
  const out = [];
  for (let v = MIN_VERSION; v <= MAX_VERSION; v += 1) {
    const i = v - MIN_VERSION;
    out.push({ label: `${seasons[i % 3] ?? ''} '${21 + Math.floor(i / 3)}`, url: `/services/data/v${v}.0`, version: `${v}.0` });
  }
  return out;
}
