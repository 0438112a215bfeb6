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
 * One person is handed off once: contacts sharing a normalized email collapse to the oldest
 * (createdAt, then lowest id), deterministically, within a batch; the order is stable when Handoff's
 * own writeback moves a contact's lastmodifieddate between a crash and the re-read. `kept` names,
 * per email, the contact an earlier chunk of the same streamed window already kept: the batch's
 * contacts of that email are its duplicates (the kept one read again stays). The same id twice
 * keeps the latest read.
 */
export function dedupeContacts(
  contacts: readonly Contact[],
  kept: ReadonlyMap<string, string> = new Map(),
): { unique: Contact[]; duplicates: DuplicateOf[] } {
  const byId = new Map<string, Contact>();
  for (const c of contacts) byId.set(c.hubspotId, c);
  const ordered = [...byId.values()].sort(
    (a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : Number(a.hubspotId) - Number(b.hubspotId)),
  );
  const byKey = new Map<string, string>(kept);
  const unique: Contact[] = [];
  const duplicates: DuplicateOf[] = [];
  for (const c of ordered) {
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
