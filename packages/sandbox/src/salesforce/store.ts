import type { SalesforceDataset } from '../shared/dataset.js';
import type { SandboxClock } from '../shared/clock.js';
import type { FieldDef } from './fields.js';
import { sfDateTime } from './format.js';
import { IdFactory, KEY_PREFIXES, normalizeId } from './ids.js';
import { OBJECTS } from './objects.js';
import type { ObjectDef } from './objects.js';
import { prepareLoadedRecord } from './load.js';

import type { SfRecord, SfValue } from './record.js';

export type { SfRecord, SfValue } from './record.js';

/** Org configuration that control actions change at run time. */
export interface OrgSettings {
  /** "Object.Field" names removed from describe and rejected on write. */
  hiddenFields: Set<string>;
  duplicateRulesEnabled: boolean;
  /** Owner set by the Lead assignment rule; undefined → first active User. */
  assignmentOwnerId: string | undefined;
  /** The next N records written through sObject Collections fail with UNABLE_TO_LOCK_ROW. */
  lockNextRecords: number;
  /** Custom fields created at run time (Tooling API, org states), by "Object.Field"; they replace a same-named built-in one. */
  addedFields: Map<string, AddedField>;
}

/** A custom field the org gained at run time. */
export interface AddedField {
  /** The CustomField id (00N…). */
  id: string;
  object: string;
  def: FieldDef;
  /** The CustomField metadata type it was created with (Text, Number…). */
  metadataType: string;
  /** Visible to every user (an org's own field); false: only to admins and through field permissions. */
  public: boolean;
}

interface Undo {
  type: string;
  id: string;
  before: SfRecord | undefined;
  deletedBefore: SfRecord | undefined;
}

/** Indexed lookups are keyed case-insensitively, as Salesforce matches text external ids and emails. */
export const indexKey = (value: SfValue): string => String(value).toLowerCase();

export class SalesforceStore {
  readonly ids = new IdFactory();
  readonly settings: OrgSettings = defaultSettings();
  private tables = new Map<string, Map<string, SfRecord>>();
  private recycleBin = new Map<string, Map<string, SfRecord>>();
  private indexes = new Map<string, Map<string, Map<string, Set<string>>>>();
  private fieldCache = new Map<string, Map<string, FieldDef>>();
  private journal: Undo[] = [];
  private depth = 0;

  constructor(readonly clock: SandboxClock) {
    this.clear();
  }

  objects(): ObjectDef[] {
    return [...OBJECTS.values()];
  }

  /** Visible fields of an object, keyed by lower-case name (field names are case-insensitive in the API). */
  fieldMap(type: string): Map<string, FieldDef> {
    let map = this.fieldCache.get(type);
    if (!map) {
      map = new Map();
      for (const f of OBJECTS.get(type)?.fields ?? []) {
        const key = `${type}.${f.name}`;
        if (!this.settings.hiddenFields.has(key) && !this.settings.addedFields.has(key)) map.set(f.name.toLowerCase(), f);
      }
      for (const added of this.settings.addedFields.values()) if (added.object === type) map.set(added.def.name.toLowerCase(), added.def);
      this.fieldCache.set(type, map);
    }
    return map;
  }

  field(type: string, name: string): FieldDef | undefined {
    return this.fieldMap(type).get(name.toLowerCase());
  }

  setHiddenFields(names: Iterable<string>): void {
    this.settings.hiddenFields = new Set(names);
    this.fieldCache.clear();
  }

  /** Adds (or, with null, removes) a run-time custom field. */
  setAddedField(key: string, field: AddedField | null): void {
    if (field) this.settings.addedFields.set(key, field);
    else this.settings.addedFields.delete(key);
    this.fieldCache.clear();
  }

  get(type: string, id: string): SfRecord | undefined {
    const canonical = normalizeId(id);
    return canonical ? this.tables.get(type)?.get(canonical) : undefined;
  }

  getDeleted(type: string, id: string): SfRecord | undefined {
    const canonical = normalizeId(id);
    return canonical ? this.recycleBin.get(type)?.get(canonical) : undefined;
  }

  all(type: string, includeDeleted = false): SfRecord[] {
    const live = [...(this.tables.get(type)?.values() ?? [])];
    return includeDeleted ? live.concat([...(this.recycleBin.get(type)?.values() ?? [])]) : live;
  }

  count(type: string): number {
    return this.tables.get(type)?.size ?? 0;
  }

  isIndexed(type: string, fieldName: string): boolean {
    return this.indexes.get(type)?.has(fieldName) === true;
  }

