import type { ErrorCode, ErrorSystem } from './errors.js';
import { VENDOR_SYSTEMS } from './errors.js';

/**
 * The one error policy. Edges map vendor errors to a code and say which system failed; everything
 * downstream (retry layer, record writer, cycle runner, alert rules, CLI exit codes) asks policyFor.
 * Pure: it reads the code and the system, never the message.
 */
export type ErrorAction =
  /** transient: try the same call again after a backoff or the server's wait */
  | 'retry'
  /** this record can't be written as it is: dead-letter it, the batch goes on */
  | 'dead-letter'
  /** nothing more can succeed this cycle: stop, keep the cursor, alert */
  | 'stop'
  /** the operator must act (config, fields, credentials): stop with exit 2 */
  | 'fix-config';

/** The alert a stopping error raises besides `cycle.failed`: `auth.<system>` or `budget.<system>.daily`. */
export interface PolicyAlert {
  kind: 'auth' | 'budget';
  key: string;
}

export interface ErrorPolicy {
  action: ErrorAction;
  alert: PolicyAlert | null;
  /** The daemon skips cycles until the system's daily limit resets (HubSpot's, at its midnight). */
  pause: boolean;
  /** The CLI's exit code when a command ends with this error (runtime/exit-codes.ts: 1 run failed, 2 configuration). */
  exitCode: 1 | 2;
}

const ACTIONS: Record<ErrorCode, ErrorAction> = {
  RATE_LIMITED: 'retry',
  SERVER_ERROR: 'retry',
  NETWORK: 'retry',
  TIMEOUT: 'retry',
  ROW_LOCK: 'retry',
  SESSION_EXPIRED: 'retry',
  DAILY_LIMIT: 'stop',
  AUTH_FAILED: 'stop',
  FORBIDDEN: 'stop',
  UNKNOWN: 'stop',
  INVALID_RECORD: 'dead-letter',
  VALIDATION: 'dead-letter',
  DUPLICATE: 'dead-letter',
  NOT_FOUND: 'dead-letter',
  CONVERTED_LEAD: 'dead-letter',
  NO_OWNER: 'dead-letter',
  CONFIG_INVALID: 'fix-config',
  USAGE: 'fix-config',
  CUSTOM_FIELDS_MISSING: 'fix-config',
  LOCKED: 'fix-config',
};

/** The connected systems that have their own auth and budget alerts. */
const VENDORS: ReadonlySet<ErrorSystem> = new Set<ErrorSystem>(VENDOR_SYSTEMS);

export function policyFor(error: { code: ErrorCode; system?: ErrorSystem | undefined }): ErrorPolicy {
  const action = ACTIONS[error.code] ?? 'stop';
  const vendor = error.system !== undefined && VENDORS.has(error.system) ? error.system : undefined;
  let alert: PolicyAlert | null = null;
  if (error.code === 'AUTH_FAILED' || error.code === 'FORBIDDEN') alert = { kind: 'auth', key: `auth.${vendor ?? 'unknown'}` };
  else if (error.code === 'DAILY_LIMIT' && vendor !== undefined) alert = { kind: 'budget', key: `budget.${vendor}.daily` };
  return {
    action,
    alert,
    pause: error.code === 'DAILY_LIMIT' && vendor === 'hubspot',
    exitCode: action === 'fix-config' ? 2 : 1,
  };
}

/** Whether the retry layer tries the call again. */
export function isTransient(code: ErrorCode): boolean {
  return policyFor({ code }).action === 'retry';
}
