import type { Activity, ActivityType } from '../../domain/types.js';
import { CONTACT_PROPERTIES, ENGAGEMENTS, WRITEBACK_PROPERTIES } from './properties.js';
import type { EngagementObject } from './properties.js';
import type { RawObject } from './schemas.js';
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
