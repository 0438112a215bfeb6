import { DateTime } from 'luxon';
import type { ScoringConfig } from '../../config/scoring.js';
import type { DecisionRecord } from '../../domain/decision.js';
import type { Episode } from '../../domain/episode.js';
import type { Activity, Contact } from '../../domain/types.js';
import { scoreBandLabels, scoreBandOf } from '../insight/dimensions.js';
import { compileModel, isoMs } from '../score.js';
import type { Scorer } from '../score.js';
import { formActivities } from '../scoring-run.js';
import { contactFromDecision } from './inputs.js';
import { auc, rate } from './metrics.js';
import type { Labelled } from './metrics.js';

export interface BacktestInput {
  decisions: readonly DecisionRecord[];
  /** Remembered activities by contact id. */
  activities: ReadonlyMap<string, readonly Activity[]>;
  episodes: readonly Episode[];
  live: ScoringConfig;
  candidate: ScoringConfig;
  since: Date;
  until: Date;
  timeZone: string;
  scoreBands: readonly number[];
  /** How many changed contacts to list. */
  sampleSize?: number;
}

export interface BandFigures {
  band: string;
  episodes: number;
  opportunities: number;
  won: number;
  opportunityRate: number | null;
  wonRate: number | null;
}

export interface ModelFigures {
  version: string;
  threshold: number;
  /** Per week (starting Monday, in the report time zone): contacts that crossed the threshold during it, and those above it at its end. */
  mqlPerWeek: { week: string; newMqls: number; qualifiedAtEnd: number }[];
  /** Labelled episodes by the band of this model's score at the handoff. */
  conversionByBand: BandFigures[];
  /** Of the labelled episodes this model qualifies at the handoff: how many reached an opportunity. */
  precisionAtThreshold: { qualifiedEpisodes: number; opportunities: number; precision: number | null };
  /** This model's score at the handoff against reaching an opportunity, over the labelled episodes. */
  auc: number | null;
}

export interface ChangedContact {
  hubspotId: string;
  live: { score: number; qualified: boolean };
  candidate: { score: number; qualified: boolean };
  labelled: boolean;
}

export interface BacktestResult {
  since: string;
  until: string;
  live: ModelFigures;
  candidate: ModelFigures;
  /** Contacts whose decision the candidate would change at `until`. */
  changed: { count: number; newMqls: number; dropped: number; sample: ChangedContact[] };
  labelCoverage: {
    contacts: number;
    /** Episodes handed off in the period: the only contacts with outcomes. */
    labelledEpisodes: number;
    liveMqls: number;
    liveMqlsLabelled: number;
    candidateMqls: number;
    candidateMqlsLabelled: number;
    /** candidateMqlsLabelled ÷ candidateMqls. */
    candidateCoverage: number | null;
    /** The candidate's MQLs the live model does not qualify, none of them labelled: listed, not guessed. */
    candidateNewMqlsUnlabelled: string[];
  };
}

interface Subject {
  contact: Contact;
  /** Remembered activities and the latest form conversion, oldest first, with their times in ms. */
  history: { at: number; a: Activity }[];
}

function subjectOf(d: DecisionRecord, activities: ReadonlyMap<string, readonly Activity[]>): Subject {
  const contact = contactFromDecision(d);
  const all = [...(activities.get(d.hubspotId) ?? []), ...formActivities(contact)];
  return { contact, history: all.map((a) => ({ at: isoMs(a.occurredAt), a })).sort((x, y) => x.at - y.at) };
}

/** The score at `at`, from what had happened before it. */
function scoreAt(scorer: Scorer, s: Subject, at: number): { total: number; qualified: boolean } {
  const before = s.history.filter((h) => h.at < at).map((h) => h.a);
  const r = scorer(s.contact, before, new Date(at));
  return { total: r.total, qualified: r.qualified };
}

/** Week starts (Monday 00:00 in the zone) from the week holding `since` up to `until`, each with the end it is evaluated at. */
export function weeksOf(since: Date, until: Date, zone: string): { week: string; end: number }[] {
  const out: { week: string; end: number }[] = [];
  let start = DateTime.fromJSDate(since, { zone }).startOf('week');
  while (start.toMillis() < until.getTime()) {
    const next = start.plus({ weeks: 1 });
    out.push({ week: start.toISODate() ?? '', end: Math.min(next.toMillis(), until.getTime()) });
    start = next;
  }
  return out;
}

const isOpportunity = (e: Episode): boolean => e.opportunityId !== null || e.won === true || e.salesStatus === 'won';
const isWon = (e: Episode): boolean => e.won === true || e.salesStatus === 'won';

