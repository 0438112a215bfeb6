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
 * Within one run, one person is handed off once: contacts sharing a normalized email collapse to
 * the oldest (createdAt, then lowest id), deterministically. Same id twice keeps the latest read.
 */
export function dedupeContacts(contacts: readonly Contact[]): { unique: Contact[]; duplicates: DuplicateOf[] } {
  const byId = new Map<string, Contact>();
  for (const c of contacts) byId.set(c.hubspotId, c);
  const ordered = [...byId.values()].sort(
    (a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : Number(a.hubspotId) - Number(b.hubspotId)),
  );
  // Ids are unique by now, so only an email key can be shared.
  const byKey = new Map<string, string>();
  const unique: Contact[] = [];
  const duplicates: DuplicateOf[] = [];
  for (const c of ordered) {
    const key = dedupeKey(c);
    const kept = byKey.get(key);
    if (kept !== undefined) {
      duplicates.push({ hubspotId: c.hubspotId, keptId: kept, reason: `same email as HubSpot contact ${kept}` });
      continue;
    }
    byKey.set(key, c.hubspotId);
    unique.push(c);
  }
  return { unique, duplicates };
}
