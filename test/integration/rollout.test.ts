import { Connection } from 'jsforce';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { openStateStore } from '../../src/adapters/state/index.js';
import { samplePoint } from '../../src/core/rollout.js';
import type { DecisionRecord } from '../../src/domain/decision.js';
import { reconcile } from '../../src/jobs/reconcile/reconcile.js';
import { runSync } from '../../src/jobs/sync/run-sync.js';
import { noopLogger } from '../../src/lib/logger.js';
import { App } from '../../src/runtime/app.js';
import { generateDataset } from '@handoff/sandbox';
import { copyShippedConfig, editFile } from '../helpers/config-dir.js';
import { startHarness } from '../helpers/pipeline.js';
import type { Harness } from '../helpers/pipeline.js';

const SHARE = 0.1;

/** A copy of the shipped config reading the whole dataset, with this rollout share. */
function configDir(share: number): string {
  const dir = copyShippedConfig();
  editFile(dir, 'handoff.yaml', (t) => `${t.replace('initialLookbackDays: 30', 'initialLookbackDays: 400')}\nrollout:\n  share: ${share}\n`);
  return dir;
}

describe('phased rollout on the sandbox: a 10% pilot, then widened to everyone by the sweep', () => {
  let h: Harness;
  let conn: Connection;
  let apps: App[] = [];
  const decisions = async (): Promise<DecisionRecord[]> => {
    const store = await openStateStore(h.dbUrl);
    try {
      return await store.listDecisions();
    } finally {
      await store.close();
    }
  };
  const tasks = async (): Promise<Map<string, number>> => {
    const rows = (await conn.query<{ Handoff_Key__c: string }>('SELECT Id, Handoff_Key__c FROM Task WHERE Handoff_Key__c != null', { autoFetch: true, maxFetch: 100_000 })).records;
    const byKey = new Map<string, number>();
    for (const r of rows) byKey.set(r.Handoff_Key__c, (byKey.get(r.Handoff_Key__c) ?? 0) + 1);
    return byKey;
  };
  const syncWith = async (share: number) => {
    const config = loadConfig({ env: { ...h.sandbox.env, HANDOFF_DATABASE_URL: h.dbUrl }, dir: configDir(share) });
    const app = new App({ config, logger: noopLogger, retry: { retries: 4, baseDelayMs: 5, maxDelayMs: 20 } });
    apps.push(app);
    return runSync(await app.deps());
  };

  beforeAll(async () => {
    h = await startHarness(generateDataset({ contacts: 2_500, seed: 17 }), { dir: configDir(SHARE) });
    conn = new Connection({ oauth2: { clientId: h.sandbox.env.SALESFORCE_CLIENT_ID ?? '', clientSecret: h.sandbox.env.SALESFORCE_CLIENT_SECRET ?? '', loginUrl: h.sandbox.salesforceUrl }, version: '64.0' });
    await conn.authorize({ grant_type: 'client_credentials' });
  });
  afterAll(async () => {
    for (const a of apps) await a.close();
    apps = [];
    await h?.stop();
  });

  it('hands off the sampled share of the qualified contacts (within 3σ of the binomial spread) and records the rest as outside-rollout', async () => {
    const first = await runSync(await h.newDeps());
    expect(first.error).toBeNull();
    const rows = await decisions();
    const inside = rows.filter((d) => d.reason === 'qualified' || d.reason === 'conflict');
    const outside = rows.filter((d) => d.reason === 'outside-rollout');
    const n = inside.length + outside.length;
    expect(n).toBeGreaterThan(100);
    const sigma = Math.sqrt(n * SHARE * (1 - SHARE));
    expect(Math.abs(inside.length - n * SHARE)).toBeLessThanOrEqual(3 * sigma);
    expect(first.report.outsideRollout).toBe(outside.length);
    // The sample is the stable hash: every contact inside falls below the share, every one outside above it.
    expect(inside.every((d) => samplePoint(d.hubspotId) < SHARE)).toBe(true);
    expect(outside.every((d) => samplePoint(d.hubspotId) >= SHARE && d.qualified)).toBe(true);
    const keys = await tasks();
    expect(outside.filter((d) => keys.has(`${d.hubspotId}:1`))).toEqual([]);
    expect(first.report.tasksCreated).toBe(keys.size);
    expect(keys.size).toBeGreaterThan(0);
  });

  it('reconcile accounts for the contacts held back by the reason outside-rollout, not as gaps', async () => {
    const outside = new Set((await decisions()).filter((d) => d.reason === 'outside-rollout').map((d) => d.hubspotId));
    const result = await reconcile(await h.newDeps(), { since: new Date(Date.now() - 400 * 86_400_000).toISOString() });
    const explainedOutside = result.explainedContacts.filter((e) => e.code === 'outside-rollout');
    expect(explainedOutside.length).toBeGreaterThan(0);
    expect(result.explained['outside-rollout']).toBe(explainedOutside.length);
    expect(explainedOutside.every((e) => outside.has(e.hubspotId))).toBe(true);
    expect(result.gaps.filter((g) => outside.has(g.hubspotId))).toEqual([]);
  });

  it('a cycle with nothing changed and the same rollout sweeps nothing and hands off nothing', async () => {
    const again = await syncWith(SHARE);
    expect(again.error).toBeNull();
    expect(again.report.rolloutSwept).toBe(0);
    expect(again.report.tasksCreated).toBe(0);
  });

  it('widening to 100% hands off every contact held back, once, by the sweep, without a HubSpot change', async () => {
    const held = (await decisions()).filter((d) => d.reason === 'outside-rollout').map((d) => d.hubspotId);
    const before = await tasks();
    const batchReads = (): number => h.sandbox.control.hubspot.log.counters()['POST /crm/v3/objects/contacts/batch/read'] ?? 0;
    const readsBefore = batchReads();
    const widened = await syncWith(1);
    expect(widened.error).toBeNull();
    expect(widened.report.rolloutSwept).toBe(held.length);
    // Re-read by id, 100 to a batch read.
    expect(batchReads() - readsBefore).toBe(Math.ceil(held.length / 100));
    const after = await tasks();
    // One Task per key: nobody handed off twice.
    expect([...after.values()].filter((n) => n > 1)).toEqual([]);
    const rows = new Map((await decisions()).map((d) => [d.hubspotId, d]));
    expect([...rows.values()].filter((d) => d.reason === 'outside-rollout')).toEqual([]);
    const handed = held.filter((id) => after.has(`${id}:1`));
    // Every contact held back is handed off now, unless it is a conflict or its write was dead-lettered.
    const store = await openStateStore(h.dbUrl);
    const dead = new Set((await store.listDeadLetters({ unresolvedOnly: true })).map((d) => d.hubspotId));
    await store.close();
    const unexplained = held.filter((id) => !after.has(`${id}:1`) && rows.get(id)?.reason !== 'conflict' && !dead.has(id));
    expect(unexplained).toEqual([]);
    expect(handed.length).toBeGreaterThan(held.length * 0.9);
    expect(after.size - before.size).toBe(handed.length);
    expect(widened.report.tasksCreated).toBe(handed.length);

    const third = await syncWith(1);
    expect(third.report.rolloutSwept).toBe(0);
    expect(third.report.tasksCreated).toBe(0);
    expect((await tasks()).size).toBe(after.size);
  });
});
