/**
 * A handoff episode: one qualification of one contact and what sales did with it. The sync writes
 * the row in the same commit as the handoff, with the values as they were at that moment (a score
 * decays afterwards; reports group by what was true when sales received the lead). The feedback job
 * fills in what sales did; the SLA watch records its steps. Reports read these rows only, never
 * Salesforce. Holds ids and codes, no names, emails or phone numbers.
 */

/** The furthest step of an episode, in order; `disqualified` and `recycled` replace it when they happen. */
export const SALES_STATUSES = ['handed_off', 'accepted', 'working', 'meeting', 'converted', 'won', 'lost', 'disqualified', 'recycled'] as const;
export type SalesStatus = (typeof SALES_STATUSES)[number];

/** How the first touch was seen: a closed Task, a past Event, or a Lead Status in the accepted/working set. */
export type TouchKind = 'task' | 'event' | 'status';

/** Written once by the sync, with the handoff; never changed afterwards (except `slaDueAt`, see below). */
export interface EpisodeAtHandoff {
  hubspotId: string;
  /** 1 for the first handoff; a recycled contact that qualifies again opens the next one. */
  episode: number;
  /** `<hubspotId>:<episode>`, the Task's Handoff_Key__c. */
  handoffKey: string;
  handedOffAt: string;
  salesforceLeadId: string | null;
  salesforceContactId: string | null;
  salesforceTaskId: string | null;
  firstOwnerId: string | null;
  team: string | null;
  tier: string | null;
  /** The first owner's due time; an admin's edit of Handoff_SLA_Due__c counts, a reassignment does not. */
  slaDueAt: string | null;
  score: number | null;
  grade: string | null;
  modelVersion: string | null;
  /** HubSpot original source (hs_analytics_source) at the handoff. */
  source: string | null;
  segment: string | null;
  /** The sla.yaml calendar and zone the owner's business hours are read in (response time). */
  calendar?: string | null;
  timeZone?: string | null;
}

/** What sales did, filled in by the feedback job; null until seen. */
export interface EpisodeOutcome {
  salesStatus: SalesStatus;
  currentOwnerId: string | null;
  firstTouchAt: string | null;
  firstTouchKind: TouchKind | null;
  /** First touch minus handoff time, in the first owner's business hours. */
  responseBusinessMinutes: number | null;
  /** First touch at or before slaDueAt; null while the SLA has not run out untouched. */
  slaMet: boolean | null;
  acceptedAt: string | null;
  workingAt: string | null;
  meetingAt: string | null;
  convertedAt: string | null;
  opportunityId: string | null;
  opportunityCreatedAt: string | null;
  opportunityStage: string | null;
  opportunityAmount: number | null;
  currencyIsoCode: string | null;
  closedAt: string | null;
  won: boolean | null;
  disqualifiedAt: string | null;
  disqualifyReason: string | null;
  recycledAt: string | null;
  /** The scorecard on the handoff Task. */
  outcome: string | null;
  leadQuality: number | null;
  /** SLA watch steps, once per episode each. */
  remindedAt: string | null;
  escalatedAt: string | null;
  reassignedAt: string | null;
  reassignedToId: string | null;
  /** The Lead's (or, once converted, the last known) Status, as Salesforce spells it. */
  leadStatus?: string | null;
  /** The feedback job's hash of the HubSpot properties it last wrote for this episode. */
  hubspotHash?: string | null;
}

export interface Episode extends EpisodeAtHandoff, EpisodeOutcome {
  updatedAt: string;
}

export interface EpisodeQuery {
  hubspotId?: string;
  /** Handed off at or after / before (half-open period). */
  handedOffSince?: string;
  handedOffBefore?: string;
  /** Rows written or changed at or after this time. */
  updatedSince?: string;
  /** Keyset pagination by (hubspotId, episode). */
  after?: { hubspotId: string; episode: number };
  limit?: number;
}

/** A change to an existing episode: what sales did, the SLA watch's steps, or an edited due time. */
export type EpisodePatch = Pick<EpisodeAtHandoff, 'hubspotId' | 'episode'> & Partial<EpisodeOutcome> & Partial<Pick<EpisodeAtHandoff, 'slaDueAt' | 'salesforceLeadId' | 'salesforceContactId' | 'salesforceTaskId'>>;

