import type { EpisodeReportRow } from '../../domain/episode.js';
import { CalibrationTally } from './calibration.js';
import { definitionsOf } from './definitions.js';
import type { DefinitionsInput } from './definitions.js';
import { keyOf, keyWithBand, orderKeys, scoreBandLabels, scoreBandOf } from './dimensions.js';
import { factsInto } from './facts.js';
import type { EpisodeFacts } from './facts.js';
import { healthOf } from './health.js';
import type { HealthInput } from './health.js';
import { weekIndex, weeksOf } from './period.js';
import { KEEP_GROUP, KEEP_WEEK, Tally, tallyIn } from './tally.js';
import { DIMENSIONS } from './types.js';
import type { Dimension, GroupFigures, InsightReport, Period, WeekTrend } from './types.js';

export interface InsightSettings extends DefinitionsInput {
  /** Ascending score-band edges. */
  scoreBands: readonly number[];
}

export interface InsightInput {
  now: Date;
  period: Period;
  /** Episodes handed off in the period (others are ignored). */
  episodes: readonly EpisodeReportRow[];
  health: HealthInput;
  settings: InsightSettings;
  /** Grouped figures for these dimensions; all when omitted. */
  dimensions?: readonly Dimension[];
  /** Count only the episodes whose value of the dimension is this. */
  filter?: { dimension: Dimension; value: string } | null;
  /** Display names by owner id, where known. */
  ownerNames?: ReadonlyMap<string, string>;
}

/**
 * The whole insight report, a pure function of the episode rows, the run history and the settings.
 * The funnel is a cohort: the episodes handed off in the period, each followed to now. One pass over
 * the episodes adds each to every tally it belongs to (the cohort, its week, its group in each
 * dimension, its model's score band and grade); the figures are read off the tallies afterwards.
 */
export function computeInsight(input: InsightInput): InsightReport {
  const { period, settings } = input;
  const sinceMs = Date.parse(period.since);
  const untilMs = Date.parse(period.until);
  const nowMs = input.now.getTime();
  const cutoffMs = Math.min(untilMs, nowMs);
  const edges = settings.scoreBands;
  const labels = scoreBandLabels(edges);
  const filter = input.filter ?? null;
  const dimensions = input.dimensions ?? DIMENSIONS;
  const slots = weeksOf(period);

  const total = new Tally(KEEP_GROUP);
  const weeks = slots.map(() => new Tally(KEEP_WEEK));
  const groups = dimensions.map(() => new Map<string, Tally>());
  const calibration = new CalibrationTally(labels);
  // One facts object, refilled for each episode: the tallies keep counts and numbers, never the object.
  const f = {} as EpisodeFacts;
  for (const row of input.episodes) {
    const t = row.handedOffMs;
    if (!(t >= sinceMs && t < untilMs)) continue;
    if (filter !== null && keyOf(filter.dimension, row, edges, labels) !== filter.value) continue;
    factsInto(f, row, cutoffMs);
    const band = scoreBandOf(row.score, edges, labels);
    total.add(f);
    weeks[weekIndex(slots, t)]?.add(f);
    for (let i = 0; i < dimensions.length; i++) {
      tallyIn(groups[i] as Map<string, Tally>, keyWithBand(dimensions[i] as Dimension, row, band), KEEP_GROUP).add(f);
    }
    calibration.add(f, band);
  }

  const by: InsightReport['by'] = {};
  dimensions.forEach((dimension, i) => {
    by[dimension] = groupFigures(dimension, groups[i] as Map<string, Tally>, labels, input.ownerNames);
  });

  return {
    generatedAt: input.now.toISOString(),
    period,
    filter,
    definitions: definitionsOf(settings, period, labels),
    funnel: total.funnel(),
    sla: total.sla(),
    velocity: total.velocity(),
    calibration: calibration.result(),
    health: healthOf(input.health, sinceMs, untilMs, nowMs),
    trends: trendsOf(slots, weeks, input.health),
    by,
  };
}

function groupFigures(dimension: Dimension, tallies: Map<string, Tally>, labels: readonly string[], ownerNames: ReadonlyMap<string, string> | undefined): GroupFigures[] {
  const sizes = new Map([...tallies].map(([k, t]) => [k, t.episodes]));
  return orderKeys(dimension, sizes, labels).map((key) => {
    const t = tallies.get(key) as Tally;
    const label = dimension === 'owner' ? (ownerNames?.get(key) ?? key) : key;
    return { key, label, funnel: t.funnel(), sla: t.sla(), velocity: t.velocity() };
  });
}

function trendsOf(slots: ReturnType<typeof weeksOf>, weeks: readonly Tally[], health: HealthInput): WeekTrend[] {
  const cycles = slots.map(() => ({ cycles: 0, failed: 0 }));
  for (const run of health.runs) {
    if (run.kind !== 'sync') continue;
    const slot = cycles[weekIndex(slots, run.startedMs)];
    if (slot === undefined) continue;
    slot.cycles++;
    if (run.status === 'failed') slot.failed++;
  }
  return slots.map((slot, i) => {
    const week = weeks[i] as Tally;
    const funnel = week.funnel();
    const sla = week.sla();
    return {
      week: slot.week,
      start: new Date(slot.startMs).toISOString(),
      handedOff: funnel.handedOff,
      touched: funnel.touched,
      accepted: funnel.accepted,
      meeting: funnel.meeting,
      opportunity: funnel.opportunity,
      won: funnel.won,
      leadToOpportunity: funnel.leadToOpportunity.rate,
      slaDue: sla.due,
      breaches: sla.breaches,
      slaCompliance: sla.compliance,
      medianResponseBusinessMinutes: sla.medianResponseBusinessMinutes,
      p90ResponseBusinessMinutes: sla.p90ResponseBusinessMinutes,
      cycles: cycles[i]?.cycles ?? 0,
      failedCycles: cycles[i]?.failed ?? 0,
    };
  });
}
