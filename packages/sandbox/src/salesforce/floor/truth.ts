/**
 * The sales floor's ground truth (`GET /__sandbox/salesfloor/truth`): what each rep did to each handoff
 * and when, so tests can hold what Handoff reads back against it. Instants are ISO-8601 UTC (`…Z`).
 */
export type TouchKind = 'call' | 'email' | 'task' | 'status';

export interface AttemptTruth {
  at: string;
  kind: TouchKind;
  /** The Task the rep logged for a call or an email (the handoff Task itself for `task`; null for `status`). */
  activityId: string | null;
  connected: boolean;
}

export interface OpportunityTruth {
  id: string;
  createdAt: string;
  amount: number;
  /** null in a single-currency org (no CurrencyIsoCode field). */
  currency: string | null;
  stage: string;
  stages: { at: string; stage: string }[];
  isClosed: boolean;
  isWon: boolean;
  closedAt: string | null;
}

export interface HandoffTruth {
  /** `Handoff_Key__c` of the handoff Task. */
  key: string;
  taskId: string;
  whoId: string;
  whoType: 'Lead' | 'Contact';
  /** The rep working it: the Task's owner (the latest one, after a reassignment). */
  repId: string;
  /** Earlier owners whose turn ended with a reassignment before they touched it. */
  reassignedFrom: string[];
  /** The Task's CreatedDate. */
  handedOffAt: string;
  score: number | null;
  tier: string | null;
  /** The Lead's Status when the floor first saw the handoff (an existing Lead may already be worked); null for a Contact. */
  statusAtHandoff: string | null;
  /** The Lead's quality in [0, 1] that the rep's odds follow (from the score, else the tier). */
  quality: number;
  firstTouch: { at: string; kind: TouchKind } | null;
  /** When the rep closed the handoff Task; null while open (some never are). */
  taskCompletedAt: string | null;
  attempts: AttemptTruth[];
  statusChanges: { at: string; from: string; to: string }[];
  meetings: { eventId: string; bookedAt: string; startAt: string; endAt: string }[];
  /** Written on the handoff Task when it was closed; null when the rep left it blank or never closed it. */
  scorecard: { outcome: string; quality: number; comment: string } | null;
  disqualified: { at: string; reason: string } | null;
  conversion: { at: string; contactId: string; accountId: string; opportunityId: string | null } | null;
  opportunity: OpportunityTruth | null;
}

export interface RepTruth {
  userId: string;
  name: string;
  timeZone: string;
  /** Multiplies the rep's response delays (below 1 is faster). */
  pace: number;
  /** Added to the chance that the rep never touches a handoff. */
  neglect: number;
}

export interface FloorTruth {
  enabled: boolean;
  seed: number;
  /** When the floor was switched on: it acts on handoff Tasks from then on. */
  since: string | null;
  /** The sandbox clock when the truth was read (the floor has acted up to here). */
  asOf: string;
  reps: RepTruth[];
  handoffs: HandoffTruth[];
  /** Saves the org refused to a rep (that handoff's story stops there); absent when none. */
  problems?: { key: string; at: string; message: string }[];
}

export const iso = (ms: number): string => new Date(ms).toISOString();
