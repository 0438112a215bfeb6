/**
 * Typed errors with stable codes. Each I/O edge maps vendor statuses and error codes to these codes
 * in one pure function (adapters/{hubspot,salesforce,state}/map-error.ts), and only there sets the
 * system and the vendor's code; one policy (domain/policy.ts, policyFor) decides
 * retry, dead-letter, stop, alert, pause and exit code from the code and the system.
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
  /** routing found no owner for the lead */
  | 'NO_OWNER'
  | 'UNKNOWN';

/** The connected vendors: each has its own auth, call budget and call counts. */
export const VENDOR_SYSTEMS = ['hubspot', 'salesforce'] as const;
export type VendorSystem = (typeof VENDOR_SYSTEMS)[number];

/** Where an error came from: the adapter that mapped it, or Handoff itself. */
export type ErrorSystem = VendorSystem | 'state' | 'config' | 'notify' | 'webhook' | 'handoff';

export class HandoffError extends Error {
  override readonly name: string = 'HandoffError';
  readonly code: ErrorCode;
  /** The system whose call failed; set by that adapter's error mapper, 'handoff' otherwise. */
  readonly system: ErrorSystem;
  /** Milliseconds the server asked us to wait, when it said. */
  readonly retryAfterMs: number | undefined;
  /** Vendor error code as received (e.g. UNABLE_TO_LOCK_ROW, TEN_SECONDLY_ROLLING). */
  readonly vendorCode: string | undefined;

  constructor(
    code: ErrorCode,
    message: string,
    options: { cause?: unknown; retryAfterMs?: number; vendorCode?: string; system?: ErrorSystem } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.system = options.system ?? 'handoff';
    this.retryAfterMs = options.retryAfterMs;
    this.vendorCode = options.vendorCode;
  }
}

export class ConfigError extends HandoffError {
  override readonly name = 'ConfigError';
  /** One line per problem: `file:line path.to.key: message`. */
  readonly problems: string[];
  constructor(problems: string[]) {
    super('CONFIG_INVALID', `Invalid configuration:\n${problems.join('\n')}`, { system: 'config' });
    this.problems = problems;
  }
}

export class UsageError extends HandoffError {
  override readonly name = 'UsageError';
  constructor(message: string) {
    super('USAGE', message, { system: 'config' });
  }
}

export function isHandoffError(err: unknown): err is HandoffError {
  return err instanceof HandoffError;
}

/** Anything thrown, as a HandoffError: a typed one as it is, anything else as UNKNOWN with it as the cause. */
export function toHandoffError(err: unknown): HandoffError {
  if (err instanceof HandoffError) return err;
  return new HandoffError('UNKNOWN', err instanceof Error ? err.message : String(err), { cause: err });
}
