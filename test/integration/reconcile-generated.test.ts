import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSync } from '../../src/jobs/sync/run-sync.js';
import { generateDataset } from '@handoff/sandbox';
import { runSourceCli } from '../helpers/cli.js';
import { CONFIG_DIR, startHarness } from '../helpers/pipeline.js';
import type { Harness } from '../helpers/pipeline.js';

interface ReconcileJson {
  summary: { qualified: number; landed: number; deadLettered: number; explained: number; skipped: number; gaps: number };
  explained: Record<string, number>;
  explainedContacts: { hubspotId: string; code: string; detail: string; score: number | null }[];
  gaps: unknown[];
}

/**
 * The generated sandbox (as `handoff sandbox --generate 2000 --seed 21` serves it), one clean sync
 * with the shipped configuration, then `handoff reconcile` as a process: every contact HubSpot shows
 * as qualified is handed off or explained by the reason Handoff recorded, so it exits 0.
 */
describe('reconcile right after a clean sync of the generated sandbox', { timeout: 300_000 }, () => {
  let h: Harness;
  let sync: Awaited<ReturnType<typeof runSync>>;

  beforeAll(async () => {
    h = await startHarness(generateDataset({ contacts: 2_000, seed: 21 }));
    sync = await runSync(await h.newDeps());
  });
  afterAll(async () => h?.stop());

  it('exits 0: no gaps, every unhanded qualified contact counted under its reason', async () => {
    expect(sync.error).toBeNull();
    const env = { ...h.sandbox.env, HANDOFF_DATABASE_URL: h.dbUrl, HANDOFF_CONFIG_DIR: CONFIG_DIR, LOG_FORMAT: 'json' };
    const r = await runSourceCli('src/runtime/cli/main.ts', ['reconcile', '--json', '--verbose'], env);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    const body = JSON.parse(r.stdout) as ReconcileJson;
    expect(body.gaps).toEqual([]);
    expect(body.summary.gaps).toBe(0);
    expect(r.code).toBe(0);

    const s = body.summary;
    expect(s.landed + s.deadLettered + s.explained + s.skipped).toBe(s.qualified);
    expect(s.landed).toBe(sync.report.tasksCreated);
    // The counts add up to the explained total, and the list agrees with them code by code.
    expect(Object.values(body.explained).reduce((a, b) => a + b, 0)).toBe(s.explained);
    const listed: Record<string, number> = {};
    for (const e of body.explainedContacts) listed[e.code] = (listed[e.code] ?? 0) + 1;
    expect(Object.fromEntries(Object.entries(body.explained).filter(([, n]) => n > 0))).toEqual(listed);
    // Most are below the model's threshold; customers are counted apart.
    expect(body.explained['not-qualified']).toBeGreaterThan(100);
    expect(body.explained.customer).toBeGreaterThan(0);
    for (const e of body.explainedContacts.filter((x) => x.code === 'not-qualified' || x.code === 'customer')) {
      expect(e.score, e.hubspotId).not.toBeNull();
      expect(e.score as number, e.hubspotId).toBeLessThan(h.config.scoring.mqlThreshold);
    }
    // Same-email duplicates name the contact handed off instead.
    expect(body.explained.duplicate).toBeGreaterThan(0);
    for (const e of body.explainedContacts.filter((x) => x.code === 'duplicate')) expect(e.detail).toMatch(/^duplicate of HubSpot contact \d+/);
  });
});
