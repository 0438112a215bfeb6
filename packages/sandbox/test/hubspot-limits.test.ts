import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { T0, TOKEN, apiError, contacts, raw, startHarness } from './hubspot-fixture.js';
import type { Harness } from './hubspot-fixture.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ rateLimits: true, tier: 'starter', tenSecondLimit: 3, dailyLimit: 1000 });
});
afterAll(async () => {
  await h.sb.stop();
});
beforeEach(() => {
  h.sb.reset();
  h.clock.set(T0, true);
  h.sb.load({ contacts: contacts(3) });
});

const search = { filterGroups: [], sorts: [], properties: [], limit: 10, after: '0' };

describe('authentication', () => {
  it('answers a missing or wrong token with 401 INVALID_AUTHENTICATION as JSON', async () => {
    const res = await raw(h.sb, '/crm/v3/objects/contacts', { token: null });
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.body).toMatchObject({ status: 'error', category: 'INVALID_AUTHENTICATION', correlationId: expect.any(String) });
    expect((res.body as { message: string }).message).toMatch(/^Authentication credentials not found/);
    expect((await raw(h.sb, '/crm/v3/objects/contacts', { token: 'nope' })).status).toBe(401);
  });

  it('expires the token on an expire-token fault until it is renewed', async () => {
    h.sb.faults.add({ kind: 'expire-token', times: 1 });
    const first = await apiError(h.client.crm.contacts.basicApi.getPage());
    expect(first.code).toBe(401);
    expect(first.body['category']).toBe('EXPIRED_AUTHENTICATION');
    expect((await apiError(h.client.crm.contacts.basicApi.getPage())).body['category']).toBe('EXPIRED_AUTHENTICATION');
    const renewed = await fetch(`${h.sb.url}/__sandbox/token`, { method: 'POST' });
    expect(renewed.status).toBe(200);
    expect((await h.client.crm.contacts.basicApi.getPage()).results).toHaveLength(3);
  });
});

describe('rate limits', () => {
  it('enforces the rolling 10-second window with HubSpot headers and body, then recovers as the clock moves', async () => {
    const remaining: (string | null)[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await raw(h.sb, '/crm/v3/objects/contacts');
      expect(res.headers.get('x-hubspot-ratelimit-max')).toBe('3');
      expect(res.headers.get('x-hubspot-ratelimit-interval-milliseconds')).toBe('10000');
      remaining.push(res.headers.get('x-hubspot-ratelimit-remaining'));
      h.clock.advance(1_000);
    }
    expect(remaining).toEqual(['2', '1', '0']);
    const limited = await raw(h.sb, '/crm/v3/objects/contacts');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('content-type')).toMatch(/^application\/json/);
    expect(limited.body).toEqual({
      status: 'error',
      message: 'You have reached your ten_secondly_rolling limit.',
      errorType: 'RATE_LIMIT',
      correlationId: expect.any(String),
      policyName: 'TEN_SECONDLY_ROLLING',
    });
    const viaSdk = await apiError(h.client.crm.contacts.basicApi.getPage());
    expect(viaSdk.code).toBe(429);
    // The first request (t=0) leaves the window at t=10s; one slot frees up.
    h.clock.advance(7_001);
    expect((await raw(h.sb, '/crm/v3/objects/contacts')).status).toBe(200);
    expect((await raw(h.sb, '/crm/v3/objects/contacts')).status).toBe(429);
  });

  it('limits search to 5 per second separately, without rate headers, with the secondly message', async () => {
    for (let i = 0; i < 5; i++) {
      const res = await raw(h.sb, '/crm/v3/objects/contacts/search', { method: 'POST', body: JSON.stringify(search) });
      expect(res.status).toBe(200);
      expect(res.headers.get('x-hubspot-ratelimit-remaining')).toBeNull();
    }
    const limited = await raw(h.sb, '/crm/v3/objects/contacts/search', { method: 'POST', body: JSON.stringify(search) });
    expect(limited.status).toBe(429);
    expect(limited.body).toMatchObject({ message: 'You have reached your secondly limit.', errorType: 'RATE_LIMIT', policyName: 'SECONDLY' });
    expect((await apiError(h.client.crm.contacts.searchApi.doSearch(search))).code).toBe(429);
    // Searches did not use the 10-second budget.
    expect((await raw(h.sb, '/crm/v3/objects/contacts')).headers.get('x-hubspot-ratelimit-remaining')).toBe('2');
    h.clock.advance(1_000);
    expect((await h.client.crm.contacts.searchApi.doSearch(search)).total).toBe(3);
  });

  it('enforces the daily cap until midnight in the account time zone', async () => {
    h.sb.setRateLimits({ dailyLimit: 4, tenSecondLimit: 100 });
    for (let i = 0; i < 4; i++) {
      const res = await raw(h.sb, '/crm/v3/objects/contacts');
      expect(res.headers.get('x-hubspot-ratelimit-daily')).toBe('4');
      expect(res.headers.get('x-hubspot-ratelimit-daily-remaining')).toBe(String(3 - i));
    }
    const limited = await raw(h.sb, '/crm/v3/objects/contacts');
    expect(limited.status).toBe(429);
    expect(limited.body).toMatchObject({ policyName: 'DAILY', message: 'You have reached your daily limit.', errorType: 'RATE_LIMIT' });
    // T0 is 11:00 in New York (EDT, UTC-4): midnight there is 04:00Z the next day.
    h.clock.set(Date.UTC(2025, 2, 11, 3, 59, 59), true);
    expect((await apiError(h.client.crm.contacts.basicApi.getPage())).code).toBe(429);
    h.clock.set(Date.UTC(2025, 2, 11, 4, 0, 0), true);
    const next = await raw(h.sb, '/crm/v3/objects/contacts');
    expect(next.status).toBe(200);
    expect(next.headers.get('x-hubspot-ratelimit-daily-remaining')).toBe('3');
  });

  it('sends no daily headers for OAuth apps and can be switched off through the control API', async () => {
    h.sb.setTier('oauth');
    h.sb.setRateLimits({ tenSecondLimit: null });
    const res = await raw(h.sb, '/crm/v3/objects/contacts');
    expect(res.headers.get('x-hubspot-ratelimit-max')).toBe('110');
    expect(res.headers.get('x-hubspot-ratelimit-daily')).toBeNull();
    const off = await fetch(`${h.sb.url}/__sandbox/rate-limits`, { method: 'POST', body: JSON.stringify({ enabled: false }) });
    expect(off.status).toBe(200);
    for (let i = 0; i < 120; i++) expect((await raw(h.sb, '/crm/v3/objects/contacts?limit=1')).status).toBe(200);
  });
});

