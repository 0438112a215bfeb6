import type { Activity } from '../../domain/types.js';
import { chunk } from '../../lib/chunk.js';
import type { HubSpotGateway } from './gateway.js';
import { ENGAGEMENTS } from './properties.js';
import type { EngagementObject } from './properties.js';
import { toActivity } from './reader.js';
import { parsePage } from './schemas.js';
import type { Rejected } from './schemas.js';

const ASSOCIATION_BATCH = 1_000;
const READ_BATCH = 100;

/**
 * Every email, call, meeting and note associated with these contacts, whatever its age: scoring
 * sees the whole history. Associations v4 batch reads (≤1,000 ids) find them, batch reads
 * (≤100 ids) fetch them; an engagement shared by several contacts is read once.
 */
export async function readContactActivities(
  gateway: HubSpotGateway,
  contactIds: readonly string[],
): Promise<{ activities: Activity[]; rejected: Rejected[] }> {
  const activities: Activity[] = [];
  const rejected: Rejected[] = [];
  if (contactIds.length === 0) return { activities, rejected };
  for (const kind of Object.keys(ENGAGEMENTS) as EngagementObject[]) {
    const contactsOf = new Map<string, string[]>();
    for (const ids of chunk(contactIds, ASSOCIATION_BATCH)) {
      const assoc = await gateway.associations('contacts', kind, ids);
      for (const [contactId, engagementIds] of assoc) {
        for (const e of engagementIds) contactsOf.set(e, [...(contactsOf.get(e) ?? []), contactId]);
      }
    }
    for (const ids of chunk([...contactsOf.keys()], READ_BATCH)) {
      const parsed = parsePage(await gateway.batchRead(kind, ids, [...ENGAGEMENTS[kind].props]));
      rejected.push(...parsed.rejected);
      for (const o of parsed.ok) {
        if (o.archived) continue;
        for (const contactId of contactsOf.get(o.id) ?? []) activities.push(toActivity(kind, o, contactId));
      }
    }
  }
  return { activities, rejected };
}
