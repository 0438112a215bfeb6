import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { generateDataset } from '@handoff/sandbox';
import { openStateStore } from '../../src/adapters/state/index.js';
import type { StateStore } from '../../src/ports/state.js';
import { backfillStatuses } from '../../src/jobs/backfill/status.js';
import type { BackfillStatus } from '../../src/jobs/backfill/status.js';
import { ROOT, runSourceCli } from '../helpers/cli.js';
import { copyShippedConfig, editFile } from '../helpers/config-dir.js';
import { sfQuery, startHarness } from '../helpers/pipeline.js';
import type { Harness } from '../helpers/pipeline.js';

/**
 * The daemon's side of `handoff backfill --detach`, with real processes: the daemon runs, the CLI
 * hands it a backfill and exits, and the daemon runs the backfill to the end beside its sync, whose
 * cycles (every 2 s here) go on while the backfill runs. Each contact the two reach is handed off once.
 */
describe('a backfill handed to the running daemon (real processes)', () => {
  let h: Harness;
  let daemon: ChildProcess;
  let env: Record<string, string>;
  let store: StateStore;
  let daemonLog = '';

  beforeAll(async () => {
    const dir = copyShippedConfig();
    editFile(dir, 'handoff.yaml', (t) => t.replace('cron: "*/5 * * * *"', 'cron: "*/2 * * * * *"').replace('rateShare: 0.5', 'rateShare: 1'));
    h = await startHarness(generateDataset({ contacts: 900, seed: 23 }), { dir, rateLimits: false });
    // Each page the backfill lists takes a while, so the backfill outlasts several sync cycles; the
    // sync reads through search and never meets it.
    h.sandbox.control.hubspot.faults.add({ method: 'GET', path: '^/crm/v3/objects/contacts$', kind: 'latency', latencyMs: 700 });
    env = { ...h.sandbox.env, HANDOFF_DATABASE_URL: h.dbUrl, HANDOFF_CONFIG_DIR: dir, LOG_FORMAT: 'json', LOG_LEVEL: 'info' };
    daemon = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'src/runtime/cli/main.ts'), 'daemon', '--port', '0'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    });
    daemon.stderr?.on('data', (d: Buffer) => (daemonLog += d.toString()));
    daemon.stdout?.on('data', (d: Buffer) => (daemonLog += d.toString()));
    store = await openStateStore(h.dbUrl);
    // Its first sync cycle has finished.
    await vi.waitFor(async () => expect((await store.listRuns(5, 'sync')).some((r) => r.status !== 'running')).toBe(true), { timeout: 120_000, interval: 200 });
  }, 180_000);

  afterAll(async () => {
    if (daemon && daemon.exitCode === null) {
      const closed = new Promise((r) => daemon.on('close', r));
      daemon.kill('SIGTERM');
      await closed;
    }
    await store?.close();
    await h?.stop();
  }, 60_000);

  it('runs the detached backfill to completion while its sync keeps cycling; every handoff lands once', { timeout: 300_000 }, async () => {
    const detached = await runSourceCli('src/runtime/cli/main.ts', ['backfill', '--since', '2015-01-01', '--with-tasks', '--yes', '--detach'], env);
    expect(detached.code, detached.stderr).toBe(0);
    expect(detached.stdout).toMatch(/handed to the daemon/);

    // Status as admins follow it, read from the state the daemon writes, until the run is done.
    const seen: BackfillStatus[] = [];
    await vi.waitFor(
      async () => {
        const [s] = await backfillStatuses(store, Date.now());
        if (s) seen.push(s);
        expect(s?.state).toBe('done');
      },
      { timeout: 240_000, interval: 100 },
    );
    const states = seen.map((s) => s.state);
    expect(states[0], daemonLog.slice(-3000)).not.toBe('done');
    expect(states).toContain('running');
    // It only goes forward: requested, then running, then done; the counts never drop.
    const order = ['requested', 'running', 'done'];
    expect(states.every((s) => order.includes(s))).toBe(true);
    for (let i = 1; i < seen.length; i++) {
      expect(order.indexOf(seen[i]?.state ?? '')).toBeGreaterThanOrEqual(order.indexOf(seen[i - 1]?.state ?? ''));
      expect(seen[i]?.scanned ?? 0).toBeGreaterThanOrEqual(seen[i - 1]?.scanned ?? 0);
    }
    const done = seen.at(-1) as BackfillStatus;
    // Every contact created in the window (the dataset's few older ones are outside it).
    expect(done.scanned).toBeGreaterThan(850);
    expect(seen.some((s) => s.state === 'running' && s.scanned > 0 && s.scanned < done.scanned)).toBe(true);

    // The sync kept its schedule: cycles began and ended while the backfill ran.
    const runs = await store.listRunsStarted({ since: done.startedAt ?? '', until: done.finishedAt ?? '', kind: 'sync' });
    const within = runs.filter((r) => r.finishedAt !== null && r.finishedAt <= (done.finishedAt ?? ''));
    expect(within.length, daemonLog.slice(-3000)).toBeGreaterThanOrEqual(2);
    expect(within.every((r) => r.status === 'succeeded' || r.status === 'partial')).toBe(true);

    // The same command's status agrees, and the daemon ended the request.
    const status = await runSourceCli('src/runtime/cli/main.ts', ['backfill', 'status', '--json'], env);
    expect(status.code, status.stderr).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject([{ state: 'done', scanned: done.scanned }]);

    // Every handoff once: one Lead per contact key, one Task per handoff key, and each recorded
    // handoff has its Task.
    const leads = sfQuery(h, 'SELECT HubSpot_Contact_Id__c FROM Lead WHERE HubSpot_Contact_Id__c != null').map((r) => String(r.HubSpot_Contact_Id__c));
    const tasks = sfQuery(h, 'SELECT Handoff_Key__c FROM Task WHERE Handoff_Key__c != null').map((r) => String(r.Handoff_Key__c));
    expect(leads.length).toBeGreaterThan(20);
    expect(new Set(leads).size).toBe(leads.length);
    expect(new Set(tasks).size).toBe(tasks.length);
    const records = await store.listHandoffRecords({});
    const keys = new Set(tasks);
    for (const r of records) if (r.handoffKey) expect(keys.has(r.handoffKey), `task of ${r.hubspotId}`).toBe(true);
    expect(records.filter((r) => r.handoffKey).length).toBe(tasks.length);
  });
});
