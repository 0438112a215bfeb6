import type { FloorTruth, HandoffTruth } from '@handoff/sandbox';
import { FUNNEL_STEPS } from '../../src/core/insight/types.js';
import type { FunnelStep } from '../../src/core/insight/types.js';

export type TruthFunnel = Record<FunnelStep, number> & { amountWon: Map<string, number> };

/** Only the step counts of a funnel (the report's or the truth's), to compare them. */
export function funnelCounts(f: Readonly<Record<FunnelStep, number>>): Record<FunnelStep, number> {
  return Object.fromEntries(FUNNEL_STEPS.map((step) => [step, f[step]])) as Record<FunnelStep, number>;
}

/**
 * The report's funnel counted from the sales floor's own record, with the report's definitions (each
 * step cumulative). `working`: the Lead Status values feedback reads as accepted or working.
 */
export function truthFunnel(truth: FloorTruth, working: ReadonlySet<string>): TruthFunnel {
  const asOf = truth.asOf;
  const reached = (h: HandoffTruth) => {
    const opportunity = h.opportunity !== null;
    const meeting = opportunity || h.meetings.some((m) => m.startAt <= asOf) || h.scorecard?.outcome === 'meeting booked';
    // The feedback job records a closed Task or a past Event as working, and so does the report.
    const accepted = meeting || h.conversion !== null || h.statusChanges.some((s) => working.has(s.to)) || (h.firstTouch !== null && h.firstTouch.kind !== 'status');
    return { touched: accepted || h.firstTouch !== null, accepted, meeting, opportunity, won: h.opportunity?.isWon === true };
  };
  const all = truth.handoffs.map(reached);
  const count = (k: keyof ReturnType<typeof reached>) => all.filter((r) => r[k]).length;
  const amountWon = new Map<string, number>();
  for (const h of truth.handoffs) if (h.opportunity?.isWon) amountWon.set(h.opportunity.currency ?? '', (amountWon.get(h.opportunity.currency ?? '') ?? 0) + h.opportunity.amount);
  return { handedOff: all.length, touched: count('touched'), accepted: count('accepted'), meeting: count('meeting'), opportunity: count('opportunity'), won: count('won'), amountWon };
}
