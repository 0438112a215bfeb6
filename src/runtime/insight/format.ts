import type { AmountByCurrency, GroupFigures, LastReconcile, Rate, VelocityStage } from '../../core/insight/types.js';

/** Number formatting shared by the terminal summary, the HTML page and the dashboard. */

export function pct(value: number | null, digits = 1): string {
  return value === null ? '–' : `${(value * 100).toFixed(digits)}%`;
}

/** "42.9% (3 of 7, 95% CI 15.8–75.0%)", or "– (0 of 0)" without trials. */
export function rateText(r: Rate): string {
  if (r.rate === null) return `– (0 of 0)`;
  return `${pct(r.rate)} (${r.count} of ${r.of}, 95% CI ${pct(r.low)}–${pct(r.high)})`;
}

export function num(value: number | null, digits = 0): string {
  if (value === null) return '–';
  return value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

/** Business minutes as "2 h 05 min" (and the raw minutes, for the record). */
export function minutes(value: number | null): string {
  if (value === null) return '–';
  const m = Math.round(value);
  return m < 60 ? `${m} min` : `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} min`;
}

export function hours(value: number | null): string {
  if (value === null) return '–';
  return value < 48 ? `${num(value, 1)} h` : `${num(value / 24, 1)} d`;
}

export function amounts(list: readonly AmountByCurrency[]): string {
  if (list.length === 0) return 'none';
  return list.map((a) => `${num(a.amount, 2)} ${a.currency ?? '(org currency)'} (${a.opportunities})`).join(', ');
}

export const STEP_LABELS = {
  handedOff: 'Handed off',
  touched: 'Touched',
  accepted: 'Accepted (working)',
  meeting: 'Meeting',
  opportunity: 'Opportunity',
  won: 'Won',
} as const;

export const VELOCITY_LABELS: Record<VelocityStage, string> = {
  handoffToFirstTouch: 'Handoff → first touch',
  firstTouchToMeeting: 'First touch → meeting',
  meetingToOpportunity: 'Meeting → opportunity',
  opportunityToClose: 'Opportunity → close',
  handoffToClose: 'Handoff → close',
};

export const DIMENSION_LABELS = {
  source: 'Source',
  scoreBand: 'Score band',
  grade: 'Grade',
  tier: 'SLA tier',
  team: 'Team',
  owner: 'Owner',
  segment: 'Segment',
  modelVersion: 'Model version',
} as const;

/** A period's dates as the reader thinks of them: [since, until) shown with the last day included. */
export function periodText(period: { since: string; until: string; timeZone: string }): string {
  const day = (iso: string): string => new Intl.DateTimeFormat('en-CA', { timeZone: period.timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(iso));
  const lastDay = day(new Date(Date.parse(period.until) - 1).toISOString());
  return `${day(period.since)} to ${lastDay} (${period.timeZone})`;
}

/** The columns of a breakdown table (one row per group), as the terminal summary and the HTML page show them. */
const GROUP_COLUMNS = {
  handedOff: ['Handed off', (g) => num(g.funnel.handedOff)],
  touched: ['Touched', (g) => num(g.funnel.touched)],
  accepted: ['Accepted', (g) => num(g.funnel.accepted)],
  meeting: ['Meeting', (g) => num(g.funnel.meeting)],
  opportunity: ['Opportunity', (g) => num(g.funnel.opportunity)],
  won: ['Won', (g) => num(g.funnel.won)],
  leadToOpportunity: ['Lead→opp.', (g) => pct(g.funnel.leadToOpportunity.rate)],
  winRate: ['Win rate', (g) => `${pct(g.funnel.winRate.rate)} (${g.funnel.winRate.count}/${g.funnel.winRate.of})`],
  slaMet: ['SLA met', (g) => `${pct(g.sla.compliance)} (${g.sla.met}/${g.sla.due})`],
  breaches: ['Breaches', (g) => num(g.sla.breaches)],
  medianResponse: ['Median response', (g) => minutes(g.sla.medianResponseBusinessMinutes)],
  amountWon: ['Amount won', (g) => amounts(g.funnel.amountWon)],
} as const satisfies Record<string, readonly [string, (g: GroupFigures) => string]>;

export type GroupColumn = keyof typeof GROUP_COLUMNS;

/** Headers and one row of cells per group: the group's label (an owner's name where known), then the chosen columns. */
export function groupTableCells(groups: readonly GroupFigures[], firstHeader: string, columns: readonly GroupColumn[]): { headers: string[]; rows: string[][] } {
  return {
    headers: [firstHeader, ...columns.map((c) => GROUP_COLUMNS[c][0])],
    rows: groups.map((g) => [g.label, ...columns.map((c) => GROUP_COLUMNS[c][1](g))]),
  };
}

/** The last stored reconcile run in one line: its outcome, when, its window and its counts. */
export function reconcileLine(r: LastReconcile | null): string {
  if (r === null) return 'none stored (handoff reconcile stores its run)';
  const n = (v: number | null): string => (v === null ? '?' : num(v));
  const window = r.window === null ? '' : `, window ${r.window.since} to ${r.window.until}`;
  const counts = r.qualified === null ? '' : `: ${n(r.qualified)} qualified, ${n(r.landed)} landed, ${n(r.deadLettered)} dead-lettered, ${n(r.explained)} explained, ${n(r.skipped)} skipped, ${n(r.gaps)} gaps`;
  return `${r.status} at ${r.finishedAt ?? r.startedAt}${window}${counts}`;
}
