import { request } from 'node:http';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openStateStore } from '../../src/adapters/state/index.js';
import type { LedgerRow, StateStore } from '../../src/ports/state.js';
import { main } from '../../src/runtime/cli/main.js';
import { reviewsSource } from '../../src/runtime/http/reviews-page.js';
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
async function start(token?: string, nowMs: () => number = () => T, config: typeof shippedConfig | null = shippedConfig, reviews?: Parameters<typeof createDashboard>[0]['reviews']): Promise<RunningHttpServer> {
  const server = await startHttpServer({
    port: 0,
    host: '127.0.0.1',
    logger: noopLogger,
    metrics: createMetrics({ defaultMetrics: false }),
    readiness: () => Promise.resolve({ ready: true, checks: {} }),
    ...(token === undefined ? {} : { token }),
    dashboard: createDashboard({ token, report, logger: noopLogger, nowMs, ...(config ? { glossary: glossaryPage(config, { now: nowMs }) } : {}), ...(reviews ? { reviews } : {}) }),
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

describe('/dashboard/reviews: the ambiguous matches awaiting a pick, behind the same door', () => {
  const AT = '2026-11-30T09:00:00.000Z';
  const line = (hubspotId: string, detail: Record<string, unknown>, taskId?: string): Omit<LedgerRow, 'seq'> =>
    ({ runId: 'r1', hubspotId, salesforceIds: taskId ? { taskId } : {}, action: 'match.review', result: 'ok', detail, at: AT }) as unknown as Omit<LedgerRow, 'seq'>;

  /** A state file with three reviews: 101 handed off to a Lead with one passed over, 102 held by matching.strict, 103 resolved already. */
  async function seededState(): Promise<{ url: string; state: StateStore }> {
    const url = `sqlite:${mkdtempSync(join(tmpdir(), 'handoff-reviews-'))}/state.db`;
    const state = await openStateStore(url);
    await state.commitBatch({
      ledger: [
        line('101', { handoffKey: '101:1', picked: { id: '00Q000000000001AAA', object: 'Lead' }, alternatives: [{ id: '00Q000000000002AAA', object: 'Lead' }] }, '00T000000000001AAA'),
        line('102', { handoffKey: null, strict: true, picked: { id: '003000000000001AAA', object: 'Contact' }, alternatives: [{ id: '003000000000002AAA', object: 'Contact' }, { id: '00Q000000000003AAA', object: 'Lead' }] }),
        line('103', { handoffKey: '103:1', picked: { id: '00Q000000000004AAA', object: 'Lead' }, alternatives: [{ id: '00Q000000000005AAA', object: 'Lead' }] }, '00T000000000002AAA'),
      ],
    });
    const [, , third] = await state.queryLedger({ action: 'match.review' });
    await state.commitBatch({
      ledger: [{ runId: 'r2', hubspotId: '103', salesforceIds: {}, action: 'match.resolve', result: 'ok', detail: { review: third?.seq, to: { id: '00Q000000000005AAA', object: 'Lead' } }, at: AT } as unknown as Omit<LedgerRow, 'seq'>],
    });
    return { url, state };
  }

  /** What `handoff review list --json` prints over that state file. */
  async function reviewListJson(url: string): Promise<unknown> {
    const out: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      out.push(String(chunk));
      return true;
    });
    const env = { HANDOFF_DATABASE_URL: url, HANDOFF_CONFIG_DIR: join(import.meta.dirname, '..', '..', 'config'), HUBSPOT_ACCESS_TOKEN: 'x', SALESFORCE_CLIENT_ID: 'x', SALESFORCE_CLIENT_SECRET: 'x', LOG_LEVEL: 'error' };
    for (const [k, v] of Object.entries(env)) vi.stubEnv(k, v);
    try {
      expect(await main(['node', 'handoff', 'review', 'list', '--json'])).toBe(0);
    } finally {
      vi.restoreAllMocks();
      vi.unstubAllEnvs();
    }
    return JSON.parse(out.join(''));
  }

  it('is refused without a session, and with one shows the open reviews, each with its records and the command that resolves it', async () => {
    const { state } = await seededState();
    const s = await start(TOKEN, () => T, shippedConfig, reviewsSource({ config: { connections: { ...shippedConfig.connections, salesforce: { ...shippedConfig.connections.salesforce, instanceUrl: 'https://acme.my.salesforce.com' } } }, state }));
    const anonymous = await call(s, '/dashboard/reviews');
    expect(anonymous.status).toBe(401);
    expect(anonymous.body).not.toContain('00Q000000000001AAA');
    expect((await call(s, '/dashboard/reviews/data')).status).toBe(401);
    expect((await call(s, '/dashboard/reviews', { headers: { authorization: 'Bearer nope' } })).status).toBe(401);

    const cookie = cookieFrom(await login(s, TOKEN));
    const dashboard = await call(s, '/dashboard', { headers: { cookie } });
    expect(dashboard.body).toContain('<a href="/dashboard/reviews">Ambiguous matches awaiting review: <span data-open-reviews="2">2</span> open</a>');
    const page = await call(s, '/dashboard/reviews', { headers: { cookie } });
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toContain("default-src 'none'");
    expect(page.body).toContain('<h1>Ambiguous matches awaiting review</h1>');
    expect(page.body).toContain('<th scope="col">Review ID</th>');
    const rows = [...page.body.matchAll(/<tr data-review="(\d+)">(.*?)<\/tr>/g)];
    expect(rows).toHaveLength(2);
    const [first, held] = rows.map((r) => ({ id: r[1] ?? '', html: r[2] ?? '' }));
    expect(first?.html).toContain(`<th scope="row">${first?.id}</th><td>101</td><td><a href="https://acme.my.salesforce.com/00Q000000000001AAA">Lead 00Q000000000001AAA</a></td>`);
    expect(first?.html).toContain('<a href="https://acme.my.salesforce.com/00Q000000000002AAA">Lead 00Q000000000002AAA</a>');
    expect(first?.html).toContain(`<code>handoff review resolve ${first?.id} --pick 00Q000000000002AAA</code>`);
    // The pick is where the handoff is already: its command keeps it and closes the review.
    expect(first?.html).toContain(`<code>handoff review resolve ${first?.id} --pick 00Q000000000001AAA</code> (keeps the pick and closes the review)`);
    expect(first?.html).toContain(`<time datetime="${AT}">2026-11-30 09:00 UTC</time>`);
    // A held contact: nothing was written, so every record is a choice, the pick included.
    expect(held?.html).toContain('Held by matching.strict');
    for (const sfid of ['003000000000001AAA', '003000000000002AAA', '00Q000000000003AAA']) expect(held?.html).toContain(`<code>handoff review resolve ${held?.id} --pick ${sfid}</code>`);
    expect(held?.html).toContain('Contact 003000000000002AAA');
    // The resolved one is counted, not listed.
    expect(page.body).not.toContain('00Q000000000004AAA');
    expect(page.body).toContain('2</span> open (1 held by matching.strict), 1 resolved');
    // Read-only: no form, nothing but GET.
    expect(page.body).not.toContain('<form');
    expect((await call(s, '/dashboard/reviews', { method: 'POST', headers: { cookie } })).status).toBe(405);
    expect((await call(s, '/dashboard/reviews', { headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(200);
    await state.close();
  });

  it('its data is what handoff review list --json prints for the same state', async () => {
    const { url, state } = await seededState();
    const s = await start(undefined, () => T, shippedConfig, reviewsSource({ config: shippedConfig, state }));
    const data = await call(s, '/dashboard/reviews/data');
    expect(data.status).toBe(200);
    expect(data.headers['content-type']).toBe('application/json; charset=utf-8');
    const json = JSON.parse(data.body) as unknown[];
    expect(json).toHaveLength(3);
    expect(json).toEqual(await reviewListJson(url));
    // The generic login host gives no record links; the ids still show.
    const page = await call(s, '/dashboard/reviews');
    expect(page.body).toContain('<td>Lead 00Q000000000001AAA</td>');
    expect(page.body).not.toContain('salesforce.com/');
    expect((await call(s, '/dashboard/reviews', { headers: { 'x-forwarded-for': '203.0.113.9' } })).status).toBe(403);
    await state.close();
  });

  it('is a 404 where no reviews are given, and the page says when none is open', async () => {
    const none = await start();
    expect((await call(none, '/dashboard/reviews')).status).toBe(404);
    expect((await call(none, '/dashboard')).body).not.toContain('/dashboard/reviews');
    const empty = await start(undefined, () => T, shippedConfig, { list: () => Promise.resolve([]), salesforceUrl: null });
    const page = await call(empty, '/dashboard/reviews');
    expect(page.body).toContain('<p>No ambiguous match is awaiting review.</p>');
    expect(page.body).not.toContain('<table');
  });
});
