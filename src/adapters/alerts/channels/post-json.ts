import { ChannelDeliveryError } from '../types.js';

export interface PostJsonOptions {
  fetch: typeof fetch;
  url: string;
  /** Already serialised, so a signature computed over it matches the bytes sent. */
  body: string;
  headers?: Record<string, string>;
  timeoutMs: number;
}

/**
 * POSTs a JSON body and resolves on any 2xx. Failures become a ChannelDeliveryError whose reason
 * is a status or an error code only: fetch's own messages can echo the URL, and these URLs are
 * secrets (Slack webhook URLs carry their token in the path).
 */
export async function postJson(options: PostJsonOptions): Promise<void> {
  let res: Response;
  try {
    res = await options.fetch(options.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...options.headers },
      body: options.body,
      // A redirect would carry a signed payload somewhere unconfigured; treat it as a failure.
      redirect: 'manual',
      signal: AbortSignal.timeout(options.timeoutMs),
    });
  } catch (err) {
    throw new ChannelDeliveryError(describeFetchError(err, options.timeoutMs));
  }
  // The body is never read (it may echo what we sent); cancelling frees the connection.
  await res.body?.cancel().catch(() => undefined);
  if (res.status < 200 || res.status >= 300) throw new ChannelDeliveryError(`HTTP ${res.status}`);
}

function describeFetchError(err: unknown, timeoutMs: number): string {
  if (err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError')) {
    return `timeout after ${timeoutMs} ms`;
  }
  const cause = err instanceof Error ? (err.cause as { code?: unknown } | undefined) : undefined;
  if (typeof cause?.code === 'string' && /^[A-Z0-9_]+$/.test(cause.code)) return cause.code;
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && /^[A-Z0-9_]+$/.test(code)) return code;
  return err instanceof Error ? err.name : 'unknown error';
}
