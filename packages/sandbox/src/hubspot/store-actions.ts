import { conflict, notFound, validationError } from './errors.js';
import { isStoredType } from './object-types.js';
import { normalizeWrite } from './values.js';
import type { HsRecord } from './collection.js';
import type { AnyObjectType, StoredType } from './object-types.js';
import type { HubSpotStore } from './store.js';
import type { EngagementType } from '../shared/dataset.js';

/**
 * Mutations shared by the emulated API and the control API (which plays a HubSpot user). `validate` is
 * true for API writes: unknown properties and bad values are rejected as HubSpot does; user edits skip it.
 */

export function requireRecord(store: HubSpotStore, type: StoredType, id: string): HsRecord {
  const rec = /^\d+$/.test(id) ? store.collection(type).get(Number(id)) : undefined;
  if (!rec || rec.archivedAt !== 0) throw notFound(`Object not found.  objectId are usually numeric.`, { id: [id] });
  return rec;
}

/** Resolves `id` by record id or by a unique property (`idProperty=email`), honouring `archived`. */
export function findRecord(store: HubSpotStore, type: StoredType, id: string, idProperty: string | null, archived: boolean): HsRecord | undefined {
  const coll = store.collection(type);
  let rec: HsRecord | undefined;
  if (!idProperty || idProperty === 'hs_object_id') rec = /^\d+$/.test(id) ? coll.get(Number(id)) : undefined;
  else if (idProperty === coll.uniqueProp && !archived) rec = coll.findUnique(id);
  else {
    const needle = id.toLowerCase();
    rec = coll.sortedById().find((r) => r.props[idProperty]?.toLowerCase() === needle && r.archivedAt !== 0 === archived);
  }
  return rec && rec.archivedAt !== 0 === archived ? rec : undefined;
}

function checkUnique(store: HubSpotStore, type: StoredType, values: Record<string, string | null>, selfId: number | null): void {
  const coll = store.collection(type);
  const key = coll.uniqueProp;
  const value = key ? values[key] : undefined;
  if (!value) return;
  const other = coll.findUnique(value);
  if (other && other.id !== selfId) throw conflict(`Contact already exists. Existing ID: ${other.id}`);
}

export function createObject(store: HubSpotStore, type: StoredType, input: Record<string, unknown>, validate: boolean): HsRecord {
  if (validate && type !== 'contacts' && input['hs_timestamp'] === undefined) {
    throw validationError('Property values were not valid: [{"isValid":false,"message":"hs_timestamp is required","error":"REQUIRED_FIELD","name":"hs_timestamp"}]');
  }
  const values = normalizeWrite(store.properties, type, input, validate);
  checkUnique(store, type, values, null);
  const coll = store.collection(type);
  const now = store.clock.now();
  const props: Record<string, string | null> = {};
  for (const [k, v] of Object.entries(values)) if (v !== null) props[k] = v;
  const rec: HsRecord = { id: coll.nextId(), createdAt: now, updatedAt: now, archivedAt: 0, props };
  coll.insert(rec);
  return rec;
}

export function updateObject(store: HubSpotStore, type: StoredType, rec: HsRecord, input: Record<string, unknown>, validate: boolean): HsRecord {
  const values = normalizeWrite(store.properties, type, input, validate);
  checkUnique(store, type, values, rec.id);
  const coll = store.collection(type);
  coll.unindexUnique(rec);
  for (const [k, v] of Object.entries(values)) rec.props[k] = v;
  coll.indexUnique(rec);
  coll.touch(rec, store.clock.now());
  return rec;
}

export function archiveObject(store: HubSpotStore, type: StoredType, rec: HsRecord): void {
  store.collection(type).archive(rec, store.clock.now());
}

/**
 * Associates two records. Logging an activity against a contact is a rollup change that moves the contact's
 * `lastmodifieddate` and its "Last Activity Date" (`notes_last_updated`) (api-facts §1.3 [S]).
 */
