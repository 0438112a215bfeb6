import type { ErrorCode } from '../../domain/errors.js';

/**
 * Salesforce error codes to ours. One table serves thrown errors (jsforce puts the code in
 * `errorCode`/`name`) and per-record collection results (`statusCode`).
 * https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/errorcodes.htm
 */
const TABLE: Record<string, ErrorCode> = {
  INVALID_SESSION_ID: 'SESSION_EXPIRED',
  UNABLE_TO_LOCK_ROW: 'ROW_LOCK',
  REQUEST_LIMIT_EXCEEDED: 'DAILY_LIMIT',
  SERVER_UNAVAILABLE: 'SERVER_ERROR',
  API_CURRENTLY_DISABLED: 'FORBIDDEN',
  API_DISABLED_FOR_ORG: 'FORBIDDEN',
  INSUFFICIENT_ACCESS: 'FORBIDDEN',
  INSUFFICIENT_ACCESS_OR_READONLY: 'FORBIDDEN',
  invalid_client: 'AUTH_FAILED',
  invalid_client_id: 'AUTH_FAILED',
  invalid_grant: 'AUTH_FAILED',
  unsupported_grant_type: 'AUTH_FAILED',
  REQUIRED_FIELD_MISSING: 'VALIDATION',
  STRING_TOO_LONG: 'VALIDATION',
  INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST: 'VALIDATION',
  FIELD_CUSTOM_VALIDATION_EXCEPTION: 'VALIDATION',
  INVALID_EMAIL_ADDRESS: 'VALIDATION',
  INVALID_TYPE_ON_FIELD_IN_RECORD: 'VALIDATION',
  NUMBER_OUTSIDE_VALID_RANGE: 'VALIDATION',
  INACTIVE_OWNER_OR_USER: 'VALIDATION',
  INVALID_CROSS_REFERENCE_KEY: 'VALIDATION',
  MALFORMED_ID: 'VALIDATION',
  INVALID_FIELD: 'VALIDATION',
  DUPLICATES_DETECTED: 'DUPLICATE',
  DUPLICATE_VALUE: 'DUPLICATE',
  DUPLICATE_DEVELOPER_NAME: 'DUPLICATE',
  FIELD_INTEGRITY_EXCEPTION: 'VALIDATION',
  CANNOT_UPDATE_CONVERTED_LEAD: 'CONVERTED_LEAD',
  ENTITY_IS_DELETED: 'NOT_FOUND',
  NOT_FOUND: 'NOT_FOUND',
  MALFORMED_QUERY: 'UNKNOWN',
  EXCEEDED_ID_LIMIT: 'UNKNOWN',
};

export function codeForSalesforce(vendorCode: string): ErrorCode {
  if (TABLE[vendorCode]) return TABLE[vendorCode];
  const http = /^ERROR_HTTP_(\d{3})$/.exec(vendorCode);
  if (http) {
    const status = Number(http[1]);
    if (status === 429 || status === 420) return 'RATE_LIMITED';
    if (status >= 500) return 'SERVER_ERROR';
    if (status === 401) return 'AUTH_FAILED';
    if (status === 403) return 'FORBIDDEN';
    if (status === 404) return 'NOT_FOUND';
  }
  return 'UNKNOWN';
}
