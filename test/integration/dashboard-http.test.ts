import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { computeInsight } from '../../src/core/insight/report.js';
import { UsageError } from '../../src/domain/errors.js';
import type { InsightRequest } from '../../src/jobs/insight/report.js';
import { noopLogger } from '../../src/lib/logger.js';
import { sessionValue, SESSION_TTL_MS } from '../../src/runtime/http/access.js';
import { createDashboard } from '../../src/runtime/http/dashboard.js';
import { glossaryPage } from '../../src/runtime/http/glossary-page.js';
import { loadConfig } from '../../src/config/load.js';
import { buildGlossary } from '../../src/core/glossary/build.js';
import { renderHtml } from '../../src/core/glossary/render.js';
import { copyShippedConfig, editFile } from '../helpers/config-dir.js';
import { createMetrics, startHttpServer } from '../../src/runtime/http/index.js';
import type { RunningHttpServer } from '../../src/runtime/http/index.js';
import { fixtureInput } from '../unit/insight/fixture.js';
import { join } from 'node:path';

const running: RunningHttpServer[] = [];
afterEach(async () => {
  for (const s of running.splice(0)) await s.stop();
});

const TOKEN = 'correct-horse-battery-staple';
const T = Date.UTC(2026, 11, 1, 12);

/** The dashboard over the fixture; a request's `since` of "bad" is refused as the report command would. */
function report(rq: InsightRequest) {
  if (rq.since === 'bad') return Promise.reject(new UsageError('--since "bad" is not a date'));
  return Promise.resolve(computeInsight(fixtureInput({ ...(rq.by ? { dimensions: [rq.by] } : {}), filter: rq.filter ?? null })));
}

const shippedConfig = loadConfig({ env: {}, dir: join(import.meta.dirname, '..', '..', 'config') });

/** `config`: the configuration the glossary is rendered from; null serves none. */
async function start(token?: string, nowMs: () => number = () => T, config: typeof shippedConfig | null = shippedConfig): Promise<RunningHttpServer> {
  const server = await startHttpServer({
    port: 0,
    host: '127.0.0.1',
    logger: noopLogger,
    metrics: createMetrics({ defaultMetrics: false }),
    readiness: () => Promise.resolve({ ready: true, checks: {} }),
    ...(token === undefined ? {} : { token }),
    dashboard: createDashboard({ token, report, logger: noopLogger, nowMs, ...(config ? { glossary: glossaryPage(config, { now: nowMs }) } : {}) }),
  });
  running.push(server);
  return server;
}

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function call(server: RunningHttpServer, path: string, opts: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(`${server.url}${path}`, { method: opts.method ?? 'GET', headers: opts.headers ?? {} }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}

const login = (server: RunningHttpServer, token: string, origin = server.url) =>
  call(server, '/dashboard/login', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...(origin === '' ? {} : { origin }) },
    body: new URLSearchParams({ token }).toString(),
  });

const cookieFrom = (r: Reply): string => String((r.headers['set-cookie'] as string[] | undefined)?.[0] ?? '').split(';')[0] ?? '';

