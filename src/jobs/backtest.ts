import type { Deps } from './deps.js';
import type { ScoringConfig } from '../config/scoring.js';
import { backtest } from '../core/backtest/backtest.js';
import type { BacktestResult } from '../core/backtest/backtest.js';
import type { DecisionRecord } from '../domain/decision.js';
import type { Episode } from '../domain/episode.js';
import type { Activity } from '../domain/types.js';
import { chunk } from '../lib/chunk.js';

const PAGE = 1_000;

export interface BacktestOptions {
  candidate: ScoringConfig;
  /** ISO times; the period's episodes are the labelled ones, its weeks the MQL volume's. */
  since: string;
  until: string;
}

/**
 * The backtest over the state alone: every decision row (today's fit inputs), the remembered
 * activity of those contacts, and the recorded episodes with what sales did. No API call.
 */
export async function runBacktest(deps: Pick<Deps, 'state' | 'config'>, options: BacktestOptions): Promise<BacktestResult> {
  const store = deps.state;
  const decisions: DecisionRecord[] = [];
  for (let after: string | undefined; ; ) {
    const page = await store.listDecisions({ limit: PAGE, ...(after !== undefined ? { afterHubspotId: after } : {}) });
    decisions.push(...page);
    if (page.length < PAGE) break;
    after = page[page.length - 1]?.hubspotId;
  }
  const activities = new Map<string, Activity[]>();
  for (const ids of chunk(decisions.filter((d) => d.score !== null).map((d) => d.hubspotId), PAGE)) {
    for (const [id, list] of await store.activitiesFor(ids)) activities.set(id, list);
  }
  const episodes: Episode[] = [];
  for (let after: Episode | undefined; ; ) {
    const page = await store.listEpisodes({ limit: PAGE, handedOffSince: options.since, handedOffBefore: options.until, ...(after ? { after: { hubspotId: after.hubspotId, episode: after.episode } } : {}) });
    episodes.push(...page);
    if (page.length < PAGE) break;
    after = page[page.length - 1];
  }
  const { report } = deps.config.handoff;
  return backtest({
    decisions,
    activities,
    episodes,
    live: deps.config.scoring,
    candidate: options.candidate,
    since: new Date(options.since),
    until: new Date(options.until),
    timeZone: report.timeZone,
    scoreBands: report.scoreBands,
  });
}
