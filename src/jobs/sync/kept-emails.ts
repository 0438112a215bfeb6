import { createHash } from 'node:crypto';
import { validEmail } from '../../core/dedupe.js';
import type { Contact } from '../../domain/types.js';
import type { StateStore } from '../../ports/state.js';

/**
 * Duplicates across the chunks of a streamed sync window: the first contact of an email in stream
 * order is kept, and the state's kept-email index (migration 9) remembers it for the chunks after.
 */
/** SHA-256 of the normalized email: the kept-email index never holds an address. */
function emailHash(email: string): string {
  return createHash('sha256').update(email).digest('hex');
}

/** Per normalized email of these contacts, the contact an earlier chunk of the window kept. */
export async function keptEmails(store: StateStore, contacts: readonly Contact[], memory: Map<string, string> | undefined): Promise<Map<string, string>> {
  const byHash = new Map<string, string>();
  for (const c of contacts) {
    const email = validEmail(c);
    if (email !== null) byHash.set(emailHash(email), email);
  }
  const found = memory ? new Map([...byHash.keys()].flatMap((h) => (memory.has(h) ? [[h, memory.get(h) as string] as const] : []))) : await store.keptForEmails([...byHash.keys()]);
  return new Map([...found].map(([hash, id]) => [byHash.get(hash) as string, id]));
}

export function keptRow(c: Contact, kept: ReadonlyMap<string, string>): { hash: string; hubspotId: string }[] {
  const email = validEmail(c);
  return email === null || kept.has(email) ? [] : [{ hash: emailHash(email), hubspotId: c.hubspotId }];
}

