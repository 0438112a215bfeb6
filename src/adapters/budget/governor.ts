import type { Clock } from '../../ports/clock.js';
import type { BudgetLane, BudgetLedger, BudgetRule, DailyRule } from '../../ports/budget.js';

/**
 * One budget for every job in every process on the store: before a call, a lane takes one from the
 * shared ledger (StateStore.budget) and, when refused, sleeps until a call leaves the window. The
 * gateways put it behind their local limiter, which keeps a single process's pace without a store
 * round trip per refusal.
 */
export class SharedGovernor {
  /** Calls this governor was refused and waited for, per lane (for reports and the benchmark). */
  waits = 0;

  constructor(
    private readonly ledger: Pick<BudgetLedger, 'take'>,
    readonly lane: BudgetLane,
    private readonly clock: Clock,
    private readonly signal?: AbortSignal,
  ) {}

  async acquire(rule: BudgetRule): Promise<void> {
    for (;;) {
      const grant = await this.ledger.take(rule, this.lane);
      if (grant.ok) return;
      this.waits += 1;
      await this.clock.sleep(grant.retryAfterMs, this.signal);
    }
  }
}

/** Lane shares as configured: backfill.maxShare and budget.liveReserve. */
export interface LaneShares {
  maxShare: number;
  liveReserve: number;
}

/** Daily allowances in the shared ledger (ports/budget.ts). */
export const DAILY_BUDGETS = { hubspot: 'hubspot:daily', salesforce: 'salesforce:daily' } as const;
/** How long the highest report stands before a newer one replaces it (core/budget-lanes.ts admitsDaily). */
export const DAILY_REFRESH_MS = 5 * 60_000;

/** What a refused daily allowance tells the gateway, to raise its vendor's DAILY_LIMIT. */
export interface DailyRefusal {
  used: number;
  limit: number;
  stopAt: number;
}

/**
 * A vendor's daily allowance for every job in every process on the store (StateStore.budget's
 * takeDaily / returnDaily): a gateway takes one before each call and gives it back with the usage
 * the answer reported. Refused, it throws what `refused` makes of it (the vendor's DAILY_LIMIT).
 */
export class DailyAllowance {
  private fresh = true;

  constructor(
    private readonly ledger: Pick<BudgetLedger, 'takeDaily' | 'returnDaily'>,
    readonly rule: DailyRule,
    private readonly refused: (why: DailyRefusal) => Error,
  ) {}

  /** Runs one call inside the allowance; `report` reads what the answer said of the usage. */
  async around<T>(call: () => Promise<T>, report: () => { used: number; limit: number } | null): Promise<T> {
    // The first call of a connection may probe: its answer tells the usage now.
    const fresh = this.fresh;
    this.fresh = false;
    const grant = await this.ledger.takeDaily(this.rule, fresh);
    if (!grant.ok) throw this.refused(grant);
    try {
      return await call();
    } finally {
      // A store that fails here leaves the call counted in flight: more careful, never less.
      await this.ledger.returnDaily(this.rule, report(), grant.probe).catch(() => undefined);
    }
  }
}
