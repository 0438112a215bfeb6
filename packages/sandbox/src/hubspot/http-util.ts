import { validationError } from './errors.js';
import type { HubSpotStore } from './store.js';

export interface RequestContext {
  method: string;
  /** Path without query string and without a trailing slash. */
  path: string;
  query: URLSearchParams;
  body: unknown;
  store: HubSpotStore;
  /** `http://host:port` of this sandbox, for `paging.next.link`. */
  baseUrl: string;
}

export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface Route {
  method: string;
  pattern: RegExp;
  /** Endpoint key for counters, e.g. `GET /crm/v3/objects/{objectType}/{id}`. */
  template: string;
  handle(ctx: RequestContext, params: string[]): Reply;
}

export function route(method: string, template: string, handle: Route['handle']): Route {
  const source = template.replace(/[.+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '([^/]+)');
  return { method, template, pattern: new RegExp(`^${source}$`), handle };
}

export function matchRoute(routes: readonly Route[], method: string, path: string): { route: Route; params: string[] } | undefined {
  for (const r of routes) {
    if (r.method !== method) continue;
    const m = r.pattern.exec(path);
    if (m) return { route: r, params: m.slice(1).map((p) => decodeURIComponent(p)) };
  }
  return undefined;
}

/** Array query params: repeated (`?properties=a&properties=b`, what the SDK sends) or comma lists (api-facts §1.2). */
export function listParam(q: URLSearchParams, name: string): string[] | null {
  const raw = q.getAll(name);
  if (raw.length === 0) return null;
  return raw.flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);
}

export function intParam(q: URLSearchParams, name: string): number | undefined {
  const raw = q.get(name);
  if (raw === null || raw === '') return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n)) throw validationError(`Invalid value for query parameter ${name}: ${raw}`);
  return n;
}

export function boolParam(q: URLSearchParams, name: string): boolean {
  return q.get(name)?.toLowerCase() === 'true';
}

export function asObject(body: unknown, what = 'request body'): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw validationError(`Invalid input JSON: expected an object as ${what}`);
  return body as Record<string, unknown>;
}

/** `inputs` of a batch call, capped like HubSpot (api-facts §1.3). */
export function batchInputs(body: unknown, max: number): Record<string, unknown>[] {
  const inputs = asObject(body)['inputs'];
  if (!Array.isArray(inputs)) throw validationError('Invalid input JSON: inputs must be an array');
  if (inputs.length > max) throw validationError(`Batch input size exceeds the limit of ${max} inputs (got ${inputs.length}).`);
  return inputs.map((i) => asObject(i, 'a batch input'));
}

export function json(status: number, body?: unknown): Reply {
  return body === undefined ? { status } : { status, body };
}
