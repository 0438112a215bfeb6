/**
 * The window as one stream in stream order: contacts by lastmodifieddate and engagements by
 * hs_lastmodifieddate, merged, ties broken by source and then by id. Search sorts on one property
 * only and re-reads ties when it re-anchors (search-window.ts), so each source holds back the items
 * of its latest timestamp until a later one arrives, orders them by id, and drops ids it already
 * gave at that timestamp. Memory: a page per source plus the largest group of ties.
 */
import type { RawObject, Rejected } from './schemas.js';

export interface StreamItem {
  /** Which source: 0 contacts, then the engagement kinds. */
  source: number;
  ts: number;
  object: RawObject;
}

export interface SourcePage {
  ok: RawObject[];
  rejected: Rejected[];
}

function byId(a: StreamItem, b: StreamItem): number {
  const x = Number(a.object.id);
  const y = Number(b.object.id);
  if (Number.isFinite(x) && Number.isFinite(y) && x !== y) return x - y;
  return a.object.id < b.object.id ? -1 : a.object.id > b.object.id ? 1 : 0;
}

/** Orders two items of the merged stream: timestamp, source, id. */
export function streamOrder(a: StreamItem, b: StreamItem): number {
  return a.ts - b.ts || a.source - b.source || byId(a, b);
}

class OrderedSource {
  private buffer: StreamItem[] = [];
  private done = false;
  /** Ids already given at `givenTs` (the re-anchored search reads them again). */
  private givenTs = Number.NEGATIVE_INFINITY;
  private givenIds = new Set<string>();

  constructor(
    private readonly index: number,
    private readonly pages: AsyncIterator<SourcePage>,
    private readonly tsOf: (o: RawObject) => number,
    private readonly onRejected: (r: Rejected) => void,
  ) {}

  /** The next item in order, once every item sharing its timestamp has been read; null at the end. */
  async peek(): Promise<StreamItem | null> {
    for (;;) {
      const head = this.buffer[0];
      if (head && (this.done || this.buffer.some((i) => i.ts > head.ts))) return head;
      if (!head && this.done) return null;
      await this.pull();
    }
  }

  take(): void {
    const item = this.buffer.shift();
    if (!item) return;
    if (item.ts !== this.givenTs) {
      this.givenTs = item.ts;
      this.givenIds = new Set();
    }
    this.givenIds.add(item.object.id);
  }

  private async pull(): Promise<void> {
    const next = await this.pages.next();
    if (next.done) {
      this.done = true;
      return;
    }
    for (const r of next.value.rejected) this.onRejected(r);
    for (const o of next.value.ok) {
      const ts = this.tsOf(o);
      if (!Number.isFinite(ts)) continue;
      if (ts < this.givenTs || (ts === this.givenTs && this.givenIds.has(o.id))) continue;
      if (this.buffer.some((i) => i.ts === ts && i.object.id === o.id)) continue;
      this.buffer.push({ source: this.index, ts, object: o });
    }
    this.buffer.sort(streamOrder);
  }
}

/**
 * Merges sources that each yield pages in ascending timestamp order into one stream in
 * `streamOrder`. `onRejected` receives each source's malformed records as they are read.
 */
export async function* mergeSources(
  sources: { pages: AsyncIterable<SourcePage>; tsOf: (o: RawObject) => number }[],
  onRejected: (r: Rejected) => void,
): AsyncGenerator<StreamItem & { next: () => Promise<number | null> }> {
  const ordered = sources.map((s, i) => new OrderedSource(i, s.pages[Symbol.asyncIterator](), s.tsOf, onRejected));
  const head = async (): Promise<{ src: OrderedSource; item: StreamItem } | null> => {
    let best: { src: OrderedSource; item: StreamItem } | null = null;
    for (const src of ordered) {
      const item = await src.peek();
      if (item && (!best || streamOrder(item, best.item) < 0)) best = { src, item };
    }
    return best;
  };
  for (;;) {
    const h = await head();
    if (!h) return;
    h.src.take();
    // The timestamp of what follows (null at the end): everything before it has been given.
    yield { ...h.item, next: async () => (await head())?.item.ts ?? null };
  }
}