describe('/dashboard with HANDOFF_HTTP_TOKEN', () => {
  it('shows a login form and refuses the data without a session, even with the token in the query string', async () => {
    const s = await start(TOKEN);
    const page = await call(s, '/dashboard');
    expect(page.status).toBe(401);
    expect(page.body).toContain('<form method="post" action="/dashboard/login">');
    expect(page.body).toContain('<label for="token">Access token</label>');
    expect((await call(s, `/dashboard/data?token=${TOKEN}`)).status).toBe(401);
    expect((await call(s, `/dashboard?token=${TOKEN}`)).status).toBe(401);
  });

  it('login is refused without an Origin, from another origin, and with a wrong token', async () => {
    const s = await start(TOKEN);
    expect((await login(s, TOKEN, '')).status).toBe(403);
    expect((await login(s, TOKEN, 'http://evil.example')).status).toBe(403);
    const wrong = await login(s, 'not-it');
    expect(wrong.status).toBe(401);
    expect(wrong.headers['set-cookie']).toBeUndefined();
    expect((await call(s, '/dashboard/login')).status).toBe(405);
  });

  it('login sets a stateless HttpOnly SameSite=Strict cookie for 12 hours; the data is report --json', async () => {
    const s = await start(TOKEN);
    const ok = await login(s, TOKEN);
    expect(ok.status).toBe(303);
    expect(ok.headers.location).toBe('/dashboard');
    const setCookie = String((ok.headers['set-cookie'] as string[])[0]);
    expect(setCookie).toMatch(/^handoff_dashboard=\d+\.[\w-]{43}; HttpOnly; SameSite=Strict; Path=\/dashboard; Max-Age=43200$/);
    expect(setCookie).not.toContain(TOKEN);
    const cookie = cookieFrom(ok);
    const data = await call(s, '/dashboard/data?since=2026-11-02&until=2026-11-16', { headers: { cookie } });
    expect(data.status).toBe(200);
    expect(JSON.parse(data.body)).toEqual(JSON.parse(JSON.stringify(await report({ since: '2026-11-02', until: '2026-11-16' }))));
    const page = await call(s, '/dashboard?by=team', { headers: { cookie } });
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toContain("default-src 'none'");
    expect(page.body).toContain('data-figure="funnel.handedOff" data-value="7"');
    expect(page.body).toContain('<h3>By team</h3>');
  });

  it('a session works on any replica with the same token, ends after 12 hours, and cannot be forged', async () => {
    let now = T;
    const a = await start(TOKEN, () => now);
    const b = await start(TOKEN, () => now);
    const other = await start('another-token', () => now);
    const cookie = cookieFrom(await login(a, TOKEN));
    expect((await call(b, '/dashboard/data', { headers: { cookie } })).status).toBe(200);
    expect((await call(other, '/dashboard/data', { headers: { cookie } })).status).toBe(401);
    const [, sig] = cookie.split('.');
    const stretched = `handoff_dashboard=${T + 10 * SESSION_TTL_MS}.${sig ?? ''}`;
    expect((await call(b, '/dashboard/data', { headers: { cookie: stretched } })).status).toBe(401);
    now = T + SESSION_TTL_MS + 1;
    expect((await call(a, '/dashboard/data', { headers: { cookie } })).status).toBe(401);
    expect((await call(a, '/dashboard/data', { headers: { cookie: `handoff_dashboard=${sessionValue(now, TOKEN)}` } })).status).toBe(200);
  });

  it('scripts may send the token as a bearer header; a bad period is a 400', async () => {
    const s = await start(TOKEN);
    const auth = { authorization: `Bearer ${TOKEN}` };
    expect((await call(s, '/dashboard/data?by=grade', { headers: auth })).status).toBe(200);
    expect((await call(s, '/dashboard/data', { headers: { authorization: 'Bearer nope' } })).status).toBe(401);
    const bad = await call(s, '/dashboard/data?since=bad', { headers: auth });
    expect(bad.status).toBe(400);
    expect(bad.body).toContain('not a date');
  });

  it('leaves /healthz, /readyz and /metrics as they were', async () => {
    const s = await start(TOKEN);
    expect((await call(s, '/healthz')).status).toBe(200);
    expect((await call(s, '/readyz')).status).toBe(200);
    expect((await call(s, '/metrics')).status).toBe(200);
    expect((await call(s, '/dashboardx')).status).toBe(404);
  });
});

describe('/dashboard/glossary: the shared definitions behind the same door', () => {
  it('is linked from the page and serves the glossary --html page, only with a session or the bearer token', async () => {
    const s = await start(TOKEN);
    const anonymous = await call(s, '/dashboard/glossary');
    expect(anonymous.status).toBe(401);
    expect(anonymous.body).toContain('<form method="post" action="/dashboard/login">');
    expect(anonymous.body).not.toContain('glossary');
    expect((await call(s, '/dashboard/glossary', { headers: { authorization: 'Bearer nope' } })).status).toBe(401);
    const cookie = cookieFrom(await login(s, TOKEN));
    expect((await call(s, '/dashboard', { headers: { cookie } })).body).toContain('<a href="/dashboard/glossary">');
    const page = await call(s, '/dashboard/glossary', { headers: { cookie } });
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.headers['content-security-policy']).toContain("default-src 'none'");
    expect(page.body).toBe(renderHtml(buildGlossary(shippedConfig, new Date(T))));
    expect(page.body).toContain('A contact whose score is 50 points or more.');
    expect((await call(s, '/dashboard/glossary', { headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(200);
    expect((await call(s, '/dashboard/glossary', { method: 'POST', headers: { cookie } })).status).toBe(405);
  });

  it('says what the configuration in force says: a changed threshold shows on the page', async () => {
    const dir = copyShippedConfig();
    editFile(dir, 'scoring.yaml', (t) => t.replace('mqlThreshold: 50', 'mqlThreshold: 55'));
    const s = await start(undefined, () => T, loadConfig({ env: {}, dir }));
    const page = await call(s, '/dashboard/glossary');
    expect(page.status).toBe(200);
    expect(page.body).toContain('A contact whose score is 55 points or more.');
    expect(page.body).not.toContain('A contact whose score is 50 points or more.');
    expect((await call(s, '/dashboard/glossary', { headers: { 'x-forwarded-for': '203.0.113.9' } })).status).toBe(403);
  });

  it('is a 404 where no glossary is given', async () => {
    const server = await start(undefined, () => T, null);
    expect((await call(server, '/dashboard/glossary')).status).toBe(404);
    expect((await call(server, '/dashboard')).body).not.toContain('/dashboard/glossary');
  });
});

describe('/dashboard without a token', () => {
  it('answers loopback callers, but never a forwarded request', async () => {
    const s = await start();
    expect((await call(s, '/dashboard')).status).toBe(200);
    expect((await call(s, '/dashboard/data', { headers: { 'x-forwarded-for': '127.0.0.1' } })).status).toBe(403);
    expect((await call(s, '/dashboard', { headers: { forwarded: 'for=127.0.0.1' } })).status).toBe(403);
    expect((await login(s, 'anything')).status).toBe(404);
  });
});
