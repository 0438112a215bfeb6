import type { EpisodeReportRow } from '../../domain/episode.js';

/**
 * What the report needs of one episode, derived once: times as epoch milliseconds and the funnel
 * steps it reached. Steps are cumulative: an episode that reached a later step counts as having
 * reached every earlier one (a converted lead was accepted, a won deal was an opportunity), so the
 * funnel never widens and every step conversion is a proportion.
 */
export interface EpisodeFacts {
  row: EpisodeReportRow;
  handedOffMs: number;
  firstTouchMs: number | null;
  meetingMs: number | null;
  opportunityMs: number | null;
  closedMs: number | null;
  slaDueMs: number | null;
  touched: boolean;
  accepted: boolean;
  meeting: boolean;
  opportunity: boolean;
  won: boolean;
  lost: boolean;
  /** Against the first owner's due time, at the cutoff (the end of the period, or now if earlier). */
  sla: 'met' | 'breached' | 'not-yet-due' | 'none';
}

/** Fills `out` with the facts of `row` (the report reuses one object for every episode). */
export function factsInto(out: EpisodeFacts, row: EpisodeReportRow, cutoffMs: number): EpisodeFacts {
  const firstTouchMs = row.firstTouchMs;
  const slaDueMs = row.slaDueMs;
  const won = row.won === true;
  const lost = row.won === false;
  const opportunity = won || lost || row.hasOpportunity;
  const meeting = opportunity || row.meetingMs !== null;
  const accepted = meeting || row.acceptedOrWorking || row.convertedMs !== null;
  let sla: EpisodeFacts['sla'] = 'none';
  if (slaDueMs !== null) {
    if (slaDueMs >= cutoffMs) sla = 'not-yet-due';
    else sla = firstTouchMs !== null && firstTouchMs <= slaDueMs ? 'met' : 'breached';
  }
  out.row = row;
  out.handedOffMs = row.handedOffMs;
  out.firstTouchMs = firstTouchMs;
  out.meetingMs = row.meetingMs;
  out.opportunityMs = row.opportunityCreatedMs ?? (opportunity ? row.convertedMs : null);
  out.closedMs = won || lost ? row.closedMs : null;
  out.slaDueMs = slaDueMs;
  out.touched = accepted || firstTouchMs !== null;
  out.accepted = accepted;
  out.meeting = meeting;
  out.opportunity = opportunity;
  out.won = won;
  out.lost = lost;
  out.sla = sla;
  return out;
}

export function factsOf(row: EpisodeReportRow, cutoffMs: number): EpisodeFacts {
  return factsInto({} as EpisodeFacts, row, cutoffMs);
}
