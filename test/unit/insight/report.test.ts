import { describe, expect, it } from 'vitest';
import { computeInsight } from '../../../src/core/insight/report.js';
import { fixtureInput, HEALTH } from './fixture.js';

// Every expected figure below was worked out by hand from test/unit/insight/fixture.ts.
describe('computeInsight on the hand-computed fixture', () => {
  const report = computeInsight(fixtureInput());

  it('counts the cohort handed off in [since, until), each step cumulative', () => {
    const f = report.funnel;
    expect([f.handedOff, f.touched, f.accepted, f.meeting, f.opportunity, f.won, f.lost]).toEqual([7, 4, 3, 3, 3, 2, 1]);
    expect(f.steps.map((s) => s.conversion?.rate ?? null)).toEqual([null, 0.5714, 0.75, 1, 1, 0.6667]);
    expect(f.leadToOpportunity).toMatchObject({ count: 3, of: 7, rate: 0.4286 });
    expect(f.meetingToOpportunity).toMatchObject({ count: 3, of: 3, rate: 1 });
    expect(f.winRate).toMatchObject({ count: 2, of: 3, rate: 0.6667 });
  });

  it('sums the amount won per currency, without conversion, and leaves lost amounts out', () => {
    expect(report.funnel.amountWon).toEqual([
      { currency: 'EUR', amount: 2000, opportunities: 1 },
      { currency: 'USD', amount: 1000, opportunities: 1 },
    ]);
  });

  it('judges the SLA against the due time, counting only SLAs that ran out before the cutoff', () => {
    const s = report.sla;
    expect({ due: s.due, met: s.met, breaches: s.breaches, notYetDue: s.notYetDue, withoutSla: s.withoutSla }).toEqual({
      due: 4, met: 2, breaches: 2, notYetDue: 2, withoutSla: 1,
    });
    expect(s.compliance).toBe(0.5);
    // Wilson 95% for 2 of 4.
    expect(s.complianceRate).toEqual({ count: 2, of: 4, rate: 0.5, low: 0.15, high: 0.85 });
    expect(s.medianResponseBusinessMinutes).toBe(300);
    expect(s.p90ResponseBusinessMinutes).toBe(1152);
    expect([s.responses, s.reminders, s.escalations, s.reassignments]).toEqual([4, 1, 1, 1]);
  });

  it('gives median calendar hours per stage over the episodes that have both ends', () => {
    expect(report.velocity).toEqual({
      handoffToFirstTouch: { medianHours: 13, count: 4 },
      firstTouchToMeeting: { medianHours: 35.5, count: 2 },
      meetingToOpportunity: { medianHours: 60, count: 2 },
      opportunityToClose: { medianHours: 120, count: 3 },
      handoffToClose: { medianHours: 192, count: 3 },
    });
  });

  it('splits trends by ISO week', () => {
    expect(report.trends.map((w) => [w.week, w.handedOff, w.touched, w.won, w.slaDue, w.breaches, w.slaCompliance, w.medianResponseBusinessMinutes, w.cycles, w.failedCycles])).toEqual([
      ['2026-W45', 3, 2, 1, 3, 2, 0.3333, 270, 1, 0],
      ['2026-W46', 4, 2, 1, 1, 0, 1, 780, 2, 1],
    ]);
  });

  it('groups by source with the biggest first and (none) last, with win rate per source', () => {
    const bySource = report.by.source ?? [];
    expect(bySource.map((g) => [g.key, g.funnel.handedOff])).toEqual([
      ['ORGANIC_SEARCH', 3],
      ['PAID_SEARCH', 2],
      ['DIRECT_TRAFFIC', 1],
      ['(none)', 1],
    ]);
    expect(bySource[1]?.funnel.winRate).toMatchObject({ count: 1, of: 2, rate: 0.5 });
    expect(bySource[0]?.sla).toMatchObject({ due: 2, met: 1, breaches: 1 });
  });

  it('groups owners, tiers and teams with their SLA figures', () => {
    expect((report.by.owner ?? []).map((g) => [g.key, g.sla.due, g.sla.met])).toEqual([
      ['U1', 2, 1],
      ['U2', 2, 1],
      ['U3', 0, 0],
      ['(none)', 0, 0],
    ]);
    expect((report.by.tier ?? []).find((g) => g.key === 'hot')?.sla.compliance).toBe(1);
    expect((report.by.team ?? []).find((g) => g.key === 'emea')?.funnel.handedOff).toBe(2);
  });

  it('bands scores by the configured edges, low to high', () => {
    expect((report.by.scoreBand ?? []).map((g) => g.key)).toEqual(['<50', '50–59', '60–69', '70–79', '80–89', '90+', '(none)']);
  });

  it('calibrates per model version, by band and grade, with the scorecard', () => {
    const [v1, none] = report.calibration.models;
    expect(v1?.modelVersion).toBe('v1');
    expect(v1?.episodes).toBe(6);
    expect(none?.modelVersion).toBe('(none)');
    expect(v1?.byGrade.map((r) => [r.key, r.episodes, r.opportunity.count, r.won.count])).toEqual([
      ['A', 2, 2, 2],
      ['B', 1, 1, 0],
      ['C', 2, 0, 0],
      ['D', 1, 0, 0],
    ]);
    const a = v1?.byGrade[0];
    expect(a?.meanQuality).toBe(5);
    expect(a?.outcomes).toEqual({ 'meeting booked': 1 });
    // Every band has fewer than 20 episodes: no verdict.
    expect(v1?.higherScoreConvertsBetter).toBeNull();
  });

  it('reports sync health: cycles, calls, budget, dead letters by code, cursor lag, the last reconcile', () => {
    expect(report.health).toEqual({
      cycles: 3,
      succeeded: 1,
      partial: 1,
      failed: 1,
      hubspotCalls: 24,
      salesforceCalls: 8,
      salesforceBudget: { used: 400, limit: 1000, share: 0.4, at: '2026-11-11T00:00:00.000Z' },
      deadLetters: { open: 3, byCode: [{ code: 'VALIDATION', count: 2 }, { code: 'NO_OWNER', count: 1 }], firstSeenInPeriod: 2 },
      cursor: { value: '2026-11-20T11:30:00.000Z', lagMinutes: 30 },
      lastReconcile: HEALTH.lastReconcile,
    });
  });

  it('states the definitions with the configured statuses and time zone', () => {
    expect(report.definitions.accepted).toContain('"Working - Contacted"');
    expect(report.definitions.period).toContain('in UTC');
    expect(report.definitions.scoreBands).toContain('<50, 50–59');
  });
});

