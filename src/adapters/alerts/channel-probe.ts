import type { HandoffConfig } from '../../config/handoff.js';
import type { Logger } from '../../lib/logger.js';
import type { ChannelState, DoctorChannels } from '../../ports/doctor.js';
import { buildChannels } from './build-channels.js';
import type { ChannelConfig, Env } from './types.js';

/** The variables a channel reads its secrets from. */
function secretsOf(c: ChannelConfig): string[] {
  switch (c.type) {
    case 'slack':
      return [c.urlEnv];
    case 'webhook':
      return [c.urlEnv, c.secretEnv];
    case 'email':
      return [c.smtpUrlEnv];
    default:
      return [];
  }
}

/**
 * `handoff doctor`'s view of the alert channels (alerts.channels) and the notifier's channels (those
 * notify.rules use): whether each can send, and for alert channels a test message on request.
 * Variable names only: their values are secrets.
 */
export function channelProbe(opts: {
  handoff: HandoffConfig;
  env: Env;
  logger: Logger;
  fetch: typeof fetch;
  now: () => number;
}): DoctorChannels {
  const { handoff, env } = opts;
  const set = (name: string): boolean => (env[name] ?? '').trim() !== '';
  const notify = handoff.notify;
  const notifyNeeds: Record<string, string[]> = {
    slack: [notify.slack.tokenEnv],
    'slack-channel': [notify.slack.tokenEnv, ...(notify.slack.channel === null ? ['notify.slack.channel'] : [])],
    email: [notify.email.smtpUrlEnv, ...(notify.email.from === null ? ['notify.email.from'] : [])],
    salesforce: notify.salesforce.notificationType === null ? ['notify.salesforce.notificationType'] : [],
  };
  return {
    list(): ChannelState[] {
      const alerts = handoff.alerts.channels.map((c): ChannelState => {
        const missing = secretsOf(c).filter((n) => !set(n));
        return { kind: 'alerts', name: c.name, ready: missing.length === 0, missing };
      });
      const used = [...new Set(notify.rules.flatMap((r) => r.channels as string[]))];
      const notifications = used.map((name): ChannelState => {
        // A setting (notify.…) missing, or a variable unset: the notifier leaves the channel off.
        const missing = (notifyNeeds[name] ?? []).filter((n) => n.includes('.') || !set(n));
        return { kind: 'notify', name, ready: missing.length === 0, missing };
      });
      return [...alerts, ...notifications];
    },
    async sendTest(kind, name): Promise<void> {
      if (kind !== 'alerts') return;
      const config = handoff.alerts.channels.filter((c) => c.name === name);
      const channel = buildChannels({
        channels: config,
        env,
        logger: opts.logger,
        fetch: opts.fetch,
        timeoutMs: 10_000,
        now: opts.now,
        allowInsecureSmtp: handoff.alerts.email.allowInsecure,
      }).get(name);
      if (!channel) throw new Error(`alert channel ${name} is not ready`);
      await channel.send({
        key: 'doctor.test',
        severity: 'info',
        title: 'Handoff doctor: test message',
        detail: 'handoff doctor --send-test sent this to check the channel is reachable. Nothing is wrong.',
        at: new Date(opts.now()),
      });
    },
  };
}
