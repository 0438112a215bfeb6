/**
 * Scale check for the HubSpot sandbox: 1,000,000 contacts and 3,000,000 engagements in one process, then
 * list-page and search-page latency over real HTTP. Run:
 *   node --max-old-space-size=16384 --conditions=source --import tsx bench/sandbox-scale.ts
 * Prints JSON and stores it in bench/results.json under "sandboxScale".
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { getHeapStatistics } from 'node:v8';
import { SandboxClock, startHubSpotSandbox, STORED_TYPES } from '@handoff/sandbox';
import type { EngagementType, HubSpotAssociation, HubSpotObject } from '@handoff/sandbox';

const CONTACTS = Number(process.env['CONTACTS'] ?? 1_000_000);
const ENGAGEMENTS: Record<EngagementType, number> = { emails: 1_000_000, calls: 500_000, meetings: 500_000, notes: 500_000, tasks: 500_000 };
const SCALE = CONTACTS / 1_000_000;
const CHUNK = 100_000;
const SAMPLES = 300;
const TOKEN = 'bench-token';
const YEAR_MS = 365 * 86_400_000;
const BASE = Date.UTC(2024, 0, 1);

const FIRST = ['Ann', 'Bob', 'Cyd', 'Dee', 'Eli', 'Fay', 'Gus', 'Hal', 'Ida', 'Jo'];
const LAST = ['Smith', 'Jones', 'Brown', 'Lee', 'Khan', 'Garcia', 'Silva', 'Novak'];
const STAGES = ['subscriber', 'lead', 'marketingqualifiedlead', 'salesqualifiedlead', 'customer'];
const COUNTRIES = ['US', 'DE', 'FR', 'GB', 'BR', 'IN', 'JP'];

/** A cheap permutation so modified dates are not in id order (the index has to sort). */
const spread = (i: number, n: number): number => ((i * 7919) % n) * (YEAR_MS / n);

function contactChunk(from: number, to: number): HubSpotObject[] {
  const out: HubSpotObject[] = [];
  for (let i = from; i < to; i++) {
    const id = i + 1;
    const updated = new Date(BASE + spread(i, CONTACTS)).toISOString();
    out.push({
      id: String(id),
      properties: {
        email: `user${id}@company${id % 5000}.example`,
        firstname: FIRST[id % FIRST.length] ?? null,
        lastname: LAST[id % LAST.length] ?? null,
        company: `Company ${id % 5000}`,
        jobtitle: id % 3 === 0 ? 'Head of Sales' : 'Engineer',
        country: COUNTRIES[id % COUNTRIES.length] ?? null,
        lifecyclestage: STAGES[id % STAGES.length] ?? null,
        num_conversion_events: String(id % 7),
      },
      createdAt: new Date(BASE - YEAR_MS + (id % 1000) * 60_000).toISOString(),
      updatedAt: updated,
    });
  }
  return out;
}

const SUBJECT: Record<EngagementType, [string, string]> = {
  emails: ['hs_email_subject', 'Re: pricing'],
  calls: ['hs_call_title', 'Discovery call'],
  meetings: ['hs_meeting_title', 'Demo'],
  notes: ['hs_note_body', 'Left a voicemail'],
  tasks: ['hs_task_subject', 'Follow up'],
};

function engagementChunk(type: EngagementType, from: number, to: number, total: number): { objects: HubSpotObject[]; associations: HubSpotAssociation[] } {
  const objects: HubSpotObject[] = [];
  const associations: HubSpotAssociation[] = [];
  const [prop, text] = SUBJECT[type];
  for (let i = from; i < to; i++) {
    const id = i + 1;
    const at = new Date(BASE + spread(i, total)).toISOString();
    objects.push({ id: String(id), properties: { hs_timestamp: at, [prop]: text, hubspot_owner_id: String(100 + (id % 20)) }, createdAt: at, updatedAt: at });
    associations.push({ fromType: 'contacts', fromId: String((i % CONTACTS) + 1), toType: type, toId: String(id) });
  }
  return { objects, associations };
}

function stats(ms: number[]): { median: number; p95: number; max: number } {
  const s = [...ms].sort((a, b) => a - b);
  const at = (q: number): number => Math.round((s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? 0) * 1000) / 1000;
  return { median: at(0.5), p95: at(0.95), max: at(1) };
}

