import { spawnHandoff } from '../helpers/cli.js';
import type { ChildProcess } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { generateDataset, startSandbox, withUsers } from '@handoff/sandbox';
import type { RunningSandbox } from '@handoff/sandbox';
import { openStateStore } from '../../src/adapters/state/index.js';
import { loadConfig } from '../../src/config/load.js';
import type { Episode } from '../../src/domain/episode.js';
import { runSync } from '../../src/jobs/sync/run-sync.js';
import { noopLogger } from '../../src/lib/logger.js';
import { App } from '../../src/runtime/app.js';
import { routingUsers } from '../../src/runtime/cli/routing-users.js';
import { CONFIG_DIR, copyState, freshStateUrl } from '../helpers/pipeline.js';
import { killWhen } from '../helpers/kill.js';

/**
 * A real `handoff feedback --once` process SIGKILLed at a random point (while it reads Salesforce,
 * between its HubSpot batches, or after a random delay), then run again to completion. The state
 * must equal that of an uninterrupted pass from the same starting state against the same org: the
 * same episodes and cursors, and HubSpot contacts that say what the state says. On SQLite, or on
 * PostgreSQL with HANDOFF_TEST_STATE=postgres (`npm run test:faults:postgres`).
 * HANDOFF_FEEDBACK_KILL_POINT (salesforce-read, hubspot-batch, delay) and HANDOFF_FEEDBACK_KILL_DELAY_MS
 * force one case.
 */
const children: ChildProcess[] = [];

interface Finished {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

function feedback(sandbox: RunningSandbox, dbUrl: string): { proc: ChildProcess; done: Promise<Finished> } {
  const env = { ...sandbox.env, HANDOFF_DATABASE_URL: dbUrl, HANDOFF_CONFIG_DIR: CONFIG_DIR, LOG_FORMAT: 'json', LOG_LEVEL: 'warn' };
  return spawnHandoff(['feedback', '--once', '--json'], env, children);
}

const count = (counters: Record<string, number>, pattern: RegExp): number => Object.entries(counters).filter(([k]) => pattern.test(k)).reduce((n, [, v]) => n + v, 0);

async function episodesOf(dbUrl: string): Promise<{ episodes: Omit<Episode, 'updatedAt'>[]; cursor: string | null }> {
  const store = await openStateStore(dbUrl);
  try {
    const episodes = (await store.listEpisodes()).map(({ updatedAt: _u, ...rest }) => rest);
    return { episodes, cursor: (await store.getCursor('feedback'))?.value ?? null };
  } finally {
    await store.close();
  }
}

describe('feedback killed with SIGKILL and run again (real processes)', () => {
  let sandbox: RunningSandbox | undefined;
  const drops: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    await sandbox?.stop();
    for (const drop of drops) await drop();
  });

  it('ends with the state of an uninterrupted pass, and HubSpot says what the state says', { timeout: 480_000 }, async () => {
    const base = loadConfig({ env: {}, dir: CONFIG_DIR });
    sandbox = await startSandbox({ dataset: withUsers(generateDataset({ contacts: 3000, seed: 31 }), routingUsers(base.routing)), rateLimits: false });
    // New SQLite files, or schemas of their own with HANDOFF_TEST_STATE=postgres.
    const [victimState, referenceState] = [freshStateUrl(), freshStateUrl()];
    drops.push(victimState.drop, referenceState.drop);
    const [victim, reference] = [victimState.url, referenceState.url];
    const config = loadConfig({ env: { ...sandbox.env, HANDOFF_DATABASE_URL: victim }, dir: CONFIG_DIR });
    const app = new App({ config, logger: noopLogger });
    const sync = await runSync(await app.deps());
    expect(sync.report.tasksCreated).toBeGreaterThan(100);
    // Reps close every other handoff Task.
    const store = await app.store();
    const episodes = await store.listEpisodes();
    episodes.forEach((e, i) => {
      if (i % 2 === 0 && e.salesforceTaskId) sandbox?.control.salesforce.completeTask(e.salesforceTaskId);
    });
    await app.close();
    await copyState(victim, reference);

    // 1. Kill the pass at a random point.
    const points = ['salesforce-read', 'hubspot-batch', 'delay'] as const;
    const forced = points.find((p) => p === process.env.HANDOFF_FEEDBACK_KILL_POINT);
    const point = forced ?? points[Math.floor(Math.random() * points.length)] ?? 'delay';
    const delayMs = Number(process.env.HANDOFF_FEEDBACK_KILL_DELAY_MS ?? 50 + Math.floor(Math.random() * 1500));
    console.log(`feedback kill point: ${point}${point === 'delay' ? ` after ${delayMs} ms` : ''} (${victim.split(':')[0] ?? ''})`);
    const sf0 = count(sandbox.control.salesforce.log.counters(), /composite|query/);
    const hs0 = count(sandbox.control.hubspot.log.counters(), /batch\/update/);
    const started = Date.now();
    const first = feedback(sandbox, victim);
    const killed = await killWhen(first, () => {
      const sf = count(sandbox?.control.salesforce.log.counters() ?? {}, /composite|query/);
      const hs = count(sandbox?.control.hubspot.log.counters() ?? {}, /batch\/update/);
      return point === 'salesforce-read' ? sf > sf0 : point === 'hubspot-batch' ? hs > hs0 : Date.now() - started >= delayMs;
    });
    const interrupted = await first.done;
    // The random delay may outlast a fast pass; every other point is reached before the pass ends.
    if (point !== 'delay') expect(killed, `${point}: ${interrupted.stderr}`).toBe(true);

    // 2. Run again to completion (waiting out the dead process's lease), and an uninterrupted pass from the same start.
    const resumed = await feedback(sandbox, victim).done;
    expect(resumed.code, resumed.stderr).toBe(0);
    const clean = await feedback(sandbox, reference).done;
    expect(clean.code, clean.stderr).toBe(0);

    // 3. The same episodes and cursors.
    const got = await episodesOf(victim);
    const want = await episodesOf(reference);
    expect(want.episodes.filter((e) => e.firstTouchAt !== null).length).toBeGreaterThan(50);
    expect(got.episodes).toEqual(want.episodes);
    expect(JSON.parse(got.cursor ?? '{}')).toEqual(JSON.parse(want.cursor ?? '{}'));

    // 4. A further pass finds nothing to do: HubSpot already says what the state says.
    const quiet = await feedback(sandbox, victim).done;
    expect(JSON.parse(quiet.stdout.trim().split('\n').at(-1) ?? '{}')).toMatchObject({ status: 'succeeded', hubspotUpdates: 0, hubspotCalls: 0, episodesUpdated: 0 });
  });
});
