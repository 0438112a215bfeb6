import type { Contact } from '../domain/types.js';

export interface DuplicateOf {
  hubspotId: string;
  keptId: string;
  reason: string;
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
  const byEmail = new Map<string, string>();
  const unique: Contact[] = [];
  const duplicates: DuplicateOf[] = [];
  for (const c of ordered) {
    const key = c.email.valid ? c.email.value : null;
    const kept = key ? byEmail.get(key) : undefined;
    if (kept !== undefined) {
      duplicates.push({ hubspotId: c.hubspotId, keptId: kept, reason: `same email as HubSpot contact ${kept}` });
      continue;
    }
    if (key) byEmail.set(key, c.hubspotId);
    unique.push(c);
  }
  return { unique, duplicates };
}