describe('computeInsight options', () => {
  it('filters on one value of a dimension before counting', () => {
    const r = computeInsight(fixtureInput({ filter: { dimension: 'team', value: 'emea' } }));
    expect([r.funnel.handedOff, r.funnel.won, r.sla.due]).toEqual([2, 1, 1]);
    expect(r.filter).toEqual({ dimension: 'team', value: 'emea' });
  });

  it('groups only the dimensions asked for', () => {
    const r = computeInsight(fixtureInput({ dimensions: ['grade'] }));
    expect(Object.keys(r.by)).toEqual(['grade']);
  });

  it('labels owners with their names where known', () => {
    const r = computeInsight(fixtureInput({ dimensions: ['owner'], ownerNames: new Map([['U1', 'Ada Rep']]) }));
    expect(r.by.owner?.[0]).toMatchObject({ key: 'U1', label: 'Ada Rep' });
  });

  it('has a null compliance and null medians when nothing is due or touched', () => {
    const r = computeInsight(fixtureInput({ episodes: [] }));
    expect(r.sla.compliance).toBeNull();
    expect(r.sla.medianResponseBusinessMinutes).toBeNull();
    expect(r.funnel.leadToOpportunity).toEqual({ count: 0, of: 0, rate: null, low: null, high: null });
  });
});
