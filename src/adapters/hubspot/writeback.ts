import type { HandoffWriteback } from '../../ports/hubspot.js';
import { chunk } from '../../lib/chunk.js';
import type { HubSpotGateway } from './gateway.js';
import { WRITEBACK_PROPERTIES } from './properties.js';
import { FEEDBACK_PROPERTY_DEFS } from '../../domain/feedback-properties.js';
import type { HubSpotPropertyDef } from '../../domain/feedback-properties.js';

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

const DEFINITIONS: readonly HubSpotPropertyDef[] = [
  { name: WRITEBACK_PROPERTIES.status, label: 'Handoff status', type: 'string', fieldType: 'text' },
  { name: WRITEBACK_PROPERTIES.salesforceId, label: 'Handoff Salesforce record id', type: 'string', fieldType: 'text' },
  { name: WRITEBACK_PROPERTIES.handedOffAt, label: 'Handed off to sales at', type: 'datetime', fieldType: 'date' },
  { name: WRITEBACK_PROPERTIES.score, label: 'Handoff lead score', type: 'number', fieldType: 'number' },
  { name: WRITEBACK_PROPERTIES.grade, label: 'Handoff grade', type: 'string', fieldType: 'text' },
  // What sales did (the feedback job), in the same group, created the same way.
  ...FEEDBACK_PROPERTY_DEFS,
];

/** Creates the `handoff` property group and any missing writeback or feedback properties. Idempotent. */
export async function ensureWritebackProperties(gateway: HubSpotGateway, groupName: string): Promise<string[]> {
  const existing = await gateway.contactPropertyNames();
  const missing = DEFINITIONS.filter((d) => !existing.has(d.name));
  if (missing.length === 0) return [];
  await gateway.createPropertyGroup(groupName, 'Handoff');
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
