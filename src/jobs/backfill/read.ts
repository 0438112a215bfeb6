import type { RawContact } from '../../domain/types.js';
import type { HubSpotSource, RejectedRecord } from '../../ports/hubspot.js';
import { createdAtOf, inWindow } from './window.js';

export const LIST_PAGE_SIZE = 100;

export interface ChunkRead {
  /** Contacts created in the window, archived ones excluded. */
  contacts: RawContact[];
  /** Malformed records created in the window (or of unknown age): dead-lettered by the pipeline. */
  rejected: RejectedRecord[];
  pages: number;
  scanned: number;
  /** Paging cursor of the page after this chunk; undefined: the list is exhausted. */
  after: string | undefined;
}

function rejectedCreatedAt(payload: unknown): number | null {
  const p = payload as { properties?: Record<string, string | null>; createdAt?: unknown } | null;
  const created = p?.createdAt instanceof Date ? p.createdAt.toISOString() : typeof p?.createdAt === 'string' ? p.createdAt : undefined;
  return createdAtOf(p?.properties ?? {}, created);
}

/**
 * Reads up to `maxPages` pages of the contact list (ordered by id, `after` paging, no 10,000 cap
 * unlike search) and keeps the contacts whose createdate lies in [since, until). `properties`:
 * those the mapping asks for beyond Handoff's own.
 */
export async function readContactChunk(
  hubspot: HubSpotSource,
  args: { after: string | undefined; properties: readonly string[]; maxPages: number; since: number; until: number; onPage?: (pages: number, scanned: number) => void },
): Promise<ChunkRead> {
  const out: ChunkRead = { contacts: [], rejected: [], pages: 0, scanned: 0, after: args.after };
  do {
    const page = await hubspot.listContacts(out.after, args.properties, LIST_PAGE_SIZE);
    out.pages += 1;
    out.scanned += page.size;
    out.after = page.after;
    for (const c of page.contacts) {
      if (c.archived) continue;
      if (inWindow(createdAtOf(c.properties, c.createdAt), args.since, args.until)) out.contacts.push(c);
    }
    for (const r of page.rejected) {
      const created = rejectedCreatedAt(r.payload);
      if (created === null || inWindow(created, args.since, args.until)) out.rejected.push(r);
    }
    args.onPage?.(out.pages, out.scanned);
  } while (out.after !== undefined && out.pages < args.maxPages);
  return out;
}
