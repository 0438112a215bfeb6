import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/ports/clock.js';
import { noopLogger } from '../../src/lib/logger.js';
import { startSandbox } from '@handoff/sandbox';
import type { HubSpotObject, RunningSandbox } from '@handoff/sandbox';
import { HubSpotGateway } from '../../src/adapters/hubspot/gateway.js';
import { readWindow } from '../helpers/window-read.js';

/**
 * HubSpot search stops at 10,000 results. Incremental reads must still see every contact modified
 * in the window: 12,000 of them, 6,000 sharing one exact timestamp.
 */
describe('incremental read past the 10,000-result search cap', () => {
  let sandbox: RunningSandbox;
  const now = Date.now();
  const same = new Date(now - 3_600_000).toISOString();
  const ids: string[] = [];

  beforeAll(async () => {
    const contacts: HubSpotObject[] = [];
    for (let i = 0; i < 12_000; i++) {
      const id = String(1_000 + i);
      ids.push(id);
      // Half spread over the last day, half on one instant (a bulk import does that).
      const modified = i % 2 === 0 ? same : new Date(now - 86_400_000 + i * 7_000).toISOString();
      contacts.push({
        id,
        properties: { hs_object_id: id, email: `c${i}@example.com`, lastmodifieddate: modified, createdate: modified },
        createdAt: modified,
        updatedAt: modified,
      });
    }
    // Outside the window: must not be read.
    contacts.push({ id: '999', properties: { hs_object_id: '999', lastmodifieddate: new Date(now - 10 * 86_400_000).toISOString() }, createdAt: same, updatedAt: same });
    sandbox = await startSandbox({ rateLimits: false, dataset: { version: 1, hubspot: { contacts, emails: [], calls: [], meetings: [], notes: [], tasks: [], associations: [], owners: [] }, salesforce: { User: [], Lead: [], Contact: [], Account: [], Task: [] } } });
  });
  afterAll(async () => sandbox?.stop());

  it('reads every contact exactly once, none outside the window, and never asks past the cap', async () => {
    const gateway = new HubSpotGateway({
      baseUrl: sandbox.hubspotUrl,
      accessToken: sandbox.env.HUBSPOT_ACCESS_TOKEN ?? '',
      clock: systemClock,
      logger: noopLogger,
      tier: 'enterprise',
      rateShare: 1,
      searchPerSecond: 100, // the sandbox runs without rate limits here
    });
    const result = await readWindow(gateway, { since: now - 2 * 86_400_000, until: now }, []);
    const read = result.contacts.map((c) => c.id);
    expect(new Set(read).size).toBe(read.length);
    expect(read.sort()).toEqual([...ids].sort());
    const log = sandbox.control.hubspot.log.counters();
    const searches = Object.entries(log).filter(([k]) => k.startsWith('POST /crm/v3/objects/contacts/search')).reduce((n, [, v]) => n + v, 0);
    // 12,000 contacts at 200 a page need at least 60 pages; re-reading ties costs a little more.
    expect(searches).toBeGreaterThanOrEqual(60);
    expect(searches).toBeLessThan(140);
    const errors = sandbox.control.hubspot.log.entries().filter((e) => e.status >= 400);
    expect(errors).toHaveLength(0);
  });
});
