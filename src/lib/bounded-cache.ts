/** Entries a memo keeps unless it asks for another bound. */
export const DEFAULT_CACHE_ENTRIES = 10_000;

/**
 * The one memo for pure stages: a map with a bound on its entries that evicts what has not been
 * used for longest. Memos only ever hold what a pure function of the key returns, so an eviction
 * costs a recomputation and never changes an answer; the bound keeps a long-running daemon's
 * memory flat however many distinct keys its cycles see.
 *
 * Recency is tracked by generation, not per read, so a hit costs one map lookup: new entries go to
 * the young half; when it is full it becomes the old half and the previous old half (everything
 * not used since) is dropped. An old entry that is used moves back to the young half.
 */
export class BoundedCache<K, V> {
  readonly maxEntries: number;
  private readonly perGeneration: number;
  private young = new Map<K, V>();
  private old = new Map<K, V>();

  constructor(maxEntries: number = DEFAULT_CACHE_ENTRIES) {
    if (!(Number.isInteger(maxEntries) && maxEntries >= 2)) throw new RangeError(`maxEntries must be an integer of at least 2, not ${maxEntries}`);
    this.maxEntries = maxEntries;
    this.perGeneration = Math.floor(maxEntries / 2);
  }

  get size(): number {
    return this.young.size + this.old.size;
  }

  /** The remembered value, now counted as recently used; undefined when absent. */
  get(key: K): V | undefined {
    const value = this.young.get(key);
    if (value !== undefined) return value;
    const aged = this.old.get(key);
    if (aged !== undefined) {
      this.old.delete(key);
      this.add(key, aged);
    }
    return aged;
  }

  set(key: K, value: V): void {
    this.old.delete(key);
    this.add(key, value);
  }

  /** The remembered value, or `compute(key)` remembered. `undefined` results are not remembered. */
  getOrCompute(key: K, compute: (key: K) => V): V {
    const hit = this.get(key);
    if (hit !== undefined) return hit;
    const value = compute(key);
    if (value !== undefined) this.set(key, value);
    return value;
  }

  private add(key: K, value: V): void {
    if (this.young.size >= this.perGeneration && !this.young.has(key)) {
      this.old = this.young;
      this.young = new Map();
    }
    this.young.set(key, value);
  }
}
