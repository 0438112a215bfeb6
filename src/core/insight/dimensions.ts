import type { EpisodeReportRow } from '../../domain/episode.js';
import type { Dimension } from './types.js';

/** The key an episode without a value for a dimension is grouped under. */
export const NONE = '(none)';

/**
 * Score bands from ascending edges: [50, 65, 80] gives "<50", "50–64", "65–79", "80+". Scores are
 * whole points; a fractional score falls in the band of its floor.
 */
export function scoreBandLabels(edges: readonly number[]): string[] {
  if (edges.length === 0) return ['all'];
  const first = edges[0] as number;
  const labels = [`<${first}`];
  for (let i = 0; i < edges.length - 1; i++) labels.push(`${edges[i]}–${(edges[i + 1] as number) - 1}`);
  labels.push(`${edges[edges.length - 1]}+`);
  return labels;
}

export function scoreBandOf(score: number | null, edges: readonly number[], labels: readonly string[]): string {
  if (score === null || !Number.isFinite(score)) return NONE;
  let i = 0;
  while (i < edges.length && Math.floor(score) >= (edges[i] as number)) i++;
  return labels[i] as string;
}

export function keyOf(dimension: Dimension, e: EpisodeReportRow, edges: readonly number[], labels: readonly string[]): string {
  return dimension === 'scoreBand' ? scoreBandOf(e.score, edges, labels) : keyWithBand(dimension, e, '');
}

/** keyOf with the episode's score band already worked out. */
export function keyWithBand(dimension: Dimension, e: EpisodeReportRow, band: string): string {
  switch (dimension) {
    case 'source':
      return e.source ?? NONE;
    case 'scoreBand':
      return band;
    case 'grade':
      return e.grade ?? NONE;
    case 'tier':
      return e.tier ?? NONE;
    case 'team':
      return e.team ?? NONE;
    case 'owner':
      return e.firstOwnerId ?? NONE;
    case 'segment':
      return e.segment ?? NONE;
    case 'modelVersion':
      return e.modelVersion ?? NONE;
  }
}

/** Group keys in display order: score bands low to high, grades A to Z, the rest by size then name; (none) last. */
export function orderKeys(dimension: Dimension, sizes: ReadonlyMap<string, number>, labels: readonly string[]): string[] {
  const keys = [...sizes.keys()];
  const rank = (k: string): number => (k === NONE ? 1 : 0);
  if (dimension === 'scoreBand') return keys.sort((a, b) => rank(a) - rank(b) || labels.indexOf(a) - labels.indexOf(b));
  if (dimension === 'grade' || dimension === 'modelVersion') return keys.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  return keys.sort((a, b) => rank(a) - rank(b) || (sizes.get(b) ?? 0) - (sizes.get(a) ?? 0) || a.localeCompare(b));
}
