import { normalizeId } from './ids.js';

export interface RequestLogEntry {
  /** ISO time on the sandbox clock. */
  at: string;
  method: string;
  /** Request path without the query string. */
  path: string;
  /** Endpoint key used by the counters, e.g. "PATCH /composite/sobjects/Lead/HubSpot_Contact_Id__c". */
  key: string;
  status: number;
  durationMs: number;
}

const VERSION_PREFIX = /^\/services\/data\/v\d+\.\d(?=\/|$)/;

/**
 * Endpoint key for a request: API version dropped, record ids → `{id}`, external-id values → `{value}`,
 * query locators → `{locator}`, so counters group calls by what they do.
 */
export function endpointKey(method: string, path: string): string {
  let p = path.replace(VERSION_PREFIX, '');
  if (p === '') p = '/';
  p = p.replace(/^\/(query|queryAll)\/[^/]+$/, '/$1/{locator}');
  const parts = p.split('/');
  const mapped = parts.map((seg) => (seg.length >= 15 && normalizeId(seg) ? '{id}' : seg));
  // /sobjects/{type}/{externalIdField}/{value}
  if (mapped[1] === 'sobjects' && mapped.length === 5 && mapped[3] !== '{id}') mapped[4] = '{value}';
  return `${method.toUpperCase()} ${mapped.join('/') || '/'}`;
}

/** Every emulated request (control routes excluded), plus per-endpoint counters. */
export class RequestLog {
  readonly entries: RequestLogEntry[] = [];
  private readonly byKey = new Map<string, number>();

  add(entry: Omit<RequestLogEntry, 'key'>): RequestLogEntry {
    const full = { ...entry, key: endpointKey(entry.method, entry.path) };
    this.entries.push(full);
    this.byKey.set(full.key, (this.byKey.get(full.key) ?? 0) + 1);
    return full;
  }

  counters(): Record<string, number> {
    return Object.fromEntries([...this.byKey.entries()].sort(([a], [b]) => a.localeCompare(b)));
  }

  count(key: string): number {
    return this.byKey.get(key) ?? 0;
  }

  clear(): void {
    this.entries.length = 0;
    this.byKey.clear();
  }
}
