import type { Activity, ActivityType, RawContact } from '../../domain/types.js';
import { chunk } from '../../lib/chunk.js';
import type { HubSpotGateway } from './gateway.js';
import { CONTACT_PROPERTIES, ENGAGEMENTS, WRITEBACK_PROPERTIES } from './properties.js';
import type { EngagementObject } from './properties.js';
import { parsePage, toRawContact } from './schemas.js';
import type { RawObject } from './schemas.js';
import type { WindowRead } from '../../ports/hubspot.js';
import { searchWindow } from './search-window.js';
import { sanitizeText } from '../../lib/text.js';

export function contactPropertyList(extra: readonly string[]): string[] {
  return [...new Set([...CONTACT_PROPERTIES, ...Object.values(WRITEBACK_PROPERTIES), ...extra])];
}

export function toActivity(kind: EngagementObject, o: RawObject, contactId: string): Activity {
  const def = ENGAGEMENTS[kind];
  const ts = o.properties.hs_timestamp;
  // A timestamp that does not parse falls back to the creation time: the state store keeps only real instants.
  const at = ts ? new Date(/^\d+$/.test(ts) ? Number(ts) : ts) : null;
  const occurredAt = at && !Number.isNaN(at.getTime()) ? at.toISOString() : o.createdAt;
  return {
    id: `${def.type}:${o.id}`,
    type: def.type as ActivityType,
    contactId,
    occurredAt,
    outcome: oneLine(def.outcome ? o.properties[def.outcome] : null),
    title: oneLine(def.title ? o.properties[def.title] : null),
  };
}

/** Titles and outcomes are one-line labels (parsePage already removed every control but tab and newline). */
function oneLine(value: string | null | undefined): string | null {
  return value == null ? null : sanitizeText(value);
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
