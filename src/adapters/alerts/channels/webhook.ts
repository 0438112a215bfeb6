import { createHmac } from 'node:crypto';
import type { AlertChannel, AlertNotice } from '../types.js';
import { postJson } from './post-json.js';

export interface WebhookChannelOptions {
  name: string;
  url: string;
  /** HMAC-SHA256 key shared with the receiver. */
  secret: string;
  fetch: typeof fetch;
  timeoutMs: number;
  now: () => number;
}

/** Body-only signature, `sha256=<hex>`. Deprecated: still sent for one release so receivers can move. */
export const SIGNATURE_HEADER = 'X-Handoff-Signature';
export const TIMESTAMP_HEADER = 'X-Handoff-Timestamp';
/** `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`: the timestamp is signed, so replays can be refused. */
export const SIGNATURE_256_HEADER = 'X-Handoff-Signature-256';

export interface WebhookBody {
  key: string;
  severity: AlertNotice['severity'];
  title: string;
  detail: string;
  fields: Record<string, string | number>;
  at: string;
  recovered?: true;
}

/** Posts the alert as JSON, signed so the receiver can reject anything Handoff did not send. */
export function createWebhookChannel(options: WebhookChannelOptions): AlertChannel {
  return {
    name: options.name,
    type: 'webhook',
    send(notice) {
      const body = JSON.stringify(webhookBody(notice));
      const timestamp = Math.floor(options.now() / 1000);
      return postJson({
        fetch: options.fetch,
        url: options.url,
        body,
        headers: {
          [SIGNATURE_256_HEADER]: signTimestamped(timestamp, body, options.secret),
          [SIGNATURE_HEADER]: signBody(body, options.secret),
          [TIMESTAMP_HEADER]: String(timestamp),
        },
        timeoutMs: options.timeoutMs,
      });
    },
  };
}

export function webhookBody(notice: AlertNotice): WebhookBody {
  return {
    key: notice.key,
    severity: notice.severity,
    title: notice.title,
    detail: notice.detail,
    fields: notice.fields ?? {},
    at: notice.at.toISOString(),
    ...(notice.recovered === true ? { recovered: true as const } : {}),
  };
}

/** `sha256=<hex>` over the exact bytes of the body, the form receivers compare against. */
export function signBody(rawBody: string | Buffer, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(rawBody).digest('hex')}`;
}

/** `t=<timestamp>,v1=<hex>` with the HMAC over `<timestamp>.<body>`. */
export function signTimestamped(timestamp: number, rawBody: string | Buffer, secret: string): string {
  const hmac = createHmac('sha256', secret).update(`${timestamp}.`).update(rawBody).digest('hex');
  return `t=${timestamp},v1=${hmac}`;
}
