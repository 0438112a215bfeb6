import { describe, expect, it } from 'vitest';
import { calibrationOf } from '../../../src/core/insight/calibration.js';
import { scoreBandLabels } from '../../../src/core/insight/dimensions.js';
import { factsOf } from '../../../src/core/insight/facts.js';
import { resolvePeriod, weeksOf } from '../../../src/core/insight/period.js';
import { median, percentile, quantileInPlace, rate } from '../../../src/core/insight/stats.js';
import { episodeReportRow } from '../../../src/domain/episode.js';
import { episodeRow } from '../../helpers/episodes.js';

describe('rate (Wilson 95%)', () => {
  it('matches published intervals and stays inside [0, 1] at the edges', () => {
    expect(rate(0, 10)).toEqual({ count: 0, of: 10, rate: 0, low: 0, high: 0.2775 });
    expect(rate(10, 10)).toEqual({ count: 10, of: 10, rate: 1, low: 0.7225, high: 1 });
    expect(rate(81, 263)).toMatchObject({ rate: 0.308, low: 0.2553, high: 0.3662 });
  });
  it('has no rate without trials', () => {
    expect(rate(0, 0).rate).toBeNull();
  });
});

describe('median and percentile', () => {
  it('interpolate between neighbours and sort numerically', () => {
    expect(median([10, 9, 100, 2])).toBe(9.5);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9)).toBe(9.1);
    expect(median([])).toBeNull();
  });
  it("equal the sorted list's values for any list, duplicates and all", () => {
    let seed = 7;
    const next = (): number => ((seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648);
    for (let n = 1; n <= 60; n++) {
      // Whole minutes from a small range: many equal values, as response times are.
      const values = Array.from({ length: n }, () => Math.floor(next() * (n % 3 === 0 ? 3 : 500)));
      const sorted = [...values].sort((a, b) => a - b);
      for (const q of [0, 0.1, 0.5, 0.9, 1]) {
        const pos = (n - 1) * q;
        const lo = sorted[Math.floor(pos)] as number;
        const hi = sorted[Math.ceil(pos)] as number;
        expect(quantileInPlace([...values], q), `n=${n} q=${q}`).toBeCloseTo(lo + (hi - lo) * (pos - Math.floor(pos)), 9);
      }
    }
    expect(quantileInPlace([], 0.5)).toBeNull();
  });
});

describe('resolvePeriod', () => {
  const now = new Date('2026-11-20T12:00:00Z'); // a Friday
  it('reads dates as midnight in the reporting zone', () => {
    expect(resolvePeriod({ since: '2026-11-02', until: '2026-11-16' }, now, 'Europe/Berlin')).toEqual({
      ok: true,
      period: { since: '2026-11-01T23:00:00.000Z', until: '2026-11-15T23:00:00.000Z', timeZone: 'Europe/Berlin' },
    });
  });
  it('defaults to twelve ISO weeks ending with today', () => {
    expect(resolvePeriod({}, now, 'UTC')).toEqual({ ok: true, period: { since: '2026-08-31T00:00:00.000Z', until: '2026-11-21T00:00:00.000Z', timeZone: 'UTC' } });
  });
  it('takes ages and offsets', () => {
    const r = resolvePeriod({ since: '7d', until: '2026-11-20T10:00:00+02:00' }, now, 'UTC');
    expect(r).toEqual({ ok: true, period: { since: '2026-11-13T12:00:00.000Z', until: '2026-11-20T08:00:00.000Z', timeZone: 'UTC' } });
  });
  it('refuses what is not a date and an empty period', () => {
    expect(resolvePeriod({ since: 'last tuesday' }, now, 'UTC')).toMatchObject({ ok: false });
    expect(resolvePeriod({ since: '2026-13-01' }, now, 'UTC')).toMatchObject({ ok: false });
    expect(resolvePeriod({ since: '2026-11-16', until: '2026-11-02' }, now, 'UTC')).toMatchObject({ ok: false });
  });
  it('cuts ISO weeks at the period edges, across a DST change', () => {
    const weeks = weeksOf({ since: '2026-10-21T22:00:00.000Z', until: '2026-11-04T23:00:00.000Z', timeZone: 'Europe/Berlin' });
    expect(weeks.map((w) => w.week)).toEqual(['2026-W43', '2026-W44', '2026-W45']);
    expect(new Date(weeks[1]?.startMs ?? 0).toISOString()).toBe('2026-10-25T23:00:00.000Z') // Monday 00:00 CET, after the switch on Sunday;
  });
});

describe('calibration verdict', () => {
  const cohort = (band: number, n: number, opportunities: number) =>
    Array.from({ length: n }, (_, i) =>
      factsOf(episodeReportRow(episodeRow(`${band}-${i}`, '2026-11-02T10:00:00Z', { score: band, modelVersion: 'v1', opportunityId: i < opportunities ? `O${i}` : null })), Date.now()),
    );
  const edges = [50, 80];
  const labels = scoreBandLabels(edges);
  it('is yes when the opportunity rate rises with the band', () => {
    const c = calibrationOf([...cohort(40, 20, 2), ...cohort(60, 25, 5), ...cohort(90, 20, 10)], edges, labels);
    expect(c.models[0]?.higherScoreConvertsBetter).toBe(true);
  });
  it('is no when a higher band converts worse, ignoring bands too small to judge', () => {
    const c = calibrationOf([...cohort(40, 20, 8), ...cohort(60, 5, 5), ...cohort(90, 20, 2)], edges, labels);
    expect(c.models[0]?.higherScoreConvertsBetter).toBe(false);
  });
});
