import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import type { StateStore } from '../../src/ports/state.js';
import { smallDataset } from '../fixtures/small-dataset.js';
import { runSourceCli } from '../helpers/cli.js';
import type { CliResult } from '../helpers/cli.js';
import { CONFIG_DIR, startHarness } from '../helpers/pipeline.js';
import type { Harness } from '../helpers/pipeline.js';

/** The shipped configuration with backfill.confirmAbove lowered below the small dataset's size. */
function configDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'handoff-config-'));
  cpSync(CONFIG_DIR, dir, { recursive: true });
  const file = join(dir, 'handoff.yaml');
  const doc = parse(readFileSync(file, 'utf8')) as { backfill?: Record<string, unknown> };
  doc.backfill = { ...doc.backfill, confirmAbove: 3 };
  writeFileSync(file, stringify(doc));
  return dir;
}

describe('handoff backfill in production: estimate, confirmation, status and controls (real processes)', { timeout: 180_000 }, () => {
  let h: Harness;
  let store: StateStore;
  const config = configDir();
  const handoff = (...args: string[]): Promise<CliResult> =>
    runSourceCli('src/runtime/cli/main.ts', args, { ...h.sandbox.env, HANDOFF_DATABASE_URL: h.dbUrl, HANDOFF_CONFIG_DIR: config, LOG_FORMAT: 'json', LOG_LEVEL: 'warn' });

  beforeAll(async () => {
    h = await startHarness(smallDataset());
    store = await h.newApp().store();
  });
  afterAll(async () => h?.stop());

  it('above backfill.confirmAbove and not on a terminal: prints the estimate, exits 2 and changes nothing; --yes runs it', async () => {
    const refused = await handoff('backfill', '--since', '2015-01-01');
    expect(refused.code, refused.stderr).toBe(2);
    expect(refused.stdout).toMatch(/^Estimate: \d+ contacts to scan, \d+ created in the window; about \d+ HubSpot calls/m);
    expect(refused.stderr).toMatch(/above backfill\.confirmAbove \(3\); run it again with --yes/);
    expect(refused.stderr).not.toMatch(/\n\s+at /);
    expect(await store.listCursors('backfill:')).toEqual([]);
    expect(await store.listRuns(5, 'backfill')).toEqual([]);
    expect(Object.keys(h.sandbox.control.salesforce.log.counters()).filter((k) => /^(POST|PATCH) .*(Lead|Task)/.test(k))).toEqual([]);

    const ran = await handoff('backfill', '--since', '2015-01-01', '--yes');
    expect([0, 3], ran.stderr).toContain(ran.code);
    expect(ran.stdout).toMatch(/^Backfill (succeeded|partial)/m);

    const status = await handoff('backfill', 'status', '--json');
    expect(status.code).toBe(0);
    const [row] = JSON.parse(status.stdout) as { window: string; state: string; percent: number; callsSpent: number; callsExpected: number }[];
    expect(row).toMatchObject({ window: 'backfill:2015-01-01:now', state: 'done', percent: 100 });
    expect(row?.callsSpent).toBeGreaterThan(0);
    expect(row?.callsExpected).toBeGreaterThan(0);
  });

  it('--detach hands the backfill to the daemon; status shows it requested; cancel withdraws it', async () => {
    const detached = await handoff('backfill', '--since', '2016-01-01', '--until', '2016-12-31', '--yes', '--detach');
    expect(detached.code, detached.stderr).toBe(0);
    expect(detached.stdout).toMatch(/handed to the daemon/);
    const text = await handoff('backfill', 'status');
    expect(text.stdout).toMatch(/^backfill:2016-01-01:2016-12-31 {2}requested$/m);
    const cancel = await handoff('backfill', 'cancel', '--since', '2016-01-01', '--until', '2016-12-31');
    expect(cancel.code, cancel.stderr).toBe(0);
    const after = JSON.parse((await handoff('backfill', 'status', '--json')).stdout) as { window: string; state: string }[];
    expect(after.map((s) => s.state)).toEqual(['done']);
    const missing = await handoff('backfill');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/backfill needs --since/);
  });
});
