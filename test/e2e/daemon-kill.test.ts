import type { ChildProcess } from 'node:child_process';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { generateDataset, withUsers } from '@handoff/sandbox';
import { openStateStore } from '../../src/adapters/state/index.js';
import { loadConfig } from '../../src/config/load.js';
import { backfillStatuses } from '../../src/jobs/backfill/status.js';
import { routingUsers } from '../../src/runtime/cli/routing-users.js';
import type { StateStore } from '../../src/ports/state.js';
import { completes as toCompletion, expectSameHandoffs, handoffOn, outcome, requests, sideBySideConfig, twoTargets } from '../helpers/side-by-side.js';
import type { Run, Target } from '../helpers/side-by-side.js';

/**
 * The daemon, running its sync (every 2 s) and a backfill handed to it with `--detach` over the
 * same contacts, is SIGKILLed while both run, then started again until the backfill is done. The
 * result must equal a clean serial run (a backfill, then a sync, as commands) into a fresh org and
 * state. The kill lands a few API requests after the backfill has scanned a number of contacts
 * (0: in its first page; 200 and 400: pages later, the sync's first window long under way):
 * HANDOFF_DAEMON_KILL_AT forces one of KILL_POINTS; by default the seed picks one.
 */
const DAY = 86_400_000;
const SINCE = new Date(Date.now() - 400 * DAY).toISOString().slice(0, 10);
const KILL_POINTS = [0, 200, 400] as const;
const SEED = Number(process.env.DAEMON_KILL_SEED ?? Date.now() % 1000);
const KILL_AT = Number(process.env.HANDOFF_DAEMON_KILL_AT ?? KILL_POINTS[SEED % KILL_POINTS.length]);

// The sync every 2 seconds.
const CONFIG = sideBySideConfig((d) => {
  d.schedule = { ...d.schedule, cron: '*/2 * * * * *' };
});
const children: ChildProcess[] = [];
const handoff = (t: Target, args: string[]): Run => handoffOn(t, CONFIG, args, children);

describe('the daemon SIGKILLed while its sync and a detached backfill run, then restarted (real processes)', () => {
  const routing = loadConfig({ env: {}, dir: CONFIG }).routing;
  const dataset = withUsers(generateDataset({ contacts: 700, seed: 41 }), routingUsers(routing));
  const targets = twoTargets(dataset, children);
  let store: StateStore;
  afterAll(async () => {
    await store?.close();
  });

  it(`ends as a clean serial run (kill after the backfill scanned ${KILL_AT} contacts)`, { timeout: 600_000 }, async () => {
    const clean = (async () => {
      await toCompletion(handoff(targets.reference, ['backfill', '--since', SINCE, '--with-tasks', '--yes']));
      await toCompletion(handoff(targets.reference, ['sync', '--once']));
    })();

    // Handed to the daemon before it starts: its first cycle starts the backfill, then the sync,
    // whose first window (400 days) covers the same contacts.
    await toCompletion(handoff(targets.victim, ['backfill', '--since', SINCE, '--with-tasks', '--yes', '--detach']));
    let daemon: Run = handoff(targets.victim, ['daemon', '--port', '0']);
    store = await openStateStore(targets.victim.dbUrl);
    const backfillNow = async (): Promise<{ state?: string; scanned: number }> => {
      const b = (await backfillStatuses(store, Date.now()))[0];
      return { ...(b ? { state: b.state } : {}), scanned: b?.scanned ?? 0 };
    };
    const status = async (): Promise<string | undefined> => (await backfillNow()).state;
    const syncRunning = async (): Promise<boolean> => (await store.listRuns(3, 'sync')).some((r) => r.status === 'running');

    // Both run; the kill comes once the backfill has scanned KILL_AT contacts, a few requests on.
    await vi.waitFor(
      async () => {
        expect(await status()).toBe('running');
        expect(await syncRunning()).toBe(true);
      },
      { timeout: 120_000, interval: 20 },
    );
    await vi.waitFor(async () => expect((await backfillNow()).scanned).toBeGreaterThanOrEqual(KILL_AT), { timeout: 120_000, interval: 5 });
    const at = requests(targets.victim) + 5;
    await vi.waitFor(() => expect(requests(targets.victim)).toBeGreaterThanOrEqual(at), { timeout: 120_000, interval: 2 });
    expect(daemon.proc.kill('SIGKILL')).toBe(true);
    const killed = await daemon.done;
    expect(killed.signal).toBe('SIGKILL');
    const stateAtKill = await status();

    // Started again: it waits out the dead process's leases, then the backfill goes on from its
    // checkpoint beside the sync, to the end.
    daemon = handoff(targets.victim, ['daemon', '--port', '0']);
    await vi.waitFor(async () => expect(await status()).toBe('done'), { timeout: 400_000, interval: 200 });
    const doneAt = new Date().toISOString();
    await vi.waitFor(async () => expect((await store.listRuns(5, 'sync')).some((r) => r.startedAt > doneAt && r.finishedAt !== null)).toBe(true), { timeout: 120_000, interval: 200 });
    daemon.proc.kill('SIGTERM');
    await daemon.done;
    // A last sync, as in the clean run.
    await toCompletion(handoff(targets.victim, ['sync', '--once']));
    await clean;

    // The kill caught the backfill mid-way (its lease still shows the dead holder, or it has expired).
    expect(['running', 'stopped']).toContain(stateAtKill);
    await expectSameHandoffs(await outcome(targets.victim.conn), await outcome(targets.reference.conn), routing, targets.victim.conn, 30);
  });
});