  /** Live records whose indexed field equals the value (case-insensitive). */
  lookup(type: string, fieldName: string, value: SfValue): SfRecord[] {
    const ids = this.indexes.get(type)?.get(fieldName)?.get(indexKey(value));
    if (!ids) return [];
    const table = this.tables.get(type);
    return [...ids].flatMap((id): SfRecord[] => {
      const r = table?.get(id);
      return r ? [r] : [];
    });
  }

  /** Live records with a value in an indexed field (e.g. every Task with a Handoff_Key__c), without scanning the table. */
  withIndexedValue(type: string, fieldName: string): SfRecord[] {
    const idx = this.indexes.get(type)?.get(fieldName);
    const table = this.tables.get(type);
    if (!idx || !table) return [];
    const out: SfRecord[] = [];
    for (const ids of idx.values()) {
      for (const id of ids) {
        const r = table.get(id);
        if (r) out.push(r);
      }
    }
    return out;
  }

  /** The running integration user: the first active User. */
  integrationUserId(): string {
    const user = this.all('User').find((u) => u.IsActive !== false);
    if (!user) throw new Error('the sandbox org has no active User');
    return String(user.Id);
  }

  assignmentOwnerId(): string {
    return this.settings.assignmentOwnerId ?? this.integrationUserId();
  }

  /** Inserts or replaces a record (already validated) and keeps indexes in step. */
  put(type: string, record: SfRecord): void {
    const id = String(record.Id);
    const table = this.table(type);
    const before = table.get(id);
    this.record({ type, id, before, deletedBefore: this.recycleBin.get(type)?.get(id) });
    if (before) this.unindex(type, before);
    table.set(id, record);
    this.index(type, record);
  }

  /**
   * Moves a record to the recycle bin, where `queryAll` still sees it, `IsDeleted` true and
   * `SystemModstamp` the time of the deletion (as Salesforce stamps it, so replication by
   * SystemModstamp sees deletions).
   */
  remove(type: string, id: string): void {
    const table = this.table(type);
    const before = table.get(id);
    if (!before) return;
    this.record({ type, id, before, deletedBefore: undefined });
    this.unindex(type, before);
    table.delete(id);
    this.bin(type).set(id, { ...before, IsDeleted: true, ...('SystemModstamp' in before ? { SystemModstamp: sfDateTime(this.clock.now()) } : {}) });
  }

  /** Starts (or nests) an undo journal; returns the position to roll back to. */
  savepoint(): number {
    this.depth += 1;
    return this.journal.length;
  }

  rollbackTo(savepoint: number): void {
    while (this.journal.length > savepoint) {
      const undo = this.journal.pop();
      if (!undo) break;
      const table = this.table(undo.type);
      const current = table.get(undo.id);
      if (current) this.unindex(undo.type, current);
      if (undo.before) {
        table.set(undo.id, undo.before);
        this.index(undo.type, undo.before);
      } else table.delete(undo.id);
      if (undo.deletedBefore) this.bin(undo.type).set(undo.id, undo.deletedBefore);
      else this.bin(undo.type).delete(undo.id);
    }
  }

  release(): void {
    this.depth = Math.max(0, this.depth - 1);
    if (this.depth === 0) this.journal = [];
  }

  /**
   * Replaces all records with the dataset's. A default integration User is added when none is given,
   * the default Profiles when the dataset lists none (a User without a ProfileId gets "Standard User",
   * else the first Profile), and the default queues when the dataset names neither Groups nor
   * QueueSobjects (`[]` means none).
   */
  load(ds: Partial<SalesforceDataset>): void {
    this.clear(false);
    const now = this.clock.now();
    const profiles = ds.Profile ?? defaultProfiles(() => this.ids.generate(KEY_PREFIXES.Profile ?? '00e'));
    const users = withProfiles(ds.User && ds.User.length > 0 ? ds.User : [defaultUser()], profiles);
    const queues = ds.Group === undefined && ds.QueueSobject === undefined ? defaultQueues(() => this.ids.generate(KEY_PREFIXES.Group ?? '00G')) : null;
    const order: [string, Record<string, unknown>[]][] = [
      ['User', users],
      ['Profile', profiles],
      ['Group', queues?.Group ?? ds.Group ?? []],
      ['QueueSobject', queues?.QueueSobject ?? ds.QueueSobject ?? []],
      ['Account', ds.Account ?? []],
      ['Contact', ds.Contact ?? []],
      ['Lead', ds.Lead ?? []],
      ['Task', ds.Task ?? []],
    ];
    let ownerFallback = '';
    for (const [type, rows] of order) {
      const objectDef = OBJECTS.get(type);
      if (!objectDef) continue;
      const newId = (): string => this.ids.generate(objectDef.keyPrefix);
      for (const row of rows) this.put(type, prepareLoadedRecord(objectDef, row, now, ownerFallback, newId));
      if (type === 'User') ownerFallback = this.integrationUserId();
    }
  }

