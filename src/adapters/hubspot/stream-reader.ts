import type { RawContact } from '../../domain/types.js';
import type { ActivityBatch, WindowChunk } from '../../ports/hubspot.js';
import type { HubSpotGateway } from './gateway.js';
import { ENGAGEMENTS } from './properties.js';
import type { EngagementObject } from './properties.js';
import { contactPropertyList, toActivity } from './reader.js';
import { toRawContact } from './schemas.js';
import type { RawObject } from './schemas.js';
import { searchWindow } from './search-window.js';
import { mergeSources } from './window-stream.js';
import type { StreamItem } from './window-stream.js';

const KINDS = Object.keys(ENGAGEMENTS) as EngagementObject[];
/** Associations v4 batch reads take at most 1,000 ids. */
const ASSOCIATION_BATCH = 1000;

function stamp(o: RawObject, prop: string, fallback: number): number {
  const raw = o.properties[prop];
  const n = raw == null ? Number.NaN : /^\d+$/.test(raw) ? Number(raw) : Date.parse(raw);
  if (Number.isFinite(n)) return n;
  const u = Date.parse(o.updatedAt);
  return Number.isFinite(u) ? u : fallback;
}

/**
 * The window's changed engagements, kind by kind (emails, calls, meetings, notes, each searched by
 * hs_lastmodifieddate), every engagement once: each batch of up to 1,000 engagements of a kind is
 * mapped to its contacts with one associations v4 read and given as that kind's activities, so
 * memory holds one batch whatever the window.
 */
export async function* windowActivities(gateway: HubSpotGateway, window: { since: number; until: number }): AsyncGenerator<ActivityBatch> {
  for (const kind of KINDS) {
    let rejected: ActivityBatch['rejected'] = [];
    const source = { pages: searchWindow(gateway, kind, 'hs_lastmodifieddate', window.since, window.until, [...ENGAGEMENTS[kind].props]), tsOf: (o: RawObject) => stamp(o, 'hs_lastmodifieddate', window.since) };
    let items: StreamItem[] = [];
    const mapped = async (): Promise<ActivityBatch> => {
      const assoc = items.length === 0 ? new Map<string, string[]>() : await gateway.associations(kind, 'contacts', [...new Set(items.map((i) => i.object.id))]);
      const activities = items.flatMap((i) => (assoc.get(i.object.id) ?? []).map((contactId) => toActivity(kind, i.object, contactId)));
      const batch = { activities, rejected };
      items = [];
      rejected = [];
      return batch;
    };
    for await (const item of mergeSources([source], (r) => rejected.push({ ...r, stage: 'ingest' }))) {
      items.push(item);
      if (items.length >= ASSOCIATION_BATCH) yield await mapped();
    }
    if (items.length > 0 || rejected.length > 0) yield await mapped();
  }
}

/**
 * The window's changed contacts (searched by lastmodifieddate) in stream order, cut every
 * `chunkSize` contacts, so memory holds one chunk. `through` says that every contact change at or
 * before it has been read: a chunk that ends inside a group of contacts on one instant stops just
 * before that instant, which the next cycle's read would give again whole.
 */
export async function* windowContacts(
  gateway: HubSpotGateway,
  window: { since: number; until: number },
  extraContactProps: readonly string[],
  chunkSize: number,
): AsyncGenerator<WindowChunk> {
  const props = contactPropertyList(extraContactProps);
  let rejected: WindowChunk['rejected'] = [];
  const source = { pages: searchWindow(gateway, 'contacts', 'lastmodifieddate', window.since, window.until, props), tsOf: (o: RawObject) => stamp(o, 'lastmodifieddate', window.since) };
  let items: StreamItem[] = [];
  for await (const item of mergeSources([source], (r) => rejected.push({ ...r, stage: 'ingest' }))) {
    items.push(item);
    if (items.length < chunkSize) continue;
    const next = await item.next();
    if (next === null) break;
    yield { ...contactsOf(items), rejected, through: next - 1, last: false };
    items = [];
    rejected = [];
  }
  yield { ...contactsOf(items), rejected, through: window.until, last: true };
}

function contactsOf(items: readonly StreamItem[]): Pick<WindowChunk, 'contacts' | 'gone' | 'latestChange'> {
  const contacts: RawContact[] = [];
  const gone: string[] = [];
  let latest: number | null = null;
  for (const i of items) {
    if (i.object.archived) {
      gone.push(i.object.id);
      continue;
    }
    contacts.push(toRawContact(i.object));
    latest = latest === null ? i.ts : Math.max(latest, i.ts);
  }
  return { contacts, gone, latestChange: latest };
}
