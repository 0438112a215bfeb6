import type { ShadowComparison } from '../../core/insight/types.js';
import { num, rateText } from './format.js';

/** The headline of shadow against live, in words. */
export function shadowSummary(s: ShadowComparison): string {
  const v = (list: readonly string[]): string => (list.length > 0 ? list.join(', ') : 'no version recorded');
  return `Live model ${v(s.live.modelVersions)}: ${num(s.live.mqls)} MQLs; shadow model ${v(s.shadow.modelVersions)}: ${num(s.shadow.mqls)} MQLs, of ${num(s.evaluated)} contacts evaluated by both (both ${num(s.both)}, live only ${num(s.liveOnly)}, shadow only ${num(s.shadowOnly)}). Handed-off episodes with a shadow score: ${num(s.cohortWithShadow)} of ${num(s.cohortEpisodes)}.`;
}

export const SHADOW_HEADERS = ['model', 'score band', 'episodes', 'opportunity', 'won'] as const;

/** Conversion by band under each model, live first: one row per model and band. */
export function shadowRows(s: ShadowComparison): string[][] {
  return [
    ...s.live.conversionByBand.map((b) => ['live', b.band, num(b.episodes), rateText(b.opportunity), rateText(b.won)]),
    ...s.shadow.conversionByBand.map((b) => ['shadow', b.band, num(b.episodes), rateText(b.opportunity), rateText(b.won)]),
  ];
}
