import { ConfigError } from '../../domain/errors.js';
import type { Logger } from '../../lib/logger.js';
import { isLoopbackHost } from '../../lib/loopback.js';
import { createEmailChannel } from './channels/email.js';
import { createLogChannel } from './channels/log.js';
import { createSlackChannel } from './channels/slack.js';
import { createWebhookChannel } from './channels/webhook.js';
import type { AlertChannel, ChannelConfig, Env, MailTransportFactory } from './types.js';

export interface BuildChannelsOptions {
  channels: readonly ChannelConfig[];
  env: Env;
  logger: Logger;
  fetch: typeof fetch;
  timeoutMs: number;
  now: () => number;
  /** alerts.email.allowInsecure */
  allowInsecureSmtp?: boolean;
  transportFactory?: MailTransportFactory;
}

/**
 * Turns channel config into channels, keyed by name. A channel whose secret is not set is left
 * out with one warning here: alerting must never be the reason the daemon fails to start.
 */
export function buildChannels(options: BuildChannelsOptions): Map<string, AlertChannel> {
  const built = new Map<string, AlertChannel>();
  for (const config of options.channels) {
    const channel = buildOne(config, options);
    if (channel !== undefined) built.set(config.name, channel);
  }
  return built;
}

function isPlainHttpOffLoopback(raw: string): boolean {
  try {
    const url = new URL(raw);
    return url.protocol === 'http:' && !isLoopbackHost(url.hostname);
  } catch {
    return false;
  }
}

function buildOne(config: ChannelConfig, options: BuildChannelsOptions): AlertChannel | undefined {
  const { env, fetch, timeoutMs } = options;
  const missing = (...names: string[]): boolean => {
    const unset = names.filter((n) => (env[n] ?? '').trim() === '');
    if (unset.length === 0) return false;
    // Names of the variables only; their values are the secrets.
    options.logger.warn(`alert channel "${config.name}" disabled: environment variable not set`, {
      channel: config.name,
      channelType: config.type,
      variables: unset,
    });
    return true;
  };
  const value = (name: string): string => (env[name] ?? '').trim();

  switch (config.type) {
    case 'log':
      return createLogChannel({ name: config.name, logger: options.logger });
    case 'slack':
      if (missing(config.urlEnv)) return undefined;
      // The URL is the credential: sent in clear, anyone on the path could post to the channel.
      if (isPlainHttpOffLoopback(value(config.urlEnv))) {
        throw new ConfigError([
          `alert channel "${config.name}": ${config.urlEnv} must be an https:// URL (Slack webhook URLs are secrets and must not travel unencrypted)`,
        ]);
      }
      return createSlackChannel({ name: config.name, url: value(config.urlEnv), fetch, timeoutMs });
    case 'webhook':
      // Unsigned alerts would teach receivers to accept unsigned posts, so both are required.
      if (missing(config.urlEnv, config.secretEnv)) return undefined;
      if (isPlainHttpOffLoopback(value(config.urlEnv))) {
        // Signed, so not forgeable; but the alert travels readable. The URL itself is not logged.
        options.logger.warn(`alert channel "${config.name}" posts over http://: alerts are not encrypted in transit`, {
          channel: config.name,
          variable: config.urlEnv,
        });
      }
      return createWebhookChannel({
        name: config.name,
        url: value(config.urlEnv),
        // Used exactly as given: the receiver must compute the HMAC with the same bytes.
        secret: env[config.secretEnv] ?? '',
        fetch,
        timeoutMs,
        now: options.now,
      });
    case 'email':
      if (missing(config.smtpUrlEnv)) return undefined;
      return createEmailChannel({
        name: config.name,
        smtpUrl: value(config.smtpUrlEnv),
        from: config.from,
        to: config.to,
        allowInsecure: options.allowInsecureSmtp ?? false,
        ...(options.transportFactory === undefined ? {} : { transportFactory: options.transportFactory }),
      });
  }
}
