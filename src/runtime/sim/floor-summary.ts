import type { FloorTruth } from '@handoff/sandbox';

/** What the sales floor had done by an instant, counted from its truth (the sandbox's own record). */
export interface FloorSummary {
  handoffs: number;
  touched: number;
  tasksClosed: number;
  meetingsHeld: number;
  converted: number;
  opportunities: number;
  won: number;
  lost: number;
  disqualified: number;
  /** Won amounts per currency (no conversion). */
  amountWon: Record<string, number>;
  /** Rep saves the org refused (the floor's `problems`); 0 in a healthy run. */
  problems: number;
}

export function summarizeFloor(truth: FloorTruth): FloorSummary {
  const asOf = truth.asOf;
  const hs = truth.handoffs;
  const amountWon: Record<string, number> = {};
  for (const h of hs) {
    const o = h.opportunity;
    if (o?.isWon) amountWon[o.currency ?? 'default'] = (amountWon[o.currency ?? 'default'] ?? 0) + o.amount;
  }
  return {
    handoffs: hs.length,
    touched: hs.filter((h) => h.firstTouch !== null).length,
    tasksClosed: hs.filter((h) => h.taskCompletedAt !== null).length,
    meetingsHeld: hs.filter((h) => h.meetings.some((m) => m.startAt <= asOf)).length,
    converted: hs.filter((h) => h.conversion !== null).length,
    opportunities: hs.filter((h) => h.opportunity !== null).length,
    won: hs.filter((h) => h.opportunity?.isWon === true).length,
    lost: hs.filter((h) => h.opportunity?.isClosed === true && !h.opportunity.isWon).length,
    disqualified: hs.filter((h) => h.disqualified !== null).length,
    amountWon,
    problems: truth.problems?.length ?? 0,
  };
}

/** One simulated day as `npm run sim` and `handoff demo --days` print it. */
export function dayLine(d: { day: number; date: string; floor: FloorSummary }): string {
  return (
    `day ${String(d.day).padStart(3)} ${d.date}: ${d.floor.handoffs} handed off, ${d.floor.touched} touched, ${d.floor.meetingsHeld} met, ` +
    `${d.floor.opportunities} opportunities, ${d.floor.won} won, ${d.floor.disqualified} disqualified`
  );
}

/** The SLA watch's totals over a simulation (sla-job.ts) in one line, for `npm run sim` and `handoff demo --days`. */
export function slaLine(t: Readonly<Record<string, number>>): string {
  const n = (k: string): number => t[k] ?? 0;
  return (
    `${n('passes')} passes: ${n('reminders')} reminders, ${n('escalations')} escalations, ${n('reassignments')} reassignments; ` +
    `${n('messagesSent')} messages sent${n('messagesFailed') > 0 ? `, ${n('messagesFailed')} failed` : ''}`
  );
}