/** A new episode's outcome before sales did anything. */
export function blankOutcome(): EpisodeOutcome {
  return {
    salesStatus: 'handed_off',
    currentOwnerId: null,
    firstTouchAt: null,
    firstTouchKind: null,
    responseBusinessMinutes: null,
    slaMet: null,
    acceptedAt: null,
    workingAt: null,
    meetingAt: null,
    convertedAt: null,
    opportunityId: null,
    opportunityCreatedAt: null,
    opportunityStage: null,
    opportunityAmount: null,
    currencyIsoCode: null,
    closedAt: null,
    won: null,
    disqualifiedAt: null,
    disqualifyReason: null,
    recycledAt: null,
    outcome: null,
    leadQuality: null,
    remindedAt: null,
    escalatedAt: null,
    reassignedAt: null,
    reassignedToId: null,
    leadStatus: null,
    hubspotHash: null,
  };
}

/**
 * What a report reads of one episode: the values at handoff it groups by and what sales did, with
 * times as epoch milliseconds (null until seen) and the steps it only counts as flags. The store
 * reads these straight from the columns, so a year of episodes is read without a Date per value.
 */
export interface EpisodeReportRow {
  /** The contact, to find its decision row (the shadow comparison). */
  hubspotId: string;
  handedOffMs: number;
  slaDueMs: number | null;
  firstTouchMs: number | null;
  meetingMs: number | null;
  convertedMs: number | null;
  opportunityCreatedMs: number | null;
  closedMs: number | null;
  /** The Lead Status reached the accepted or the working set (acceptedAt or workingAt is set). */
  acceptedOrWorking: boolean;
  /** An Opportunity is known (opportunityId is set). */
  hasOpportunity: boolean;
  won: boolean | null;
  reminded: boolean;
  escalated: boolean;
  reassigned: boolean;
  responseBusinessMinutes: number | null;
  opportunityAmount: number | null;
  currencyIsoCode: string | null;
  leadQuality: number | null;
  outcome: string | null;
  firstOwnerId: string | null;
  team: string | null;
  tier: string | null;
  score: number | null;
  grade: string | null;
  modelVersion: string | null;
  source: string | null;
  segment: string | null;
}

/** Handed off in `[since, until)`: what a report over a period reads. */
export interface EpisodeReportQuery {
  handedOffSince: string;
  handedOffBefore: string;
}

function epochMs(value: string | null): number | null {
  if (value === null) return null;
  const t = Date.parse(value);
  return Number.isNaN(t) ? null : t;
}

/** The report's view of a whole episode row (the store reads it from the columns instead). */
export function episodeReportRow(e: Episode): EpisodeReportRow {
  return {
    hubspotId: e.hubspotId,
    handedOffMs: Date.parse(e.handedOffAt),
    slaDueMs: epochMs(e.slaDueAt),
    firstTouchMs: epochMs(e.firstTouchAt),
    meetingMs: epochMs(e.meetingAt),
    convertedMs: epochMs(e.convertedAt),
    opportunityCreatedMs: epochMs(e.opportunityCreatedAt),
    closedMs: epochMs(e.closedAt),
    acceptedOrWorking: e.acceptedAt !== null || e.workingAt !== null,
    hasOpportunity: e.opportunityId !== null,
    won: e.won,
    reminded: e.remindedAt !== null,
    escalated: e.escalatedAt !== null,
    reassigned: e.reassignedAt !== null,
    responseBusinessMinutes: e.responseBusinessMinutes,
    opportunityAmount: e.opportunityAmount,
    currencyIsoCode: e.currencyIsoCode,
    leadQuality: e.leadQuality,
    outcome: e.outcome,
    firstOwnerId: e.firstOwnerId,
    team: e.team,
    tier: e.tier,
    score: e.score,
    grade: e.grade,
    modelVersion: e.modelVersion,
    source: e.source,
    segment: e.segment,
  };
}
