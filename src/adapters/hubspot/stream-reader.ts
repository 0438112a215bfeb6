import type { Activity, RawContact } from '../../domain/types.js';
import { chunk } from '../../lib/chunk.js';
import type { WindowChunk, WindowRead } from '../../ports/hubspot.js';
import type { HubSpotGateway } from './gateway.js';
import { ENGAGEMENTS } from './properties.js';
import type { EngagementObject } from './properties.js';
import { contactPropertyList, toActivity } from './reader.js';
import { parsePage, toRawContact } from './schemas.js';
import type { RawObject } from './schemas.js';
import { searchWindow } from './search-window.js';
import { mergeSources } from './window-stream.js';
import type { StreamItem } from './window-stream.js';

const KINDS = Object.keys(ENGAGEMENTS) as EngagementObject[];
/** Associations v4 batch reads take at most 1,000 ids; contact batch reads 100. */
const ASSOCIATION_BATCH = 1000;
const READ_BATCH = 100;

function stamp(o: RawObject, prop: string, fallback: number): number {
  const raw = o.properties[prop];
  const n = raw == null ? Number.NaN : /^\d+$/.test(raw) ? Number(raw) : Date.parse(raw);
  if (Number.isFinite(n)) return n;
  const u = Date.parse(o.updatedAt);
  return Number.isFinite(u) ? u : fallback;
}

/**
 * The incremental read as a stream of chunks: contacts whose lastmodifieddate lies in the window and
 * emails, calls, meetings and notes whose hs_lastmodifieddate does, merged in stream order
 * (window-stream.ts), cut every `chunkSize` records. Each chunk maps its own engagements to their
 * contacts (associations v4, batches of 1,000) and batch-reads the contacts touched only by
 * activity, so memory holds one chunk, whatever the window. A chunk's contacts come in stream order
 * (where each first appeared); `through` says that every change at or before it has been read.
 */
export async function* streamWindow(
  gateway: HubSpotGateway,
  window: { since: number; until: number },
  extraContactProps: readonly string[],
  chunkSize: number,
): AsyncGenerator<WindowChunk> {
  const props = contactPropertyList(extraContactProps);
  let rejected: WindowRead['rejected'] = [];
  const sources = [
    { pages: searchWindow(gateway, 'contacts', 'lastmodifieddate', window.since, window.until, props), tsOf: (o: RawObject) => stamp(o, 'lastmodifieddate', window.since) },
    ...KINDS.map((kind) => ({
      pages: searchWindow(gateway, kind, 'hs_lastmodifieddate', window.since, window.until, [...ENGAGEMENTS[kind].props]),
      tsOf: (o: RawObject) => stamp(o, 'hs_lastmodifieddate', window.since),
    })),
  ];
  let items: StreamItem[] = [];
  for await (const item of mergeSources(sources, (r) => rejected.push({ ...r, stage: 'ingest' }))) {
    items.push(item);
    if (items.length < chunkSize) continue;
    const next = await item.next();
    if (next === null) break;
    yield { ...(await assemble(gateway, items, props, rejected, { through: next - 1, until: window.until })), through: next - 1, last: false };
    items = [];
    rejected = [];
  }
  yield { ...(await assemble(gateway, items, props, rejected, { through: window.until, until: window.until })), through: window.until, last: true };
}

/** One chunk's records as the pipeline takes them: engagements mapped to contacts, missing contacts read. */
async function assemble(
  gateway: HubSpotGateway,
  items: readonly StreamItem[],
  props: string[],
  rejected: WindowRead['rejected'],
  at: { through: number; until: number },
): Promise<WindowRead> {
  const read = new Map<string, RawContact>();
  let latest: number | null = null;
  for (const i of items) {
    if (i.source !== 0 || i.object.archived) continue;
    read.set(i.object.id, toRawContact(i.object));
    latest = latest === null ? i.ts : Math.max(latest, i.ts);
  }
  // Each association batch maps only its own engagements.
  const linked = new Map<StreamItem, string[]>();
  for (const [k, kind] of KINDS.entries()) {
    const mine = items.filter((i) => i.source === k + 1);
    for (const part of chunk(mine, ASSOCIATION_BATCH)) {
      const assoc = await gateway.associations(kind, 'contacts', [...new Set(part.map((i) => i.object.id))]);
      for (const i of part) linked.set(i, assoc.get(i.object.id) ?? []);
    }
  }
  // Stream order: a contact changed in this chunk stands at its own change; one touched only by
  // activity here stands at its first activity. So a contact's place does not depend on where the
  // chunk edges fall (its activities ahead of its own change may sit in an earlier chunk).
  const order: string[] = [];
  const placed = new Set<string>();
  const place = (id: string): void => {
    if (placed.has(id)) return;
    placed.add(id);
    order.push(id);
  };
  const activities: Activity[] = [];
  for (const i of items) {
    if (i.source === 0) {
      if (read.has(i.object.id)) place(i.object.id);
      continue;
    }
    const kind = KINDS[i.source - 1] as EngagementObject;
    for (const contactId of linked.get(i) ?? []) {
      activities.push(toActivity(kind, i.object, contactId));
      if (!read.has(contactId)) place(contactId);
    }
  }
  // Contacts whose only change was an activity: read them so they can be re-evaluated.
  for (const ids of chunk(order.filter((id) => !read.has(id)), READ_BATCH)) {
    const parsed = parsePage(await gateway.batchRead('contacts', ids, props));
    for (const r of parsed.rejected) rejected.push({ ...r, stage: 'ingest' });
    for (const o of parsed.ok) {
      // Its own change comes later in this window: it is processed there, its activities already stored.
      if (o.archived || laterInWindow(stamp(o, 'lastmodifieddate', Number.NaN), at)) continue;
      read.set(o.id, toRawContact(o));
    }
  }
  const contacts = order.flatMap((id) => {
    const c = read.get(id);
    return c ? [c] : [];
  });
  return { contacts, activities, rejected, latestChange: latest };
}

function laterInWindow(ts: number, at: { through: number; until: number }): boolean {
  return ts > at.through && ts <= at.until;
}

/**
 * One incremental read, whole: the stream as a single chunk (small windows, tests); the sync
 * streams instead.
 */
export async function readWindow(gateway: HubSpotGateway, window: { since: number; until: number }, extraContactProps: readonly string[]): Promise<WindowRead> {
  for await (const c of streamWindow(gateway, window, extraContactProps, Number.POSITIVE_INFINITY)) return c;
  return { contacts: [], activities: [], rejected: [], latestChange: null };
}