async function timeRequests(n: number, make: (i: number) => [string, RequestInit?], check: (body: unknown) => void): Promise<ReturnType<typeof stats>> {
  const ms: number[] = [];
  for (let i = 0; i < n; i++) {
    const [url, init] = make(i);
    const t = performance.now();
    const res = await fetch(url, { ...init, headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' } });
    const body = (await res.json()) as unknown;
    ms.push(performance.now() - t);
    if (res.status !== 200) throw new Error(`HTTP ${res.status}: ${JSON.stringify(body).slice(0, 300)}`);
    check(body);
  }
  return stats(ms);
}

const mb = (bytes: number): number => Math.round(bytes / 1024 / 1024);

async function main(): Promise<void> {
  const sb = await startHubSpotSandbox({ clock: new SandboxClock(), accessToken: TOKEN, rateLimits: false });
  const heapBefore = getHeapStatistics().used_heap_size;

  const t0 = performance.now();
  for (let i = 0; i < CONTACTS; i += CHUNK) sb.append({ contacts: contactChunk(i, Math.min(CONTACTS, i + CHUNK)) });
  const contactsLoadMs = performance.now() - t0;
  const t1 = performance.now();
  for (const [type, full] of Object.entries(ENGAGEMENTS) as [EngagementType, number][]) {
    const count = Math.round(full * SCALE);
    for (let i = 0; i < count; i += CHUNK) {
      const { objects, associations } = engagementChunk(type, i, Math.min(count, i + CHUNK), count);
      sb.append({ [type]: objects, associations });
    }
  }
  const engagementsLoadMs = performance.now() - t1;
  const t2 = performance.now();
  // Sort the id and modified-date orderings now rather than on the first request.
  for (const type of STORED_TYPES) {
    sb.store.collection(type).sortedById();
    sb.store.collection(type).sortedByModified();
  }
  const indexBuildMs = performance.now() - t2;
  console.error(`loaded: contacts ${Math.round(contactsLoadMs)} ms, engagements ${Math.round(engagementsLoadMs)} ms, index sort ${Math.round(indexBuildMs)} ms`);
  const heapAfter = getHeapStatistics().used_heap_size;

  const rnd = (n: number): number => Math.floor(Math.random() * n);
  const warm = await timeRequests(20, () => [`${sb.url}/crm/v3/objects/contacts?limit=100`], () => undefined);
  void warm;
  const listPage = await timeRequests(SAMPLES, () => [`${sb.url}/crm/v3/objects/contacts?limit=100&after=${1 + rnd(CONTACTS - 200)}&properties=email,firstname,lastname,lifecyclestage`], (b) => {
    if ((b as { results: unknown[] }).results.length !== 100) throw new Error('short list page');
  });
  const searchBody = (prop: string, cut: number, after: number): RequestInit => ({
    method: 'POST',
    body: JSON.stringify({ filterGroups: [{ filters: [{ propertyName: prop, operator: 'GTE', value: String(cut) }] }], sorts: [{ propertyName: prop, direction: 'ASCENDING' }], properties: ['email', 'lifecyclestage'], limit: 200, after: String(after) }),
  });
  const contactSearch = await timeRequests(SAMPLES, () => [`${sb.url}/crm/v3/objects/contacts/search`, searchBody('lastmodifieddate', BASE + rnd(YEAR_MS / 2), rnd(49) * 200)], (b) => {
    if ((b as { results: unknown[] }).results.length !== 200) throw new Error('short search page');
  });
  const emailSearch = await timeRequests(SAMPLES, () => [`${sb.url}/crm/v3/objects/emails/search`, searchBody('hs_lastmodifieddate', BASE + rnd(YEAR_MS / 2), rnd(49) * 200)], (b) => {
    if ((b as { results: unknown[] }).results.length !== 200) throw new Error('short search page');
  });
  // A scan (no indexed filter) for comparison: equality on a non-indexed property.
  const scanSearch = await timeRequests(10, () => [`${sb.url}/crm/v3/objects/contacts/search`, { method: 'POST', body: JSON.stringify({ filterGroups: [{ filters: [{ propertyName: 'lifecyclestage', operator: 'EQ', value: 'customer' }] }], limit: 100 }) }], () => undefined);

  // Edits keep the modified-date index in order incrementally; time 2,000 of them in-process.
  const t3 = performance.now();
  for (let i = 0; i < 2_000; i++) sb.updateContact(String(1 + rnd(CONTACTS)), { jobtitle: `Edited ${i}` });
  const editMsEach = (performance.now() - t3) / 2_000;
  const afterEdits = await timeRequests(50, () => [`${sb.url}/crm/v3/objects/contacts/search`, searchBody('lastmodifieddate', Date.now() - 60_000, 0)], (b) => {
    if ((b as { total: number }).total < 1_900) throw new Error('edits not visible in search');
  });

  const mem = process.memoryUsage();
  const result = {
    at: new Date().toISOString(),
    node: process.version,
    records: { contacts: CONTACTS, engagements: Object.values(ENGAGEMENTS).reduce((a, b) => a + b, 0) * SCALE },
    loadMs: { contacts: Math.round(contactsLoadMs), engagementsWithAssociations: Math.round(engagementsLoadMs), indexSort: Math.round(indexBuildMs) },
    memoryMb: { heapUsedByData: mb(heapAfter - heapBefore), heapUsed: mb(mem.heapUsed), rss: mb(mem.rss) },
    latencyMs: { listPage100: listPage, contactSearchPage200: contactSearch, emailSearchPage200: emailSearch, contactScanSearch: scanSearch, searchAfterEdits: afterEdits },
    editMsEach: Math.round(editMsEach * 1000) / 1000,
    samples: SAMPLES,
  };
  console.log(JSON.stringify(result, null, 2));
  const file = new URL('./results.json', import.meta.url);
  const all = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>) : {};
  all['sandboxScale'] = result;
  writeFileSync(file, `${JSON.stringify(all, null, 2)}\n`);
  await sb.stop();
}

await main();
