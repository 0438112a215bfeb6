import type { Episode } from '../../domain/episode.js';
import { calibrationOf } from './calibration.js';
import { definitionsOf } from './definitions.js';
import type { DefinitionsInput } from './definitions.js';
import { keyOf, orderKeys, scoreBandLabels } from './dimensions.js';
import { factsOf } from './facts.js';
import type { EpisodeFacts } from './facts.js';
import { funnelOf, slaOf, velocityOf } from './figures.js';
import { healthOf } from './health.js';
import type { HealthInput } from './health.js';
import { weekIndex, weeksOf } from './period.js';
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
  episodes: readonly Episode[];
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
 * The funnel is a cohort: the episodes handed off in the period, each followed to now.
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

  const facts: EpisodeFacts[] = [];
  for (const e of input.episodes) {
    const t = Date.parse(e.handedOffAt);
    if (!(t >= sinceMs && t < untilMs)) continue;
    if (filter !== null && keyOf(filter.dimension, e, edges, labels) !== filter.value) continue;
    facts.push(factsOf(e, cutoffMs));
  }

  const by: InsightReport['by'] = {};
  for (const dimension of input.dimensions ?? DIMENSIONS) {
    by[dimension] = groupsOf(dimension, facts, edges, labels, input.ownerNames);
  }

  return {
    generatedAt: input.now.toISOString(),
    period,
    filter,
    definitions: definitionsOf(settings, period, labels),
    funnel: funnelOf(facts),
    sla: slaOf(facts),
    velocity: velocityOf(facts),
    calibration: calibrationOf(facts, edges, labels),
    health: healthOf(input.health, sinceMs, untilMs, nowMs),
    trends: trendsOf(period, facts, input.health),
    by,
  };
}

function groupsOf(
  dimension: Dimension,
  facts: readonly EpisodeFacts[],
  edges: readonly number[],
  labels: readonly string[],
  ownerNames: ReadonlyMap<string, string> | undefined,
): GroupFigures[] {
  const groups = new Map<string, EpisodeFacts[]>();
  for (const f of facts) {
    const k = keyOf(dimension, f.episode, edges, labels);
    const list = groups.get(k);
    if (list) list.push(f);
    else groups.set(k, [f]);
  }
  const sizes = new Map([...groups].map(([k, v]) => [k, v.length]));
  return orderKeys(dimension, sizes, labels).map((key) => {
    const list = groups.get(key) ?? [];
    const label = dimension === 'owner' ? (ownerNames?.get(key) ?? key) : key;
    return { key, label, funnel: funnelOf(list), sla: slaOf(list), velocity: velocityOf(list) };
  });
}

function trendsOf(period: Period, facts: readonly EpisodeFacts[], health: HealthInput): WeekTrend[] {
  const slots = weeksOf(period);
  const perWeek: EpisodeFacts[][] = slots.map(() => []);
  for (const f of facts) perWeek[weekIndex(slots, f.handedOffMs)]?.push(f);
  const cycles = slots.map(() => ({ cycles: 0, failed: 0 }));
  for (const run of health.runs) {
    if (run.kind !== 'sync') continue;
    const slot = cycles[weekIndex(slots, Date.parse(run.startedAt))];
    if (slot === undefined) continue;
    slot.cycles++;
    if (run.status === 'failed') slot.failed++;
  }
  return slots.map((slot, i) => {
    const list = perWeek[i] ?? [];
    const funnel = funnelOf(list);
    const sla = slaOf(list);
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
