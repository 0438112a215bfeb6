import { HandoffError } from '../../domain/errors.js';
import { admits, admitsDaily, dailyStopAt } from '../../core/budget-lanes.js';
import type { BudgetGrant, BudgetLane, BudgetRule, DailyGrant, DailyRule, DailyUsage, LaneUsage } from '../../domain/budget.js';
import type { ClaimResult, ContactClaim, OwnerReservation, ReservedOwner } from '../../domain/claims.js';
import type { Fence, WriteOptions } from '../../domain/state.js';
import type { BudgetLedger } from '../../ports/budget.js';
import type { ContactClaims } from '../../ports/claims.js';
import type { DailyRow, StateTx } from './backend.js';
import { pointerRows, positiveInt } from './normalize.js';
import { iso } from './sql/values.js';

/** How the store runs a fenced write or a read; the store's own, so fencing and error mapping stay in one place. */
export interface TxRunner {
  write<T>(opts: WriteOptions | undefined, fn: (tx: StateTx, now: string) => Promise<T>): Promise<T>;
  read<T>(fn: (tx: StateTx) => Promise<T>): Promise<T>;
  now(): number;
}

/** Distinct ids in a stable order: the same lock order in every transaction, so no two claims deadlock. */
function idsOf(ids: readonly string[]): string[] {
  return [...new Set(ids.map((id) => String(id)))].sort();
}

/** Large lists in chunks that each stay one statement. */
const CHUNK = 1000;

export class SqlClaims implements ContactClaims {
  constructor(private readonly tx: TxRunner) {}

  async claim(fence: Fence, hubspotIds: readonly string[], ttlMs: number): Promise<ClaimResult> {
    positiveInt(ttlMs, 'ttlMs');
    const ids = idsOf(hubspotIds);
    const result: ClaimResult = { granted: [], held: [], owners: new Map() };
    if (ids.length === 0) return result;
    const granted = new Set<string>();
    for (let i = 0; i < ids.length; i += CHUNK) {
      const part = ids.slice(i, i + CHUNK);
      await this.tx.write({ fence }, async (tx, now) => {
        const expiresAt = iso(Date.parse(now) + ttlMs);
        for (const g of await tx.claimContacts(fence.name, fence.token, part, now, expiresAt)) {
          granted.add(g.hubspotId);
          if (g.owner) result.owners.set(g.hubspotId, g.owner);
        }
        if (granted.size < i + part.length) result.held.push(...(await tx.heldClaims(fence.name, fence.token, part, now)));
      });
    }
    // In the caller's order.
    result.granted = [...new Set(hubspotIds.map(String))].filter((id) => granted.has(id));
    return result;
  }

  release(fence: Fence, hubspotIds: readonly string[]): Promise<number> {
    const ids = idsOf(hubspotIds);
    if (ids.length === 0) return Promise.resolve(0);
    // Unfenced on purpose: a job that lost its lease may still give up what it held.
    return this.tx.write(undefined, async (tx, now) => {
      let n = 0;
      for (let i = 0; i < ids.length; i += CHUNK) n += await tx.abandonClaims(fence.name, fence.token, ids.slice(i, i + CHUNK), now);
      return n;
    });
  }

  reserveOwners<T>(fence: Fence, assign: (pointers: Record<string, number>) => OwnerReservation<T>): Promise<T> {
    return this.tx.write({ fence }, async (tx, now) => {
      await tx.lockPointers();
      const reservation = assign(await tx.getPointers());
      const owners = [...reservation.owners.entries()] as [string, ReservedOwner][];
      const recorded = await tx.recordOwners(fence.name, fence.token, owners);
      if (recorded !== owners.length) {
        throw new HandoffError('LOCKED', `${owners.length - recorded} of ${owners.length} contacts are no longer claimed by "${fence.name}" (token ${fence.token}); nothing reserved`);
      }
      await tx.setPointers(pointerRows(reservation.pointers), now);
      return reservation.value;
    });
  }

