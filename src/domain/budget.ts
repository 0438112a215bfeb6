/** The shapes of the shared API budget (ports/budget.ts); the admission rule is core/budget-lanes.ts. */
export type BudgetLane = 'live' | 'backfill';

export const BUDGET_LANES: readonly BudgetLane[] = ['live', 'backfill'];

export interface BudgetRule {
  /** What is counted, e.g. `hubspot:10s` or `hubspot:search`. */
  budget: string;
  windowMs: number;
  /** Calls all lanes together may start in any window. */
  limit: number;
  /** Calls the backfill lane may start in any window (backfill.maxShare of the limit). */
  backfillLimit: number;
  /** Calls kept free for live work: backfill is refused once the window holds `limit - reserve`. */
  reserve: number;
}

export type BudgetGrant = { ok: true } | { ok: false; /** Until a call leaves the window. */ retryAfterMs: number };

export type LaneUsage = Record<BudgetLane, number>;
