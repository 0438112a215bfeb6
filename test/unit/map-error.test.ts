import { describe, expect, it } from 'vitest';
import { mapHubSpotError } from '../../src/adapters/hubspot/map-error.js';
import { codeForSalesforce } from '../../src/core/salesforce/error-codes.js';
import { mapSalesforceError } from '../../src/adapters/salesforce/map-error.js';
import { mapStateError } from '../../src/adapters/state/map-error.js';
import { HandoffError } from '../../src/domain/errors.js';
import { policyFor } from '../../src/domain/policy.js';

const apiException = (code: number, body: unknown, headers: Record<string, string> = {}) =>
  Object.assign(new Error(`HTTP-Code: ${code}`), { code, body, headers });

describe('mapHubSpotError', () => {
  it.each([
    [429, { policyName: 'TEN_SECONDLY_ROLLING', message: 'You have reached your ten_secondly_rolling limit.' }, {}, 'RATE_LIMITED', 10_000, 'retry'],
    [429, { message: 'You have reached your secondly limit.', errorType: 'RATE_LIMIT' }, {}, 'RATE_LIMITED', 1_000, 'retry'],
    [429, { policyName: 'DAILY', message: 'You have reached your daily limit.' }, {}, 'DAILY_LIMIT', undefined, 'stop'],
    // The other body shape: a category and the message, no policyName.
    [429, { category: 'RATE_LIMITS', message: 'You have reached your secondly limit.' }, {}, 'RATE_LIMITED', 1_000, 'retry'],
    [429, { category: 'RATE_LIMITS', message: 'You have reached your daily limit.' }, {}, 'DAILY_LIMIT', undefined, 'stop'],
    [429, { category: 'RATE_LIMITS', message: 'You have reached your ten_secondly_rolling limit.' }, {}, 'RATE_LIMITED', 10_000, 'retry'],
    [429, { category: 'RATE_LIMITS' }, {}, 'RATE_LIMITED', 10_000, 'retry'],
    [429, { policyName: 'TEN_SECONDLY_ROLLING' }, { 'retry-after': '3' }, 'RATE_LIMITED', 3_000, 'retry'],
    [401, { category: 'INVALID_AUTHENTICATION' }, {}, 'AUTH_FAILED', undefined, 'stop'],
    [403, { category: 'MISSING_SCOPES' }, {}, 'FORBIDDEN', undefined, 'stop'],
    [404, { category: 'OBJECT_NOT_FOUND' }, {}, 'NOT_FOUND', undefined, 'dead-letter'],
    [409, { category: 'CONFLICT' }, {}, 'DUPLICATE', undefined, 'dead-letter'],
    [423, {}, {}, 'RATE_LIMITED', 2_000, 'retry'],
    [400, { category: 'VALIDATION_ERROR' }, {}, 'VALIDATION', undefined, 'dead-letter'],
    [502, {}, {}, 'SERVER_ERROR', undefined, 'retry'],
  ] as const)('status %i %j → %s', (status, body, headers, code, wait, action) => {
    const err = mapHubSpotError(apiException(status, body, headers));
    expect(err.code).toBe(code);
    expect(err.retryAfterMs).toBe(wait);
    expect(policyFor(err).action).toBe(action);
  });

  it('treats socket resets and fetch failures as network errors', () => {
    const reset = Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error('x'), { code: 'ECONNRESET' }) });
    expect(mapHubSpotError(reset).code).toBe('NETWORK');
    const timeout = Object.assign(new Error('no answer'), { name: 'TimeoutError' });
    expect(mapHubSpotError(timeout).code).toBe('TIMEOUT');
  });
});