  list(query: { job?: string; limit?: number } = {}): Promise<ContactClaim[]> {
    if (query.limit !== undefined) positiveInt(query.limit, 'limit');
    return this.tx.read((tx) => tx.listClaims(query));
  }
}

/** Calls are counted in slots of this length; a window is the slots it overlaps. */
export const BUDGET_SLOT_MS = 100;

export class SqlBudget implements BudgetLedger {
  constructor(private readonly tx: TxRunner) {}

  take(rule: BudgetRule, lane: BudgetLane): Promise<BudgetGrant> {
    return this.tx.write(undefined, async (tx) => {
      // Inside the transaction: time spent waiting for the lock counts.
      const now = this.tx.now();
      await tx.lockBudget();
      const slot = Math.floor(now / BUDGET_SLOT_MS);
      // The slot the window starts in counts whole: a call leaves the count up to a slot late, never early.
      const from = Math.floor((now - rule.windowMs) / BUDGET_SLOT_MS);
      const usage = await tx.budgetUsage(rule.budget, from);
      if (!admits(rule, lane, usage)) {
        const oldest = usage.oldestSlot ?? slot;
        return { ok: false, retryAfterMs: Math.max(10, (oldest + 1) * BUDGET_SLOT_MS + rule.windowMs - now) };
      }
      await tx.addBudgetCall(rule.budget, slot, lane, from);
      return { ok: true };
    });
  }

  async usage(budget: string, windowMs: number): Promise<LaneUsage> {
    const from = Math.floor((this.tx.now() - windowMs) / BUDGET_SLOT_MS);
    const u = await this.tx.read((tx) => tx.budgetUsage(budget, from));
    return { live: u.live, backfill: u.backfill };
  }

  takeDaily(rule: DailyRule, fresh = false): Promise<DailyGrant> {
    return this.tx.write(undefined, async (tx) => {
      const now = this.tx.now();
      const row = await tx.lockDaily(rule.budget);
      const verdict = admitsDaily(rule, usageOf(row), now, fresh);
      if (verdict === 'refuse') {
        const limit = row.limit ?? 0;
        return { ok: false, used: row.used ?? 0, limit, stopAt: dailyStopAt(rule, limit) };
      }
      const probe = verdict === 'probe';
      // A quiet probe comes when nothing has reported for a while: calls still counted in flight
      // then were a killed process's, and are forgotten.
      const returned = probe && !fresh ? row.taken : row.returned;
      await tx.saveDaily(rule.budget, { ...row, taken: row.taken + 1, returned, probeAt: probe && !fresh ? iso(now) : row.probeAt });
      return { ok: true, probe };
    });
  }

  returnDaily(rule: DailyRule, report: { used: number; limit: number } | null, probe: boolean): Promise<void> {
    return this.tx.write(undefined, async (tx) => {
      const now = this.tx.now();
      const row = await tx.lockDaily(rule.budget);
      const next: DailyRow = { ...row, returned: Math.min(row.taken, row.returned + 1) };
      if (report) {
        const stale = row.reportedAt === null || now - Date.parse(row.reportedAt) >= rule.refreshMs;
        if (probe || stale || row.used === null) {
          next.used = report.used;
          next.reportedAt = iso(now);
        } else {
          next.used = Math.max(row.used, report.used);
        }
        next.limit = report.limit;
      }
      await tx.saveDaily(rule.budget, next);
    });
  }

  async daily(budget: string): Promise<DailyUsage | null> {
    const row = await this.tx.read((tx) => tx.readDaily(budget));
    return row && usageOf(row);
  }
}

function usageOf(row: DailyRow): DailyUsage {
  return { used: row.used, limit: row.limit, inFlight: Math.max(0, row.taken - row.returned), reportedAt: row.reportedAt, probeAt: row.probeAt };
}
