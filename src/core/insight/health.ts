import type { RunSummaryRow } from '../../domain/state.js';
import { round } from './stats.js';
import type { Health, LastReconcile } from './types.js';

/** What the report reads of one stored run: its outcome and the API use its report recorded (null where none). */
export type RunSummary = Pick<RunSummaryRow, 'kind' | 'status' | 'startedMs' | 'hubspotCalls' | 'salesforceCalls' | 'salesforceBudgetUsed' | 'salesforceBudgetLimit'>;

export interface HealthInput {
  /** Runs started in the period, any kind. */
  runs: readonly RunSummary[];
  /** The dead letters open now. */
  openDeadLetters: readonly { code: string; firstSeen: string }[];
  /** The sync cursor (an ISO time), null before the first cycle. */
  cursor: string | null;
  lastReconcile: LastReconcile | null;
}

/** Cycles and their outcomes, API use, the dead-letter queue, cursor lag and the last reconcile. */
export function healthOf(input: HealthInput, sinceMs: number, untilMs: number, nowMs: number): Health {
  let cycles = 0;
  let succeeded = 0;
  let partial = 0;
  let failed = 0;
  let hubspotCalls = 0;
  let salesforceCalls = 0;
  let budgetRun: RunSummary | null = null;
  for (const run of input.runs) {
    hubspotCalls += run.hubspotCalls ?? 0;
    salesforceCalls += run.salesforceCalls ?? 0;
    if (run.salesforceBudgetUsed !== null && run.salesforceBudgetLimit !== null && (budgetRun === null || run.startedMs > budgetRun.startedMs)) budgetRun = run;
    if (run.kind !== 'sync') continue;
    cycles++;
    if (run.status === 'succeeded') succeeded++;
    else if (run.status === 'partial') partial++;
    else if (run.status === 'failed') failed++;
  }
  let budget: Health['salesforceBudget'] = null;
  if (budgetRun !== null) {
    const used = budgetRun.salesforceBudgetUsed as number;
    const limit = budgetRun.salesforceBudgetLimit as number;
    budget = { used, limit, share: limit > 0 ? round(used / limit, 4) : null, at: new Date(budgetRun.startedMs).toISOString() };
  }
  const byCode = new Map<string, number>();
  let firstSeenInPeriod = 0;
  for (const d of input.openDeadLetters) {
    byCode.set(d.code, (byCode.get(d.code) ?? 0) + 1);
    const t = Date.parse(d.firstSeen);
    if (t >= sinceMs && t < untilMs) firstSeenInPeriod++;
  }
  const cursorMs = input.cursor === null ? NaN : Date.parse(input.cursor);
  return {
    cycles,
    succeeded,
    partial,
    failed,
    hubspotCalls,
    salesforceCalls,
    salesforceBudget: budget,
    deadLetters: {
      open: input.openDeadLetters.length,
      byCode: [...byCode].map(([code, count]) => ({ code, count })).sort((a, b) => b.count - a.count || a.code.localeCompare(b.code)),
      firstSeenInPeriod,
    },
    cursor: { value: input.cursor, lagMinutes: Number.isNaN(cursorMs) ? null : round(Math.max(0, nowMs - cursorMs) / 60_000, 1) },
    lastReconcile: input.lastReconcile,
  };
}
