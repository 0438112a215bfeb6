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

export function median(values: readonly number[]): number | null {
  return percentile(values, 0.5);
}

/** The value at fraction q, linear between neighbours (as spreadsheets' PERCENTILE.INC), rounded to 2 decimals. */
export function percentile(values: readonly number[], q: number): number | null {
  const v = quantileInPlace([...values], q);
  return v === null ? null : round(v, 2);
}

export function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** Moves the k-th smallest value to index k, smaller ones before it and larger ones after (three-way quickselect). */
function selectInPlace(values: number[], k: number): void {
  let lo = 0;
  let hi = values.length - 1;
  while (lo < hi) {
    const a = values[lo] as number;
    const b = values[(lo + hi) >> 1] as number;
    const c = values[hi] as number;
    const pivot = a < b ? (b < c ? b : a < c ? c : a) : a < c ? a : b < c ? c : b;
    // [lo, lt) < pivot, [lt, i) = pivot, (gt, hi] > pivot: runs of equal values (whole minutes) stay linear.
    let lt = lo;
    let gt = hi;
    let i = lo;
    while (i <= gt) {
      const v = values[i] as number;
      if (v < pivot) {
        values[i] = values[lt] as number;
        values[lt++] = v;
        i++;
      } else if (v > pivot) {
        values[i] = values[gt] as number;
        values[gt--] = v;
      } else i++;
    }
    if (k < lt) hi = lt - 1;
    else if (k > gt) lo = gt + 1;
    else return;
  }
}

/**
 * The value at fraction q, linear between neighbours, without sorting: reorders `values` in place (expected linear time), so a
 * report takes the median and the 90th percentile of every group without a sorted copy of each.
 */
export function quantileInPlace(values: number[], q: number): number | null {
  const n = values.length;
  if (n === 0) return null;
  const pos = (n - 1) * q;
  const lo = Math.floor(pos);
  selectInPlace(values, lo);
  const a = values[lo] as number;
  if (pos === lo) return a;
  // The next order statistic is the smallest value after index lo.
  let b = Infinity;
  for (let i = lo + 1; i < n; i++) if ((values[i] as number) < b) b = values[i] as number;
  return a + (b - a) * (pos - lo);
}
