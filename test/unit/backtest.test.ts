import { describe, expect, it } from 'vitest';
import { backtest, weeksOf } from '../../src/core/backtest/backtest.js';
import { auc } from '../../src/core/backtest/metrics.js';
import { input } from '../fixtures/backtest.js';

describe('backtest: the live and a candidate model over the stored decisions, activity and outcomes', () => {
  const r = backtest(input);

  it('counts MQLs per week as a person would: who crossed the threshold during the week, and who is above it at its end', () => {
    expect(weeksOf(input.since, input.until, 'UTC')).toEqual([
      { week: '2026-11-23', end: Date.parse('2026-11-30T00:00:00.000Z') },
      { week: '2026-11-30', end: Date.parse('2026-12-07T00:00:00.000Z') },
    ]);
    // Live: {6} at the start; 1 and 4 cross in week one; 2 in week two (40 + the form's 15).
    expect(r.live.mqlPerWeek).toEqual([
      { week: '2026-11-23', newMqls: 2, qualifiedAtEnd: 3 },
      { week: '2026-11-30', newMqls: 1, qualifiedAtEnd: 4 },
    ]);
    // Candidate: {1, 3, 6} at the start (a VP alone is 50); 4 crosses in week one, 2 in week two.
    expect(r.candidate.mqlPerWeek).toEqual([
      { week: '2026-11-23', newMqls: 1, qualifiedAtEnd: 4 },
      { week: '2026-11-30', newMqls: 1, qualifiedAtEnd: 5 },
    ]);
  });

  it('scores the labelled episodes at their handoff: conversion by band, precision at the threshold, AUC', () => {
    // Live at the handoffs: 1 → 70 (won), 4 → 80 (lost). Candidate: 1 → 90, 4 → 80.
    expect(r.live.conversionByBand).toEqual([
      { band: '<50', episodes: 0, opportunities: 0, won: 0, opportunityRate: null, wonRate: null },
      { band: '50–74', episodes: 1, opportunities: 1, won: 1, opportunityRate: 1, wonRate: 1 },
      { band: '75+', episodes: 1, opportunities: 0, won: 0, opportunityRate: 0, wonRate: 0 },
    ]);
    expect(r.candidate.conversionByBand[2]).toEqual({ band: '75+', episodes: 2, opportunities: 1, won: 1, opportunityRate: 0.5, wonRate: 0.5 });
    expect(r.live.precisionAtThreshold).toEqual({ qualifiedEpisodes: 2, opportunities: 1, precision: 0.5 });
    expect(r.candidate.precisionAtThreshold).toEqual({ qualifiedEpisodes: 2, opportunities: 1, precision: 0.5 });
    // The one positive (70) below the one negative (80) under live; above it (90 > 80) under the candidate.
    expect(r.live.auc).toBe(0);
    expect(r.candidate.auc).toBe(1);
    expect({ live: r.live.version, candidate: r.candidate.version }).toEqual({ live: 'live-1', candidate: 'cand-1' });
  });

  it('lists the changed decisions and states label coverage, the new MQLs as unlabelled', () => {
    expect(r.changed).toEqual({ count: 1, newMqls: 1, dropped: 0, sample: [{ hubspotId: '3', live: { score: 30, qualified: false }, candidate: { score: 50, qualified: true }, labelled: false }] });
    expect(r.labelCoverage).toEqual({
      contacts: 6,
      labelledEpisodes: 2,
      liveMqls: 4,
      liveMqlsLabelled: 2,
      candidateMqls: 5,
      candidateMqlsLabelled: 2,
      candidateCoverage: 0.4,
      candidateNewMqlsUnlabelled: ['3'],
    });
  });

  it('AUC counts ties as half and needs both classes', () => {
    expect(auc([{ score: 60, positive: true }, { score: 60, positive: false }, { score: 40, positive: false }])).toBe(0.75);
    expect(auc([{ score: 60, positive: true }])).toBeNull();
  });
});
