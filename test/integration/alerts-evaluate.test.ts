import { describe, expect, it } from 'vitest';
import { evaluateCycleAlerts } from '../../src/adapters/alerts/index.js';
import type { AlertRuleState, CycleOutcome } from '../../src/adapters/alerts/index.js';

const NOW = new Date('2025-03-03T09:00:00Z');
const FIVE_MIN = 5 * 60_000;

function outcome(overrides: Partial<CycleOutcome> = {}): CycleOutcome {
  return {
    ok: true,
    deadLettered: 0,
    budgets: [],
    lastSuccessAt: new Date(NOW.getTime() - FIVE_MIN),
    intervalMs: FIVE_MIN,
    now: NOW,
    ...overrides,
  };
}

function state(activeKeys: string[] = [], overrides: Partial<AlertRuleState> = {}): AlertRuleState {
  return { activeKeys, deadLetterThreshold: 10, staleAfterIntervals: 3, ...overrides };
}

const keys = (d: { raise: { key: string }[] }): string[] => d.raise.map((a) => a.key).sort();

describe('evaluateCycleAlerts', () => {
  it('a healthy cycle raises nothing and resolves nothing that is not active', () => {
    expect(evaluateCycleAlerts(outcome(), state())).toEqual({ raise: [], resolve: [] });
  });

  it('a failed cycle is critical with its error code; the next good cycle resolves it', () => {
    const failed = evaluateCycleAlerts(outcome({ ok: false, errorCode: 'SERVER_ERROR', system: 'hubspot' }), state());
    expect(failed.raise).toEqual([
      expect.objectContaining({
        key: 'cycle.failed',
        severity: 'critical',
        fields: { errorCode: 'SERVER_ERROR', system: 'hubspot' },
        at: NOW,
      }),
    ]);
    expect(evaluateCycleAlerts(outcome(), state(['cycle.failed'])).resolve).toEqual(['cycle.failed']);
  });

  it('auth failures get a key per system and are resolved only by a good cycle', () => {
    const sf = evaluateCycleAlerts(outcome({ ok: false, errorCode: 'AUTH_FAILED', system: 'salesforce' }), state());
    expect(keys(sf)).toEqual(['auth.salesforce', 'cycle.failed']);
    expect(sf.raise.find((a) => a.key === 'auth.salesforce')?.severity).toBe('critical');
    expect(keys(evaluateCycleAlerts(outcome({ ok: false, errorCode: 'FORBIDDEN', system: 'hubspot' }), state()))).toContain('auth.hubspot');

    // Failing on HubSpot says nothing about Salesforce credentials.
    const other = evaluateCycleAlerts(outcome({ ok: false, errorCode: 'NETWORK', system: 'hubspot' }), state(['auth.salesforce']));
    expect(other.resolve).toEqual([]);
    expect(evaluateCycleAlerts(outcome(), state(['auth.salesforce', 'cycle.failed'])).resolve.sort()).toEqual([
      'auth.salesforce',
      'cycle.failed',
    ]);
  });

  it('budgets warn at 90%, go critical when exhausted, and resolve below 90%', () => {
    const d = evaluateCycleAlerts(
      outcome({
        budgets: [
          { system: 'salesforce', used: 899, limit: 1000 },
          { system: 'hubspot', used: 900, limit: 1000 },
          { system: 'hubspot', used: 50, limit: 50, window: 'rate' },
        ],
      }),
      state(['budget.salesforce.daily']),
    );
    expect(d.raise.map((a) => [a.key, a.severity])).toEqual([
      ['budget.hubspot.daily', 'warning'],
      ['budget.hubspot.rate', 'critical'],
    ]);
    expect(d.raise[0]?.fields).toEqual({ system: 'hubspot', used: 900, limit: 1000 });
    expect(d.resolve).toEqual(['budget.salesforce.daily']);
  });

  it('a DAILY_LIMIT stop without usage figures still raises the daily budget alert', () => {
    const d = evaluateCycleAlerts(outcome({ ok: false, errorCode: 'DAILY_LIMIT', system: 'salesforce' }), state());
    expect(d.raise.find((a) => a.key === 'budget.salesforce.daily')?.severity).toBe('critical');
  });

  it('dead letters above the threshold in one cycle warn; at or below it a good cycle resolves', () => {
    expect(evaluateCycleAlerts(outcome({ deadLettered: 10 }), state()).raise).toEqual([]);
    const d = evaluateCycleAlerts(outcome({ deadLettered: 11 }), state());
    expect(d.raise.map((a) => [a.key, a.severity, a.fields])).toEqual([
      ['deadletters.threshold', 'warning', { deadLettered: 11, threshold: 10 }],
    ]);
    expect(evaluateCycleAlerts(outcome({ deadLettered: 2 }), state(['deadletters.threshold'])).resolve).toEqual([
      'deadletters.threshold',
    ]);
  });

  it('no success for N intervals is critical; measured from start when no cycle ever succeeded', () => {
    const failing = { ok: false, errorCode: 'NETWORK' } as const;
    const recent = outcome({ ...failing, lastSuccessAt: new Date(NOW.getTime() - 2 * FIVE_MIN) });
    expect(keys(evaluateCycleAlerts(recent, state()))).toEqual(['cycle.failed']);

    const stale = outcome({ ...failing, lastSuccessAt: new Date(NOW.getTime() - 3 * FIVE_MIN) });
    const d = evaluateCycleAlerts(stale, state());
    expect(d.raise.find((a) => a.key === 'cycle.stale')).toMatchObject({
      severity: 'critical',
      fields: { minutesSinceSuccess: 15, staleAfterIntervals: 3 },
    });

    const never = outcome({ ...failing, lastSuccessAt: null });
    expect(keys(evaluateCycleAlerts(never, state()))).toEqual(['cycle.failed']);
    const sinceStart = evaluateCycleAlerts(never, state([], { startedAt: new Date(NOW.getTime() - 20 * 60_000) }));
    expect(sinceStart.raise.find((a) => a.key === 'cycle.stale')?.detail).toContain('20 minutes since start');

    expect(evaluateCycleAlerts(outcome(), state(['cycle.stale'])).resolve).toEqual(['cycle.stale']);
  });

  it('routing names Salesforce does not know warn with where they are; only a cycle that routed again resolves it', () => {
    const bad = evaluateCycleAlerts(outcome({ configProblems: ['routing.yaml team emea', 'routing.yaml fallback.user'], configChecked: true }), state());
    expect(bad.raise).toEqual([
      expect.objectContaining({ key: 'config.routing', severity: 'warning', fields: { where: 'routing.yaml team emea, routing.yaml fallback.user' } }),
    ]);
    expect(bad.raise[0]?.detail).toContain('routing.yaml team emea, routing.yaml fallback.user');
    // A quiet cycle (nothing to route) is no evidence the names were fixed.
    expect(evaluateCycleAlerts(outcome({ configProblems: [], configChecked: false }), state(['config.routing'])).resolve).toEqual([]);
    expect(evaluateCycleAlerts(outcome({ configProblems: [], configChecked: true }), state(['config.routing'])).resolve).toEqual(['config.routing']);
  });

  it('carries ids and counts only', () => {
    const d = evaluateCycleAlerts(
      outcome({ ok: false, errorCode: 'AUTH_FAILED', system: 'hubspot', deadLettered: 50, lastSuccessAt: null, budgets: [{ system: 'hubspot', used: 10, limit: 10 }] }),
      state([], { startedAt: new Date(0) }),
    );
    for (const a of d.raise) {
      for (const v of Object.values(a.fields ?? {})) expect(typeof v === 'number' || /^[A-Za-z_.]+$/.test(v)).toBe(true);
    }
  });
});
