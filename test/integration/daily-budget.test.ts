import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDataset } from '@handoff/sandbox';
import { App } from '../../src/runtime/app.js';
import type { Config } from '../../src/config/load.js';
import { HandoffError } from '../../src/domain/errors.js';
import type { BudgetLane } from '../../src/ports/budget.js';
import { noopLogger } from '../../src/lib/logger.js';
import { startHarness } from '../helpers/pipeline.js';
import type { Harness } from '../helpers/pipeline.js';

/**
 * The daily allowances are one budget for every process on the state: two Apps, each with its own
 * store over the same state (as a CLI backfill beside the daemon has), call Salesforce and HubSpot
 * as fast as they may, and together never take the usage past Handoff's share.
 */
describe('daily allowances shared through the state', () => {
  let h: Harness;
  const apps: App[] = [];

  beforeAll(async () => {
    h = await startHarness(generateDataset({ contacts: 20, seed: 5 }), { salesforceDailyLimit: 200, hubspotDailyLimit: 40 });
  });
  afterAll(async () => {
    for (const a of apps) await a.close();
    await h.stop();
  });

  const app = (lane: BudgetLane, shares: { salesforce?: number } = {}): App => {
    const config: Config = {
      ...h.config,
      handoff: { ...h.config.handoff, salesforce: { ...h.config.handoff.salesforce, dailyBudgetShare: shares.salesforce ?? 0.5 }, budget: { liveReserve: 0.2 } },
    };
    // No `store`: each App opens its own over the state's URL.
    const made = new App({ config, logger: noopLogger, lane, retry: { retries: 2, baseDelayMs: 5, maxDelayMs: 20 } });
    apps.push(made);
    return made;
  };

  /** Calls until the allowance refuses; how many went through. */
  async function drain(call: () => Promise<unknown>): Promise<number> {
    let n = 0;
    for (;;) {
      try {
        await call();
        n += 1;
      } catch (err) {
        if (err instanceof HandoffError && err.code === 'DAILY_LIMIT' && err.vendorCode === 'HANDOFF_BUDGET') return n;
        throw err;
      }
    }
  }

  it('Salesforce: a backfill stops at its share less the live reserve, and two live processes together at the share', async () => {
    const backfill = await app('backfill').salesforce();
    const soql = 'SELECT Id FROM User LIMIT 1';
    // 200 × 0.5 × (1 − 0.2) = 80 for the backfill lane.
    expect(await drain(() => backfill.query(soql))).toBeGreaterThan(0);
    expect(h.sandbox.control.salesforce.apiUsage().used).toBeLessThanOrEqual(80);
    expect(h.sandbox.control.salesforce.apiUsage().used).toBeGreaterThanOrEqual(78);

    const [one, two] = await Promise.all([app('live').salesforce(), app('live').salesforce()]);
    const [a, b] = await Promise.all([drain(() => one.query(soql)), drain(() => two.query(soql))]);
    expect(a).toBeGreaterThan(0);
    expect(b).toBeGreaterThan(0);
    // Both processes ran to the share (100), and together never past it.
    const used = h.sandbox.control.salesforce.apiUsage().used;
    expect(used).toBeLessThanOrEqual(100);
    expect(used).toBeGreaterThanOrEqual(98);
  });

  it('HubSpot: the daily limit is one allowance, the backfill leaving the live reserve', async () => {
    const daily = (): number => h.sandbox.control.hubspot.rateLimitUsage().dailyUsed;
    const start = daily();
    const [bf, live] = [app('backfill').hubspot(), app('live').hubspot()];
    // The first answers teach the limit (40); the backfill stops at 32, live at 40.
    const [b, l] = await Promise.all([drain(() => bf.contactPropertyNames()), drain(() => live.contactPropertyNames())]);
    expect(b).toBeGreaterThan(0);
    expect(l).toBeGreaterThan(0);
    expect(start + b + l).toBe(daily());
    expect(daily()).toBeLessThanOrEqual(40);
    expect(daily()).toBeGreaterThanOrEqual(38);
    expect(b).toBeLessThanOrEqual(32);
    // Nothing was refused by HubSpot itself (drain would have thrown its DAILY 429): Handoff stopped first.
    expect(bf.rateLimited + live.rateLimited).toBe(0);
  });
});
