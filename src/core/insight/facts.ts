import type { Episode } from '../../domain/episode.js';

/**
 * What the report needs of one episode, derived once: times as epoch milliseconds and the funnel
 * steps it reached. Steps are cumulative: an episode that reached a later step counts as having
 * reached every earlier one (a converted lead was accepted, a won deal was an opportunity), so the
 * funnel never widens and every step conversion is a proportion.
 */
export interface EpisodeFacts {
  episode: Episode;
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

function ms(value: string | null): number | null {
  if (value === null) return null;
  const t = Date.parse(value);
  return Number.isNaN(t) ? null : t;
}

export function factsOf(episode: Episode, cutoffMs: number): EpisodeFacts {
  const firstTouchMs = ms(episode.firstTouchAt);
  const slaDueMs = ms(episode.slaDueAt);
  const won = episode.won === true;
  const lost = episode.won === false;
  const opportunity = won || lost || episode.opportunityId !== null;
  const meeting = opportunity || episode.meetingAt !== null;
  const accepted = meeting || episode.acceptedAt !== null || episode.workingAt !== null || episode.convertedAt !== null;
  const touched = accepted || firstTouchMs !== null;
  let sla: EpisodeFacts['sla'] = 'none';
  if (slaDueMs !== null) {
    if (slaDueMs >= cutoffMs) sla = 'not-yet-due';
    else sla = firstTouchMs !== null && firstTouchMs <= slaDueMs ? 'met' : 'breached';
  }
  return {
    episode,
    handedOffMs: Date.parse(episode.handedOffAt),
    firstTouchMs,
    meetingMs: ms(episode.meetingAt),
    opportunityMs: ms(episode.opportunityCreatedAt) ?? (opportunity ? ms(episode.convertedAt) : null),
    closedMs: won || lost ? ms(episode.closedAt) : null,
    slaDueMs,
    touched,
    accepted,
    meeting,
    opportunity,
    won,
    lost,
    sla,
  };
}
