import type { ChildProcess } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { generateDataset, withUsers } from '@handoff/sandbox';
import { routingUsers } from '../../src/runtime/cli/routing-users.js';
import { completes, expectSameHandoffs, handoffOn, outcome, requests, sideBySideConfig, twoTargets } from '../helpers/side-by-side.js';
import type { Run, Target } from '../helpers/side-by-side.js';

/**
 * A backfill and sync cycles over the same contacts at once, as real processes, SIGKILLed at random
 * points in either (seeded), restarted until both finish. The result must equal a clean serial run
 * (backfill, then sync) of the same portal into a fresh org and state: the same Leads and Tasks by
 * key, none twice, each Lead's owner its Task's owner and a member of the team routing picks, and
 * each team's round robin even to within one. Runs on SQLite, and on PostgreSQL with
 * HANDOFF_TEST_STATE=postgres.
 */
const DAY = 86_400_000;
const SINCE = new Date(Date.now() - 400 * DAY).toISOString().slice(0, 10);
const WRITES = /^(POST|PATCH) \/composite\/sobjects\/(Lead|Task)\b/;
const SEED = Number(process.env.SIDE_BY_SIDE_SEED ?? 12);

const CONFIG = sideBySideConfig();
const children: ChildProcess[] = [];
const backfill = (t: Target): Run => handoffOn(t, CONFIG, ['backfill', '--since', SINCE, '--with-tasks', '--yes', '--json'], children);
const sync = (t: Target): Run => handoffOn(t, CONFIG, ['sync', '--once', '--json'], children);
const toCompletion = (start: () => Run): Promise<void> => completes(start());
const writes = (t: Target): number =>
  Object.entries(t.sandbox.control.salesforce.log.counters())
    .filter(([k]) => WRITES.test(k))
    .reduce((n, [, v]) => n + v, 0);

/** A small seeded generator, so a failure can be replayed with SIDE_BY_SIDE_SEED. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('a backfill and sync cycles over the same contacts, SIGKILLed at random points in either (real processes)', () => {
  const routing = loadConfig({ env: {}, dir: CONFIG }).routing;
  const dataset = withUsers(generateDataset({ contacts: 1200, seed: 31 }), routingUsers(routing));
  const targets = twoTargets(dataset, children);

  it('ends with the Leads and Tasks of a clean serial run: one owner per Lead and Task, teams even, nothing lost or twice', { timeout: 600_000 }, async () => {
    const random = rng(SEED);
    // The clean serial run, meanwhile: the backfill, then a sync.
    const clean = (async () => {
      await toCompletion(() => backfill(targets.reference));
      await toCompletion(() => sync(targets.reference));
    })();

    // Both at once over the same contacts; up to four kills, each after a random number of
    // Salesforce writes, in whichever of the two the dice pick among those running. A killed or
    // finished sync runs again (the next cycle); a killed backfill is started again until done.
    const runs = { backfill: backfill(targets.victim), sync: sync(targets.victim) };
    const running = (r: Run): boolean => r.proc.exitCode === null && r.proc.signalCode === null;
    const killed: string[] = [];
    let backfillDone = false;
    while (killed.length < 4) {
      const alive = (['backfill', 'sync'] as const).filter((n) => running(runs[n]));
      // Each at least once: the first two kills go to one of each.
      const pick = killed.length === 0 && alive.includes('backfill') ? 'backfill' : killed.length === 1 && alive.includes('sync') ? 'sync' : (alive[Math.floor(random() * alive.length)] ?? 'sync');
      const at = requests(targets.victim) + 5 + Math.floor(random() * 60);
      const run = runs[pick];
      const hit = await new Promise<boolean>((resolve) => {
        const poll = setInterval(() => {
          if (requests(targets.victim) >= at) {
            clearInterval(poll);
            resolve(run.proc.kill('SIGKILL'));
          }
        }, 2);
        void run.done.then(() => {
          clearInterval(poll);
          resolve(false);
        });
      });
      if (hit) killed.push(pick);
      if (!running(runs.backfill)) {
        const r = await runs.backfill.done;
        if (r.code === 0 || r.code === 3) backfillDone = true;
        if (!backfillDone) runs.backfill = backfill(targets.victim);
      }
      if (!running(runs.sync)) {
        await runs.sync.done;
        runs.sync = sync(targets.victim);
      }
    }
    // Then both to completion, and a last sync as in the clean run.
    const rb = await runs.backfill.done;
    if (rb.code !== 0 && rb.code !== 3) await toCompletion(() => backfill(targets.victim));
    await runs.sync.done;
    await toCompletion(() => sync(targets.victim));
    await clean;
    const kills = killed.length;
    expect(killed).toContain('backfill');
    expect(killed).toContain('sync');
    expect(writes(targets.victim)).toBeGreaterThan(0);
    expect(kills, `killed: ${killed.join(', ')}`).toBeGreaterThanOrEqual(2);

    await expectSameHandoffs(await outcome(targets.victim.conn), await outcome(targets.reference.conn), routing, targets.victim.conn);
  });
});
