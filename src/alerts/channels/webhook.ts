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

export const SIGNATURE_HEADER = 'X-Handoff-Signature';
export const TIMESTAMP_HEADER = 'X-Handoff-Timestamp';

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
      return postJson({
        fetch: options.fetch,
        url: options.url,
        body,
        headers: {
          [SIGNATURE_HEADER]: signBody(body, options.secret),
          [TIMESTAMP_HEADER]: String(Math.floor(options.now() / 1000)),
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
