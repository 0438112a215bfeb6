import { ENGAGEMENT_TYPES } from '../shared/dataset.js';
import type { EngagementType } from '../shared/dataset.js';

/** The CRM object types the emulator stores records for. */
export type StoredType = 'contacts' | EngagementType;
export const STORED_TYPES: readonly StoredType[] = ['contacts', ...ENGAGEMENT_TYPES];

/** Types that can appear as association targets (companies/deals are accepted but hold no records). */
export type AnyObjectType = StoredType | 'companies' | 'deals' | 'tickets';

/**
 * Object type names and ids accepted in paths: plural, singular and the `0-n` type id
 * (developers.hubspot.com/docs/api/crm/understanding-the-crm, "Object type IDs").
 */
const ALIASES: Record<string, AnyObjectType> = {
  contacts: 'contacts', contact: 'contacts', '0-1': 'contacts',
  companies: 'companies', company: 'companies', '0-2': 'companies',
  deals: 'deals', deal: 'deals', '0-3': 'deals',
  tickets: 'tickets', ticket: 'tickets', '0-5': 'tickets',
  emails: 'emails', email: 'emails', '0-49': 'emails',
  calls: 'calls', call: 'calls', '0-48': 'calls',
  meetings: 'meetings', meeting: 'meetings', '0-47': 'meetings',
  notes: 'notes', note: 'notes', '0-46': 'notes',
  tasks: 'tasks', task: 'tasks', '0-27': 'tasks',
};

export function normalizeType(name: string): AnyObjectType | undefined {
  return Object.hasOwn(ALIASES, name.toLowerCase()) ? ALIASES[name.toLowerCase()] : undefined;
}

export function isStoredType(t: AnyObjectType): t is StoredType {
  return (STORED_TYPES as readonly string[]).includes(t);
}

export const SINGULAR: Record<AnyObjectType, string> = {
  contacts: 'contact', companies: 'company', deals: 'deal', tickets: 'ticket',
  emails: 'email', calls: 'call', meetings: 'meeting', notes: 'note', tasks: 'task',
};

/**
 * HUBSPOT_DEFINED association type ids, both directions
 * (developers.hubspot.com/docs/api/crm/associations/association-details, "Association type id values";
 * the SDK's AssociationTypes enum carries the same numbers).
 */
const TYPE_IDS: [AnyObjectType, AnyObjectType, number, number][] = [
  ['contacts', 'companies', 279, 280],
  ['contacts', 'deals', 4, 3],
  ['contacts', 'tickets', 15, 16],
  ['contacts', 'calls', 193, 194],
  ['contacts', 'emails', 197, 198],
  ['contacts', 'meetings', 199, 200],
  ['contacts', 'notes', 201, 202],
  ['contacts', 'tasks', 203, 204],
];

const typeIdByPair = new Map<string, number>();
const pairByTypeId = new Map<number, [AnyObjectType, AnyObjectType]>();
for (const [a, b, ab, ba] of TYPE_IDS) {
  typeIdByPair.set(`${a}|${b}`, ab);
  typeIdByPair.set(`${b}|${a}`, ba);
  pairByTypeId.set(ab, [a, b]);
  pairByTypeId.set(ba, [b, a]);
}

export function associationTypeId(from: AnyObjectType, to: AnyObjectType): number | undefined {
  return typeIdByPair.get(`${from}|${to}`);
}

export function associationPair(typeId: number): [AnyObjectType, AnyObjectType] | undefined {
  return pairByTypeId.get(typeId);
}

/** v3 association label, e.g. `contact_to_meeting`. */
export function associationLabel(from: AnyObjectType, to: AnyObjectType): string {
  return `${SINGULAR[from]}_to_${SINGULAR[to]}`;
}

/** Property holding the last-modified timestamp: contacts differ from every other object (api-facts §1.3). */
export function modifiedProperty(t: StoredType): string {
  return t === 'contacts' ? 'lastmodifieddate' : 'hs_lastmodifieddate';
}

export function createdProperty(t: StoredType): string {
  return t === 'contacts' ? 'createdate' : 'hs_createdate';
}
