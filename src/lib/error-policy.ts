import type { ErrorCode } from '../domain/errors.js';

/**
 * The one policy that turns an error code into an action. Edges map vendor errors to codes;
 * everything downstream (retry layer, record writer, cycle runner, alerter) asks this table.
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

const TABLE: Record<ErrorCode, ErrorAction> = {
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
  CONFIG_INVALID: 'fix-config',
  USAGE: 'fix-config',
  CUSTOM_FIELDS_MISSING: 'fix-config',
  LOCKED: 'fix-config',
};

export function actionFor(code: ErrorCode): ErrorAction {
  return TABLE[code];
}

export function isTransient(code: ErrorCode): boolean {
  return TABLE[code] === 'retry';
}
