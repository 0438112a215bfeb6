/**
 * The budget capability of the state store (`StateStore.budget`): API calls counted in the state,
 * so every job in every process that shares the store draws on one budget per vendor window
 * (HubSpot's rolling 10 seconds, its search limit). Each call is taken in a lane: live work first,
 * backfill only from what live leaves, never past its own cap, and never into the reserve kept for
 * live bursts (core/budget-lanes.ts). The governor in src/adapters/budget sits in front of it.
 */
import type { BudgetGrant, BudgetLane, BudgetRule, LaneUsage } from '../domain/budget.js';

export type * from '../domain/budget.js';

export interface BudgetLedger {
  /** Takes one call in the lane when the rule allows it now; one transaction. */
  take(rule: BudgetRule, lane: BudgetLane): Promise<BudgetGrant>;
  /** Calls started in the window ending now, per lane. */
  usage(budget: string, windowMs: number): Promise<LaneUsage>;
}
