import type { NotifyConfig } from '../../config/notify.js';
import { HandoffError } from '../../domain/errors.js';
import type { MessageChannel } from '../../domain/outbox.js';
import type { Logger } from '../../lib/logger.js';
import type { Clock } from '../../ports/clock.js';
import type { Envelope, Messenger } from '../../ports/messenger.js';
import type { CacheStore } from '../../ports/salesforce.js';
import { defaultMailTransportFactory, smtpRequiresTls } from '../alerts/channels/email.js';
import type { MailTransport, MailTransportFactory } from '../alerts/types.js';
import type { CustomNotification } from '../salesforce/custom-notification.js';
import { emailMessage, notificationText, slackMessage } from './render.js';
import { SlackApi } from './slack-api.js';

export interface MessengerOptions {
  config: NotifyConfig;
  env: Readonly<Record<string, string | undefined>>;
  clock: Clock;
  logger: Logger;
  fetch: typeof fetch;
  cache: CacheStore;
  /** Salesforce custom notifications, when notify.salesforce.notificationType is set. */
  salesforce: ((n: CustomNotification) => Promise<void>) | null;
  transportFactory?: MailTransportFactory;
  allowInsecureSmtp?: boolean;
  timeoutMs?: number;
}

/** Which channels can send, given the configuration and the secrets present. */
function enabledChannels(o: MessengerOptions): Set<MessageChannel> {
  const set = new Set<MessageChannel>();
  const has = (name: string): boolean => (o.env[name] ?? '').trim() !== '';
  if (has(o.config.slack.tokenEnv)) {
    set.add('slack');
    if (o.config.slack.channel !== null) set.add('slack-channel');
  }
  if (has(o.config.email.smtpUrlEnv) && o.config.email.from !== null) set.add('email');
  if (o.salesforce !== null && o.config.salesforce.notificationType !== null) set.add('salesforce');
  return set;
}

/** Builds the notifier's channels: Slack Web API, SMTP email (the alerts' transport), Salesforce custom notifications. */
export function createMessenger(o: MessengerOptions): Messenger {
  const enabled = enabledChannels(o);
  const wanted = new Set(o.config.rules.flatMap((r) => r.channels));
  const off = [...wanted].filter((c) => !enabled.has(c));
  // Names of channels only: their secrets stay unnamed and unprinted.
  if (off.length > 0) o.logger.warn('notify channels disabled: secret or setting missing', { channels: off });
  const slack = enabled.has('slack')
    ? new SlackApi({ token: (o.env[o.config.slack.tokenEnv] ?? '').trim(), baseUrl: o.config.slack.apiBaseUrl, fetch: o.fetch, clock: o.clock, timeoutMs: o.timeoutMs ?? 15_000, cache: o.cache, cacheHours: o.config.slack.lookupCacheHours })
    : null;
  let transport: MailTransport | undefined;
  const smtpUrl = (o.env[o.config.email.smtpUrlEnv] ?? '').trim();

  const refuse = (why: string): never => {
    throw new HandoffError('VALIDATION', why, { system: 'notify', vendorCode: 'NO_RECIPIENT' });
  };

  return {
    enabled: () => enabled,
    async send(e: Envelope): Promise<void> {
      if (!enabled.has(e.channel)) throw new HandoffError('CONFIG_INVALID', `notify channel ${e.channel} is not enabled`, { system: 'notify' });
      switch (e.channel) {
        case 'slack': {
          if (e.recipientId === null || e.body.to === null) return refuse('a Slack direct message needs a recipient with an email');
          const userId = await slack!.userIdFor(e.recipientId, e.body.to);
          const m = slackMessage(e.body);
          await slack!.postMessage(userId, m.text, m.blocks);
          return;
        }
        case 'slack-channel': {
          const m = slackMessage(e.body);
          await slack!.postMessage(o.config.slack.channel ?? '', m.text, m.blocks);
          return;
        }
        case 'email': {
          if (e.body.to === null) return refuse('an email needs an address');
          const m = emailMessage(e.body);
          try {
            transport ??= (o.transportFactory ?? defaultMailTransportFactory)(smtpUrl, { requireTLS: smtpRequiresTls(smtpUrl, o.allowInsecureSmtp ?? false) });
            await transport.sendMail({ from: o.config.email.from ?? '', to: [e.body.to], subject: m.subject, text: m.text });
          } catch (err) {
            throw smtpError(err);
          }
          return;
        }
        case 'salesforce': {
          if (e.recipientId === null || e.body.targetId === null) return refuse('a custom notification needs a recipient and a record');
          const n = notificationText(e.body);
          await o.salesforce!({ recipientIds: [e.recipientId], title: n.title, body: n.body, targetId: e.body.targetId });
          return;
        }
      }
    },
  };
}

/** SMTP failures: 4xx replies and socket errors are worth another try, 5xx replies are not. */
function smtpError(err: unknown): HandoffError {
  const e = (err ?? {}) as { code?: unknown; responseCode?: unknown };
  const code = typeof e.code === 'string' && /^[A-Z0-9_]+$/.test(e.code) ? e.code : 'SMTP';
  if (typeof e.responseCode === 'number') {
    const transient = e.responseCode >= 400 && e.responseCode < 500;
    return new HandoffError(transient ? 'SERVER_ERROR' : 'VALIDATION', `smtp: ${e.responseCode}`, { system: 'notify', vendorCode: `SMTP_${e.responseCode}` });
  }
  return new HandoffError('NETWORK', `smtp: ${code}`, { system: 'notify', vendorCode: code });
}
