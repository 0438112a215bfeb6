/** Small statistics for the insight report: proportions with Wilson intervals, medians and percentiles. */

/** A proportion with its counts and a Wilson 95% interval; rate and bounds are null when `of` is 0. */
export interface Rate {
  count: number;
  of: number;
  rate: number | null;
  low: number | null;
  high: number | null;
}

const Z95 = 1.959963984540054;

/**
 * `count` successes out of `of` trials. The Wilson score interval stays inside [0, 1] and behaves at
 * 0 and at `of` (where the normal approximation collapses to a zero-width interval), which matters
 * for the small groups a breakdown by owner or score band produces.
 */
export function rate(count: number, of: number): Rate {
  if (of <= 0) return { count, of, rate: null, low: null, high: null };
  const p = count / of;
  const z2 = Z95 * Z95;
  const denominator = 1 + z2 / of;
  const centre = (p + z2 / (2 * of)) / denominator;
  const half = (Z95 * Math.sqrt((p * (1 - p)) / of + z2 / (4 * of * of))) / denominator;
  return { count, of, rate: round(p, 4), low: round(Math.max(0, centre - half), 4), high: round(Math.min(1, centre + half), 4) };
}

/** The value at fraction q of a sorted list, linear between neighbours (as spreadsheets' PERCENTILE.INC). */
export function quantileSorted(sorted: readonly number[], q: number): number | null {
  if (sorted.length === 0) return null;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  const a = sorted[lo] as number;
  const b = sorted[hi] as number;
  return a + (b - a) * (pos - lo);
}

/** Sorts a copy ascending, numerically. */
export function sortedNumbers(values: readonly number[]): number[] {
  // A typed array sorts numerically (and fast); Array.prototype.sort would compare strings.
  return Array.from(Float64Array.from(values).sort());
}

export function median(values: readonly number[]): number | null {
  const m = quantileSorted(sortedNumbers(values), 0.5);
  return m === null ? null : round(m, 2);
}

export function percentile(values: readonly number[], q: number): number | null {
  const v = quantileSorted(sortedNumbers(values), q);
  return v === null ? null : round(v, 2);
}

export function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
