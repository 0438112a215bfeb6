import type { EpisodeFacts } from './facts.js';
import { median, quantileSorted, rate, round, sortedNumbers } from './stats.js';

function at(sorted: readonly number[], q: number): number | null {
  const v = quantileSorted(sorted, q);
  return v === null ? null : round(v, 2);
}
import { FUNNEL_STEPS, VELOCITY_STAGES } from './types.js';
import type { AmountByCurrency, Funnel, FunnelStep, Sla, Velocity, VelocityStage } from './types.js';

/** Funnel counts, step conversions, the headline ratios and the amounts won per currency. */
export function funnelOf(facts: readonly EpisodeFacts[]): Funnel {
  const counts: Record<FunnelStep, number> = { handedOff: facts.length, touched: 0, accepted: 0, meeting: 0, opportunity: 0, won: 0 };
  let lost = 0;
  const amounts = new Map<string | null, AmountByCurrency>();
  for (const f of facts) {
    if (f.touched) counts.touched++;
    if (f.accepted) counts.accepted++;
    if (f.meeting) counts.meeting++;
    if (f.opportunity) counts.opportunity++;
    if (f.lost) lost++;
    if (!f.won) continue;
    counts.won++;
    const amount = f.episode.opportunityAmount;
    if (amount === null || !Number.isFinite(amount)) continue;
    const currency = f.episode.currencyIsoCode;
    const entry = amounts.get(currency) ?? { currency, amount: 0, opportunities: 0 };
    entry.amount += amount;
    entry.opportunities++;
    amounts.set(currency, entry);
  }
  const steps = FUNNEL_STEPS.map((step, i) => {
    const before = i === 0 ? undefined : FUNNEL_STEPS[i - 1];
    return { step, count: counts[step], conversion: before === undefined ? null : rate(counts[step], counts[before]) };
  });
  return {
    ...counts,
    lost,
    steps,
    leadToOpportunity: rate(counts.opportunity, counts.handedOff),
    meetingToOpportunity: rate(counts.opportunity, counts.meeting),
    winRate: rate(counts.won, counts.won + lost),
    amountWon: [...amounts.values()]
      .map((a) => ({ ...a, amount: round(a.amount, 2) }))
      .sort((a, b) => (a.currency ?? '').localeCompare(b.currency ?? '')),
  };
}

export function slaOf(facts: readonly EpisodeFacts[]): Sla {
  let met = 0;
  let breaches = 0;
  let notYetDue = 0;
  let withoutSla = 0;
  let reminders = 0;
  let escalations = 0;
  let reassignments = 0;
  const responses: number[] = [];
  for (const f of facts) {
    if (f.sla === 'met') met++;
    else if (f.sla === 'breached') breaches++;
    else if (f.sla === 'not-yet-due') notYetDue++;
    else withoutSla++;
    const e = f.episode;
    if (e.responseBusinessMinutes !== null && Number.isFinite(e.responseBusinessMinutes)) responses.push(e.responseBusinessMinutes);
    if (e.remindedAt !== null) reminders++;
    if (e.escalatedAt !== null) escalations++;
    if (e.reassignedAt !== null) reassignments++;
  }
  const due = met + breaches;
  const complianceRate = rate(met, due);
  const sorted = sortedNumbers(responses);
  return {
    compliance: complianceRate.rate,
    complianceRate,
    due,
    met,
    breaches,
    notYetDue,
    withoutSla,
    medianResponseBusinessMinutes: at(sorted, 0.5),
    p90ResponseBusinessMinutes: at(sorted, 0.9),
    responses: responses.length,
    reminders,
    escalations,
    reassignments,
  };
}

const HOUR = 3_600_000;

const STAGE_ENDS: Record<VelocityStage, readonly [keyof EpisodeFacts, keyof EpisodeFacts]> = {
  handoffToFirstTouch: ['handedOffMs', 'firstTouchMs'],
  firstTouchToMeeting: ['firstTouchMs', 'meetingMs'],
  meetingToOpportunity: ['meetingMs', 'opportunityMs'],
  opportunityToClose: ['opportunityMs', 'closedMs'],
  handoffToClose: ['handedOffMs', 'closedMs'],
};

/** Median calendar hours per stage, over episodes with both ends in that order (a step that came first is left out). */
export function velocityOf(facts: readonly EpisodeFacts[]): Velocity {
  const out = {} as Velocity;
  for (const stage of VELOCITY_STAGES) {
    const durations: number[] = [];
    const [fromKey, toKey] = STAGE_ENDS[stage];
    for (const f of facts) {
      const from = f[fromKey] as number | null;
      const to = f[toKey] as number | null;
      if (from !== null && to !== null && to >= from) durations.push((to - from) / HOUR);
    }
    out[stage] = { medianHours: median(durations), count: durations.length };
  }
  return out;
}
