import type { Activity, ActivityType, RawContact } from '../../domain/types.js';
import type { HubSpotGateway } from './gateway.js';
import { CONTACT_PROPERTIES, ENGAGEMENTS, WRITEBACK_PROPERTIES } from './properties.js';
import type { EngagementObject } from './properties.js';
import { parsePage, toRawContact } from './schemas.js';
import type { RawObject } from './schemas.js';
import type { WindowRead } from '../../ports/hubspot.js';
import { searchWindow } from './search-window.js';

export function contactPropertyList(extra: readonly string[]): string[] {
  return [...new Set([...CONTACT_PROPERTIES, ...Object.values(WRITEBACK_PROPERTIES), ...extra])];
}

export function toActivity(kind: EngagementObject, o: RawObject, contactId: string): Activity {
  const def = ENGAGEMENTS[kind];
  const ts = o.properties.hs_timestamp;
  const occurredAt = ts ? (/^\d+$/.test(ts) ? new Date(Number(ts)).toISOString() : ts) : o.createdAt;
  return {
    id: `${def.type}:${o.id}`,
    type: def.type as ActivityType,
    contactId,
    occurredAt,
    outcome: def.outcome ? (o.properties[def.outcome] ?? null) : null,
    title: def.title ? (o.properties[def.title] ?? null) : null,
  };
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * One incremental read: contacts whose lastmodifieddate lies in the window, and emails, calls,
 * meetings and notes whose hs_lastmodifieddate does, mapped to their contacts through associations
 * v4 batch reads. A changed activity re-evaluates its contact, so contacts it touches are read too.
 */
export async function readWindow(
  gateway: HubSpotGateway,
  window: { since: number; until: number },
  extraContactProps: readonly string[],
): Promise<WindowRead> {
  const props = contactPropertyList(extraContactProps);
  const byId = new Map<string, RawContact>();
  const rejected: WindowRead['rejected'] = [];
  let latest: number | null = null;

  for await (const page of searchWindow(gateway, 'contacts', 'lastmodifieddate', window.since, window.until, props)) {
    for (const r of page.rejected) rejected.push({ ...r, stage: 'ingest' });
    for (const o of page.ok) {
      if (o.archived) continue;
      byId.set(o.id, toRawContact(o));
      const t = Date.parse(o.updatedAt);
      if (Number.isFinite(t) && (latest === null || t > latest)) latest = t;
    }
  }

  const activities: Activity[] = [];
  for (const kind of Object.keys(ENGAGEMENTS) as EngagementObject[]) {
    const engagements: RawObject[] = [];
    for await (const page of searchWindow(gateway, kind, 'hs_lastmodifieddate', window.since, window.until, [...ENGAGEMENTS[kind].props])) {
      for (const r of page.rejected) rejected.push({ ...r, stage: 'ingest' });
      engagements.push(...page.ok);
    }
    const seen = new Set<string>();
    const unique = engagements.filter((e) => (seen.has(e.id) ? false : (seen.add(e.id), true)));
    for (const ids of chunk(unique.map((e) => e.id), 1000)) {
      const assoc = await gateway.associations(kind, 'contacts', ids);
      for (const e of unique) {
        const contacts = assoc.get(e.id);
        if (!contacts) continue;
        for (const contactId of contacts) activities.push(toActivity(kind, e, contactId));
      }
    }
  }

  // Contacts whose only change was an activity: read them so they can be re-evaluated.
  const missing = [...new Set(activities.map((a) => a.contactId))].filter((id) => !byId.has(id));
  for (const ids of chunk(missing, 100)) {
    const parsed = parsePage(await gateway.batchRead('contacts', ids, props));
    for (const r of parsed.rejected) rejected.push({ ...r, stage: 'ingest' });
    for (const o of parsed.ok) if (!o.archived) byId.set(o.id, toRawContact(o));
  }

  return { contacts: [...byId.values()], activities, rejected, latestChange: latest };
}
