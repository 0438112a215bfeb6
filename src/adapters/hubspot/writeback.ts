import type { HandoffWriteback } from '../../ports/hubspot.js';
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
