import type { EpisodeFacts } from './facts.js';
import { quantileInPlace, rate, round } from './stats.js';
import { FUNNEL_STEPS, VELOCITY_STAGES } from './types.js';
import type { AmountByCurrency, CalibrationRow, Funnel, Sla, Velocity } from './types.js';

const HOUR = 3_600_000;

/**
 * What a tally keeps beyond its counts: response times (SLA medians), stage durations (velocity),
 * the scorecard's quality and outcomes (calibration).
 */
export interface TallyKeeps {
  responses: boolean;
  stages: boolean;
  scorecard: boolean;
}

/** A group's funnel, SLA and velocity. */
export const KEEP_GROUP: TallyKeeps = { responses: true, stages: true, scorecard: false };
/** A week's funnel and SLA. */
export const KEEP_WEEK: TallyKeeps = { responses: true, stages: false, scorecard: false };
/** A calibration row: counts and the scorecard. */
export const KEEP_SCORECARD: TallyKeeps = { responses: false, stages: false, scorecard: true };

const at = (values: number[], q: number): number | null => {
  const v = quantileInPlace(values, q);
  return v === null ? null : round(v, 2);
};

/**
 * The running figures of one group of episodes: the whole cohort, one value of a dimension, one
 * week, one score band. The report adds each episode to every tally it belongs to in one pass over
 * the episodes, then reads the funnel, SLA, velocity and calibration figures off the tallies.
 */
export class Tally {
  episodes = 0;
  touched = 0;
  accepted = 0;
  meeting = 0;
  opportunity = 0;
  won = 0;
  lost = 0;
  met = 0;
  breaches = 0;
  notYetDue = 0;
  withoutSla = 0;
  reminders = 0;
  escalations = 0;
  reassignments = 0;
  respondedCount = 0;
  qualitySum = 0;
  rated = 0;
  outcomes: Record<string, number> = {};
  private amounts: Map<string | null, AmountByCurrency> | null = null;
  private readonly scorecard: boolean;
  private readonly responses: number[] | null;
  /** Calendar hours per velocity stage, in VELOCITY_STAGES order. */
  private readonly stages: number[][] | null;

  constructor(keeps: TallyKeeps) {
    this.scorecard = keeps.scorecard;
    this.responses = keeps.responses ? [] : null;
    this.stages = keeps.stages ? VELOCITY_STAGES.map(() => []) : null;
  }

  add(f: EpisodeFacts): void {
    const row = f.row;
    this.episodes++;
    if (f.touched) this.touched++;
    if (f.accepted) this.accepted++;
    if (f.meeting) this.meeting++;
    if (f.opportunity) this.opportunity++;
    if (f.lost) this.lost++;
    if (f.won) {
      this.won++;
      const amount = row.opportunityAmount;
      if (amount !== null && Number.isFinite(amount)) this.addAmount(row.currencyIsoCode, amount);
    }
    if (f.sla === 'met') this.met++;
    else if (f.sla === 'breached') this.breaches++;
    else if (f.sla === 'not-yet-due') this.notYetDue++;
    else this.withoutSla++;
    if (row.reminded) this.reminders++;
    if (row.escalated) this.escalations++;
    if (row.reassigned) this.reassignments++;
    const response = row.responseBusinessMinutes;
    if (response !== null && Number.isFinite(response)) {
      this.respondedCount++;
      this.responses?.push(response);
    }
    if (this.scorecard) {
      const q = row.leadQuality;
      if (q !== null && Number.isFinite(q)) {
        this.qualitySum += q;
        this.rated++;
      }
      if (row.outcome !== null) this.outcomes[row.outcome] = (this.outcomes[row.outcome] ?? 0) + 1;
    }
    const stages = this.stages;
    if (stages !== null) {
      stage(stages[0] as number[], f.handedOffMs, f.firstTouchMs);
      stage(stages[1] as number[], f.firstTouchMs, f.meetingMs);
      stage(stages[2] as number[], f.meetingMs, f.opportunityMs);
      stage(stages[3] as number[], f.opportunityMs, f.closedMs);
      stage(stages[4] as number[], f.handedOffMs, f.closedMs);
    }
  }

  private addAmount(currency: string | null, amount: number): void {
    this.amounts ??= new Map();
    const entry = this.amounts.get(currency);
    if (entry === undefined) this.amounts.set(currency, { currency, amount, opportunities: 1 });
    else {
      entry.amount += amount;
      entry.opportunities++;
    }
  }

  /** Funnel counts, step conversions, the headline ratios and the amounts won per currency. */
  funnel(): Funnel {
    const counts = { handedOff: this.episodes, touched: this.touched, accepted: this.accepted, meeting: this.meeting, opportunity: this.opportunity, won: this.won };
    const steps = FUNNEL_STEPS.map((step, i) => {
      const before = i === 0 ? undefined : FUNNEL_STEPS[i - 1];
      return { step, count: counts[step], conversion: before === undefined ? null : rate(counts[step], counts[before]) };
    });
    return {
      ...counts,
      lost: this.lost,
      steps,
      leadToOpportunity: rate(this.opportunity, this.episodes),
      meetingToOpportunity: rate(this.opportunity, this.meeting),
      winRate: rate(this.won, this.won + this.lost),
      amountWon: [...(this.amounts?.values() ?? [])]
        .map((a) => ({ ...a, amount: round(a.amount, 2) }))
        .sort((a, b) => (a.currency ?? '').localeCompare(b.currency ?? '')),
    };
  }

  /** SLA compliance against the first owner's due time, response-time median and 90th percentile, the watch's steps. */
  sla(): Sla {
    const due = this.met + this.breaches;
    const complianceRate = rate(this.met, due);
    const responses = this.responses ?? [];
    return {
      compliance: complianceRate.rate,
      complianceRate,
      due,
      met: this.met,
      breaches: this.breaches,
      notYetDue: this.notYetDue,
      withoutSla: this.withoutSla,
      medianResponseBusinessMinutes: at(responses, 0.5),
      p90ResponseBusinessMinutes: at(responses, 0.9),
      responses: this.respondedCount,
      reminders: this.reminders,
      escalations: this.escalations,
      reassignments: this.reassignments,
    };
  }

  /** Median calendar hours per stage, over episodes with both ends in that order (a step that came first is left out). */
  velocity(): Velocity {
    const out = {} as Velocity;
    VELOCITY_STAGES.forEach((name, i) => {
      const durations = this.stages?.[i] ?? [];
      out[name] = { medianHours: at(durations, 0.5), count: durations.length };
    });
    return out;
  }

  calibrationRow(key: string): CalibrationRow {
    const n = this.episodes;
    return {
      key,
      episodes: n,
      meeting: rate(this.meeting, n),
      opportunity: rate(this.opportunity, n),
      won: rate(this.won, n),
      meanQuality: this.rated === 0 ? null : round(this.qualitySum / this.rated, 2),
      rated: this.rated,
      outcomes: { ...this.outcomes },
    };
  }
}

function stage(into: number[], from: number | null, to: number | null): void {
  if (from !== null && to !== null && to >= from) into.push((to - from) / HOUR);
}

/** The tally of `key` in `map`, created on first use. */
export function tallyIn(map: Map<string, Tally>, key: string, keeps: TallyKeeps): Tally {
  let t = map.get(key);
  if (t === undefined) {
    t = new Tally(keeps);
    map.set(key, t);
  }
  return t;
}
