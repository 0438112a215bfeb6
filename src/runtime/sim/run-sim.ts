import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../config/load.js';
import type { Deps } from '../../jobs/deps.js';
import { runSync } from '../../jobs/sync/run-sync.js';
import { currentEpisodes } from '../../jobs/feedback/run-feedback.js';
import { noopLogger } from '../../lib/logger.js';
import type { Logger } from '../../lib/logger.js';
import type { Clock } from '../../ports/clock.js';
import { App } from '../app.js';
import { routingUsers } from '../cli/routing-users.js';
import type { SandboxPackage } from '../cli/sandbox-package.js';
import type { FloorTruth } from '@handoff/sandbox';
import { summarizeFloor } from './floor-summary.js';
import type { FloorSummary } from './floor-summary.js';
import { SteppingClock } from './stepping-clock.js';
import { Arrivals } from './arrivals.js';
import { compareWithTruth } from './agreement.js';
import type { Agreement } from './agreement.js';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
/** A Monday morning: the default start, fixed so that a seed gives the same run on any day. */
export const DEFAULT_SIM_START = '2026-03-02T08:00:00.000Z';

/** A job the simulation runs on its schedule, with the ports of one App. */
export interface SimJob {
  name: string;
  everyMinutes: number;
  run(deps: Deps): Promise<{ report: Record<string, unknown> }>;
}

export interface SimOptions {
  sandbox: SandboxPackage;
  days: number;
  seed: number;
  contacts: number;
  configDir: string;
  start?: string;
  /** The simulation's step (default 15 minutes); every job's interval is a multiple of it. */
  stepMinutes?: number;
  /** Default: the sync, hourly (npm run sim adds the feedback pass, feedback-job.ts, and the SLA watch, sla-job.ts). */
  jobs?: readonly SimJob[];
  /** Contacts showing fresh interest in HubSpot per working day (arrivals.ts); default 0. */
  arrivalsPerDay?: number;
  logger?: Logger;
  /**
   * Environment added to the sandbox's when the configuration is read, and the only place the notifier
   * finds its secrets (SLACK_BOT_TOKEN, SMTP_URL): without them a simulation sends no message.
   */
  env?: Readonly<Record<string, string>>;
  /** Called once the sandbox is up, before the first step: the simulated clock, to stamp what fakes receive. */
  onStart?: (start: { sandbox: Awaited<ReturnType<SandboxPackage['startSandbox']>>; clock: Clock }) => Promise<void> | void;
  /** Called at the end of each simulated day. */
  onDay?: (day: SimDay) => void;
  /** Called once the last step ran, before the sandbox stops: to hold the state against the sandbox. */
  onEnd?: (end: { deps: Deps; sandbox: Awaited<ReturnType<SandboxPackage['startSandbox']>>; truth: FloorTruth }) => Promise<void>;
}

export interface SimDay {
  day: number;
  date: string;
  floor: FloorSummary;
}

export interface SimResult {
  seed: number;
  contacts: number;
  start: string;
  end: string;
  /** Per job: cycles run, and the numeric fields of its reports summed (calls, records written…). */
  jobs: Record<string, { cycles: number; totals: Record<string, number> }>;
  floor: FloorSummary;
  /** Contacts that showed fresh interest during the run. */
  arrivals: number;
  days: SimDay[];
  /** The sales floor's ground truth at the end: what each rep did to each handoff and when. */
  truth: FloorTruth;
  /** The state's episodes against that truth, fact by fact (what the feedback pass has read back). */
  agreement: Agreement;
  stateFile: string;
  salesforceUrl: string;
}

export const syncJob: SimJob = {
  name: 'sync',
  everyMinutes: 60,
  run: async (deps) => {
    const { report } = await runSync(deps);
    return { report: { ...report } };
  },
};

function addTotals(into: Record<string, number>, report: Record<string, unknown>): void {
  for (const [k, v] of Object.entries(report)) if (typeof v === 'number' && k !== 'durationMs') into[k] = (into[k] ?? 0) + v;
}