describe('faults', () => {
  it('fails with a status fault N times and then serves normally', async () => {
    const rule = await fetch(`${h.sb.url}/__sandbox/faults`, { method: 'POST', body: JSON.stringify({ kind: 'status', status: 503, errorCode: 'SERVICE_UNAVAILABLE', times: 2, path: '^/crm/v3/objects/contacts$' }) });
    expect(rule.status).toBe(201);
    for (let i = 0; i < 2; i++) {
      const err = await apiError(h.client.crm.contacts.basicApi.getPage());
      expect(err.code).toBe(503);
      expect(err.body).toMatchObject({ status: 'error', category: 'SERVICE_UNAVAILABLE' });
    }
    expect((await h.client.crm.contacts.basicApi.getPage()).results).toHaveLength(3);
  });

  it('sends the secondly 429 in either of the two shapes HubSpot uses, by setting, for the limiter and for faults alike', async () => {
    const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
    h.sb.setRateLimits({ secondlyBody: 'category' });
    for (let i = 0; i < 5; i++) expect((await raw(h.sb, '/crm/v3/objects/contacts/search', { method: 'POST', body: JSON.stringify(search) })).status).toBe(200);
    const limited = await raw(h.sb, '/crm/v3/objects/contacts/search', { method: 'POST', body: JSON.stringify(search) });
    expect(limited.status).toBe(429);
    const correlation = limited.headers.get('x-hubspot-correlation-id') ?? '';
    expect(correlation).toMatch(UUID);
    expect(limited.body).toEqual({ status: 'error', message: 'You have reached your secondly limit.', correlationId: correlation, category: 'RATE_LIMITS' });

    h.clock.advance(1_000);
    h.sb.faults.add({ kind: 'status', status: 429, errorCode: 'SECONDLY', times: 1 });
    const faulted = await raw(h.sb, '/crm/v3/objects/contacts/search', { method: 'POST', body: JSON.stringify(search) });
    expect(faulted.body).toMatchObject({ category: 'RATE_LIMITS', message: 'You have reached your secondly limit.' });
    expect(faulted.body).not.toHaveProperty('policyName');

    // Back to the default through the control API: errorType and policyName.
    await fetch(`${h.sb.url}/__sandbox/rate-limits`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ secondlyBody: 'errorType' }) });
    h.sb.faults.add({ kind: 'status', status: 429, errorCode: 'SECONDLY', times: 1 });
    const policy = await raw(h.sb, '/crm/v3/objects/contacts/search', { method: 'POST', body: JSON.stringify(search) });
    expect(policy.body).toEqual({ status: 'error', message: 'You have reached your secondly limit.', errorType: 'RATE_LIMIT', correlationId: policy.headers.get('x-hubspot-correlation-id'), policyName: 'SECONDLY' });
  });

  it('puts a fresh X-HubSpot-Correlation-Id (a UUID) on every answer, and on errors the one the body names', async () => {
    const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
    const list = await raw(h.sb, '/crm/v3/objects/contacts');
    const again = await raw(h.sb, '/crm/v3/objects/contacts');
    expect(list.headers.get('x-hubspot-correlation-id')).toMatch(UUID);
    expect(again.headers.get('x-hubspot-correlation-id')).not.toBe(list.headers.get('x-hubspot-correlation-id'));
    const missing = await raw(h.sb, '/crm/v3/objects/contacts/999');
    expect(missing.status).toBe(404);
    expect(missing.headers.get('x-hubspot-correlation-id')).toBe((missing.body as { correlationId: string }).correlationId);
    const unauthorized = await raw(h.sb, '/crm/v3/objects/contacts', { token: 'wrong' });
    expect(unauthorized.headers.get('x-hubspot-correlation-id')).toBe((unauthorized.body as { correlationId: string }).correlationId);
  });

  it('answers a 429 fault with the rate-limit body, policyName from errorCode', async () => {
    h.sb.faults.add({ kind: 'status', status: 429, errorCode: 'DAILY', times: 1, retryAfter: 2 });
    const res = await raw(h.sb, '/crm/v3/objects/contacts');
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('2');
    expect(res.body).toMatchObject({ status: 'error', errorType: 'RATE_LIMIT', policyName: 'DAILY', message: 'You have reached your daily limit.' });
  });

  it('resets the connection, delays, and holds a request open; the log records each', async () => {
    h.sb.faults.add({ kind: 'reset', times: 1 });
    await expect(h.client.crm.contacts.basicApi.getPage()).rejects.toThrow();
    h.sb.faults.add({ kind: 'latency', latencyMs: 50, times: 1 });
    expect((await h.client.crm.contacts.basicApi.getPage()).results).toHaveLength(3);
    h.sb.faults.add({ kind: 'timeout', times: 1 });
    await expect(fetch(`${h.sb.url}/crm/v3/objects/contacts`, { headers: { Authorization: `Bearer ${TOKEN}` }, signal: AbortSignal.timeout(100) })).rejects.toThrow();
    const log = h.sb.log.entries();
    expect(log.map((e) => e.status)).toEqual([0, 200, 0]);
    expect(log[1]?.durationMs).toBeGreaterThanOrEqual(45);
  });

  it('never faults or rate-limits control routes', async () => {
    h.sb.faults.add({ kind: 'status', status: 500 });
    h.sb.setRateLimits({ tenSecondLimit: 1 });
    for (let i = 0; i < 3; i++) expect((await fetch(`${h.sb.url}/__sandbox/counters`)).status).toBe(200);
    expect((await raw(h.sb, '/crm/v3/objects/contacts')).status).toBe(500);
  });
});

