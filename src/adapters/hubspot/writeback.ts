import { HandoffError } from '../../domain/errors.js';
import type { HandoffWriteback, RefusedUpdate } from '../../ports/hubspot.js';
import { chunk } from '../../lib/chunk.js';
import type { HubSpotGateway } from './gateway.js';
import { HUBSPOT_PROPERTIES, HUBSPOT_GROUP_LABEL, WRITEBACK_PROPERTIES } from '../../core/hubspot/property-definitions.js';

/** HubSpot's default lifecycle stages in order; Handoff only ever moves a contact forward. */
export const LIFECYCLE_ORDER = [
  'subscriber',
  'lead',
  'marketingqualifiedlead',
  'salesqualifiedlead',
  'opportunity',
  'customer',
  'evangelist',
] as const;

/** True when moving from `current` to `target` is a step forward (unknown custom stages are left alone). */
export function movesForward(current: string | null, target: string): boolean {
  const to = LIFECYCLE_ORDER.indexOf(target as (typeof LIFECYCLE_ORDER)[number]);
  if (to < 0) return false;
  if (!current) return true;
  const from = LIFECYCLE_ORDER.indexOf(current as (typeof LIFECYCLE_ORDER)[number]);
  return from >= 0 && from < to;
}

/** The properties one handoff sets on its HubSpot contact. Pure. */
export function writebackProperties(input: HandoffWriteback, lifecycleStage: string): Record<string, string> {
  const props: Record<string, string> = {
    [WRITEBACK_PROPERTIES.status]: 'handed_off',
    [WRITEBACK_PROPERTIES.salesforceId]: input.salesforceId,
    [WRITEBACK_PROPERTIES.handedOffAt]: input.handedOffAt,
    [WRITEBACK_PROPERTIES.score]: String(input.score),
    [WRITEBACK_PROPERTIES.grade]: input.grade,
  };
  if (movesForward(input.currentLifecycleStage, lifecycleStage)) props.lifecyclestage = lifecycleStage;
  return props;
}

/** Creates the `handoff` property group and any missing writeback properties. Idempotent. */
export async function ensureWritebackProperties(gateway: HubSpotGateway, groupName: string): Promise<string[]> {
  const existing = await gateway.contactPropertyNames();
  const missing = HUBSPOT_PROPERTIES.filter((d) => !existing.has(d.name));
  if (missing.length === 0) return [];
  await gateway.createPropertyGroup(groupName, HUBSPOT_GROUP_LABEL);
  for (const def of missing) await gateway.createProperty({ ...def, groupName });
  return missing.map((d) => d.name);
}

/** Batch-updates contacts, 100 per call. */
export async function applyWriteback(
  gateway: HubSpotGateway,
  updates: { id: string; properties: Record<string, string> }[],
): Promise<void> {
  for (const batch of chunk(updates, 100)) await gateway.batchUpdateContacts(batch);
}

/** A refusal that concerns the contacts of a batch (what they hold, or that they are gone), not the call. */
function recordRefusal(err: unknown): err is HandoffError {
  return err instanceof HandoffError && (err.code === 'VALIDATION' || err.code === 'NOT_FOUND');
}

/**
 * Batch-updates contacts, 100 per call, and returns the contacts HubSpot refused: those a 207 names
 * (a contact deleted or merged away), and those a batch refused as a whole for what one of them holds
 * (400), found by splitting that batch in halves until each refused contact stands alone. Everything
 * else is written. Costs nothing extra when nothing is refused.
 */
export async function updateContactsIsolating(
  gateway: HubSpotGateway,
  updates: { id: string; properties: Record<string, string> }[],
): Promise<RefusedUpdate[]> {
  const refused: RefusedUpdate[] = [];
  const write = async (part: { id: string; properties: Record<string, string> }[]): Promise<void> => {
    try {
      for (const r of await gateway.batchUpdateContacts(part)) {
        refused.push({ hubspotId: r.id, code: r.category === 'OBJECT_NOT_FOUND' ? 'NOT_FOUND' : 'VALIDATION', vendorCode: r.category, message: r.message });
      }
    } catch (err) {
      if (!recordRefusal(err)) throw err;
      if (part.length === 1) {
        refused.push({ hubspotId: (part[0] as { id: string }).id, code: err.code, vendorCode: err.vendorCode ?? null, message: err.message });
        return;
      }
      const mid = Math.ceil(part.length / 2);
      await write(part.slice(0, mid));
      await write(part.slice(mid));
    }
  };
  for (const batch of chunk(updates, 100)) await write(batch);
  return refused;
}
