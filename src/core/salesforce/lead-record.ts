import { hash } from 'node:crypto';
import type { FieldMap, MappingConfig } from '../../config/mapping.js';
import type { Fix, WriteMode } from '../../domain/plan.js';
import type { Contact, Score } from '../../domain/types.js';
import { validEmail } from '../dedupe.js';
import { writtenByHandoff } from '../hubspot/property-definitions.js';

/** The value a mapping entry takes from a contact. */
export function sourceValue(contact: Contact, from: string): string | number | null {
  if (from.startsWith('hubspot.')) return contact.properties[from.slice('hubspot.'.length)] ?? null;
  switch (from) {
    case 'firstName':
      return contact.firstName;
    case 'lastName':
      return contact.lastName;
    case 'email':
      return validEmail(contact);
    case 'phone':
      return contact.phone.e164 ?? contact.phone.original;
    case 'company':
      return contact.company;
    case 'companyDomain':
      return contact.companyDomain;
    case 'title':
      return contact.title;
    case 'country':
      return contact.country;
    case 'state':
      return contact.state;
    case 'city':
      return contact.city;
    case 'industry':
      return contact.industry;
    case 'employees':
      return contact.employees;
    case 'leadSource':
      return contact.leadSource;
    default:
      return null;
  }
}

export function scoreReasonsText(score: Score): string {
  return score.reasons.map((r) => `${r.points >= 0 ? '+' : ''}${r.points} ${r.label} (${r.rule})`).join('\n');
}

export function scoreFields(score: Score): Record<string, unknown> {
  return {
    Handoff_Score__c: score.total,
    Handoff_Grade__c: score.grade,
    Handoff_Score_Reasons__c: scoreReasonsText(score),
    Handoff_Model_Version__c: score.modelVersion,
  };
}

/**
 * The Lead fields for one contact. On update only the mappings marked `update: true` are sent;
 * create-only fields (and the owner) belong to the rep once the Lead exists.
 */
export function leadFields(contact: Contact, score: Score, mapping: MappingConfig, mode: WriteMode): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (mode === 'create') Object.assign(out, mapping.leadDefaults);
  for (const m of mapping.lead as FieldMap[]) {
    if (mode === 'update' && !m.update) continue;
    out[m.to] = sourceValue(contact, m.from);
  }
  out.HubSpot_Contact_Id__c = contact.hubspotId;
  Object.assign(out, scoreFields(score));
  return out;
}

/**
 * The Lead fields of a refresh (a contact handed off before whose values or score changed): the
 * updatable mappings, score, grade and reasons. The model version is create-only: written when an
 * episode starts (a new Lead, or a handoff to a Lead that exists), it keeps naming the model that
 * qualified the lead; the decision table holds the version that scored it last.
 */
export function refreshFields(contact: Contact, score: Score, mapping: MappingConfig): Record<string, unknown> {
  const out = leadFields(contact, score, mapping, 'update');
  delete out.Handoff_Model_Version__c;
  return out;
}

/**
 * Values leadFields leaves out though the contact has them, as fixes for the ledger: an email address
 * that is not valid is not sent (Salesforce would refuse the Lead), but the admin should see why the
 * Lead has none.
 */
export function sourceFixes(contact: Contact, mapping: MappingConfig, mode: WriteMode): Fix[] {
  const fixes: Fix[] = [];
  for (const m of mapping.lead as FieldMap[]) {
    if (mode === 'update' && !m.update) continue;
    if (m.from === 'email' && !contact.email.valid && contact.email.value !== null) {
      fixes.push({ field: m.to, fix: 'dropped', detail: 'not a valid email address' });
    }
  }
  return fixes;
}

/**
 * Points the score must move from the one last written before the Lead is refreshed for the score
 * alone. Engagement decays a little every minute, so the exact score would make every re-read look
 * changed; a fixed band (70–74.9) would still let a score sitting on its edge flap across it with
 * each re-read. Compared in triage against the score stored with the handoff.
 */
export const SCORE_REFRESH_POINTS = 5;

/**
 * What a change must touch to cost a Salesforce call, besides the score (SCORE_REFRESH_POINTS): every
 * mapped value, the grade, qualification and the merge set. Handoff's own writeback properties and timestamps
 * are not in it, nor the model version (a refresh does not write it), nor any property Handoff writes (mapped as `hubspot.<name>`:
 * `handoff_…`, lifecyclestage, hs_lead_status), so a writeback or feedback that comes back as a HubSpot
 * change costs nothing.
 */
export function fingerprint(contact: Contact, score: Score, mapping: MappingConfig): string {
  // One string, one hash call: this runs for every contact of every cycle.
  let text = '';
  for (const m of mapping.lead) {
    // What Handoff writes to HubSpot itself (feedback, lifecycle, lead status) comes back as an echo, not a change.
    if (m.from.startsWith('hubspot.') && writtenByHandoff(m.from.slice('hubspot.'.length))) continue;
    text += `${m.to}=${String(sourceValue(contact, m.from))}\u0000`;
  }
  text += `grade=${score.grade}|${score.qualified}|${contact.mergedIds.join(',')}`;
  return hash('sha1', text, 'hex');
}
