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

/**
 * A vendor's daily allowance (HubSpot's daily limit, Salesforce's daily allocation), counted in the
 * state for every process: the usage the vendor last reported, plus Handoff's calls still in flight.
 */
export interface DailyRule {
  /** `hubspot:daily` or `salesforce:daily`. */
  budget: string;
  /** Share of the vendor's daily limit this lane may bring the usage to. */
  share: number;
  /**
   * How long the usage stands as the highest report since it was last replaced; the first report
   * after that replaces it (so a rolling window that drained, or a limit that reset, is seen). A
   * refused lane with no report for as long lets one call through to learn the usage again.
   */
  refreshMs: number;
}

export type DailyGrant = { ok: true; /** This call's report replaces the stored usage. */ probe: boolean } | { ok: false; used: number; limit: number; stopAt: number };

/** A daily allowance as the state holds it. */
export interface DailyUsage {
  used: number | null;
  limit: number | null;
  /** Calls started and not yet come back (those of a killed process stay until the next probe). */
  inFlight: number;
  /** When `used` was last replaced by a report. */
  reportedAt: string | null;
  probeAt: string | null;
}
