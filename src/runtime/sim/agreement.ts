import type { FloorTruth, HandoffTruth } from '@handoff/sandbox';
import type { Episode } from '../../domain/episode.js';

/** How many handoffs Handoff's state and the floor's truth agree and disagree on, per fact, with a few keys of each disagreement. */
export interface FactAgreement {
  agree: number;
  disagree: number;
  examples: string[];
}

export interface Agreement {
  /** Handoffs in the truth, and those with an episode in the state. */
  handoffs: number;
  withEpisode: number;
  facts: Record<'firstTouch' | 'meeting' | 'converted' | 'opportunity' | 'won' | 'disqualified' | 'scorecard', FactAgreement>;
}

const instant = (s: string | null | undefined): number | null => (s ? Date.parse(s) : null);

/** The floor's facts about a handoff, as of the truth's instant, in the state's terms. */
function expected(h: HandoffTruth, asOf: string): Record<keyof Agreement['facts'], unknown> {
  // A meeting counts from the earlier of the handoff Task closed as "meeting booked" and the first Event that has begun.
  const meetings = [
    ...h.meetings.filter((m) => m.startAt <= asOf).map((m) => Date.parse(m.startAt)),
    ...(h.scorecard?.outcome === 'meeting booked' && h.taskCompletedAt ? [Date.parse(h.taskCompletedAt)] : []),
  ];
  return {
    firstTouch: instant(h.firstTouch?.at),
    meeting: meetings.length > 0 ? Math.min(...meetings) : null,
    converted: h.conversion ? h.conversion.at.slice(0, 10) : null,
    opportunity: h.opportunity ? [h.opportunity.stage, h.opportunity.amount, h.opportunity.currency] : null,
    won: h.opportunity?.isClosed ? h.opportunity.isWon : null,
    disqualified: h.disqualified !== null,
    scorecard: h.scorecard ? [h.scorecard.outcome, h.scorecard.quality] : null,
  };
}

function actual(e: Episode | undefined): Record<keyof Agreement['facts'], unknown> {
  return {
    firstTouch: instant(e?.firstTouchAt),
    meeting: instant(e?.meetingAt),
    converted: e?.convertedAt ? e.convertedAt.slice(0, 10) : null,
    opportunity: e?.opportunityId ? [e.opportunityStage, e.opportunityAmount, e.currencyIsoCode] : null,
    won: e?.won ?? null,
    disqualified: e?.disqualifiedAt !== null && e?.disqualifiedAt !== undefined,
    scorecard: e?.outcome ? [e.outcome, e.leadQuality] : null,
  };
}

/** Compares what the state holds per episode with what the floor says its reps did (the feedback job's done-criterion). */
export function compareWithTruth(truth: FloorTruth, episodes: readonly Episode[]): Agreement {
  const byKey = new Map(episodes.map((e) => [e.handoffKey, e]));
  const facts = {} as Agreement['facts'];
  for (const name of ['firstTouch', 'meeting', 'converted', 'opportunity', 'won', 'disqualified', 'scorecard'] as const) facts[name] = { agree: 0, disagree: 0, examples: [] };
  let withEpisode = 0;
  for (const h of truth.handoffs) {
    const episode = byKey.get(h.key);
    if (episode) withEpisode += 1;
    const want = expected(h, truth.asOf);
    const got = actual(episode);
    for (const name of Object.keys(facts) as (keyof Agreement['facts'])[]) {
      const fact = facts[name];
      if (JSON.stringify(want[name]) === JSON.stringify(got[name])) fact.agree += 1;
      else {
        fact.disagree += 1;
        if (fact.examples.length < 5) fact.examples.push(h.key);
      }
    }
  }
  return { handoffs: truth.handoffs.length, withEpisode, facts };
}
