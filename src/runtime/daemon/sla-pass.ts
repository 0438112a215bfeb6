import { hostname } from 'node:os';
import { isHandoffError } from '../../domain/errors.js';
import type { Fence } from '../../domain/state.js';
import type { Deps } from '../../jobs/deps.js';
import { deliverMessages } from '../../jobs/notify/deliver.js';
import type { DeliveryReport } from '../../jobs/notify/deliver.js';
import { runSlaWatch } from '../../jobs/sla/watch.js';
import type { WatchReport } from '../../jobs/sla/watch.js';
import type { Logger } from '../../lib/logger.js';
import type { Clock } from '../../ports/clock.js';
import type { StateStore } from '../../ports/state.js';
import { holdJobLease, JOB_LEASES } from '../lease/writer-lock.js';
import { cronSchedule, passIsDue } from './cron.js';

/** When the daemon last ran the SLA watch (ISO), so a restart neither runs it again at once nor skips a due pass. */
export const LAST_SLA_PASS_CURSOR = 'sla:last-pass';

const SLA_LEASE_MS = 30_000;

export interface SlaPassOptions {
  store: StateStore;
  clock: Clock;
  logger: Logger;
  /** handoff.yaml `sla.cron`; null: the daemon never runs the watch (messages are still sent). */
  cron: string | null;
  timeZone: string;
}

/** What one call did: the watch's report when `sla.cron` had fired (else null), and the messages sent. */
export interface SlaPassResult {
  watch: WatchReport | null;
  delivery: DeliveryReport | null;
}

/**
 * The SLA watch and the notifier as the daemon runs them, under a lease the caller holds: a watch
 * pass when `sla.cron` has fired since the last one (remembered in the cursor `sla:last-pass`), then
 * the messages that are due. Failures are thrown. The daemon wraps it in `slaPass`; the simulation
 * (runtime/sim/sla-job.ts) calls it on its own clock.
 */
export function slaPassRunner(opts: Pick<SlaPassOptions, 'store' | 'clock' | 'cron' | 'timeZone'>): (deps: Deps, fence: Fence, signal?: AbortSignal) => Promise<SlaPassResult> {
  const schedule = opts.cron === null ? null : cronSchedule(opts.cron, opts.timeZone);
  const startedAt = opts.clock.now();
  return async (deps, fence, signal) => {
    const result: SlaPassResult = { watch: null, delivery: null };
    if (schedule !== null) {
      const now = opts.clock.now();
      if (await passIsDue(opts.store, LAST_SLA_PASS_CURSOR, schedule, startedAt, now)) {
        result.watch = await runSlaWatch(deps, { fence, ...(signal === undefined ? {} : { signal }) });
        await opts.store.setCursor(LAST_SLA_PASS_CURSOR, new Date(now).toISOString(), { fence });
      }
    }
    if (deps.messenger.enabled().size > 0) result.delivery = await deliverMessages(deps, { fence, maxBatches: 20, ...(signal === undefined ? {} : { signal }) });
    return result;
  };
}

/**
 * The daemon's SLA watch and notifier, called by each cycle after its sync (on the leader), under
 * the `sla` lease: a watch pass when `sla.cron` has fired since the last one, then the messages that
 * are due (the rep told of a new lead, the watch's steps). A failure is logged, never thrown: what
 * was committed stays, and the next cycle goes on from there. A manual `handoff sla` holding the
 * lease makes this cycle skip it.
 */
export function slaPass(opts: SlaPassOptions): (deps: Deps, signal?: AbortSignal) => Promise<void> {
  const run = slaPassRunner(opts);
  return async (deps, signal) => {
    const holder = { id: `${hostname()}:${process.pid}:sla:${opts.clock.now()}`, pid: process.pid, host: hostname(), command: 'daemon sla' };
    try {
      await holdJobLease({ store: opts.store, clock: opts.clock, holder, job: JOB_LEASES.sla, ttlMs: SLA_LEASE_MS }, (fence) => run(deps, fence, signal));
    } catch (err) {
      const code = isHandoffError(err) ? err.code : 'UNKNOWN';
      if (code === 'LOCKED') opts.logger.info('sla pass skipped: another process holds the sla lease');
      else opts.logger.warn('sla pass failed; retrying after the next cycle', { code });
    }
  };
}
