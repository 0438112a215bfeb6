/** One labelled sample: a model's score at the handoff and whether the episode reached an opportunity. */
export interface Labelled {
  score: number;
  positive: boolean;
}

/**
 * The area under the ROC curve: the chance a random positive scores above a random negative, ties
 * counting half (the Mann–Whitney statistic). Null without both classes.
 */
export function auc(samples: readonly Labelled[]): number | null {
  const pos = samples.filter((s) => s.positive).map((s) => s.score);
  const neg = samples.filter((s) => !s.positive).map((s) => s.score);
  if (pos.length === 0 || neg.length === 0) return null;
  let wins = 0;
  for (const p of pos) for (const n of neg) wins += p > n ? 1 : p === n ? 0.5 : 0;
  return round(wins / (pos.length * neg.length), 4);
}

export function rate(part: number, whole: number): number | null {
  return whole === 0 ? null : round(part / whole, 4);
}

export function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
