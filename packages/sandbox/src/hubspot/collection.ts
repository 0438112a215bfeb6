import type { StoredType } from './object-types.js';

/**
 * One stored CRM record. Timestamps are epoch ms; `createdate`/`lastmodifieddate` (or the `hs_` variants) and
 * `hs_object_id` are derived from these fields instead of being stored as strings, which keeps a million
 * records small and the modified-date index consistent with what the API returns.
 */
export interface HsRecord {
  id: number;
  createdAt: number;
  updatedAt: number;
  /** 0 while active; the archive time once soft-deleted. */
  archivedAt: number;
  props: Record<string, string | null>;
}

function byModified(a: HsRecord, b: HsRecord): number {
  return a.updatedAt - b.updatedAt || a.id - b.id;
}

function byId(a: HsRecord, b: HsRecord): number {
  return a.id - b.id;
}

/**
 * Records of one object type with two orderings kept as sorted arrays: by id (list paging with `after`) and,
 * for active records, by (updatedAt, id) (incremental search on the modified date). Bulk loads append and
 * sort once on the next read; single edits move one entry with a binary search and a splice.
 */
export class ObjectCollection {
  readonly byId = new Map<number, HsRecord>();
  /** Lower-cased unique value (contacts: email) → id. */
  readonly unique = new Map<string, number>();
  private order: HsRecord[] = [];
  private orderDirty = false;
  private mod: HsRecord[] = [];
  private modDirty = false;
  private maxId = 0;

  constructor(
    readonly type: StoredType,
    readonly uniqueProp: string | undefined,
  ) {}

  get size(): number {
    return this.byId.size;
  }

  get activeCount(): number {
    return this.mod.length;
  }

  get(id: number): HsRecord | undefined {
    return this.byId.get(id);
  }

  nextId(): number {
    return this.maxId + 1;
  }

  findUnique(value: string): HsRecord | undefined {
    const id = this.unique.get(value.toLowerCase());
    return id === undefined ? undefined : this.byId.get(id);
  }

  insert(rec: HsRecord): void {
    this.byId.set(rec.id, rec);
    const last = this.order.at(-1);
    if (last && last.id > rec.id) this.orderDirty = true;
    this.order.push(rec);
    if (rec.id > this.maxId) this.maxId = rec.id;
    if (rec.archivedAt === 0) {
      const lastMod = this.mod.at(-1);
      if (lastMod && byModified(lastMod, rec) > 0) this.modDirty = true;
      this.mod.push(rec);
      this.indexUnique(rec);
    }
  }

  /** Sets the modified time and moves the record in the modified-date index. */
  touch(rec: HsRecord, at: number): void {
    if (rec.archivedAt !== 0) {
      rec.updatedAt = at;
      return;
    }
    this.removeFromMod(rec);
    rec.updatedAt = at;
    const mod = this.sortedByModified();
    mod.splice(this.lowerBoundMod(rec.updatedAt, rec.id), 0, rec);
  }

  archive(rec: HsRecord, at: number): void {
    if (rec.archivedAt !== 0) return;
    this.removeFromMod(rec);
    this.unindexUnique(rec);
    rec.archivedAt = at;
    rec.updatedAt = at;
  }

  /** Drops the record entirely (merged-away contacts). */
  remove(rec: HsRecord): void {
    if (rec.archivedAt === 0) this.removeFromMod(rec);
    this.unindexUnique(rec);
    this.byId.delete(rec.id);
    const order = this.sortedById();
    const i = lowerBound(order, (r) => r.id < rec.id);
    if (order[i] === rec) order.splice(i, 1);
  }

  /** Call before changing the unique property; `indexUnique` after. */
  unindexUnique(rec: HsRecord): void {
    if (!this.uniqueProp) return;
    const v = rec.props[this.uniqueProp];
    if (v && this.unique.get(v.toLowerCase()) === rec.id) this.unique.delete(v.toLowerCase());
  }

  indexUnique(rec: HsRecord): void {
    if (!this.uniqueProp) return;
    const v = rec.props[this.uniqueProp];
    if (v) this.unique.set(v.toLowerCase(), rec.id);
  }

  sortedById(): HsRecord[] {
    if (this.orderDirty) {
      this.order.sort(byId);
      this.orderDirty = false;
    }
    return this.order;
  }

  sortedByModified(): HsRecord[] {
    if (this.modDirty) {
      this.mod.sort(byModified);
      this.modDirty = false;
    }
    return this.mod;
  }

  /** First index in the modified index whose (updatedAt, id) is >= (ts, id). */
  lowerBoundMod(ts: number, id: number): number {
    return lowerBound(this.sortedByModified(), (r) => r.updatedAt < ts || (r.updatedAt === ts && r.id < id));
  }

  /** One list page in id order: records with id >= `after`, `archived` selecting which kind. */
  listPage(after: number, limit: number, archived: boolean): { page: HsRecord[]; next?: number } {
    const order = this.sortedById();
    const page: HsRecord[] = [];
    for (let i = lowerBound(order, (r) => r.id < after); i < order.length; i++) {
      const rec = order[i] as HsRecord;
      if (rec.archivedAt !== 0 !== archived) continue;
      if (page.length === limit) return { page, next: rec.id };
      page.push(rec);
    }
    return { page };
  }

  clear(): void {
    this.byId.clear();
    this.unique.clear();
    this.order = [];
    this.mod = [];
    this.orderDirty = this.modDirty = false;
    this.maxId = 0;
  }

  private removeFromMod(rec: HsRecord): void {
    const mod = this.sortedByModified();
    const i = this.lowerBoundMod(rec.updatedAt, rec.id);
    if (mod[i] === rec) mod.splice(i, 1);
  }
}

/** Index of the first element for which `before` is false (array partitioned by `before`). */
export function lowerBound<T>(arr: readonly T[], before: (x: T) => boolean): number {
  let lo = 0;
  let hi = arr.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (before(arr[mid] as T)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
