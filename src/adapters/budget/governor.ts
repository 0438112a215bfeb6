import type { Clock } from '../../ports/clock.js';
import type { BudgetLane, BudgetLedger, BudgetRule } from '../../ports/budget.js';

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
