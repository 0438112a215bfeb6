import { Client } from '@hubspot/api-client';
import { SandboxClock } from '../src/shared/clock.js';
import { startHubSpotSandbox } from '../src/hubspot/index.js';
import type { HubSpotSandbox, HubSpotSandboxOptions } from '../src/hubspot/index.js';
import type { HubSpotObject } from '../src/shared/dataset.js';

export const TOKEN = 'pat-na1-11111111-2222-3333-4444-555555555555';
/** 2025-03-10T15:00:00Z, a Monday; pinned so windows and timestamps are deterministic. */
export const T0 = Date.UTC(2025, 2, 10, 15, 0, 0);

export interface Harness {
  sb: HubSpotSandbox;
  clock: SandboxClock;
  client: Client;
}

export async function startHarness(opts: Partial<HubSpotSandboxOptions> = {}): Promise<Harness> {
  const clock = new SandboxClock();
  clock.set(T0, true);
  const sb = await startHubSpotSandbox({ clock, accessToken: TOKEN, rateLimits: false, ...opts });
  return { sb, clock, client: new Client({ accessToken: TOKEN, basePath: sb.url }) };
}

export function contact(id: number, props: Record<string, string | null>, modifiedMs = T0 - 86_400_000 + id * 1000): HubSpotObject {
  const createdAt = new Date(modifiedMs - 3_600_000).toISOString();
  const updatedAt = new Date(modifiedMs).toISOString();
  return { id: String(id), properties: { ...props, createdate: createdAt, lastmodifieddate: updatedAt }, createdAt, updatedAt };
}

export function engagement(id: number, props: Record<string, string | null>, modifiedMs: number): HubSpotObject {
  const at = new Date(modifiedMs).toISOString();
  return { id: String(id), properties: { hs_timestamp: at, ...props }, createdAt: at, updatedAt: at };
}

/** Contacts 1..n with distinct emails; modified one second apart. */
export function contacts(n: number, startMs = T0 - 10_000_000): HubSpotObject[] {
  return Array.from({ length: n }, (_, i) => contact(i + 1, { email: `c${i + 1}@example.com`, firstname: `First${i + 1}`, lastname: `Last${i + 1}` }, startMs + i * 1000));
}

/** Raw JSON request without the SDK, for headers and exact bodies. */
export async function raw(sb: HubSpotSandbox, path: string, init: RequestInit & { token?: string | null } = {}): Promise<{ status: number; headers: Headers; body: unknown }> {
  const headers = new Headers(init.headers);
  if (init.token !== null) headers.set('Authorization', `Bearer ${init.token ?? TOKEN}`);
  if (init.body) headers.set('Content-Type', 'application/json');
  const res = await fetch(`${sb.url}${path}`, { ...init, headers });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? (JSON.parse(text) as unknown) : undefined };
}

/** `ApiException` is not exported at the SDK root (api-facts §1.2): tests check `code` and `body`. */
export async function apiError(p: Promise<unknown>): Promise<{ code: number; body: Record<string, unknown> }> {
  try {
    await p;
  } catch (err) {
    const e = err as { code?: number; body?: unknown };
    if (typeof e.code === 'number') return { code: e.code, body: e.body as Record<string, unknown> };
    throw err;
  }
  throw new Error('expected the call to fail');
}
