export interface LoggedRequest {
  seq: number;
  /** Sandbox clock, epoch ms. */
  at: number;
  method: string;
  path: string;
  /** 0 when the connection was reset or held open by a fault. */
  status: number;
  durationMs: number;
}

/**
 * The last `capacity` emulated requests (a ring, so a million-request benchmark does not grow memory) plus
 * lifetime counters per endpoint, keyed like `POST /crm/v3/objects/contacts/search`.
 */
export class RequestLog {
  private ring: (LoggedRequest | undefined)[];
  private next = 0;
  private seq = 0;
  private readonly counts = new Map<string, number>();

  constructor(private readonly capacity = 10_000) {
    this.ring = new Array<LoggedRequest | undefined>(capacity);
  }

  record(entry: Omit<LoggedRequest, 'seq'>, endpoint: string): void {
    this.ring[this.next] = { seq: ++this.seq, ...entry };
    this.next = (this.next + 1) % this.capacity;
    this.counts.set(endpoint, (this.counts.get(endpoint) ?? 0) + 1);
  }

  /** Oldest first; `since` (clock ms) keeps entries at or after that instant. */
  entries(since?: number): LoggedRequest[] {
    const out: LoggedRequest[] = [];
    for (let i = 0; i < this.capacity; i++) {
      const e = this.ring[(this.next + i) % this.capacity];
      if (e && (since === undefined || e.at >= since)) out.push(e);
    }
    return out;
  }

  counters(): Record<string, number> {
    return Object.fromEntries([...this.counts].sort(([a], [b]) => a.localeCompare(b)));
  }

  count(endpoint: string): number {
    return this.counts.get(endpoint) ?? 0;
  }

  get total(): number {
    return this.seq;
  }

  clear(): void {
    this.ring = new Array<LoggedRequest | undefined>(this.capacity);
    this.next = 0;
    this.counts.clear();
  }
}
