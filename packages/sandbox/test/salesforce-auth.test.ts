import { Connection } from 'jsforce';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { SalesforceSandbox } from '../src/salesforce/index.js';
import { CLIENT_ID, INTEGRATION_USER, VERSION, failure, oauthConnection, startSandbox, tokenConnection } from './salesforce-helpers.js';

describe('Salesforce sandbox: auth, limits, faults', () => {
  let sandbox: SalesforceSandbox;

  beforeAll(async () => {
    sandbox = await startSandbox({ sessionSeconds: 600, dailyApiLimit: 1000 });
  });
  afterAll(async () => {
    await sandbox.stop();
  });
  beforeEach(() => {
    sandbox.reset();
  });

  it('authorizes with client credentials and returns the integration user from the id URL', async () => {
    const conn = new Connection({ oauth2: { clientId: CLIENT_ID, clientSecret: 'handoff-secret', loginUrl: sandbox.url }, version: VERSION });
    const userInfo = await conn.authorize({ grant_type: 'client_credentials' });
    expect(userInfo.id).toBe(INTEGRATION_USER);
    expect(userInfo.organizationId).toMatch(/^00D[A-Za-z0-9]{15}$/);
    expect(conn.instanceUrl).toBe(sandbox.url);
    const res = await conn.query<{ Id: string }>('SELECT Id FROM User');
    expect(res.totalSize).toBe(3);
  });

  it('rejects a wrong client secret with invalid_client and an unknown grant with unsupported_grant_type', async () => {
    const bad = new Connection({ oauth2: { clientId: CLIENT_ID, clientSecret: 'nope', loginUrl: sandbox.url }, version: VERSION });
    expect((await failure(bad.authorize({ grant_type: 'client_credentials' }))).name).toBe('invalid_client');
    expect((await failure(bad.authorize({ grant_type: 'magic' }))).name).toBe('unsupported_grant_type');
  });

  it('accepts the configured static access token', async () => {
    const conn = tokenConnection(sandbox);
    const limits = await conn.limits();
    expect(limits.DailyApiRequests?.Max).toBe(1000);
  });

  it('answers 401 INVALID_SESSION_ID for unknown tokens and when sessions expire on the clock; refreshFn re-mints', async () => {
    const stranger = new Connection({ instanceUrl: sandbox.url, accessToken: 'bogus', version: VERSION });
    const err = await failure(stranger.query('SELECT Id FROM Lead'));
    expect(err.errorCode).toBe('INVALID_SESSION_ID');

    const conn = await oauthConnection(sandbox);
    const firstToken = conn.accessToken;
    sandbox.clock.advance(601_000);
    const res = await conn.query('SELECT Id FROM User');
    expect(res.totalSize).toBe(3);
    expect(conn.accessToken).not.toBe(firstToken);
    expect(sandbox.log.count('POST /services/oauth2/token')).toBe(2);
    // One 401 for the stranger, one for the expired session before jsforce refreshed and replayed.
    expect(sandbox.log.entries.filter((e) => e.status === 401)).toHaveLength(2);
  });

  it('refresh_token grant mints a new session from an issued refresh token', async () => {
    const conn = new Connection({
      oauth2: { clientId: CLIENT_ID, clientSecret: 'handoff-secret', loginUrl: sandbox.url },
      instanceUrl: sandbox.url,
      refreshToken: sandbox.issueRefreshToken(),
      version: VERSION,
    });
    const res = await conn.query('SELECT Id FROM User');
    expect(res.totalSize).toBe(3);
    expect(conn.accessToken).toMatch(/^00D/);
  });

  it('the expire-token fault kills the static token', async () => {
    sandbox.faults.add({ kind: 'expire-token', times: 1 });
    const err = await failure(tokenConnection(sandbox).query('SELECT Id FROM Lead'));
    expect(err.errorCode).toBe('INVALID_SESSION_ID');
  });

  it('lists versions without auth and without a limit header', async () => {
    const res = await fetch(`${sandbox.url}/services/data/`);
    const body = (await res.json()) as { version: string; label: string }[];
    expect(body.map((v) => v.version)).toContain('67.0');
    expect(body.find((v) => v.version === '64.0')?.label).toBe("Summer '25");
    expect(res.headers.get('sforce-limit-info')).toBeNull();
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  });

  it('serves any API version v50.0–v67.0 and 404s outside that range', async () => {
    const headers = { Authorization: `Bearer ${'00D000000000001!static-token'}` };
    expect((await fetch(`${sandbox.url}/services/data/v50.0/limits`, { headers })).status).toBe(200);
    expect((await fetch(`${sandbox.url}/services/data/v67.0/sobjects/Lead/describe`, { headers })).status).toBe(200);
    expect((await fetch(`${sandbox.url}/services/data/v49.0/limits`, { headers })).status).toBe(404);
  });

  it('reports usage in Sforce-Limit-Info (parsed into conn.limitInfo) and refuses calls past the daily allocation', async () => {
    const conn = tokenConnection(sandbox);
    await conn.query('SELECT Id FROM Lead');
    expect(conn.limitInfo.apiUsage).toEqual({ used: 1, limit: 1000 });
    sandbox.setDailyLimit(5, 4);
    await conn.query('SELECT Id FROM Lead');
    expect(conn.limitInfo.apiUsage).toEqual({ used: 5, limit: 5 });
    const err = await failure(conn.query('SELECT Id FROM Lead'));
    expect(err.errorCode).toBe('REQUEST_LIMIT_EXCEEDED');
    expect(err.message).toBe('TotalRequests Limit exceeded.');
    // The allocation is a rolling 24 hours on the sandbox clock.
    sandbox.clock.advance(24 * 3600_000 + 1);
    await conn.query('SELECT Id FROM Lead');
    expect(conn.limitInfo.apiUsage).toEqual({ used: 1, limit: 5 });
  });

  it('status faults fire the requested number of times with the Salesforce error shape', async () => {
    const conn = tokenConnection(sandbox);
    sandbox.faults.add({ kind: 'status', method: 'POST', path: '/sobjects/Lead$', status: 400, errorCode: 'UNABLE_TO_LOCK_ROW', message: 'unable to obtain exclusive access to this record', times: 2 });
    for (let i = 0; i < 2; i += 1) {
      const err = await failure(conn.sobject('Lead').create({ LastName: 'L', Company: 'C' }));
      expect(err.errorCode).toBe('UNABLE_TO_LOCK_ROW');
    }
    const ok = await conn.sobject('Lead').create({ LastName: 'L', Company: 'C' });
    expect(ok.success).toBe(true);
  });

  it('reset faults drop the connection', async () => {
    sandbox.faults.add({ kind: 'reset', method: 'POST', path: '/composite', times: 1 });
    const conn = tokenConnection(sandbox);
    const err = await failure(conn.sobject('Lead').create([{ LastName: 'L', Company: 'C' }]));
    expect(err.message).toMatch(/socket|ECONNRESET|fetch failed|terminated/i);
    expect(sandbox.records('Lead')).toHaveLength(0);
  });

  it('control API drives the same actions over HTTP', async () => {
    const post = (path: string, body: unknown): Promise<Response> =>
      fetch(`${sandbox.url}/__sandbox/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect((await post('dataset', { salesforce: { User: [{ Username: 'u@x.test', Email: 'u@x.test', LastName: 'U' }], Lead: [{ LastName: 'A', Company: 'B' }] } })).status).toBe(200);
    const leads = (await (await fetch(`${sandbox.url}/__sandbox/records/lead`)).json()) as { Id: string; Status: string }[];
    expect(leads).toHaveLength(1);
    expect(leads[0]?.Status).toBe('Open - Not Contacted');
    expect((await post('limits', { dailyApiLimit: 10, used: 3 })).status).toBe(200);
    await tokenConnection(sandbox).query('SELECT Id FROM Lead');
    const counters = (await (await fetch(`${sandbox.url}/__sandbox/counters`)).json()) as Record<string, number>;
    expect(counters['GET /query']).toBe(1);
    expect((await post('clock', { set: '2026-03-01T00:00:00Z', pin: true })).status).toBe(200);
    expect(sandbox.clock.nowIso()).toBe('2026-03-01T00:00:00.000Z');
    expect((await post('faults', { kind: 'status', status: 503, times: 1 })).status).toBe(201);
    expect(sandbox.faults.list()).toHaveLength(1);
    sandbox.clock.reset();
  });
});
