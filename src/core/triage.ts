import type { MappingConfig } from '../config/mapping.js';
import type { PriorHandoff, SkipOp } from '../domain/plan.js';
import type { Activity, Contact, Score } from '../domain/types.js';
import { fingerprint, SCORE_REFRESH_POINTS } from './salesforce/lead-record.js';

export interface Evaluated {
  contact: Contact;
  score: Score;
  /**
   * What Salesforce would see of the contact (lead-record.ts). Null when triage cannot need it: a
   * contact below the threshold that was never handed off is skipped without a comparison, and
   * that is most contacts of a cycle.
   */
  fingerprint: string | null;
  prior: PriorHandoff | null;
  /** The activities the score was computed from (for the Task's "latest activity"). */
  activities: Activity[];
}

export type Triage =
  | { kind: 'skip'; skip: SkipOp }
  /** Qualified and not handed off yet: look it up in Salesforce, route it, create its Task. */
  | { kind: 'new'; item: Evaluated }
  /** Handed off before and changed since: keep its Lead current, no new Task. */
  | { kind: 'refresh'; item: Evaluated; leadId: string };

export interface TriageOptions {
  /**
   * Epoch ms: contacts created at or after it are fresh traffic of this job (the sync's window). A
   * Leads-only backfill may have handed one off without its SLA Task; if it qualifies, it goes
   * through as new (its Lead is found by key and kept, its Task created), as fresh traffic would.
   */
  freshSince?: number;
  /** A recycled contact opens its next episode only after the cool-off (feedback.recycle.coolOffDays). */
  recycle?: RecycleRule;
}

/** Handed off by a Leads-only backfill (no Task, no key), qualified, and created inside the job's window. */
function needsTask(item: Evaluated, opts: TriageOptions): boolean {
  const p = item.prior;
  if (opts.freshSince === undefined || !p || p.salesforceTaskId !== null || !p.salesforceLeadId || !item.score.qualified) return false;
  const created = Date.parse(item.contact.createdAt);
  return Number.isFinite(created) && created >= opts.freshSince;
}

/** A scored contact ready for triage, its fingerprint computed only when triage will compare it. */
export function evaluate(input: { contact: Contact; score: Score; prior: PriorHandoff | null; activities: Activity[]; mapping: MappingConfig }): Evaluated {
  const { contact, score, prior, activities } = input;
  const needed = score.qualified || prior?.status === 'handed_off';
  return { contact, score, fingerprint: needed ? fingerprint(contact, score, input.mapping) : null, prior, activities };
}

/**
 * Sorts evaluated contacts before any Salesforce call. An unchanged fingerprint, with the score
 * within SCORE_REFRESH_POINTS of the one last written, means no call at all; so does a contact below
 * the threshold that was never handed off.
 */
/** Recycling (the feedback job): how long a recycled contact waits before it may open a new episode. */
export interface RecycleRule {
  now: Date;
  coolOffDays: number;
}

export function triage(item: Evaluated, opts: TriageOptions = {}): Triage {
  const { prior, score, contact } = item;
  const id = contact.hubspotId;
  const recycle = opts.recycle;
  if (prior && prior.status === 'recycled') {
    if (!score.qualified) return { kind: 'skip', skip: { hubspotId: id, kind: 'below-threshold', reason: `recycled; score ${score.total} below the MQL threshold` } };
    const since = prior.updatedAt ? Date.parse(prior.updatedAt) : Number.NaN;
    const days = recycle?.coolOffDays ?? 30;
    // Flapping around the threshold can't open episodes faster than the cool-off allows.
    if (recycle && !(since + days * 86_400_000 <= recycle.now.getTime())) {
      return { kind: 'skip', skip: { hubspotId: id, kind: 'cooling-off', reason: `recycled by sales; qualifies again only ${days} days after ${prior.updatedAt ?? 'recycling'}` } };
    }
    return { kind: 'new', item };
  }
  if (prior && prior.status === 'handed_off' && needsTask(item, opts)) return { kind: 'new', item };
  if (prior && prior.status === 'handed_off') {
    // Scores are in tenths; compared as tenths so 72.4 − 67.4 is exactly 5.
    const scoreMoved = prior.score !== null && Math.round(Math.abs(score.total - prior.score) * 10) >= SCORE_REFRESH_POINTS * 10;
    if (prior.fingerprint === item.fingerprint && !scoreMoved) {
      return { kind: 'skip', skip: { hubspotId: id, kind: 'unchanged', reason: 'handed off before; nothing relevant changed' } };
    }
    if (prior.salesforceLeadId) return { kind: 'refresh', item, leadId: prior.salesforceLeadId };
    return {
      kind: 'skip',
      skip: { hubspotId: id, kind: 'contact-owned', reason: `handed off to Contact ${String(prior.salesforceContactId)}; Handoff does not edit Contacts` },
    };
  }
  if (prior && prior.status === 'converted') {
    return { kind: 'skip', skip: { hubspotId: id, kind: 'contact-owned', reason: 'the Lead was converted in Salesforce; sales owns it' } };
  }
  if (!score.qualified) {
    return { kind: 'skip', skip: { hubspotId: id, kind: 'below-threshold', reason: `score ${score.total} below the MQL threshold` } };
  }
  return { kind: 'new', item };
}
