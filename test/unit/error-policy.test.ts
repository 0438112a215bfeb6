import { describe, expect, it } from 'vitest';
import { EXIT } from '../../src/runtime/exit-codes.js';
import { HandoffError } from '../../src/domain/errors.js';
import type { ErrorCode, ErrorSystem } from '../../src/domain/errors.js';
import { policyFor } from '../../src/domain/policy.js';

const err = (code: ErrorCode, system?: ErrorSystem) => ({ code, ...(system ? { system } : {}) });

describe('policyFor', () => {
  it.each<[ErrorCode, ErrorSystem | undefined, ReturnType<typeof policyFor>]>([
    ['RATE_LIMITED', 'hubspot', { action: 'retry', alert: null, pause: false, exitCode: EXIT.RUN_FAILED }],
    ['SERVER_ERROR', 'salesforce', { action: 'retry', alert: null, pause: false, exitCode: EXIT.RUN_FAILED }],
    ['NETWORK', 'hubspot', { action: 'retry', alert: null, pause: false, exitCode: EXIT.RUN_FAILED }],
    ['TIMEOUT', 'salesforce', { action: 'retry', alert: null, pause: false, exitCode: EXIT.RUN_FAILED }],
    ['ROW_LOCK', 'salesforce', { action: 'retry', alert: null, pause: false, exitCode: EXIT.RUN_FAILED }],
    ['SESSION_EXPIRED', 'salesforce', { action: 'retry', alert: null, pause: false, exitCode: EXIT.RUN_FAILED }],
    ['DAILY_LIMIT', 'hubspot', { action: 'stop', alert: { kind: 'budget', key: 'budget.hubspot.daily' }, pause: true, exitCode: EXIT.RUN_FAILED }],
    ['DAILY_LIMIT', 'salesforce', { action: 'stop', alert: { kind: 'budget', key: 'budget.salesforce.daily' }, pause: false, exitCode: EXIT.RUN_FAILED }],
    ['DAILY_LIMIT', undefined, { action: 'stop', alert: null, pause: false, exitCode: EXIT.RUN_FAILED }],
    ['AUTH_FAILED', 'salesforce', { action: 'stop', alert: { kind: 'auth', key: 'auth.salesforce' }, pause: false, exitCode: EXIT.RUN_FAILED }],
    ['AUTH_FAILED', 'hubspot', { action: 'stop', alert: { kind: 'auth', key: 'auth.hubspot' }, pause: false, exitCode: EXIT.RUN_FAILED }],
    ['FORBIDDEN', 'hubspot', { action: 'stop', alert: { kind: 'auth', key: 'auth.hubspot' }, pause: false, exitCode: EXIT.RUN_FAILED }],
    ['FORBIDDEN', undefined, { action: 'stop', alert: { kind: 'auth', key: 'auth.unknown' }, pause: false, exitCode: EXIT.RUN_FAILED }],
    ['AUTH_FAILED', 'notify', { action: 'stop', alert: { kind: 'auth', key: 'auth.unknown' }, pause: false, exitCode: EXIT.RUN_FAILED }],
    ['UNKNOWN', 'handoff', { action: 'stop', alert: null, pause: false, exitCode: EXIT.RUN_FAILED }],
    ['INVALID_RECORD', 'handoff', { action: 'dead-letter', alert: null, pause: false, exitCode: EXIT.RUN_FAILED }],
    ['VALIDATION', 'salesforce', { action: 'dead-letter', alert: null, pause: false, exitCode: EXIT.RUN_FAILED }],
    ['DUPLICATE', 'salesforce', { action: 'dead-letter', alert: null, pause: false, exitCode: EXIT.RUN_FAILED }],
    ['NOT_FOUND', 'hubspot', { action: 'dead-letter', alert: null, pause: false, exitCode: EXIT.RUN_FAILED }],
    ['CONVERTED_LEAD', 'salesforce', { action: 'dead-letter', alert: null, pause: false, exitCode: EXIT.RUN_FAILED }],
    ['NO_OWNER', 'handoff', { action: 'dead-letter', alert: null, pause: false, exitCode: EXIT.RUN_FAILED }],
    ['CONFIG_INVALID', 'config', { action: 'fix-config', alert: null, pause: false, exitCode: EXIT.CONFIG }],
    ['USAGE', 'config', { action: 'fix-config', alert: null, pause: false, exitCode: EXIT.CONFIG }],
    ['CUSTOM_FIELDS_MISSING', 'salesforce', { action: 'fix-config', alert: null, pause: false, exitCode: EXIT.CONFIG }],
    ['LOCKED', 'state', { action: 'fix-config', alert: null, pause: false, exitCode: EXIT.CONFIG }],
  ])('%s from %s', (code, system, expected) => {
    expect(policyFor(err(code, system))).toEqual(expected);
  });

  it('reads the system the adapter set, never the message', () => {
    const e = new HandoffError('DAILY_LIMIT', 'Salesforce-looking text from a HubSpot call', { system: 'hubspot' });
    expect(policyFor(e)).toMatchObject({ pause: true, alert: { key: 'budget.hubspot.daily' } });
    expect(policyFor(new HandoffError('AUTH_FAILED', 'HubSpot said no', { system: 'salesforce' })).alert?.key).toBe('auth.salesforce');
  });

  it('an error from no adapter belongs to Handoff itself', () => {
    expect(new HandoffError('UNKNOWN', 'x').system).toBe('handoff');
  });
});