describe('responses and request log', () => {
  it('sends JSON Content-Type on unknown routes, 204s and validation errors', async () => {
    const unknown = await raw(h.sb, '/crm/v3/nothing-here');
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toMatch(/^application\/json/);
    expect(unknown.body).toMatchObject({ status: 'error' });
    const del = await fetch(`${h.sb.url}/crm/v3/objects/contacts/1`, { method: 'DELETE', headers: { Authorization: `Bearer ${TOKEN}` } });
    expect(del.status).toBe(204);
    expect(del.headers.get('content-type')).toMatch(/^application\/json/);
    const badJson = await raw(h.sb, '/crm/v3/objects/contacts', { method: 'POST', body: '{nope' });
    expect(badJson.status).toBe(400);
    expect(badJson.headers.get('content-type')).toMatch(/^application\/json/);
  });

  it('records every emulated request and counts per endpoint, not control calls', async () => {
    await h.client.crm.contacts.basicApi.getPage();
    h.clock.advance(1_000);
    await h.client.crm.contacts.searchApi.doSearch(search);
    await h.client.crm.contacts.basicApi.getById('2');
    const counters = (await (await fetch(`${h.sb.url}/__sandbox/counters`)).json()) as Record<string, number>;
    expect(counters).toEqual({
      'GET /crm/v3/objects/contacts': 1,
      'POST /crm/v3/objects/contacts/search': 1,
      'GET /crm/v3/objects/contacts/{id}': 1,
    });
    const since = (await (await fetch(`${h.sb.url}/__sandbox/requests?since=${T0 + 1_000}`)).json()) as { requests: { method: string; path: string; status: number; at: number }[] };
    expect(since.requests.map((r) => `${r.method} ${r.path} ${r.status} ${r.at}`)).toEqual([
      `POST /crm/v3/objects/contacts/search 200 ${T0 + 1_000}`,
      `GET /crm/v3/objects/contacts/2 200 ${T0 + 1_000}`,
    ]);
  });
});
