import type { Logger } from '../../lib/logger.js';
import type { Clock } from '../../ports/clock.js';
import type { Fence, StateStore } from '../../ports/state.js';
import { purgeDeadLettersIfDue } from '../../jobs/dead-letter-retention.js';
import type { RetentionSettings } from '../../jobs/dead-letter-retention.js';

export interface RetentionOptions {
  store: Pick<StateStore, 'purgeDeadLettersOlderThan' | 'getCursor' | 'setCursor'>;
  clock: Pick<Clock, 'now'>;
  logger: Logger;
  settings: RetentionSettings;
}

/**
 * Dead-letter retention for the daemon: each call purges if a purge is due (handoff.yaml
 * `deadLetters.purgeEveryHours`) and logs how many went. A failure is logged, never thrown: the
 * cycle goes on and the next call tries again.
 */
export function deadLetterRetention(opts: RetentionOptions): (fence?: Fence) => Promise<void> {
  return async (fence) => {
    try {
      const done = await purgeDeadLettersIfDue(opts.store, opts.settings, opts.clock.now(), fence ? { fence } : {});
      if (done) opts.logger.info('dead letters purged', { purged: done.purged, before: done.before, retentionDays: opts.settings.retentionDays });
    } catch (err) {
      opts.logger.warn('dead-letter purge failed; retrying next cycle', { code: (err as { code?: unknown }).code ?? 'UNKNOWN' });
    }
  };
}
