import type { Activity } from '../../domain/types.js';
import type { HubSpotGateway } from './gateway.js';
import { ENGAGEMENTS } from './properties.js';
import type { EngagementObject } from './properties.js';
import { toActivity } from './reader.js';
import { parsePage } from './schemas.js';

/**
 * Every engagement of some contacts, read through associations v4 (≤1,000 contacts a call) and
 * batch reads (≤100 engagements a call). Used where the whole history is needed at once: a score
 * breakdown, a backfill.
 */
export async function readContactActivities(gateway: HubSpotGateway, contactIds: readonly string[]): Promise<Activity[]> {
  const out: Activity[] = [];
  for (const kind of Object.keys(ENGAGEMENTS) as EngagementObject[]) {
    const owners = new Map<string, string[]>();
    for (let i = 0; i < contactIds.length; i += 1000) {
      const assoc = await gateway.associations('contacts', kind, contactIds.slice(i, i + 1000));
      for (const [contactId, ids] of assoc) for (const id of ids) owners.set(id, [...(owners.get(id) ?? []), contactId]);
    }
    const ids = [...owners.keys()];
    for (let i = 0; i < ids.length; i += 100) {
      const parsed = parsePage(await gateway.batchRead(kind, ids.slice(i, i + 100), [...ENGAGEMENTS[kind].props]));
      for (const o of parsed.ok) for (const contactId of owners.get(o.id) ?? []) out.push(toActivity(kind, o, contactId));
    }
  }
  return out;
}
