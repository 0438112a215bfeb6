import type { AnyObjectType } from './object-types.js';

/**
 * Associations kept in both directions as `Map<fromId, toId | toId[]>` per (fromType, toType) pair. Most
 * engagements point at a single contact, so a lone number avoids a million one-element arrays.
 */
type Targets = number | number[];

export class AssociationStore {
  private maps = new Map<string, Map<number, Targets>>();

  add(fromType: AnyObjectType, fromId: number, toType: AnyObjectType, toId: number): void {
    this.addOne(fromType, fromId, toType, toId);
    this.addOne(toType, toId, fromType, fromId);
  }

  remove(fromType: AnyObjectType, fromId: number, toType: AnyObjectType, toId: number): void {
    this.removeOne(fromType, fromId, toType, toId);
    this.removeOne(toType, toId, fromType, fromId);
  }

  /** Target ids in ascending order (HubSpot pages associations by target id). */
  get(fromType: AnyObjectType, fromId: number, toType: AnyObjectType): readonly number[] {
    const t = this.maps.get(key(fromType, toType))?.get(fromId);
    if (t === undefined) return [];
    return typeof t === 'number' ? [t] : t;
  }

  /** Target types that have at least one association from this map family, for merges. */
  pairsFrom(fromType: AnyObjectType): AnyObjectType[] {
    const out: AnyObjectType[] = [];
    for (const k of this.maps.keys()) {
      const [from, to] = k.split('|') as [AnyObjectType, AnyObjectType];
      if (from === fromType) out.push(to);
    }
    return out;
  }

  /** Moves every association of `fromId` to `toId` (merge winner), dropping self-links. */
  reassign(type: AnyObjectType, fromId: number, toId: number): void {
    for (const other of this.pairsFrom(type)) {
      for (const target of [...this.get(type, fromId, other)]) {
        this.remove(type, fromId, other, target);
        if (!(other === type && target === toId)) this.add(type, toId, other, target);
      }
    }
  }

  clear(): void {
    this.maps.clear();
  }

  private addOne(fromType: AnyObjectType, fromId: number, toType: AnyObjectType, toId: number): void {
    const k = key(fromType, toType);
    let m = this.maps.get(k);
    if (!m) this.maps.set(k, (m = new Map()));
    const cur = m.get(fromId);
    if (cur === undefined) m.set(fromId, toId);
    else if (typeof cur === 'number') {
      if (cur !== toId) m.set(fromId, cur < toId ? [cur, toId] : [toId, cur]);
    } else if (!cur.includes(toId)) {
      // Appends are the common case (new ids grow); fall back to a sort for out-of-order loads.
      const last = cur.at(-1) as number;
      cur.push(toId);
      if (last > toId) cur.sort((a, b) => a - b);
    }
  }

  private removeOne(fromType: AnyObjectType, fromId: number, toType: AnyObjectType, toId: number): void {
    const m = this.maps.get(key(fromType, toType));
    const cur = m?.get(fromId);
    if (!m || cur === undefined) return;
    if (typeof cur === 'number') {
      if (cur === toId) m.delete(fromId);
      return;
    }
    const rest = cur.filter((x) => x !== toId);
    if (rest.length === 0) m.delete(fromId);
    else m.set(fromId, rest.length === 1 ? (rest[0] as number) : rest);
  }
}

function key(a: AnyObjectType, b: AnyObjectType): string {
  return `${a}|${b}`;
}
