import type { Clock } from '../../ports/clock.js';
import type { Logger } from '../../lib/logger.js';
import type { Alerter, AlerterStats } from '../../ports/alerter.js';
import { buildChannels } from './build-channels.js';
import { SEVERITY_RANK, ChannelDeliveryError } from './types.js';
import type { Alert, AlertSeverity } from '../../domain/alert.js';
import type { AlertChannel, AlertNotice, AlertsConfig, Env, MailTransportFactory } from './types.js';

export interface AlerterOptions {
  config: AlertsConfig;
  /** Where channel secrets are looked up by the variable names in config. */
  env: Env;
  logger: Logger;
  clock: Clock;
  fetch?: typeof fetch;
  transportFactory?: MailTransportFactory;
  /** Per webhook post; short so a slow receiver cannot hold up a cycle. */
  webhookTimeoutMs?: number;
}

interface ActiveEntry {
  alert: Alert;
  /** Severity and time of the last delivery, which the dedupe window is measured from. */
  sentSeverity: AlertSeverity;
  sentAt: number;
}

export type { Alerter, AlerterStats } from '../../ports/alerter.js';

export const DEFAULT_WEBHOOK_TIMEOUT_MS = 5_000;

export function createAlerter(options: AlerterOptions): Alerter {
  const { config, logger, clock } = options;
  const log = logger.child({ component: 'alerts' });
  const channels = buildChannels({
    channels: config.channels,
    env: options.env,
    logger: log,
    fetch: options.fetch ?? globalThis.fetch,
    timeoutMs: options.webhookTimeoutMs ?? DEFAULT_WEBHOOK_TIMEOUT_MS,
    now: () => clock.now(),
    allowInsecureSmtp: config.email.allowInsecure,
    ...(options.transportFactory === undefined ? {} : { transportFactory: options.transportFactory }),
  });
  const windowMs = config.dedupeWindowMinutes * 60_000;
  const activeByKey = new Map<string, ActiveEntry>();
  const unknownRoutes = new Set<string>();
  const stats: AlerterStats = { delivered: 0, failed: 0, suppressed: 0 };

  function route(severity: AlertSeverity): AlertChannel[] {
    const out: AlertChannel[] = [];
    for (const name of config.routes[severity]) {
      const channel = channels.get(name);
      if (channel !== undefined) out.push(channel);
      else if (!config.channels.some((c) => c.name === name) && !unknownRoutes.has(name)) {
        // Config validation rejects this; warn once in case the config was built in code.
        unknownRoutes.add(name);
        log.warn(`alert route names unknown channel "${name}"`, { channel: name, severity });
      }
    }
    return out;
  }

  async function deliver(notice: AlertNotice, routeSeverity: AlertSeverity): Promise<void> {
    await Promise.all(
      route(routeSeverity).map(async (channel) => {
        try {
          await channel.send(notice);
          stats.delivered += 1;
        } catch (err) {
          stats.failed += 1;
          log.warn(`alert channel "${channel.name}" failed`, {
            channel: channel.name,
            channelType: channel.type,
            alertKey: notice.key,
            reason: err instanceof ChannelDeliveryError ? err.reason : 'unexpected error',
          });
        }
      }),
    );
  }

  return {
    async raise(alert) {
      const now = clock.now();
      const previous = activeByKey.get(alert.key);
      const repeat =
        previous !== undefined &&
        now - previous.sentAt < windowMs &&
        // Escalation (warning to critical) is news even inside the window.
        SEVERITY_RANK[alert.severity] <= SEVERITY_RANK[previous.sentSeverity];
      if (repeat) {
        previous.alert = alert;
        stats.suppressed += 1;
        log.debug('alert suppressed as a repeat', { alertKey: alert.key, suppressed: stats.suppressed });
        return;
      }
      // Recorded before sending so a concurrent raise of the same key is suppressed, not doubled.
      activeByKey.set(alert.key, { alert, sentSeverity: alert.severity, sentAt: now });
      await deliver(alert, alert.severity);
    },

    async resolve(key, detail) {
      const entry = activeByKey.get(key);
      if (entry === undefined) return;
      activeByKey.delete(key);
      const original = entry.alert;
      const notice: AlertNotice = {
        key,
        severity: 'info',
        title: `Recovered: ${original.title}`,
        detail,
        ...(original.fields === undefined ? {} : { fields: original.fields }),
        at: new Date(clock.now()),
        recovered: true,
      };
      // Routed like the original so the people paged for it also hear it is over.
      await deliver(notice, entry.sentSeverity);
    },

    active: () => [...activeByKey.values()].map((e) => e.alert),
    stats: () => ({ ...stats }),
  };
}
