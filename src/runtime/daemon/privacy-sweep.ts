import type { Logger } from '../../lib/logger.js';
import type { Clock } from '../../ports/clock.js';
import type { HubSpotSource } from '../../ports/hubspot.js';
import type { Fence, StateStore } from '../../ports/state.js';
import { sweepDeletedContacts } from '../../jobs/privacy-sweep.js';
import type { SweepReport } from '../../jobs/privacy-sweep.js';
import { cronSchedule, passIsDue } from './cron.js';

/** When the daemon last swept (ISO), so a restart neither sweeps again at once nor skips a due sweep. */
export const LAST_SWEEP_CURSOR = 'privacy:last-sweep';

export interface PrivacySweepOptions {
  store: Pick<StateStore, 'contactsWithPersonalData' | 'forgetContacts' | 'getCursor' | 'setCursor'>;
  clock: Pick<Clock, 'now'>;
  logger: Logger;
  /** handoff.yaml `privacy.sweepCron`; null: never. */
  cron: string | null;
  timeZone: string;
}

/**
 * The daemon's privacy sweep: each call (made by the cycle, after its sync, so it never overlaps
 * one) sweeps when the cron has fired since the last sweep, or since the daemon started when none
 * was recorded. A failure is logged, never thrown: nothing was erased unchecked, the next call tries
 * again. Null when nothing was due.
 */
export function privacySweep(opts: PrivacySweepOptions): (hubspot: Pick<HubSpotSource, 'existingContacts'>, fence?: Fence) => Promise<SweepReport | null> {
  const schedule = opts.cron === null ? null : cronSchedule(opts.cron, opts.timeZone);
  const startedAt = opts.clock.now();
  return async (hubspot, fence) => {
    if (!schedule) return null;
    try {
      const now = opts.clock.now();
      if (!(await passIsDue(opts.store, LAST_SWEEP_CURSOR, schedule, startedAt, now))) return null;
      const w = fence ? { fence } : {};
      const report = await sweepDeletedContacts({ state: opts.store, hubspot }, w);
      await opts.store.setCursor(LAST_SWEEP_CURSOR, new Date(now).toISOString(), w);
      opts.logger.info('privacy sweep finished', { checked: report.checked, calls: report.calls, forgotten: report.forgotten.length, ...report.erased });
      return report;
    } catch (err) {
      opts.logger.warn('privacy sweep failed; retrying after the next cycle', { code: (err as { code?: unknown }).code ?? 'UNKNOWN' });
      return null;
    }
  };
}
