import { createTransport } from 'nodemailer';
import { isLoopbackHost } from '../../../lib/loopback.js';
import { ChannelDeliveryError } from '../types.js';
import type { AlertChannel, AlertNotice, MailTransport, MailTransportFactory } from '../types.js';
import { fieldLines, oneLine } from './format.js';

export interface EmailChannelOptions {
  name: string;
  smtpUrl: string;
  from: string;
  to: string[];
  /** alerts.email.allowInsecure: allow smtp:// without STARTTLS to a host other than loopback. */
  allowInsecure?: boolean;
  transportFactory?: MailTransportFactory;
}

/**
 * nodemailer's defaults wait minutes on a dead server; an alert that cannot be delivered in
 * seconds should fail and be logged rather than hold up the cycle that raised it.
 */
export const defaultMailTransportFactory: MailTransportFactory = (smtpUrl, security) =>
  createTransport({
    url: smtpUrl,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 15_000,
    ...(security?.requireTLS === true ? { requireTLS: true } : {}),
  });

/**
 * smtp:// upgrades with STARTTLS only when the server offers it; a server (or a man in the middle)
 * that doesn't would get the password and the alert in clear. So it is required, except on
 * loopback (a local relay) or when the configuration explicitly allows it. smtps:// is TLS anyway.
 */
export function smtpRequiresTls(smtpUrl: string, allowInsecure: boolean): boolean {
  if (allowInsecure) return false;
  let url: URL;
  try {
    url = new URL(smtpUrl);
  } catch {
    return true;
  }
  return url.protocol === 'smtp:' && !isLoopbackHost(url.hostname);
}

/** Sends one plain-text mail per alert. The transport is created on first use and reused. */
export function createEmailChannel(options: EmailChannelOptions): AlertChannel {
  const factory = options.transportFactory ?? defaultMailTransportFactory;
  let transport: MailTransport | undefined;
  return {
    name: options.name,
    type: 'email',
    async send(notice) {
      try {
        transport ??= factory(options.smtpUrl, { requireTLS: smtpRequiresTls(options.smtpUrl, options.allowInsecure ?? false) });
        await transport.sendMail({
          from: options.from,
          to: options.to,
          subject: emailSubject(notice),
          text: emailText(notice),
        });
      } catch (err) {
        throw new ChannelDeliveryError(describeSmtpError(err));
      }
    },
  };
}

export function emailSubject(notice: AlertNotice): string {
  return `[Handoff][${notice.severity.toUpperCase()}] ${oneLine(notice.title)}`;
}

export function emailText(notice: AlertNotice): string {
  const lead = notice.recovered === true ? 'Resolved.' : `Severity: ${notice.severity}`;
  return [oneLine(notice.title), '', notice.detail, '', lead, ...fieldLines(notice), ''].join('\n');
}

/** nodemailer's messages can quote server replies and addresses; codes are enough to act on. */
function describeSmtpError(err: unknown): string {
  const e = (err ?? {}) as { code?: unknown; originalCode?: unknown; responseCode?: unknown; name?: unknown };
  const parts: string[] = [];
  // nodemailer wraps socket errors as ESOCKET and keeps the system code (ECONNREFUSED…) aside.
  for (const code of [e.code, e.originalCode]) {
    if (typeof code === 'string' && /^[A-Z0-9_]+$/.test(code)) parts.push(code);
  }
  if (typeof e.responseCode === 'number') parts.push(`SMTP ${e.responseCode}`);
  if (parts.length === 0) parts.push(typeof e.name === 'string' ? e.name : 'unknown error');
  return parts.join(' ');
}
