import type { Rng } from '../../generate/random.js';
import type { TouchKind } from './truth.js';

/**
 * The sales floor's odds. Everything a rep decides is drawn here, and every chance of progress rises with
 * the Lead's quality q in [0, 1] (from its Handoff score), so a calibration report over the floor has a signal.
 */
const clamp = (x: number, lo = 0, hi = 1): number => Math.min(hi, Math.max(lo, x));

const TIER_QUALITY: Readonly<Record<string, number>> = { hot: 0.75, warm: 0.45, cool: 0.2 };

/** Handed-off scores run from about 50 (the threshold) to 120; a score of 40 or less is q 0, 110 or more is q 1. */
export function leadQuality(score: number | null, tier: string | null): number {
  if (score !== null && Number.isFinite(score)) return clamp((score - 40) / 70);
  return TIER_QUALITY[tier?.toLowerCase() ?? ''] ?? 0.3;
}

/** A rep's working style, drawn once per rep: how fast they respond and how many handoffs they let drop. */
export function repStyle(rng: Rng): { pace: number; neglect: number } {
  return { pace: rng.weighted([[0.6, 2], [1, 3], [1.8, 2]] as const), neglect: rng.weighted([[0, 3], [0.05, 2], [0.15, 1]] as const) };
}

export function neverTouched(rng: Rng, q: number, neglect: number): boolean {
  return rng.chance(clamp(0.2 - 0.15 * q + neglect));
}

/** Business minutes from the handoff to the first touch: log-normal around a median that shrinks as q grows. */
export function firstTouchDelay(rng: Rng, q: number, pace: number): number {
  const median = (40 + (1 - q) * 360) * pace;
  return Math.round(clamp(median * Math.exp(0.9 * rng.normal()), 2, 8 * 60 * 12));
}

/** How the rep reaches out; a status change alone ("accepted") only on an open Lead. */
export function touchKind(rng: Rng, first: boolean, openLead: boolean): TouchKind {
  if (!first) return rng.weighted([['call', 3], ['email', 1]] as const);
  return rng.weighted([['call', 11], ['email', 4], ['task', 3], ['status', openLead ? 2 : 0]] as const);
}

export function connects(rng: Rng, kind: TouchKind, q: number): boolean {
  return rng.chance(kind === 'email' ? 0.2 + 0.3 * q : 0.35 + 0.4 * q);
}

/** What came of a conversation (the scorecard's outcome). */
export function conversationOutcome(rng: Rng, q: number): string {
  if (rng.chance(0.15 + 0.6 * q)) return 'meeting booked';
  return rng.weighted([['connected', 3], ['not a fit', 3 - 2 * q], ['bad timing', 2], ['wrong person', 1], ['already a customer', 0.5]] as const);
}

export function maxAttempts(q: number): number {
  return 3 + Math.round(2 * q);
}

/** The rep's 1–5 rating of the lead: around 1 + 4q, with some noise. */
export function qualityRating(rng: Rng, q: number): number {
  return Math.round(clamp(1 + 4 * q + 0.8 * rng.normal(), 1, 5));
}

export const COMMENTS: Readonly<Record<string, readonly string[]>> = {
  connected: ['Good first call, following up next week.', 'Interested, wants pricing.'],
  'meeting booked': ['Demo booked with the team.', 'Keen, meeting set.'],
  'no answer': ['Voicemail left.', 'No answer, will retry.'],
  'not a fit': ['Too small for us.', 'Needs something we do not sell.'],
  'bad timing': ['Budget frozen until next quarter.', 'Revisit after their migration.'],
  'wrong person': ['Not the decision maker, got a referral.'],
  'already a customer': ['Already on a contract with us.'],
};

export const DISQUALIFY_REASON: Readonly<Record<string, string>> = {
  'not a fit': 'Not a Fit',
  'bad timing': 'Bad Timing',
  'already a customer': 'Already a Customer',
  'no answer': 'Unresponsive',
};

export function convertsAfterMeeting(rng: Rng, q: number): boolean {
  return rng.chance(0.25 + 0.6 * q);
}

export function withOpportunity(rng: Rng): boolean {
  return rng.chance(0.85);
}

export function wins(rng: Rng, q: number): boolean {
  return rng.chance(0.2 + 0.55 * q);
}

export function dealAmount(rng: Rng, q: number): number {
  return Math.round((5000 + 45_000 * q * (0.5 + rng.next())) / 100) * 100;
}

/** The rep's currency: GBP in London, EUR elsewhere in Europe, USD otherwise. */
export function currencyFor(zone: string): string {
  if (zone === 'Europe/London' || zone === 'Europe/Dublin') return zone === 'Europe/London' ? 'GBP' : 'EUR';
  return zone.startsWith('Europe/') ? 'EUR' : 'USD';
}

/** The open stages a deal moves through after Prospecting, in order. */
export const DEAL_PATH = ['Qualification', 'Needs Analysis', 'Value Proposition', 'Proposal/Price Quote', 'Negotiation/Review'] as const;
