import type { HandoffConfig } from '../../config/handoff.js';
import type { AlertNotice, AlertSeverity } from '../../domain/alert.js';

export type { AlertNotice, AlertSeverity } from '../../domain/alert.js';

export interface AlertChannel {
  readonly name: string;
  readonly type: ChannelConfig['type'];
  /** Rejects on delivery failure; the alerter catches, logs and carries on. */
  send(notice: AlertNotice): Promise<void>;
}

export type AlertsConfig = HandoffConfig['alerts'];
export type ChannelConfig = AlertsConfig['channels'][number];

/** Environment as a plain record, so library code never reads process.env itself. */
export type Env = Readonly<Record<string, string | undefined>>;

/** The slice of a nodemailer transporter the email channel uses, so tests and callers can swap it. */
export interface MailTransport {
  sendMail(message: { from: string; to: string[]; subject: string; text: string }): Promise<unknown>;
  close?(): void;
}

export interface MailSecurity {
  /** Refuse to authenticate or send unless the server upgrades the connection with STARTTLS. */
  requireTLS: boolean;
}

export type MailTransportFactory = (smtpUrl: string, security?: MailSecurity) => MailTransport;

export const SEVERITY_RANK: Record<AlertSeverity, number> = { info: 0, warning: 1, critical: 2 };

/** A failure description safe to log: never the URL, the secret or a response body. */
export class ChannelDeliveryError extends Error {
  override readonly name = 'ChannelDeliveryError';
  readonly reason: string;
  constructor(reason: string) {
    super(`delivery failed: ${reason}`);
    this.reason = reason;
  }
}
