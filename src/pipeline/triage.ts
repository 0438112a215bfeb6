import type { PriorHandoff, SkipOp } from '../domain/plan.js';
import type { Activity, Contact, Score } from '../domain/types.js';

export interface Evaluated {
  contact: Contact;
  score: Score;
  fingerprint: string;
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

/**
 * Sorts evaluated contacts before any Salesforce call. An unchanged fingerprint means no call at
 * all; so does a contact below the threshold that was never handed off.
 */
export function triage(item: Evaluated): Triage {
  const { prior, score, contact } = item;
  const id = contact.hubspotId;
  if (prior && prior.status === 'handed_off') {
    if (prior.fingerprint === item.fingerprint) {
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
