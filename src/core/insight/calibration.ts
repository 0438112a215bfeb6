import { NONE, orderKeys, scoreBandOf } from './dimensions.js';
import type { EpisodeFacts } from './facts.js';
import { rate, round } from './stats.js';
import type { Calibration, CalibrationModel, CalibrationRow } from './types.js';

/** Bands with fewer episodes than this don't take part in the "does a higher score convert better" check. */
export const MIN_BAND_EPISODES = 20;

function rowOf(key: string, facts: readonly EpisodeFacts[]): CalibrationRow {
  let meeting = 0;
  let opportunity = 0;
  let won = 0;
  let qualitySum = 0;
  let rated = 0;
  const outcomes: Record<string, number> = {};
  for (const f of facts) {
    if (f.meeting) meeting++;
    if (f.opportunity) opportunity++;
    if (f.won) won++;
    const q = f.episode.leadQuality;
    if (q !== null && Number.isFinite(q)) {
      qualitySum += q;
      rated++;
    }
    const o = f.episode.outcome;
    if (o !== null) outcomes[o] = (outcomes[o] ?? 0) + 1;
  }
  const n = facts.length;
  return {
    key,
    episodes: n,
    meeting: rate(meeting, n),
    opportunity: rate(opportunity, n),
    won: rate(won, n),
    meanQuality: rated === 0 ? null : round(qualitySum / rated, 2),
    rated,
    outcomes,
  };
}

function groupRows(facts: readonly EpisodeFacts[], keyOf: (f: EpisodeFacts) => string, order: (sizes: Map<string, number>) => string[]): CalibrationRow[] {
  const groups = new Map<string, EpisodeFacts[]>();
  for (const f of facts) {
    const k = keyOf(f);
    const list = groups.get(k);
    if (list) list.push(f);
    else groups.set(k, [f]);
  }
  const sizes = new Map([...groups].map(([k, v]) => [k, v.length]));
  return order(sizes).map((k) => rowOf(k, groups.get(k) ?? []));
}

function monotonic(rows: readonly CalibrationRow[]): boolean | null {
  const rates = rows.filter((r) => r.key !== NONE && r.episodes >= MIN_BAND_EPISODES).map((r) => r.opportunity.rate ?? 0);
  if (rates.length < 2) return null;
  return rates.every((r, i) => i === 0 || r >= (rates[i - 1] as number));
}

/** Conversion by score band and by grade, for each model version the episodes were scored with. */
export function calibrationOf(facts: readonly EpisodeFacts[], edges: readonly number[], labels: readonly string[]): Calibration {
  const byModel = new Map<string, EpisodeFacts[]>();
  for (const f of facts) {
    const v = f.episode.modelVersion ?? NONE;
    const list = byModel.get(v);
    if (list) list.push(f);
    else byModel.set(v, [f]);
  }
  const models: CalibrationModel[] = [...byModel.keys()]
    .sort((a, b) => (a === NONE ? 1 : 0) - (b === NONE ? 1 : 0) || b.localeCompare(a))
    .map((modelVersion) => {
      const list = byModel.get(modelVersion) ?? [];
      const byScoreBand = groupRows(list, (f) => scoreBandOf(f.episode.score, edges, labels), (s) => orderKeys('scoreBand', s, labels));
      const byGrade = groupRows(list, (f) => f.episode.grade ?? NONE, (s) => orderKeys('grade', s, labels));
      return { modelVersion, episodes: list.length, byScoreBand, byGrade, higherScoreConvertsBetter: monotonic(byScoreBand) };
    });
  return { minBandEpisodes: MIN_BAND_EPISODES, models };
}
