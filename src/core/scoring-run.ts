import type { ScoringConfig } from '../config/scoring.js';
import type { Activity, Contact, Score } from '../domain/types.js';
import { score } from './score.js';

/** Form conversions are counted on the contact; scoring sees the latest one as a 'form' activity. */
export function formActivities(contact: Contact): Activity[] {
  const { count, lastAt, lastName } = contact.conversions;
  if (count <= 0 || !lastAt) return [];
  return [{ id: `form:${contact.hubspotId}:${lastAt}`, type: 'form', contactId: contact.hubspotId, occurredAt: lastAt, outcome: lastName, title: lastName }];
}

/** Scores every contact with its remembered activities plus its form conversions. */
export function scoreContacts(
  contacts: readonly Contact[],
  history: Map<string, Activity[]>,
  model: ScoringConfig,
  now: Date,
): Map<string, Score> {
  const out = new Map<string, Score>();
  for (const c of contacts) {
    const remembered = history.get(c.hubspotId) ?? [];
    const forms = formActivities(c);
    // Most contacts have no form conversion: their history is scored as it is, without a copy.
    out.set(c.hubspotId, score(c, forms.length === 0 ? remembered : [...remembered, ...forms], model, now));
  }
  return out;
}