function figures(model: ScoringConfig, subjects: readonly Subject[], episodes: readonly { e: Episode; s: Subject }[], input: BacktestInput): ModelFigures {
  const scorer = compileModel(model);
  const weeks = weeksOf(input.since, input.until, input.timeZone);
  let before = new Set(subjects.filter((s) => scoreAt(scorer, s, input.since.getTime()).qualified).map((s) => s.contact.hubspotId));
  const mqlPerWeek = weeks.map((w) => {
    const now = new Set(subjects.filter((s) => scoreAt(scorer, s, w.end).qualified).map((s) => s.contact.hubspotId));
    const newMqls = [...now].filter((id) => !before.has(id)).length;
    before = now;
    return { week: w.week, newMqls, qualifiedAtEnd: now.size };
  });
  const labels = scoreBandLabels(input.scoreBands);
  const bands = new Map(labels.map((b) => [b, { band: b, episodes: 0, opportunities: 0, won: 0 }]));
  const samples: Labelled[] = [];
  let qualifiedEpisodes = 0;
  let qualifiedOpportunities = 0;
  for (const { e, s } of episodes) {
    const r = scoreAt(scorer, s, Date.parse(e.handedOffAt));
    const band = bands.get(scoreBandOf(r.total, input.scoreBands, labels));
    const opp = isOpportunity(e);
    if (band) {
      band.episodes += 1;
      if (opp) band.opportunities += 1;
      if (isWon(e)) band.won += 1;
    }
    samples.push({ score: r.total, positive: opp });
    if (r.qualified) {
      qualifiedEpisodes += 1;
      if (opp) qualifiedOpportunities += 1;
    }
  }
  return {
    version: model.version,
    threshold: model.mqlThreshold,
    mqlPerWeek,
    conversionByBand: [...bands.values()].map((b) => ({ ...b, opportunityRate: rate(b.opportunities, b.episodes), wonRate: rate(b.won, b.episodes) })),
    precisionAtThreshold: { qualifiedEpisodes, opportunities: qualifiedOpportunities, precision: rate(qualifiedOpportunities, qualifiedEpisodes) },
    auc: auc(samples),
  };
}

/**
 * Replays the decision table's fit inputs (today's values) with the stored activity history through
 * the live and a candidate model (pure: no I/O, no clock). Outcomes come from the episodes handed off
 * in [since, until): the live model chose them, so the candidate's new MQLs have none and are listed
 * as unlabelled rather than guessed.
 */
export function backtest(input: BacktestInput): BacktestResult {
  const scored = input.decisions.filter((d) => d.score !== null);
  const subjects = scored.map((d) => subjectOf(d, input.activities));
  const byId = new Map(subjects.map((s) => [s.contact.hubspotId, s]));
  const sinceMs = input.since.getTime();
  const untilMs = input.until.getTime();
  const labelled = input.episodes
    .filter((e) => {
      const at = Date.parse(e.handedOffAt);
      return at >= sinceMs && at < untilMs && byId.has(e.hubspotId);
    })
    .map((e) => ({ e, s: byId.get(e.hubspotId) as Subject }));
  const hasOutcome = new Set(labelled.map((l) => l.e.hubspotId));

  const live = compileModel(input.live);
  const candidate = compileModel(input.candidate);
  const changed: ChangedContact[] = [];
  let liveMqls = 0;
  let liveMqlsLabelled = 0;
  let candidateMqls = 0;
  let candidateMqlsLabelled = 0;
  for (const s of subjects) {
    const l = scoreAt(live, s, untilMs);
    const c = scoreAt(candidate, s, untilMs);
    const id = s.contact.hubspotId;
    if (l.qualified) {
      liveMqls += 1;
      if (hasOutcome.has(id)) liveMqlsLabelled += 1;
    }
    if (c.qualified) {
      candidateMqls += 1;
      if (hasOutcome.has(id)) candidateMqlsLabelled += 1;
    }
    if (l.qualified !== c.qualified) changed.push({ hubspotId: id, live: { score: l.total, qualified: l.qualified }, candidate: { score: c.total, qualified: c.qualified }, labelled: hasOutcome.has(id) });
  }
  changed.sort((a, b) => Number(a.hubspotId) - Number(b.hubspotId) || a.hubspotId.localeCompare(b.hubspotId));
  const newMqls = changed.filter((x) => x.candidate.qualified);
  return {
    since: input.since.toISOString(),
    until: input.until.toISOString(),
    live: figures(input.live, subjects, labelled, input),
    candidate: figures(input.candidate, subjects, labelled, input),
    changed: { count: changed.length, newMqls: newMqls.length, dropped: changed.length - newMqls.length, sample: changed.slice(0, input.sampleSize ?? 20) },
    labelCoverage: {
      contacts: subjects.length,
      labelledEpisodes: labelled.length,
      liveMqls,
      liveMqlsLabelled,
      candidateMqls,
      candidateMqlsLabelled,
      candidateCoverage: rate(candidateMqlsLabelled, candidateMqls),
      candidateNewMqlsUnlabelled: newMqls.filter((x) => !x.labelled).map((x) => x.hubspotId),
    },
  };
}
