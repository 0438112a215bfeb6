import type { Rate } from './stats.js';

export type { Rate } from './stats.js';

/** What the report groups by; each is a value the episode row kept from the moment of the handoff. */
export const DIMENSIONS = ['source', 'scoreBand', 'grade', 'tier', 'team', 'owner', 'segment', 'modelVersion'] as const;
export type Dimension = (typeof DIMENSIONS)[number];

/** The funnel's steps in order; each counts the episodes that reached it or a later one. */
export const FUNNEL_STEPS = ['handedOff', 'touched', 'accepted', 'meeting', 'opportunity', 'won'] as const;
export type FunnelStep = (typeof FUNNEL_STEPS)[number];

/** `[since, until)`, as instants, with the zone the dates were read in. */
export interface Period {
  since: string;
  until: string;
  timeZone: string;
}

export interface AmountByCurrency {
  /** Null when the org keeps one currency (no CurrencyIsoCode): the org's currency. */
  currency: string | null;
  amount: number;
  opportunities: number;
}

export interface Funnel extends Record<FunnelStep, number> {
  /** Opportunities closed lost. */
  lost: number;
  /** Each step's count and its conversion from the step before (null for the first). */
  steps: { step: FunnelStep; count: number; conversion: Rate | null }[];
  leadToOpportunity: Rate;
  meetingToOpportunity: Rate;
  /** Won among the opportunities closed (won or lost). */
  winRate: Rate;
  amountWon: AmountByCurrency[];
}

export interface Sla {
  /** Met ÷ due; null when no SLA ran out in the period. */
  compliance: number | null;
  complianceRate: Rate;
  /** Episodes whose SLA ran out before the end of the period (or now, if earlier). */
  due: number;
  met: number;
  breaches: number;
  /** SLA not run out by the end of the period (or now): not judged yet, touched or not. */
  notYetDue: number;
  /** Episodes without an SLA due time (no Task). */
  withoutSla: number;
  medianResponseBusinessMinutes: number | null;
  p90ResponseBusinessMinutes: number | null;
  /** Episodes with a response time (touched). */
  responses: number;
  reminders: number;
  escalations: number;
  reassignments: number;
}

export const VELOCITY_STAGES = ['handoffToFirstTouch', 'firstTouchToMeeting', 'meetingToOpportunity', 'opportunityToClose', 'handoffToClose'] as const;
export type VelocityStage = (typeof VELOCITY_STAGES)[number];

/** Median calendar hours between steps, over the episodes that have both ends. */
export type Velocity = Record<VelocityStage, { medianHours: number | null; count: number }>;

export interface CalibrationRow {
  key: string;
  episodes: number;
  meeting: Rate;
  opportunity: Rate;
  won: Rate;
  /** Mean scorecard quality (1–5) over the episodes that have one. */
  meanQuality: number | null;
  rated: number;
  /** Scorecard outcomes and how often each was given. */
  outcomes: Record<string, number>;
}

export interface CalibrationModel {
  modelVersion: string;
  episodes: number;
  byScoreBand: CalibrationRow[];
  byGrade: CalibrationRow[];
  /**
   * Whether a higher score meant a better lead: true when the opportunity rate never falls from one
   * score band to the next among bands with at least `minBandEpisodes` episodes; null with fewer than two such bands.
   */
  higherScoreConvertsBetter: boolean | null;
}

export interface Calibration {
  minBandEpisodes: number;
  models: CalibrationModel[];
}

export interface Health {
  cycles: number;
  succeeded: number;
  partial: number;
  failed: number;
  hubspotCalls: number;
  salesforceCalls: number;
  /** The latest Salesforce budget reading of a cycle in the period. */
  salesforceBudget: { used: number; limit: number; share: number | null; at: string } | null;
  deadLetters: { open: number; byCode: { code: string; count: number }[]; firstSeenInPeriod: number };
  cursor: { value: string | null; lagMinutes: number | null };
  lastReconcile: LastReconcile | null;
}

/** The last stored `handoff reconcile` run (null counts where its record has none, e.g. a failed run). */
export interface LastReconcile {
  startedAt: string;
  finishedAt: string | null;
  status: string;
  /** The window it accounted for: contacts qualified from `since` up to `until`, when it ran. */
  window: { since: string; until: string } | null;
  qualified: number | null;
  landed: number | null;
  deadLettered: number | null;
  explained: number | null;
  skipped: number | null;
  gaps: number | null;
}

export interface WeekTrend {
  /** ISO week, e.g. 2026-W49, in the reporting time zone. */
  week: string;
  /** The week's first instant inside the period. */
  start: string;
  handedOff: number;
  touched: number;
  accepted: number;
  meeting: number;
  opportunity: number;
  won: number;
  leadToOpportunity: number | null;
  slaDue: number;
  breaches: number;
  slaCompliance: number | null;
  medianResponseBusinessMinutes: number | null;
  p90ResponseBusinessMinutes: number | null;
  cycles: number;
  failedCycles: number;
}

export interface GroupFigures {
  key: string;
  /** What to show for the key (an owner's name where known); the key otherwise. */
  label: string;
  funnel: Funnel;
  sla: Sla;
  velocity: Velocity;
}

export interface InsightReport {
  generatedAt: string;
  period: Period;
  /** Only episodes whose value of `dimension` is `value` count, when set. */
  filter: { dimension: Dimension; value: string } | null;
  definitions: Record<string, string>;
  funnel: Funnel;
  sla: Sla;
  velocity: Velocity;
  calibration: Calibration;
  health: Health;
  trends: WeekTrend[];
  by: Partial<Record<Dimension, GroupFigures[]>>;
  /** Shadow against live, when handoff.yaml names a shadow model (core/insight/shadow.ts); null or absent otherwise. */
  shadow?: ShadowComparison | null;
}

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