  /** Empties the org; settings go back to defaults unless `keepSettings`. */
  clear(resetSettings = true): void {
    this.tables = new Map();
    this.recycleBin = new Map();
    this.indexes = new Map();
    this.journal = [];
    this.depth = 0;
    if (resetSettings) {
      Object.assign(this.settings, defaultSettings());
      this.fieldCache.clear();
    }
    for (const o of OBJECTS.values()) {
      this.tables.set(o.name, new Map());
      const byField = new Map<string, Map<string, Set<string>>>();
      for (const f of o.fields) if (f.indexed && f.type !== 'id') byField.set(f.name, new Map());
      this.indexes.set(o.name, byField);
    }
  }

  private record(undo: Undo): void {
    if (this.depth > 0) this.journal.push(undo);
  }

  private table(type: string): Map<string, SfRecord> {
    let t = this.tables.get(type);
    if (!t) {
      t = new Map();
      this.tables.set(type, t);
    }
    return t;
  }

  private bin(type: string): Map<string, SfRecord> {
    let t = this.recycleBin.get(type);
    if (!t) {
      t = new Map();
      this.recycleBin.set(type, t);
    }
    return t;
  }

  private index(type: string, record: SfRecord): void {
    for (const [fieldName, idx] of this.indexes.get(type) ?? []) {
      const value = record[fieldName];
      if (value === null || value === undefined) continue;
      const key = indexKey(value);
      let ids = idx.get(key);
      if (!ids) idx.set(key, (ids = new Set()));
      ids.add(String(record.Id));
    }
  }

  private unindex(type: string, record: SfRecord): void {
    for (const [fieldName, idx] of this.indexes.get(type) ?? []) {
      const value = record[fieldName];
      if (value === null || value === undefined) continue;
      const key = indexKey(value);
      const ids = idx.get(key);
      ids?.delete(String(record.Id));
      if (ids?.size === 0) idx.delete(key);
    }
  }
}

function defaultSettings(): OrgSettings {
  return { hiddenFields: new Set(), duplicateRulesEnabled: true, assignmentOwnerId: undefined, lockNextRecords: 0, addedFields: new Map() };
}

function defaultUser(): Record<string, unknown> {
  return {
    Username: 'integration@handoff.sandbox',
    Email: 'integration@handoff.sandbox',
    FirstName: 'Integration',
    LastName: 'User',
    IsActive: true,
    TimeZoneSidKey: 'GMT',
  };
}

/** A new org's best-known profiles (the sandbox grants no permissions by them). */
function defaultProfiles(newId: () => string): Record<string, unknown>[] {
  return [
    { Id: newId(), Name: 'System Administrator', UserType: 'Standard' },
    { Id: newId(), Name: 'Standard User', UserType: 'Standard' },
    { Id: newId(), Name: 'Minimum Access - API Only Integrations', UserType: 'Standard' },
  ];
}

function withProfiles(users: Record<string, unknown>[], profiles: Record<string, unknown>[]): Record<string, unknown>[] {
  const fallback = (profiles.find((p) => p.Name === 'Standard User') ?? profiles[0])?.Id;
  if (fallback === undefined) return users;
  return users.map((u) => (Object.keys(u).some((k) => k.toLowerCase() === 'profileid') ? u : { ...u, ProfileId: fallback }));
}

/**
 * The default org's queues: a Lead queue for routing.yaml's fallback.queue, and a Case queue, so that
 * reading only the Lead queues is put to the test. Name is the label, DeveloperName the API name.
 */
function defaultQueues(newId: () => string): { Group: Record<string, unknown>[]; QueueSobject: Record<string, unknown>[] } {
  const leadQueue = newId();
  const caseQueue = newId();
  return {
    Group: [
      { Id: leadQueue, Name: 'Handoff Unassigned Leads', DeveloperName: 'Handoff_Unassigned_Leads', Type: 'Queue' },
      { Id: caseQueue, Name: 'Support Cases', DeveloperName: 'Support_Cases', Type: 'Queue' },
    ],
    QueueSobject: [
      { QueueId: leadQueue, SobjectType: 'Lead' },
      { QueueId: caseQueue, SobjectType: 'Case' },
    ],
  };
}
