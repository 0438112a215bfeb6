/**
 * Shadow against live (handoff.yaml scoring.shadow): what the candidate model would have made of the
 * same contacts, beside what the live model did. Pure: decision rows (each contact's latest
 * evaluation, with both models' results) and the period's episodes in, figures out.
 */
import type { DecisionRecord } from '../../domain/decision.js';
import type { EpisodeReportRow } from '../../domain/episode.js';
import { NONE, scoreBandOf } from './dimensions.js';
import { factsOf } from './facts.js';
import { rate } from './stats.js';
import type { ShadowBand, ShadowComparison } from './types.js';

export interface ShadowInput {
  /** Decision rows evaluated in the period. */
  evaluated: readonly DecisionRecord[];
  /** The cohort (episodes handed off in the period) and the decision row of each contact in it. */
  episodes: readonly EpisodeReportRow[];
  decisionsOf: ReadonlyMap<string, DecisionRecord>;
  scoreBands: readonly number[];
  bandLabels: readonly string[];
  /** Outcomes up to this instant count (the report's `now`). */
  nowMs: number;
}

export const SHADOW_DEFINITIONS: Record<string, string> = {
  'shadow.mqls':
    "Contacts whose latest evaluation falls in the period and carries both models' results (shadow mode was on), counted as MQLs under each model: the live model's qualification and the shadow model's, at the same moment on the same activity history.",
  'shadow.conversionByBand':
    "The period's handed-off episodes (the report's cohort) whose contact has a shadow result, put in a score band by each model's score at the contact's latest evaluation, with the share that reached an opportunity and the share won. Only contacts the live model handed off have outcomes: contacts only the shadow model qualifies have none, so they are counted in shadowOnly and never guessed.",
};

function bands(episodes: readonly { episode: EpisodeReportRow; score: number | null }[], input: ShadowInput): ShadowBand[] {
  const groups = new Map<string, { n: number; opportunity: number; won: number }>();
  for (const { episode, score } of episodes) {
    const key = scoreBandOf(score, input.scoreBands, input.bandLabels);
    const g = groups.get(key) ?? { n: 0, opportunity: 0, won: 0 };
    const f = factsOf(episode, input.nowMs);
    g.n++;
    if (f.opportunity) g.opportunity++;
    if (f.won) g.won++;
    groups.set(key, g);
  }
  return [...input.bandLabels, NONE]
    .filter((k) => groups.has(k))
    .map((band) => {
      const g = groups.get(band) as { n: number; opportunity: number; won: number };
      return { band, episodes: g.n, opportunity: rate(g.opportunity, g.n), won: rate(g.won, g.n) };
    });
}

/** Shadow against live for one period. */
export function shadowComparisonOf(input: ShadowInput): ShadowComparison {
  const rows = input.evaluated.filter((d) => d.shadow);
  let both = 0;
  let liveOnly = 0;
  let shadowOnly = 0;
  for (const d of rows) {
    const s = d.shadow?.qualified === true;
    if (d.qualified && s) both++;
    else if (d.qualified) liveOnly++;
    else if (s) shadowOnly++;
  }
  const cohort = input.episodes.flatMap((episode) => {
    const d = input.decisionsOf.get(episode.hubspotId);
    return d?.shadow ? [{ episode, decision: d, shadow: d.shadow }] : [];
  });
  const versions = (list: (string | null)[]): string[] => [...new Set(list.filter((v): v is string => v !== null))].sort();
  return {
    evaluated: rows.length,
    both,
    liveOnly,
    shadowOnly,
    cohortEpisodes: input.episodes.length,
    cohortWithShadow: cohort.length,
    live: {
      modelVersions: versions(rows.map((d) => d.modelVersion)),
      mqls: both + liveOnly,
      conversionByBand: bands(cohort.map((c) => ({ episode: c.episode, score: c.decision.score })), input),
    },
    shadow: {
      modelVersions: versions(rows.map((d) => d.shadow?.modelVersion ?? null)),
      mqls: both + shadowOnly,
      conversionByBand: bands(cohort.map((c) => ({ episode: c.episode, score: c.shadow.score })), input),
    },
    definitions: SHADOW_DEFINITIONS,
  };
}
