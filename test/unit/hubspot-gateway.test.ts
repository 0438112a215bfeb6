import nock from 'nock';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { virtualClock } from '../helpers/virtual-clock.js';
import { noopLogger } from '../../src/lib/logger.js';
import { HubSpotGateway } from '../../src/adapters/hubspot/gateway.js';

const BASE = 'https://hubspot.test';

function gateway(clock = virtualClock(0)) {
  return {
    clock,
    gw: new HubSpotGateway({ baseUrl: BASE, accessToken: 'pat-na1-test', clock, logger: noopLogger, tier: 'professional', rateShare: 0.5, searchPerSecond: 4 }),
  };
}

/** Narrow cases on the real SDK's HTTP layer: what HubSpot's 429 bodies make the gateway do. */
describe('HubSpotGateway retry decisions (real SDK, intercepted HTTP)', () => {
  beforeAll(() => nock.disableNetConnect());
  afterEach(() => nock.cleanAll());

  it('waits ten seconds after a TEN_SECONDLY_ROLLING 429, then succeeds, counting both calls', async () => {
    const { gw, clock } = gateway();
    nock(BASE)
      .post('/crm/v3/objects/contacts/search')
      .reply(429, { status: 'error', message: 'You have reached your ten_secondly_rolling limit.', errorType: 'RATE_LIMIT', policyName: 'TEN_SECONDLY_ROLLING' }, { 'Content-Type': 'application/json' })
      .post('/crm/v3/objects/contacts/search')
      .reply(200, { total: 0, results: [] }, { 'Content-Type': 'application/json' });
    const page = await gw.searchObjects('contacts', { filterGroups: [], sorts: [], properties: [], limit: 10 });
    expect(page.total).toBe(0);
    expect(clock.slept).toBeGreaterThanOrEqual(10_000);
    expect(gw.calls.search).toBe(2);
    expect(gw.rateLimited).toBe(1);
  });

  it('stops at once on the DAILY policy, without waiting or retrying', async () => {
    const { gw, clock } = gateway();
    const scope = nock(BASE)
      .post('/crm/v3/objects/contacts/search')
      .reply(429, { status: 'error', message: 'You have reached your daily limit.', errorType: 'RATE_LIMIT', policyName: 'DAILY' }, { 'Content-Type': 'application/json' });
    await expect(gw.searchObjects('contacts', { filterGroups: [], sorts: [], properties: [], limit: 10 })).rejects.toMatchObject({ code: 'DAILY_LIMIT' });
    expect(scope.isDone()).toBe(true);
    expect(clock.slept).toBe(0);
  });

  it('reads the account time zone for the daily reset', async () => {
    const { gw } = gateway();
    nock(BASE).get('/account-info/v3/details').reply(200, { portalId: 1, timeZone: 'Europe/Berlin' }, { 'Content-Type': 'application/json' });
    expect(await gw.accountTimeZone()).toBe('Europe/Berlin');
  });
});
