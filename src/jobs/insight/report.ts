import type { Config } from '../../config/load.js';
import { resolvePeriod } from '../../core/insight/period.js';
import { computeInsight } from '../../core/insight/report.js';
import type { InsightSettings } from '../../core/insight/report.js';
import type { Dimension, InsightReport, LastReconcile } from '../../core/insight/types.js';
import { scoreBandLabels } from '../../core/insight/dimensions.js';
import { shadowComparisonOf } from '../../core/insight/shadow.js';
import type { ShadowComparison } from '../../core/insight/types.js';
import type { DecisionRecord } from '../../domain/decision.js';
import type { Period } from '../../core/insight/types.js';
import type { EpisodeReportRow } from '../../domain/episode.js';
import { UsageError } from '../../domain/errors.js';
import { USER_NAMES_CACHE_KEY } from '../../domain/salesforce.js';
import type { Clock } from '../../ports/clock.js';
import type { Run, StateStore } from '../../ports/state.js';
import { CONTACTS_CURSOR } from '../sync/run-sync.js';

/** What a report asks for; `handoff report` and the dashboard's data endpoint take the same. */
export interface InsightRequest {
  since?: string | undefined;
  until?: string | undefined;
  /** Grouped figures for this dimension only; every dimension when omitted. */
  by?: Dimension | undefined;
  filter?: { dimension: Dimension; value: string } | undefined;
}

/** The reads a report makes: the state only, never HubSpot or Salesforce. */
export interface InsightDeps {
  readonly config: Config;
  readonly clock: Clock;
  readonly state: Pick<StateStore, 'listEpisodeReportRows' | 'runSummaries' | 'listRuns' | 'listDeadLetters' | 'getCursor' | 'listDecisions' | 'getDecisions' | 'getCache'>;
}

/** Decision rows read per query by the shadow comparison. */
const PAGE = 20_000;

/** The settings the pure module needs, from this deployment's configuration. */
export function insightSettings(config: Config): InsightSettings {
  return {
    timeZone: config.handoff.report.timeZone,
    scoreBands: config.handoff.report.scoreBands,
    // The same words the feedback job and the glossary use.
    acceptedStatuses: config.handoff.feedback.leadStatus.accepted,
    workingStatuses: config.handoff.feedback.leadStatus.working,
  };
}

/**
 * Builds the insight report from the state: the episodes handed off in the period, the runs started
 * in it, the dead letters open now, the sync cursor and the last reconcile run. One code path for
 * `handoff report` in every format and for the daemon's dashboard. A bad period is a UsageError.
 */
export async function buildInsightReport(deps: InsightDeps, request: InsightRequest = {}): Promise<InsightReport> {
  const now = new Date(deps.clock.now());
  const settings = insightSettings(deps.config);
  const resolved = resolvePeriod({ since: request.since, until: request.until }, now, settings.timeZone);
  if (!resolved.ok) throw new UsageError(resolved.problem);
  const { period } = resolved;

  const [episodes, runs, deadLetters, cursor, reconciles, userNames] = await Promise.all([
    deps.state.listEpisodeReportRows({ handedOffSince: period.since, handedOffBefore: period.until }),
    deps.state.runSummaries({ since: period.since, until: period.until }),
    deps.state.listDeadLetters({ unresolvedOnly: true }),
    deps.state.getCursor(CONTACTS_CURSOR),
    deps.state.listRuns(1, 'reconcile'),
    deps.state.getCache(USER_NAMES_CACHE_KEY),
  ]);
  const lastReconcile = reconciles[0];
  const shadow = deps.config.handoff.scoring.shadow === null ? null : await shadowAgainstLive(deps, period, episodes, now);
  const report = computeInsight({
    now,
    period,
    episodes,
    settings,
    ...(request.by === undefined ? {} : { dimensions: [request.by] }),
    filter: request.filter ?? null,
    ownerNames: namesOf(userNames?.value),
    health: {
      runs,
      openDeadLetters: deadLetters.map((d) => ({ code: d.code, firstSeen: d.firstSeen })),
      cursor: cursor?.value ?? null,
      lastReconcile: lastReconcile === undefined ? null : lastReconcileOf(lastReconcile),
    },
  });
  return shadow ? { ...report, shadow } : report;
}

/** Shadow against live over the decision table: the rows evaluated in the period, and those of the cohort's contacts. */
async function shadowAgainstLive(deps: InsightDeps, period: Period, episodes: readonly EpisodeReportRow[], now: Date): Promise<ShadowComparison> {
  const evaluated: DecisionRecord[] = [];
  for (let after: string | undefined; ; ) {
    const page = await deps.state.listDecisions({ evaluatedSince: period.since, limit: PAGE, ...(after !== undefined ? { afterHubspotId: after } : {}) });
    evaluated.push(...page.filter((d) => d.evaluatedAt < period.until));
    if (page.length < PAGE) break;
    after = page[page.length - 1]?.hubspotId;
  }
  const ids = [...new Set(episodes.map((e) => e.hubspotId))];
  const decisionsOf = new Map<string, DecisionRecord>();
  for (let i = 0; i < ids.length; i += PAGE) for (const [k, v] of await deps.state.getDecisions(ids.slice(i, i + PAGE))) decisionsOf.set(k, v);
  const edges = deps.config.handoff.report.scoreBands;
  return shadowComparisonOf({ evaluated, episodes, decisionsOf, scoreBands: edges, bandLabels: scoreBandLabels(edges), nowMs: now.getTime() });
}

/** The report's view of a stored reconcile run: when, its window and its summary counts. */
function lastReconcileOf(run: Run): LastReconcile {
  const since = objectAt(run.report, 'window', 'since');
  const until = objectAt(run.report, 'window', 'until');
  const count = (key: string): number | null => numberAt(run.report, 'summary', key);
  return {
    startedAt: run.startedAt,
    finishedAt: run.finishedAt,
    status: run.status,
    window: typeof since === 'string' && typeof until === 'string' ? { since, until } : null,
    qualified: count('qualified'),
    landed: count('landed'),
    deadLettered: count('deadLettered'),
    explained: count('explained'),
    skipped: count('skipped'),
    gaps: count('gaps'),
  };
}

/** Owner names by User Id from the stored map the sync keeps (empty before the first sync read the users). */
function namesOf(value: unknown): Map<string, string> {
  const names = objectAt(value, 'names');
  if (typeof names !== 'object' || names === null) return new Map();
  return new Map(Object.entries(names).filter((e): e is [string, string] => typeof e[1] === 'string'));
}

function objectAt(value: unknown, ...path: string[]): unknown {
  let v = value;
  for (const key of path) {
    if (typeof v !== 'object' || v === null) return undefined;
    v = (v as Record<string, unknown>)[key];
  }
  return v;
}

function numberAt(value: unknown, ...path: string[]): number | null {
  const v = objectAt(value, ...path);
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}