export function associate(store: HubSpotStore, fromType: AnyObjectType, fromId: number, toType: AnyObjectType, toId: number): void {
  if (!store.isKnownTarget(toType, toId) || !store.isKnownTarget(fromType, fromId)) {
    throw validationError(`One or more associations are invalid: ${fromType} ${fromId} → ${toType} ${toId} does not exist`);
  }
  store.associations.add(fromType, fromId, toType, toId);
  const contactSide = fromType === 'contacts' ? [fromId, toType, toId] as const : toType === 'contacts' ? [toId, fromType, fromId] as const : null;
  if (!contactSide) return;
  const [contactId, engType, engId] = contactSide;
  const contact = store.collection('contacts').get(contactId);
  if (!contact || !isStoredType(engType) || engType === 'contacts') return;
  const engagement = store.collection(engType).get(engId);
  if (engType !== 'tasks' && engagement?.props['hs_timestamp']) {
    const ts = engagement.props['hs_timestamp'];
    const prev = contact.props['notes_last_updated'];
    if (!prev || prev < ts) contact.props['notes_last_updated'] = ts;
  }
  store.collection('contacts').touch(contact, store.clock.now());
}

/** A user logging an activity on a contact's timeline. */
export function logEngagement(store: HubSpotStore, contactId: string, type: EngagementType, input: Record<string, unknown>): HsRecord {
  const contact = requireRecord(store, 'contacts', contactId);
  const props = { hs_timestamp: new Date(store.clock.now()).toISOString(), ...input };
  const rec = createObject(store, type, props, false);
  associate(store, 'contacts', contact.id, type, rec.id);
  return rec;
}

/**
 * A form submission as it shows on the contact: HubSpot counts it in `num_conversion_events` and records the
 * latest in `recent_conversion_date` / `recent_conversion_event_name` (knowledge.hubspot.com, "HubSpot's
 * default contact properties", Conversion information). Dates are kept as ISO strings like every datetime.
 */
export function submitForm(store: HubSpotStore, contactId: string, formName: string): HsRecord {
  const contact = requireRecord(store, 'contacts', contactId);
  const now = new Date(store.clock.now()).toISOString();
  const count = Number(contact.props['num_conversion_events'] ?? '0') || 0;
  const edits: Record<string, string> = {
    num_conversion_events: String(count + 1),
    recent_conversion_date: now,
    recent_conversion_event_name: formName,
  };
  if (!contact.props['first_conversion_date']) {
    edits['first_conversion_date'] = now;
    edits['first_conversion_event_name'] = formName;
  }
  return updateObject(store, 'contacts', contact, edits, false);
}

/**
 * Merges `mergedId` into `primaryId`. The winner keeps its values, takes the loser's where it has none, and
 * accumulates `hs_merged_object_ids` (`;`-separated, chained merges included); the legacy
 * `hs_calculated_merged_vids` lists only direct losers, which is why it misses chained merges
 * (api-facts §1.3; knowledge.hubspot.com/records/merge-records). The loser vanishes (404 on read).
 */
export function mergeContacts(store: HubSpotStore, primaryId: string, mergedId: string): HsRecord {
  if (primaryId === mergedId) throw validationError('Cannot merge an object with itself.');
  const winner = requireRecord(store, 'contacts', primaryId);
  const loser = requireRecord(store, 'contacts', mergedId);
  const coll = store.collection('contacts');
  const edits: Record<string, string | null> = {};
  for (const [k, v] of Object.entries(loser.props)) {
    if (v !== null && (winner.props[k] === undefined || winner.props[k] === null)) edits[k] = v;
  }
  delete edits['email'];
  const ids = [winner.props['hs_merged_object_ids'], String(loser.id), loser.props['hs_merged_object_ids']].filter((x): x is string => !!x);
  edits['hs_merged_object_ids'] = [...new Set(ids.flatMap((x) => x.split(';')))].join(';');
  const vids = [winner.props['hs_calculated_merged_vids'], `${loser.id}:${store.clock.now()}`].filter((x): x is string => !!x);
  edits['hs_calculated_merged_vids'] = vids.join(';');
  const loserEmail = loser.props['email'];
  if (loserEmail && loserEmail.toLowerCase() !== winner.props['email']?.toLowerCase()) {
    const extra = [winner.props['hs_additional_emails'], loser.props['hs_additional_emails'], loserEmail].filter((x): x is string => !!x);
    edits['hs_additional_emails'] = extra.join(';');
  }
  store.associations.reassign('contacts', loser.id, winner.id);
  coll.remove(loser);
  // The loser's email becomes a secondary address of the winner, so lookups by it find the winner.
  if (loserEmail && !coll.findUnique(loserEmail)) coll.unique.set(loserEmail.toLowerCase(), winner.id);
  for (const [k, v] of Object.entries(edits)) winner.props[k] = v;
  coll.touch(winner, store.clock.now());
  return winner;
}
