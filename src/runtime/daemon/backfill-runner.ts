import { hostname } from 'node:os';
import { App } from '../app.js';
import type { Alerter } from '../../adapters/alerts/index.js';
import type { Config } from '../../config/load.js';
import { isHandoffError } from '../../domain/errors.js';
import { runBackfill } from '../../jobs/backfill/backfill.js';
import { listBackfillRequests, requestBackfill } from '../../jobs/backfill/control.js';
import type { BackfillRequest } from '../../jobs/backfill/control.js';
import { parseBackfillWindow } from '../../jobs/backfill/window.js';
import { detachFromHold } from '../../ports/clock.js';
import type { Clock } from '../../ports/clock.js';
import type { Logger } from '../../lib/logger.js';
import type { StateStore } from '../../ports/state.js';
import { backfillLease, holdJobLease } from '../lease/writer-lock.js';

export interface BackfillRunnerOptions {
  config: Config;
  store: StateStore;
  logger: Logger;
  clock: Clock;
  alerter: Alerter;
}

/** A daemon backfill's lease: renewed every 10 s while it runs. */
const DAEMON_BACKFILL_LEASE_MS = 30_000;

/**
 * The daemon's side of `handoff backfill --detach`: at each cycle the leader starts the requested
 * backfills it is not running yet, in the background beside the sync, each under its window's lease
 * and in the backfill lane of the API budget. A request ends when its backfill is done or cancelled;
 * an interrupted one (a stop, a lost leadership) is started again from its checkpoint later.
 */
export function backfillRunner(opts: BackfillRunnerOptions): { poll(signal: AbortSignal): Promise<void>; running(): string[] } {
  const running = new Map<string, Promise<void>>();
  const log = opts.logger.child({ component: 'backfill' });

  async function run(request: BackfillRequest, signal: AbortSignal): Promise<void> {
    const window = parseBackfillWindow(request.since, request.until ?? undefined, opts.clock.now());
    // A restart applies to the first start only; after that the run resumes from its checkpoint.
    if (request.restart) await requestBackfill(opts.store, { ...request, restart: false });
    const app = new App({ config: opts.config, logger: opts.logger, clock: opts.clock, signal, store: opts.store, alerter: opts.alerter, lane: 'backfill' });
    const holder = { id: `${hostname()}:${process.pid}:${window.checkpoint}:${opts.clock.now()}`, pid: process.pid, host: hostname(), command: 'daemon backfill' };
    try {
      const outcome = await holdJobLease({ store: opts.store, clock: opts.clock, holder, job: backfillLease(window.checkpoint), ttlMs: DAEMON_BACKFILL_LEASE_MS }, async (fence) =>
        runBackfill(await app.deps(), { window, fence, createTasks: request.withTasks, restart: request.restart, signal }),
      );
      if (outcome.checkpoint.done || outcome.cancelled) await requestBackfill(opts.store, { ...request, restart: false, state: 'finished' });
      log.info('backfill finished its run', { window: window.checkpoint, done: outcome.checkpoint.done, cancelled: outcome.cancelled, status: outcome.report.status, code: outcome.error?.code });
    } catch (error) {
      // LOCKED: a CLI backfill of the same window is running; the request waits for a later cycle.
      log.warn('backfill not run', { window: window.checkpoint, code: isHandoffError(error) ? error.code : 'UNKNOWN' });
    }
  }

  return {
    async poll(signal) {
      for (const r of await listBackfillRequests(opts.store)) {
        if (r.state !== 'requested' || running.has(r.checkpoint) || signal.aborted) continue;
        // Outside the cycle's hold on a simulated clock: it runs beside the cycles, not inside one.
        const p = detachFromHold(opts.clock, () => run(r, signal)).finally(() => running.delete(r.checkpoint));
        running.set(r.checkpoint, p);
      }
    },
    running: () => [...running.keys()],
  };
}
