/** The shapes of shadow against live (core/insight/shadow.ts), apart so the report's types can name them without an import cycle. */
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
