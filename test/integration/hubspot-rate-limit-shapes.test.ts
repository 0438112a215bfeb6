import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SandboxClock, startHubSpotSandbox } from '@handoff/sandbox';
import type { HubSpotSandbox } from '@handoff/sandbox';
import { virtualClock } from '../helpers/virtual-clock.js';
import { noopLogger } from '../../src/lib/logger.js';
import { HubSpotGateway } from '../../src/adapters/hubspot/gateway.js';
import { mapHubSpotError } from '../../src/adapters/hubspot/map-error.js';

/**
 * HubSpot's search 429 comes in two bodies (errorType + policyName SECONDLY, or category RATE_LIMITS with
 * only the message). Through the real @hubspot/api-client, the gateway reads both as a secondly limit:
 * it waits one second (not ten) on the clock, sends again, and gets its page.
 */
const TOKEN = 'pat-na1-00000000-1111-2222-3333-444444444444';
const T0 = Date.UTC(2026, 2, 10, 15, 0, 0);
const SEARCH = { filterGroups: [], sorts: [], properties: ['email'], limit: 10 };

describe('HubSpot search 429 bodies through the SDK', () => {
  let sandbox: HubSpotSandbox;
  const sandboxClock = new SandboxClock();

  beforeAll(async () => {
    sandbox = await startHubSpotSandbox({ clock: sandboxClock, accessToken: TOKEN, rateLimits: true });
  });
  afterAll(async () => {
    await sandbox.stop();
  });
  beforeEach(() => {
    sandbox.reset();
    sandboxClock.set(T0, true);
    const at = new Date(T0 - 60_000).toISOString();
    sandbox.load({ contacts: [{ id: '1', properties: { email: 'a@example.com' }, createdAt: at, updatedAt: at }] });
  });

  it.each(['errorType', 'category'] as const)('the %s body: six quick searches, the sixth waits a second and lands', async (secondlyBody) => {
    sandbox.setRateLimits({ secondlyBody });
    // The gateway's clock moves the sandbox's in step, so a wait on one is a wait on the other.
    const clock = virtualClock(T0, (ms) => {
      sandboxClock.advance(ms);
    });
    // Its own search limiter is set above HubSpot's 5 a second, so HubSpot is the one that refuses.
    const gw = new HubSpotGateway({ baseUrl: sandbox.url, accessToken: TOKEN, clock, logger: noopLogger, tier: 'professional', rateShare: 1, searchPerSecond: 50 });
    for (let i = 0; i < 6; i++) expect((await gw.searchObjects('contacts', SEARCH)).total).toBe(1);

    expect(sandbox.log.entries().filter((e) => e.status === 429)).toHaveLength(1);
    expect(gw.rateLimited).toBe(1);
    expect(gw.calls.search).toBe(7);
    expect(clock.slept).toBeGreaterThanOrEqual(1_000);
    expect(clock.slept).toBeLessThan(10_000);

    // What the SDK itself throws for that answer, and what the mapper makes of it.
    let thrown: unknown;
    for (let i = 0; i < 6 && thrown === undefined; i++) {
      await gw.client.crm.contacts.searchApi.doSearch(SEARCH).catch((err: unknown) => {
        thrown = err;
      });
    }
    const body = (thrown as { body: Record<string, unknown> }).body;
    expect(body).toHaveProperty(secondlyBody === 'category' ? 'category' : 'policyName', secondlyBody === 'category' ? 'RATE_LIMITS' : 'SECONDLY');
    expect(mapHubSpotError(thrown)).toMatchObject({ code: 'RATE_LIMITED', retryAfterMs: 1_000, system: 'hubspot' });
  });
});
