/**
 * Typed errors with stable codes. Each I/O edge maps vendor statuses and error codes to these codes
 * in one pure function (see sources/hubspot/map-error.ts and sinks/salesforce/map-error.ts); one policy
 * (lib/error-policy.ts) decides retry, dead-letter, stop or alert from the code alone.
 */
export type ErrorCode =
  // configuration and usage
  | 'CONFIG_INVALID'
  | 'USAGE'
  | 'CUSTOM_FIELDS_MISSING'
  | 'LOCKED'
  // transient
  | 'RATE_LIMITED'
  | 'SERVER_ERROR'
  | 'NETWORK'
  | 'TIMEOUT'
  | 'ROW_LOCK'
  | 'SESSION_EXPIRED'
  // stop the cycle
  | 'DAILY_LIMIT'
  | 'AUTH_FAILED'
  | 'FORBIDDEN'
  // per record, permanent
  | 'INVALID_RECORD'
  | 'VALIDATION'
  | 'DUPLICATE'
  | 'NOT_FOUND'
  | 'CONVERTED_LEAD'
  | 'UNKNOWN';

export class HandoffError extends Error {
  override readonly name: string = 'HandoffError';
  readonly code: ErrorCode;
  /** Milliseconds the server asked us to wait, when it said. */
  readonly retryAfterMs: number | undefined;
  /** Vendor error code as received (e.g. UNABLE_TO_LOCK_ROW, TEN_SECONDLY_ROLLING). */
  readonly vendorCode: string | undefined;

  constructor(
    code: ErrorCode,
    message: string,
    options: { cause?: unknown; retryAfterMs?: number; vendorCode?: string } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.retryAfterMs = options.retryAfterMs;
    this.vendorCode = options.vendorCode;
  }
}

export class ConfigError extends HandoffError {
  override readonly name = 'ConfigError';
  /** One line per problem: `file:line path.to.key: message`. */
  readonly problems: string[];
  constructor(problems: string[]) {
    super('CONFIG_INVALID', `Invalid configuration:\n${problems.join('\n')}`);
    this.problems = problems;
  }
}

export class UsageError extends HandoffError {
  override readonly name = 'UsageError';
  constructor(message: string) {
    super('USAGE', message);
  }
}

export function isHandoffError(err: unknown): err is HandoffError {
  return err instanceof HandoffError;
}
