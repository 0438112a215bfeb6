import { ObjectCollection } from './collection.js';
import { AssociationStore } from './associations.js';
import { PropertyRegistry } from './properties.js';
import { STORED_TYPES, createdProperty, modifiedProperty, normalizeType } from './object-types.js';
import { toEpochMs } from './values.js';
import type { HsRecord } from './collection.js';
import type { AnyObjectType, StoredType } from './object-types.js';
import type { SandboxClock } from '../shared/clock.js';
import type { HubSpotAssociation, HubSpotDataset, HubSpotObject, HubSpotOwner } from '../shared/dataset.js';

/** An owner as `GET /crm/v3/owners` returns it, defaults filled in. */
export interface OwnerRecord {
  id: string;
  email?: string;
  firstName?: string;
  lastName?: string;
  userId?: number;
  userIdIncludingInactive?: number;
  type: 'PERSON' | 'QUEUE';
  teams: { id: string; name: string; primary: boolean }[];
  archived: boolean;
  createdAt: string;
  updatedAt: string;
}

/**
 * Every record the emulator serves. Mutations that HubSpot users or the API make live in store-actions.ts;
 * this class holds the data, the indexes and dataset loading.
 */
export class HubSpotStore {
  readonly associations = new AssociationStore();
  readonly properties: PropertyRegistry;
  readonly owners: OwnerRecord[] = [];
  /** Contact lists by list id: each member's record id and the time it joined (the lists memberships API). */
  readonly listMembers = new Map<string, Map<string, string>>();
  /** The portal the records belong to (links to the app, account details). */
  readonly account = { portalId: 12345678, uiDomain: 'app.hubspot.com' };
  private readonly collections = new Map<StoredType, ObjectCollection>();

  constructor(readonly clock: SandboxClock) {
    this.properties = new PropertyRegistry(new Date(Date.UTC(2019, 0, 1)).toISOString());
    for (const type of STORED_TYPES) this.collections.set(type, new ObjectCollection(type, type === 'contacts' ? 'email' : undefined));
  }

  collection(type: StoredType): ObjectCollection {
    return this.collections.get(type) as ObjectCollection;
  }

  /** Property value as the API shows it, including the ones derived from record fields. */
  getProp(type: StoredType, rec: HsRecord, name: string): string | null {
    if (name === 'hs_object_id') return String(rec.id);
    if (name === modifiedProperty(type)) return new Date(rec.updatedAt).toISOString();
    if (name === createdProperty(type)) return new Date(rec.createdAt).toISOString();
    return rec.props[name] ?? null;
  }

  hasProp(type: StoredType, rec: HsRecord, name: string): boolean {
    return name === 'hs_object_id' || name === modifiedProperty(type) || name === createdProperty(type) || Object.hasOwn(rec.props, name);
  }

  /** Replaces all records, associations and owners with the dataset; property definitions are kept. */
  load(ds: Partial<HubSpotDataset>): void {
    this.clearData();
    this.append(ds);
  }

  /** Adds dataset content to what is loaded (bulk loads in chunks). */
  append(ds: Partial<HubSpotDataset>): void {
    for (const type of STORED_TYPES) {
      const list = ds[type];
      if (list) this.addObjects(type, list);
    }
    if (ds.associations) this.addAssociations(ds.associations);
    if (ds.owners) for (const o of ds.owners) this.owners.push(this.toOwner(o));
  }

  addObjects(type: StoredType, objects: readonly HubSpotObject[]): void {
    const coll = this.collection(type);
    const createdKey = createdProperty(type);
    const modifiedKey = modifiedProperty(type);
    for (const o of objects) {
      const props: Record<string, string | null> = {};
      for (const k in o.properties) {
        if (k === createdKey || k === modifiedKey || k === 'hs_object_id' || k === '__proto__') continue;
        props[k] = o.properties[k] ?? null;
      }
      const createdAt = pickTime(o.properties[createdKey], o.createdAt);
      const updatedAt = pickTime(o.properties[modifiedKey], o.updatedAt);
      const existing = coll.get(Number(o.id));
      if (existing) coll.remove(existing);
      coll.insert({ id: Number(o.id), createdAt, updatedAt, archivedAt: o.archived ? updatedAt : 0, props });
    }
  }

  addAssociations(list: readonly HubSpotAssociation[]): void {
    for (const a of list) {
      const from = normalizeType(a.fromType);
      const to = normalizeType(a.toType);
      if (!from || !to) throw new Error(`Unknown association object type in dataset: ${a.fromType} → ${a.toType}`);
      this.associations.add(from, Number(a.fromId), to, Number(a.toId));
    }
  }

  /** Empty store with only HubSpot's own property definitions. */
  reset(): void {
    this.clearData();
    this.properties.reset();
  }

  private clearData(): void {
    for (const c of this.collections.values()) c.clear();
    this.associations.clear();
    this.owners.length = 0;
    this.listMembers.clear();
  }

  /** Record counts, for the control API and the scale benchmark. */
  stats(): Record<StoredType, { total: number; active: number }> & { owners: number } {
    const out = { owners: this.owners.length } as Record<StoredType, { total: number; active: number }> & { owners: number };
    for (const [type, c] of this.collections) out[type] = { total: c.size, active: c.activeCount };
    return out;
  }

  isKnownTarget(type: AnyObjectType, id: number): boolean {
    const coll = this.collections.get(type as StoredType);
    // Companies, deals and tickets hold no records here; associations to them are accepted as given.
    return coll ? coll.get(id)?.archivedAt === 0 : true;
  }

  private toOwner(o: HubSpotOwner): OwnerRecord {
    const at = new Date(this.clock.now()).toISOString();
    const owner: OwnerRecord = {
      id: o.id,
      type: o.type ?? 'PERSON',
      teams: o.teams ?? [],
      archived: o.archived ?? false,
      createdAt: o.createdAt ?? at,
      updatedAt: o.updatedAt ?? at,
    };
    if (o.email !== undefined) owner.email = o.email;
    if (o.firstName !== undefined) owner.firstName = o.firstName;
    if (o.lastName !== undefined) owner.lastName = o.lastName;
    if (o.userId !== undefined) owner.userId = o.userId;
    const inactive = o.userIdIncludingInactive ?? o.userId;
    if (inactive !== undefined) owner.userIdIncludingInactive = inactive;
    return owner;
  }
}

function pickTime(prop: string | null | undefined, fallback: string): number {
  const fromProp = prop ? toEpochMs(prop) : Number.NaN;
  if (!Number.isNaN(fromProp)) return fromProp;
  const ms = Date.parse(fallback);
  if (Number.isNaN(ms)) throw new Error(`Invalid timestamp in dataset: ${fallback}`);
  return ms;
}
