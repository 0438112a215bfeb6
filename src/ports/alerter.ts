import type { Alert } from '../domain/alert.js';

export interface AlerterStats {
  /** Deliveries that succeeded, one per channel. */
  delivered: number;
  /** Deliveries that failed and were logged. */
  failed: number;
  /** Raises dropped because the same key was sent within the dedupe window. */
  suppressed: number;
}

/**
 * Telling operators about conditions. Implemented by `createAlerter` (src/adapters/alerts: Slack,
 * signed webhook, email and log channels, with a dedupe window) and by `silentAlerter`.
 */
export interface Alerter {
  /** Sends the alert to the channels routed for its severity, unless it is a recent repeat. Never rejects. */
  raise(alert: Alert): Promise<void>;
  /** Sends a recovery notice (info, routed like the original) if `key` is active; otherwise does nothing. */
  resolve(key: string, detail: string): Promise<void>;
  /** Alerts raised and not yet resolved, latest occurrence of each key. */
  active(): Alert[];
  stats(): AlerterStats;
}

/** An alerter with no channels: keeps track of what is active and tells no one (one-shot commands, tests). */
export function silentAlerter(): Alerter {
  const active = new Map<string, Alert>();
  return {
    raise: (alert) => {
      active.set(alert.key, alert);
      return Promise.resolve();
    },
    resolve: (key) => {
      active.delete(key);
      return Promise.resolve();
    },
    active: () => [...active.values()],
    stats: () => ({ delivered: 0, failed: 0, suppressed: 0 }),
  };
}
