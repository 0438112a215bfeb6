/**
 * The budget capability of the state store (`StateStore.budget`): API calls counted in the state,
 * so every job in every process that shares the store draws on one budget per vendor window
 * (HubSpot's rolling 10 seconds, its search limit), and each vendor's daily allowance. Each call is taken in a lane: live work first,
 * backfill only from what live leaves, never past its own cap, and never into the reserve kept for
 * live bursts (core/budget-lanes.ts). The governor in src/adapters/budget sits in front of it.
 */
import type { BudgetGrant, BudgetLane, BudgetRule, DailyGrant, DailyRule, DailyUsage, LaneUsage } from '../domain/budget.js';

export type * from '../domain/budget.js';

export interface BudgetLedger {
  /** Takes one call in the lane when the rule allows it now; one transaction. */
  take(rule: BudgetRule, lane: BudgetLane): Promise<BudgetGrant>;
  /** Calls started in the window ending now, per lane. */
  usage(budget: string, windowMs: number): Promise<LaneUsage>;

  /**
   * Takes one call from a daily allowance (core/budget-lanes.ts `admitsDaily`), one transaction:
   * counted in flight when granted. Every granted call must be given back with `returnDaily`.
   * `fresh`: the caller's first call (a new connection), which may go as a probe when refused.
   */
  takeDaily(rule: DailyRule, fresh?: boolean): Promise<DailyGrant>;
  /**
   * A call taken came back, with the usage and limit the vendor reported (null when it said none):
   * the stored usage becomes the highest report, or this one when it is a probe's or the stored
   * one is older than `refreshMs`.
   */
  returnDaily(rule: DailyRule, report: { used: number; limit: number } | null, probe: boolean): Promise<void>;
  /** The allowance as stored; null before its first call. */
  daily(budget: string): Promise<DailyUsage | null>;
}
