import { hostname } from 'node:os';
import type { Deps } from '../../jobs/deps.js';
import { runFeedback } from '../../jobs/feedback/run-feedback.js';
import type { FeedbackReport } from '../../jobs/feedback/run-feedback.js';
import type { Logger } from '../../lib/logger.js';
import type { Clock } from '../../ports/clock.js';
import type { StateStore } from '../../ports/state.js';
import { isHandoffError } from '../../domain/errors.js';
import { holdJobLease, JOB_LEASES } from '../lease/writer-lock.js';
import { cronSchedule, passIsDue } from './cron.js';

/** When the daemon last ran a feedback pass (ISO), so a restart neither runs one at once nor skips a due one. */
export const LAST_FEEDBACK_CURSOR = 'feedback:last-pass';
const FEEDBACK_LEASE_MS = 30_000;

export interface FeedbackPassOptions {
  store: StateStore;
  clock: Clock;
  logger: Logger;
  /** handoff.yaml `feedback.cron`; null: never (only `handoff feedback --once`). */
  cron: string | null;
  timeZone: string;
}

/**
 * The daemon's feedback pass, on the leader, after its sync: when `feedback.cron` has fired since the
 * last pass, one pass under the `feedback` lease (another process running it is skipped, not waited
 * for) with per-contact claims. A failure is logged and tried again at the next due time.
 */
export function feedbackPass(opts: FeedbackPassOptions): (deps: Deps) => Promise<FeedbackReport | null> {
  const schedule = opts.cron === null ? null : cronSchedule(opts.cron, opts.timeZone);
  const startedAt = opts.clock.now();
  return async (deps) => {
    if (!schedule) return null;
    const now = opts.clock.now();
    if (!(await passIsDue(opts.store, LAST_FEEDBACK_CURSOR, schedule, startedAt, now))) return null;
    const holder = { id: `${hostname()}:${process.pid}:feedback:${now}`, pid: process.pid, host: hostname(), command: 'daemon feedback' };
    try {
      const { report } = await holdJobLease({ store: opts.store, clock: opts.clock, holder, job: JOB_LEASES.feedback, ttlMs: FEEDBACK_LEASE_MS }, async (fence) => {
        const outcome = await runFeedback(deps, { fence });
        if (outcome.report.status === 'succeeded') await opts.store.setCursor(LAST_FEEDBACK_CURSOR, new Date(now).toISOString(), { fence });
        return outcome;
      });
      opts.logger.info('feedback pass finished', {
        status: report.status,
        touched: report.touched,
        hubspotUpdates: report.hubspotUpdates,
        deadLettered: report.deadLettered,
        recycled: report.recycled,
        hubspotCalls: report.hubspotCalls,
        salesforceCalls: report.salesforceCalls,
        ...(report.error ? { code: report.error.code } : {}),
      });
      return report;
    } catch (err) {
      if (isHandoffError(err) && err.code === 'LOCKED') {
        opts.logger.info('feedback pass skipped: another process is running it');
        return null;
      }
      opts.logger.warn('feedback pass failed; retrying when it is next due', { code: (err as { code?: unknown }).code ?? 'UNKNOWN' });
      return null;
    }
  };
}
