import { MIN_BAND_EPISODES } from './calibration.js';
import type { Period } from './types.js';

/** The parts of this deployment's configuration the definitions quote. */
export interface DefinitionsInput {
  /** The reporting time zone. */
  timeZone: string;
  /** Lead Status values that mean accepted, and working (feedback.leadStatus). */
  acceptedStatuses: readonly string[];
  workingStatuses: readonly string[];
}

const list = (values: readonly string[]): string => (values.length === 0 ? '(none configured)' : values.map((v) => `"${v}"`).join(', '));

/**
 * The words every report prints with its numbers, so marketing and sales read the same thing. One
 * place: the terminal summary, the JSON, the HTML page and the dashboard all show this object.
 */
export function definitionsOf(input: DefinitionsInput, period: Period, scoreBands: readonly string[]): Record<string, string> {
  return {
    period: `[since, until) in ${input.timeZone}: from ${period.since} up to, not including, ${period.until}. Trends are by ISO week (Monday to Sunday) in ${input.timeZone}.`,
    cohort:
      'The funnel is a cohort: the episodes handed off in the period (a contact qualifying, or qualifying again after recycling), each followed to the time of the report. Each step counts the episodes that reached it or a later one, so a converted lead counts as accepted and a won deal as an opportunity.',
    handedOff: 'Handoff wrote the Lead (or found the Contact) and created its SLA follow-up Task.',
    touched: `The first closed Task or past Event on the Lead or Contact at or after the handoff, by anyone, or the Lead Status reaching the accepted or working set. Open or future-dated Tasks and future Events are not touches.`,
    accepted: `The Lead Status reached an accepted value (${list(input.acceptedStatuses)}) or a working value (${list(input.workingStatuses)}), a rep worked the lead (a closed Task or a past Event, which the feedback job records as working), or the Lead was converted.`,
    meeting: 'A meeting with the lead: a past Event at or after the handoff on the Lead or its Contact (a future one counts once it has started), or the handoff Task closed with the scorecard outcome "meeting booked".',
    opportunity: "An Opportunity from the Lead's conversion, or one created at or after the handoff on the matched Contact (through its contact role).",
    won: 'That Opportunity closed won. Win rate = won ÷ opportunities closed (won or lost); lead-to-opportunity = opportunity ÷ handed off; meeting-to-opportunity = opportunity ÷ meeting.',
    slaCompliance:
      "Episodes whose first touch came at or before their SLA due time ÷ episodes whose SLA ran out before the end of the period (or now, if earlier), judged against the first owner's due time (an admin's edit of the due date counts, a reassignment does not). Null when no SLA ran out. A breach is an SLA that ran out untouched or touched late.",
    responseTime:
      "First touch − handoff in the first owner's business hours (the SLA calendar: working days, opening hours, holidays), in minutes; median and 90th percentile over the touched episodes of the cohort.",
    velocity: 'Median calendar hours between handoff, first touch, meeting, opportunity and close, over the episodes that reached both ends in that order.',
    rates: 'Every rate carries its counts (count of of) and a Wilson 95% confidence interval; with few episodes the interval is wide, and the rate alone says little.',
    amounts: 'Amounts won are summed per currency (the Opportunity\'s CurrencyIsoCode) with no conversion; a blank currency is the org\'s single currency.',
    groups:
      'Groups use the values at the handoff, not today\'s: HubSpot original source, score band, grade, SLA tier, team, first owner, segment, scoring model version. "(none)" collects episodes without a value.',
    scoreBands: `Score at the handoff, in bands: ${scoreBands.join(', ')}.`,
    calibration: `Per scoring model version: meeting, opportunity and won rates by score band and by grade, with the scorecard's outcomes and mean quality (1–5). "Higher score converts better" is yes when the opportunity rate never falls from one band to the next among bands of at least ${MIN_BAND_EPISODES} episodes.`,
    health:
      'Sync cycles started in the period and their outcomes, API calls of every run in the period, the latest Salesforce budget reading, dead letters open now by code, how far the sync cursor trails now, and the last stored reconcile run.',
  };
}