describe('mapSalesforceError', () => {
  it.each([
    ['INVALID_SESSION_ID', 'SESSION_EXPIRED'],
    ['UNABLE_TO_LOCK_ROW', 'ROW_LOCK'],
    ['REQUEST_LIMIT_EXCEEDED', 'DAILY_LIMIT'],
    ['DUPLICATES_DETECTED', 'DUPLICATE'],
    ['DUPLICATE_VALUE', 'DUPLICATE'],
    ['REQUIRED_FIELD_MISSING', 'VALIDATION'],
    ['STRING_TOO_LONG', 'VALIDATION'],
    ['INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST', 'VALIDATION'],
    ['CANNOT_UPDATE_CONVERTED_LEAD', 'CONVERTED_LEAD'],
    ['invalid_client', 'AUTH_FAILED'],
    ['ERROR_HTTP_503', 'SERVER_ERROR'],
    ['ERROR_HTTP_429', 'RATE_LIMITED'],
    ['SOMETHING_NEW', 'UNKNOWN'],
  ])('%s → %s', (vendor, code) => {
    expect(codeForSalesforce(vendor)).toBe(code);
    const err = mapSalesforceError(Object.assign(new Error('m'), { name: vendor, errorCode: vendor }));
    expect(err.code).toBe(code);
    expect(err.vendorCode).toBe(vendor);
  });

  it('reads the first error of MULTIPLE_API_ERRORS', () => {
    const err = mapSalesforceError(
      Object.assign(new Error('many'), { name: 'MULTIPLE_API_ERRORS', errorCode: 'MULTIPLE_API_ERRORS', data: [{ errorCode: 'UNABLE_TO_LOCK_ROW' }] }),
    );
    expect(err.code).toBe('ROW_LOCK');
  });

  it('treats socket errors as network errors', () => {
    expect(mapSalesforceError(Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNRESET' } })).code).toBe('NETWORK');
  });
});

describe('mapStateError', () => {
  const pgError = (code: string, message: string) => Object.assign(new Error(message), { code, severity: 'ERROR' });

  it.each([
    ['22P05', 'unsupported Unicode escape sequence'],
    ['22021', 'invalid byte sequence for encoding "UTF8": 0x00'],
    ['22001', 'value too long for type character varying(40)'],
    ['22003', 'numeric field overflow'],
  ])('PostgreSQL data exception %s → INVALID_RECORD from state, dead-lettered', (sqlstate, message) => {
    const err = mapStateError(pgError(sqlstate, message));
    expect(err).toBeInstanceOf(HandoffError);
    expect(err).toMatchObject({ code: 'INVALID_RECORD', system: 'state', vendorCode: sqlstate });
    expect(policyFor(err as HandoffError).action).toBe('dead-letter');
  });

  it('maps SQLite "too big" and "datatype mismatch" the same way', () => {
    const tooBig = Object.assign(new Error('string or blob too big'), { code: 'ERR_SQLITE_ERROR', errcode: 18 });
    expect(mapStateError(tooBig)).toMatchObject({ code: 'INVALID_RECORD', system: 'state', vendorCode: 'SQLITE_TOOBIG' });
    const wrongType = Object.assign(new Error('cannot store REAL value in INTEGER column decisions.employees'), { code: 'ERR_SQLITE_ERROR', errcode: 3091 });
    expect(mapStateError(wrongType)).toMatchObject({ code: 'INVALID_RECORD', system: 'state', vendorCode: 'SQLITE_CONSTRAINT_DATATYPE' });
    // Other constraint failures (a unique key, NOT NULL) are not the record's content: left as they are.
    const unique = Object.assign(new Error('UNIQUE constraint failed'), { code: 'ERR_SQLITE_ERROR', errcode: 2067 });
    expect(mapStateError(unique)).toBe(unique);
  });

  it.each([
    pgError('23505', 'duplicate key value violates unique constraint'),
    pgError('08006', 'connection failure'),
    pgError('42P01', 'relation does not exist'),
    Object.assign(new Error('database is locked'), { code: 'ERR_SQLITE_ERROR', errcode: 5 }),
    new HandoffError('LOCKED', 'fence lost'),
  ])('leaves other failures as they are: %s', (original) => {
    expect(mapStateError(original)).toBe(original);
  });
});
