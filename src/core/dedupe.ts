import type { Contact } from '../domain/types.js';

export interface DuplicateOf {
  hubspotId: string;
  keptId: string;
  reason: string;
}

/** The contact's normalized email when it is valid, else null: what Leads and Contacts are matched on. */
export function validEmail(contact: Contact): string | null {
  return contact.email.valid ? contact.email.value : null;
}

/** Within-run identity: the normalized email when valid, else the HubSpot id ("hs:123"). */
export function dedupeKey(contact: Contact): string {
  return validEmail(contact) ?? `hs:${contact.hubspotId}`;
}

/**
 * One person is handed off once: contacts sharing a normalized email collapse to the first of them
 * in the order given, which for a sync is stream order (lastmodifieddate, then id; stream-reader.ts),
 * so a chunk decides alone what the whole window would. `kept` names, per email, the contact an
 * earlier chunk of the same window already kept: later ones are its duplicates. The same id twice
 * keeps the latest read, at the place of the first.
 */
export function dedupeContacts(
  contacts: readonly Contact[],
  kept: ReadonlyMap<string, string> = new Map(),
): { unique: Contact[]; duplicates: DuplicateOf[] } {
  const byId = new Map<string, Contact>();
  for (const c of contacts) byId.set(c.hubspotId, c);
  const byKey = new Map<string, string>(kept);
  const unique: Contact[] = [];
  const duplicates: DuplicateOf[] = [];
  for (const c of byId.values()) {
    const key = dedupeKey(c);
    const first = byKey.get(key);
    if (first !== undefined && first !== c.hubspotId) {
      duplicates.push({ hubspotId: c.hubspotId, keptId: first, reason: `same email as HubSpot contact ${first}` });
      continue;
    }
    byKey.set(key, c.hubspotId);
    unique.push(c);
  }
  return { unique, duplicates };
}