/**
 * Days of Handoff against the sandbox with its sales floor on: a generated dataset, the configuration in
 * `configDir`, a fresh SQLite state, and the jobs run in turn at each step of a clock that the sandbox and
 * Handoff share. Nothing runs concurrently and nothing waits on wall time, so the same seed, contacts,
 * start and jobs give the same org, state and result on every run.
 */
export async function runSimulation(opts: SimOptions): Promise<SimResult> {
  const startMs = Date.parse(opts.start ?? DEFAULT_SIM_START);
  if (Number.isNaN(startMs)) throw new RangeError(`the simulation start is not an instant: ${String(opts.start)}`);
  const step = (opts.stepMinutes ?? 15) * MINUTE;
  const jobs = opts.jobs ?? [syncJob];
  const clock = new SteppingClock(startMs);
  // The sandbox reads the same clock: what Handoff does at an instant is stamped with that instant.
  const sandboxClock = new (class extends opts.sandbox.SandboxClock {
    override now(): number {
      return clock.now();
    }
  })();
  const dataset = opts.sandbox.generateDataset({ contacts: opts.contacts, seed: opts.seed, now: new Date(startMs) });
  const base = loadConfig({ env: {}, dir: opts.configDir });
  const sandbox = await opts.sandbox.startSandbox({ dataset, users: routingUsers(base.routing), clock: sandboxClock, salesFloor: { seed: opts.seed } });
  const stateFile = join(mkdtempSync(join(tmpdir(), 'handoff-sim-')), 'handoff.db');
  const config = loadConfig({ env: { ...sandbox.env, ...opts.env, HANDOFF_DATABASE_URL: `sqlite:${stateFile}` }, dir: opts.configDir });
  // The notifier reads its secrets from opts.env only: a simulation never messages anyone through the caller's own Slack or SMTP.
  const app = new App({ config, logger: opts.logger ?? noopLogger, clock, env: { ...opts.env } });
  const totals: SimResult['jobs'] = Object.fromEntries(jobs.map((j) => [j.name, { cycles: 0, totals: {} }]));
  const days: SimDay[] = [];
  const floor = sandbox.control.salesforce.salesFloor;
  const arrivals = new Arrivals(opts.sandbox, sandbox.control.hubspot, dataset, opts.seed, opts.arrivalsPerDay ?? 0);
  let arrived = 0;
  try {
    await opts.onStart?.({ sandbox, clock });
    const deps = await app.deps();
    const endMs = startMs + opts.days * DAY;
    for (let t = startMs; t <= endMs; t += step) {
      clock.moveTo(t);
      if (t > startMs) arrived += arrivals.step(t, step);
      const minute = Math.round((t - startMs) / MINUTE);
      for (const job of jobs) {
        if (minute % job.everyMinutes !== 0) continue;
        const { report } = await job.run(deps);
        const entry = totals[job.name];
        if (entry) {
          entry.cycles += 1;
          addTotals(entry.totals, report);
        }
      }
      if (t > startMs && (t - startMs) % DAY === 0) {
        const day: SimDay = { day: (t - startMs) / DAY, date: new Date(t).toISOString().slice(0, 10), floor: summarizeFloor(floor.truth()) };
        days.push(day);
        opts.onDay?.(day);
      }
    }
    const truth = floor.truth();
    const agreement = compareWithTruth(truth, await currentEpisodes(deps));
    if (opts.onEnd) await opts.onEnd({ deps, sandbox, truth });
    return {
      seed: opts.seed,
      contacts: opts.contacts,
      start: new Date(startMs).toISOString(),
      end: new Date(clock.now()).toISOString(),
      jobs: totals,
      floor: summarizeFloor(truth),
      arrivals: arrived,
      days,
      truth,
      agreement,
      stateFile,
      salesforceUrl: sandbox.salesforceUrl,
    };
  } finally {
    await app.close();
    await sandbox.stop();
  }
}
