import { associationLabel, createdProperty, modifiedProperty } from './object-types.js';
import type { HsRecord } from './collection.js';
import type { AnyObjectType, StoredType } from './object-types.js';
import type { HubSpotStore } from './store.js';

/** `SimplePublicObject(WithAssociations)` as the v3 object endpoints return it. */
export interface ApiObject {
  id: string;
  properties: Record<string, string | null>;
  createdAt: string;
  updatedAt: string;
  archived: boolean;
  archivedAt?: string;
  /** The record in HubSpot's app. */
  url: string;
  propertiesWithHistory?: Record<string, { value: string; timestamp: string; sourceType: string }[]>;
  associations?: Record<string, { results: { id: string; type: string }[] }>;
}

export interface SerializeOptions {
  /** Requested property names; null → the object type's defaults. */
  properties: readonly string[] | null;
  propertiesWithHistory?: readonly string[];
  associations?: readonly AnyObjectType[];
}

/** What comes back without `properties=` (developers.hubspot.com/docs/api/crm/contacts, "Retrieve contacts"). */
const DEFAULTS: Record<StoredType, readonly string[]> = {
  contacts: ['createdate', 'email', 'firstname', 'hs_object_id', 'lastmodifieddate', 'lastname'],
  emails: ['hs_createdate', 'hs_lastmodifieddate', 'hs_object_id'],
  calls: ['hs_createdate', 'hs_lastmodifieddate', 'hs_object_id'],
  meetings: ['hs_createdate', 'hs_lastmodifieddate', 'hs_object_id'],
  notes: ['hs_createdate', 'hs_lastmodifieddate', 'hs_object_id'],
  tasks: ['hs_createdate', 'hs_lastmodifieddate', 'hs_object_id'],
};

const TYPE_IDS: Record<StoredType, string> = { contacts: '0-1', emails: '0-49', calls: '0-48', meetings: '0-47', notes: '0-46', tasks: '0-27' };

/**
 * The record's page in the app, as real answers link it: contacts have a record page, tasks a task view,
 * and the other engagements a list filtered to the one id.
 */
export function appUrl(store: HubSpotStore, type: StoredType, id: number): string {
  const app = `https://${store.account.uiDomain}`;
  const portal = store.account.portalId;
  if (type === 'contacts') return `${app}/contacts/${portal}/record/${TYPE_IDS[type]}/${id}`;
  if (type === 'tasks') return `${app}/tasks/${portal}/view/all/task/${id}`;
  const filters = JSON.stringify([{ property: 'hs_object_id', operator: 'EQ', value: String(id) }]);
  return `${app}/contacts/${portal}/objects/${TYPE_IDS[type]}/views/all/list?filters=${encodeURIComponent(filters)}`;
}

export function toApiObject(store: HubSpotStore, type: StoredType, rec: HsRecord, opts: SerializeOptions): ApiObject {
  const properties: Record<string, string | null> = {};
  if (opts.properties === null) {
    for (const name of DEFAULTS[type]) properties[name] = store.getProp(type, rec, name);
  } else {
    // Real responses always carry the id and both timestamps next to what was asked for.
    properties[createdProperty(type)] = store.getProp(type, rec, createdProperty(type));
    properties['hs_object_id'] = String(rec.id);
    properties[modifiedProperty(type)] = store.getProp(type, rec, modifiedProperty(type));
    for (const name of opts.properties) {
      // Unknown names are dropped silently; known ones without a value come back as null.
      if (store.hasProp(type, rec, name) || store.properties.get(type, name)) properties[name] = store.getProp(type, rec, name);
    }
  }
  const out: ApiObject = {
    id: String(rec.id),
    properties,
    createdAt: new Date(rec.createdAt).toISOString(),
    updatedAt: new Date(rec.updatedAt).toISOString(),
    archived: rec.archivedAt !== 0,
    url: appUrl(store, type, rec.id),
  };
  if (rec.archivedAt !== 0) out.archivedAt = new Date(rec.archivedAt).toISOString();
  if (opts.propertiesWithHistory?.length) {
    // Only the current value is kept, so each history holds one entry.
    const history: NonNullable<ApiObject['propertiesWithHistory']> = {};
    for (const name of opts.propertiesWithHistory) {
      const value = store.getProp(type, rec, name);
      history[name] = value === null ? [] : [{ value, timestamp: out.updatedAt, sourceType: 'CRM_UI' }];
    }
    out.propertiesWithHistory = history;
  }
  if (opts.associations?.length) {
    const assoc: NonNullable<ApiObject['associations']> = {};
    for (const to of opts.associations) {
      const ids = store.associations.get(type, rec.id, to);
      if (ids.length > 0) assoc[to] = { results: ids.map((id) => ({ id: String(id), type: associationLabel(type, to) })) };
    }
    if (Object.keys(assoc).length > 0) out.associations = assoc;
  }
  return out;
}

/** Only the properties just written plus the defaults, as create/update responses do. */
export function writtenProperties(type: StoredType, input: Record<string, unknown>): string[] {
  return [...new Set([...DEFAULTS[type], ...Object.keys(input)])];
}
