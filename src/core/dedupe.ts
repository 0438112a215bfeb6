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
 * One person is handed off once: contacts sharing a normalized email collapse to one, deterministically.
 * - `created` (backfill, replay): the oldest (createdAt, then lowest id) is kept, and the batch is
 *   routed in that order.
 * - `stream` (the sync's streamed window): the contacts come in stream order (lastmodifieddate, then
 *   id); the first of an email is kept and the order is kept for routing, so a chunk decides as the
 *   whole window would. `kept` names, per email, the contact an earlier chunk of the same window
 *   already kept: the batch's other contacts of that email are its duplicates (the kept one read
 *   again stays).
 * The same id twice keeps the latest read.
 */
export function dedupeContacts(
  contacts: readonly Contact[],
  kept: ReadonlyMap<string, string> = new Map(),
  order: 'created' | 'stream' = 'created',
): { unique: Contact[]; duplicates: DuplicateOf[] } {
  const byId = new Map<string, Contact>();
  for (const c of contacts) byId.set(c.hubspotId, c);
  const ordered =
    order === 'stream'
      ? [...byId.values()]
      : [...byId.values()].sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : Number(a.hubspotId) - Number(b.hubspotId)));
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
