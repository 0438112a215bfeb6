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
import type { Rate } from './stats.js';

/** One score band under one model: the handed-off contacts it holds and how far they went. */
export interface ShadowBand {
  band: string;
  episodes: number;
  /** Reached an opportunity (an Opportunity id, or closed won or lost). */
  opportunity: Rate;
  won: Rate;
}

export interface ShadowModelFigures {
  /** The model versions that scored the contacts counted, as recorded (usually one). */
  modelVersions: string[];
  /** Contacts evaluated in the period, by both models, that this model qualifies at their latest evaluation. */
  mqls: number;
  /** The period's handed-off episodes (the report's cohort) by this model's score band. */
  conversionByBand: ShadowBand[];
}

export interface ShadowComparison {
  /** Contacts evaluated in the period by both models (decision rows carrying a shadow result). */
  evaluated: number;
  /** Of those: qualified by both, by the live model only, by the shadow only. */
  both: number;
  liveOnly: number;
  shadowOnly: number;
  /** Episodes of the cohort, and those whose contact has a shadow result to band them by. */
  cohortEpisodes: number;
  cohortWithShadow: number;
  live: ShadowModelFigures;
  shadow: ShadowModelFigures;
  definitions: Record<string, string>;
}

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
