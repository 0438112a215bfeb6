import { HandoffError } from '../../domain/errors.js';
import type { ErrorCode } from '../../domain/errors.js';

/** What a Slack Web API call failed with: an HTTP status, Slack's own `error`, or a network code. */
export interface SlackFailure {
  status?: number;
  slackError?: string;
  retryAfterSeconds?: number;
  networkCode?: string;
}

// https://docs.slack.dev/reference/methods/chat.postMessage (Errors) and users.lookupByEmail.
const SLACK_ERRORS: Record<string, ErrorCode> = {
  users_not_found: 'NOT_FOUND',
  user_not_found: 'NOT_FOUND',
  channel_not_found: 'NOT_FOUND',
  is_archived: 'NOT_FOUND',
  not_in_channel: 'FORBIDDEN',
  missing_scope: 'FORBIDDEN',
  restricted_action: 'FORBIDDEN',
  invalid_auth: 'AUTH_FAILED',
  not_authed: 'AUTH_FAILED',
  account_inactive: 'AUTH_FAILED',
  token_revoked: 'AUTH_FAILED',
  token_expired: 'AUTH_FAILED',
  ratelimited: 'RATE_LIMITED',
  rate_limited: 'RATE_LIMITED',
  internal_error: 'SERVER_ERROR',
  fatal_error: 'SERVER_ERROR',
  service_unavailable: 'SERVER_ERROR',
  request_timeout: 'TIMEOUT',
};

/** Slack's answer → our code; the message names the method and code only (never the token or an address). */
export function mapSlackError(method: string, f: SlackFailure): HandoffError {
  const opts = (code: string) => ({ system: 'notify' as const, vendorCode: code, ...(f.retryAfterSeconds === undefined ? {} : { retryAfterMs: f.retryAfterSeconds * 1000 }) });
  if (f.networkCode !== undefined) {
    const code: ErrorCode = f.networkCode === 'TIMEOUT' ? 'TIMEOUT' : 'NETWORK';
    return new HandoffError(code, `slack ${method}: ${f.networkCode}`, opts(f.networkCode));
  }
  if (f.status === 429) return new HandoffError('RATE_LIMITED', `slack ${method}: HTTP 429`, opts('ratelimited'));
  if (f.status !== undefined && f.status >= 500) return new HandoffError('SERVER_ERROR', `slack ${method}: HTTP ${f.status}`, opts(`HTTP_${f.status}`));
  if (f.slackError !== undefined) {
    const safe = /^[a-z_]{1,60}$/.test(f.slackError) ? f.slackError : 'unknown_error';
    return new HandoffError(SLACK_ERRORS[safe] ?? 'VALIDATION', `slack ${method}: ${safe}`, opts(safe));
  }
  const status = f.status ?? 0;
  const code: ErrorCode = status === 401 ? 'AUTH_FAILED' : status === 403 ? 'FORBIDDEN' : status === 404 ? 'NOT_FOUND' : 'VALIDATION';
  return new HandoffError(code, `slack ${method}: HTTP ${status}`, opts(`HTTP_${status}`));
}

/** A fetch failure's code (ECONNREFUSED, TIMEOUT…); fetch's own message can quote the URL. */
export function networkCode(err: unknown): string {
  if (err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError')) return 'TIMEOUT';
  const cause = err instanceof Error ? (err.cause as { code?: unknown } | undefined) : undefined;
  if (typeof cause?.code === 'string' && /^[A-Z0-9_]+$/.test(cause.code)) return cause.code;
  return 'NETWORK';
}
