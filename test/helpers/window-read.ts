import { HubSpotApiSource } from '../../src/adapters/hubspot/source.js';
import type { HubSpotGateway } from '../../src/adapters/hubspot/gateway.js';
import type { Activity, RawContact } from '../../src/domain/types.js';
import { chunk } from '../../src/lib/chunk.js';
import type { ActivityBatch } from '../../src/ports/hubspot.js';

/** A whole incremental window, read at once. */
export interface WindowRead {
  /** Changed contacts plus contacts whose activity changed, deduped by id, archived excluded. */
  contacts: RawContact[];
  /** Activities changed in the window, one per (engagement, contact) association. */
  activities: Activity[];
  rejected: ActivityBatch['rejected'];
  /** Latest modification time seen, epoch ms. */
  latestChange: number | null;
}

/** HubSpotSource.readContacts takes at most 100 ids. */
const READ_BATCH = 100;

/**
 * One incremental read, whole, for tests of small windows: the three reads a sync cycle makes over
 * the HubSpot port (jobs/sync/run-sync.ts), gathered instead of processed a batch at a time: the
 * window's activities, its changed contacts (one chunk), and the contacts only an activity touched.
 */
export async function readWindow(gateway: HubSpotGateway, window: { since: number; until: number }, extraContactProps: readonly string[]): Promise<WindowRead> {
  const source = new HubSpotApiSource(() => gateway);
  const activities: Activity[] = [];
  const rejected: WindowRead['rejected'] = [];
  for await (const b of source.windowActivities(window)) {
    activities.push(...b.activities);
    rejected.push(...b.rejected);
  }
  const read = new Map<string, RawContact>();
  let latest: number | null = null;
  for await (const c of source.windowContacts(window, extraContactProps, Number.POSITIVE_INFINITY)) {
    for (const k of c.contacts) read.set(k.id, k);
    rejected.push(...c.rejected);
    latest = c.latestChange;
  }
  const touched = [...new Set(activities.map((a) => a.contactId))].filter((id) => !read.has(id));
  for (const ids of chunk(touched, READ_BATCH)) {
    const batch = await source.readContacts(ids, extraContactProps);
    for (const r of batch.rejected) rejected.push({ ...r, stage: 'ingest' });
    for (const k of batch.contacts) read.set(k.id, k);
  }
  return { contacts: [...read.values()], activities, rejected, latestChange: latest };
}
