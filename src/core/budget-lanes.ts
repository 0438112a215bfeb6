import type { BudgetLane, BudgetRule, DailyRule, DailyUsage, LaneUsage } from '../domain/budget.js';

/**
 * Whether one more call in `lane` fits the rule, given the calls each lane started in the current
 * window (pure). Live work may use the whole limit. Backfill gets only what live leaves, never more
 * than its own cap, and never the reserve: it stops once the window holds `limit - reserve` calls,
 * so a burst of live work always finds room.
 */
export function admits(rule: BudgetRule, lane: BudgetLane, usage: LaneUsage): boolean {
  const total = usage.live + usage.backfill;
  if (total >= rule.limit) return false;
  if (lane === 'live') return true;
  return usage.backfill < rule.backfillLimit && total < rule.limit - rule.reserve;
}

/**
 * The lane rule for a vendor window: `maxShare` of the limit at most for backfill, `liveReserve`
 * of it kept free for live work (both fractions of the limit, at least one call each way).
 */
export function laneRule(budget: string, windowMs: number, limit: number, shares: { maxShare: number; liveReserve: number }): BudgetRule {
  const whole = Math.max(1, Math.floor(limit));
  const reserve = Math.min(whole - 1, Math.max(0, Math.ceil(whole * shares.liveReserve)));
  return { budget, windowMs, limit: whole, backfillLimit: Math.max(1, Math.floor(whole * shares.maxShare)), reserve };
}

/**
 * Whether one more call fits a daily allowance (pure): while the usage reported plus the calls in
 * flight stays under the lane's share of the limit, yes; past it, no, except a probe: the first
 * call of a fresh connection (which, like every cycle and command, starts by learning the usage),
 * and one per `refreshMs` when no report came for as long (the usage may have dropped since: a
 * reset, a rolling window). Before any report the limit is unknown and calls go ahead.
 */
export function admitsDaily(rule: DailyRule, usage: DailyUsage, nowMs: number, fresh = false): 'ok' | 'probe' | 'refuse' {
  if (usage.used === null || usage.limit === null || usage.limit <= 0) return 'ok';
  if (usage.used + usage.inFlight < dailyStopAt(rule, usage.limit)) return 'ok';
  if (fresh) return 'probe';
  const quiet = (at: string | null): boolean => at === null || nowMs - Date.parse(at) >= rule.refreshMs;
  return quiet(usage.reportedAt) && quiet(usage.probeAt) ? 'probe' : 'refuse';
}

/** The usage at which a lane stops: its share of the limit, whole calls. */
export function dailyStopAt(rule: DailyRule, limit: number): number {
  return Math.floor(limit * rule.share);
}
