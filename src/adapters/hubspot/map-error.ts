import { HandoffError } from '../../domain/errors.js';
import type { ErrorCode } from '../../domain/errors.js';

/** What the SDK throws for a non-2xx answer (one class per generated module, so we duck-type it). */
interface ApiExceptionLike {
  code: number;
  body?: unknown;
  headers?: Record<string, string>;
}

const NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
]);

function isApiException(err: unknown): err is ApiExceptionLike {
  return typeof err === 'object' && err !== null && typeof (err as { code?: unknown }).code === 'number';
}

function retryAfterMs(headers: Record<string, string> | undefined): number | undefined {
  const raw = headers?.['retry-after'] ?? headers?.['Retry-After'];
  if (raw === undefined) return undefined;
  const seconds = Number(raw);
  return Number.isFinite(seconds) ? Math.max(0, seconds * 1000) : undefined;
}

function causeCode(err: unknown): string | undefined {
  let e: unknown = err;
  for (let depth = 0; depth < 4 && e && typeof e === 'object'; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

/**
 * The limit a 429 names. Bodies come in two shapes: `{errorType: "RATE_LIMIT", policyName, message}`, and
 * `{category: "RATE_LIMITS", message}` with no policy (seen on search), so the message is read too:
 * "You have reached your secondly limit." / "…your daily limit." / "…your ten_secondly_rolling limit.".
 */
function rateLimitPolicy(body: { policyName?: string; message?: string }): string | undefined {
  if (body.policyName) return body.policyName;
  const named = /\byour (\w+) limit\b/i.exec(body.message ?? '')?.[1];
  return named?.toUpperCase();
}

/**
 * HubSpot statuses and bodies to our codes. Pure and table-tested.
 * Rate limits: https://developers.hubspot.com/docs/guides/apps/api-usage/usage-details
 * (429 bodies carry policyName TEN_SECONDLY_ROLLING or DAILY; search says "You have reached your secondly limit.")
 */
export function mapHubSpotError(err: unknown): HandoffError {
  if (err instanceof HandoffError) return err;
  if (isApiException(err)) {
    const body = (typeof err.body === 'object' && err.body !== null ? err.body : {}) as {
      message?: string;
      category?: string;
      policyName?: string;
      errorType?: string;
    };
    const status = err.code;
    const vendorCode = body.policyName ?? body.category ?? `HTTP_${status}`;
    const message = `HubSpot ${status}${body.category ? ` ${body.category}` : ''}: ${body.message ?? 'no message'}`;
    const wait = retryAfterMs(err.headers);
    const make = (code: ErrorCode, retryAfter?: number): HandoffError =>
      new HandoffError(code, message, {
        cause: err,
        system: 'hubspot',
        vendorCode,
        ...(retryAfter !== undefined ? { retryAfterMs: retryAfter } : {}),
      });
    if (status === 429) {
      const policy = rateLimitPolicy(body);
      if (policy === 'DAILY') return make('DAILY_LIMIT');
      if (policy === 'SECONDLY') return make('RATE_LIMITED', wait ?? 1_000);
      return make('RATE_LIMITED', wait ?? 10_000);
    }
    if (status === 401) return make('AUTH_FAILED');
    if (status === 403) return make('FORBIDDEN');
    if (status === 404) return make('NOT_FOUND');
    if (status === 409) return make('DUPLICATE');
    // 423 Locked: concurrent updates of the same records; HubSpot asks for a 2-second wait.
    if (status === 423) return make('RATE_LIMITED', wait ?? 2_000);
    // 477 Migration in Progress comes with a Retry-After.
    if (status === 477) return make('SERVER_ERROR', wait ?? 30_000);
    if (status >= 500) return make('SERVER_ERROR', wait);
    if (status === 400 || status === 422) return make('VALIDATION');
    return make('UNKNOWN');
  }
  const code = causeCode(err);
  const message = err instanceof Error ? err.message : String(err);
  if (err instanceof Error && (err.name === 'TimeoutError' || code === 'ETIMEDOUT' || code === 'UND_ERR_HEADERS_TIMEOUT')) {
    return new HandoffError('TIMEOUT', `HubSpot request timed out: ${message}`, { cause: err, system: 'hubspot', vendorCode: code ?? 'TIMEOUT' });
  }
  if ((code && NETWORK_CODES.has(code)) || message === 'fetch failed' || /socket hang up|ECONNRESET/.test(message)) {
    return new HandoffError('NETWORK', `HubSpot network error: ${code ?? message}`, { cause: err, system: 'hubspot', vendorCode: code ?? 'NETWORK' });
  }
  return new HandoffError('UNKNOWN', `HubSpot call failed: ${message}`, { cause: err, system: 'hubspot' });
}
