/**
 * Transform throughput: the pure stages of a first cycle (normalize → dedupe → score → fingerprint and
 * triage → match and decide → plan) over the whole dataset in this process, with no I/O inside the
 * timed passes. What the stages need from Salesforce (describe, users, the lookup for the qualified
 * contacts, the Account index) is fetched once beforehand from an in-process Salesforce sandbox through
 * the production code, so the fixture is exactly what a cycle would see.
 */
import { performance } from 'node:perf_hooks';
import type { Config } from '../src/config/load.js';
import { loadConfig } from '../src/config/load.js';
import type { Activity, Contact, RawContact, Score } from '../src/domain/types.js';
import { systemClock } from '../src/ports/clock.js';
import { noopLogger } from '../src/lib/logger.js';
import { decide } from '../src/core/decide.js';
import { dedupeContacts } from '../src/core/dedupe.js';
import type { Lookup } from '../src/core/match.js';
import { matchContact } from '../src/core/match.js';
import { normalizeContact } from '../src/core/normalize/contact.js';
import { buildPlan } from '../src/core/plan.js';
import type { Decision } from '../src/core/plan.js';
import { scoreContacts } from '../src/core/scoring-run.js';
import { evaluate, triage } from '../src/core/triage.js';
import type { Evaluated } from '../src/core/triage.js';
import { SANDBOX_CREDENTIALS, SandboxClock, startSalesforceSandbox } from '@handoff/sandbox';
import type { Dataset } from '@handoff/sandbox';
import { readAccountChanges } from '../src/adapters/salesforce/accounts.js';
import { accountOwner, foldAccountReads, ownersByDomain } from '../src/core/account-owner.js';
import type { StoredAccountRow } from '../src/domain/salesforce.js';
import { connectSalesforce } from '../src/adapters/salesforce/connection.js';
import { SalesforceGateway } from '../src/adapters/salesforce/gateway.js';
import { lookupExisting } from '../src/adapters/salesforce/lookup.js';
import { loadOrgMetadata } from '../src/adapters/salesforce/metadata.js';
import type { OrgMetadata } from '../src/adapters/salesforce/metadata.js';
import { ENGAGEMENTS } from '../src/adapters/hubspot/properties.js';
import type { EngagementObject } from '../src/adapters/hubspot/properties.js';
import { contactPropertyList, toActivity } from '../src/adapters/hubspot/reader.js';

export const STAGES = ['normalize', 'dedupe', 'score', 'triage', 'decide', 'plan'] as const;
export type Stage = (typeof STAGES)[number];

export interface TransformResult {
  contacts: number;
  activities: number;
  /** Contacts the passes qualified and planned (Lead and Task operations). */
  planned: { leads: number; tasks: number; qualified: number };
  passes: number;
  /** Median wall time of a pass, and the fastest and slowest pass. */
  medianMs: number;
  minMs: number;
  maxMs: number;
  /** Median CPU time (user + system) of a pass: what the passes cost when other processes share the cores. */
  medianCpuMs: number;
  /** Contacts per CPU-second (the headline: it holds on a busy machine too). */
  contactsPerSecond: number;
  /** Contacts per wall-clock second; equal to the above on an idle machine. */
  contactsPerWallSecond: number;
  /** Median CPU time per stage. */
  stageMedianMs: Record<Stage, number>;
}

/** Contacts as the reader hands them over: only the requested properties, missing ones as null. */
export function rawContacts(dataset: Dataset, config: Config): RawContact[] {
  const mapped = config.mapping.lead.filter((m) => m.from.startsWith('hubspot.')).map((m) => m.from.slice('hubspot.'.length));
  const props = contactPropertyList(mapped);
  return dataset.hubspot.contacts
    .filter((c) => !c.archived)
    .map((c) => ({
      id: c.id,
      properties: Object.fromEntries(props.map((p) => [p, c.properties[p] ?? null])),
      createdAt: c.createdAt,
      updatedAt: c.updatedAt,
      archived: false,
    }));
}

/** Every contact's activities in the order the state store returns them (occurred_at, then id). */
export function activityHistory(dataset: Dataset): { history: Map<string, Activity[]>; count: number } {
  const kinds = Object.keys(ENGAGEMENTS) as EngagementObject[];
  const objects = new Map(kinds.map((k) => [k, new Map(dataset.hubspot[k].map((o) => [o.id, o]))]));
  const history = new Map<string, Activity[]>();
  let count = 0;
  for (const a of dataset.hubspot.associations) {
    const [kind, engagementId, contactId] =
      a.toType === 'contacts' ? [a.fromType, a.fromId, a.toId] : a.fromType === 'contacts' ? [a.toType, a.toId, a.fromId] : [null, '', ''];
    const obj = kind ? objects.get(kind as EngagementObject)?.get(engagementId) : undefined;
    if (!obj || obj.archived) continue;
    const activity = toActivity(kind as EngagementObject, obj, contactId);
    const list = history.get(contactId);
    if (list) list.push(activity);
    else history.set(contactId, [activity]);
    count += 1;
  }
  for (const list of history.values()) {
    list.sort((x, y) => (x.occurredAt < y.occurredAt ? -1 : x.occurredAt > y.occurredAt ? 1 : x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
  }
  return { history, count };
}

interface Fixture {
  meta: OrgMetadata;
  accounts: ReadonlyMap<string, string | null>;
  lookupFor(contacts: Contact[]): Promise<Lookup>;
  stop(): Promise<void>;
}

async function salesforceFixture(dataset: Dataset, configDir: string, now: Date): Promise<Fixture> {
  const sf = await startSalesforceSandbox({
    clock: new SandboxClock(),
    clientId: SANDBOX_CREDENTIALS.salesforceClientId,
    clientSecret: SANDBOX_CREDENTIALS.salesforceClientSecret,
  });
  try {
    sf.load(dataset.salesforce);
    const config = loadConfig({
      env: {
        SALESFORCE_LOGIN_URL: sf.url,
        SALESFORCE_CLIENT_ID: SANDBOX_CREDENTIALS.salesforceClientId,
        SALESFORCE_CLIENT_SECRET: SANDBOX_CREDENTIALS.salesforceClientSecret,
      },
      dir: configDir,
    });
    const conn = await connectSalesforce(config.connections.salesforce);
    const gateway = new SalesforceGateway({ conn, clock: systemClock, logger: noopLogger, dailyBudgetShare: 1 });
    const noCache = { getCache: () => Promise.resolve(null), setCache: () => Promise.resolve() };
    const meta = await loadOrgMetadata({ gateway, store: noCache, mapping: config.mapping, now, ttlMinutes: 60, readOnly: true });
    const rows = new Map<string, StoredAccountRow>();
    await readAccountChanges(gateway, null, (page) => {
      foldAccountReads(rows, page);
      return Promise.resolve();
    });
    const accounts = ownersByDomain(rows.values());
    return { meta, accounts, lookupFor: (contacts) => lookupExisting(gateway, contacts), stop: () => sf.stop() };
  } catch (err) {
    await sf.stop();
    throw err;
  }
}

/** CPU time of this process so far, in ms. */
function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

interface PassOutput {
  wallMs: number;
  /** CPU time per stage. */
  ms: Record<Stage, number>;
  fresh: Contact[];
  qualified: number;
  leads: number;
  tasks: number;
}

/** One first-cycle pass over every contact, as processBatch runs it, timed per stage. */
function pass(input: Pick<TransformInput, 'raw' | 'history' | 'config' | 'meta' | 'accounts' | 'lookup' | 'now'>): PassOutput {
  const { config, now } = input;
  const w0 = performance.now();
  const t0 = cpuMs();
  const normalized: Contact[] = [];
  for (const raw of input.raw) {
    try {
      normalized.push(normalizeContact(raw));
    } catch {
      // dead-lettered in a real cycle; nothing to time here
    }
  }
  const t1 = cpuMs();
  const { unique } = dedupeContacts(normalized);
  const t2 = cpuMs();
  const scores = scoreContacts(unique, input.history, config.scoring, now);
  const t3 = cpuMs();
  const fresh: Evaluated[] = [];
  let qualified = 0;
  for (const contact of unique) {
    const score = scores.get(contact.hubspotId) as Score;
    if (score.qualified) qualified += 1;
    const e = evaluate({ contact, score, prior: null, activities: input.history.get(contact.hubspotId) ?? [], mapping: config.mapping });
    const t = triage(e);
    if (t.kind === 'new') fresh.push(t.item);
  }
  const t4 = cpuMs();
  const decided = decide({
    items: fresh.map((item) => ({ item, match: matchContact(item.contact, input.lookup) })),
    accountOwner: (c) => accountOwner(input.accounts, c),
    config,
    users: input.meta.users,
    queues: input.meta.queues,
    pointers: {},
    now,
    createTasks: true,
  });
  const t5 = cpuMs();
  const plan = buildPlan(
    { refresh: [], decisions: decided.decisions as Decision[], skips: decided.skips, deadLetters: decided.deadLetters },
    { mapping: config.mapping, describes: input.meta.describes, assignOwner: config.routing.assignment.mode === 'handoff' },
  );
  const t6 = cpuMs();
  const wallMs = performance.now() - w0;
  return {
    wallMs,
    ms: { normalize: t1 - t0, dedupe: t2 - t1, score: t3 - t2, triage: t4 - t3, decide: t5 - t4, plan: t6 - t5 },
    fresh: fresh.map((f) => f.contact),
    qualified,
    leads: plan.leads.length,
    tasks: plan.tasks.length,
  };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
}

const round1 = (n: number): number => Math.round(n * 10) / 10;

/** What the timed passes need, and nothing of the generated dataset itself. */
export interface TransformInput {
  raw: RawContact[];
  history: Map<string, Activity[]>;
  activities: number;
  config: Config;
  now: Date;
  meta: OrgMetadata;
  accounts: ReadonlyMap<string, string | null>;
  lookup: Lookup;
}

/**
 * Builds the passes' input from a dataset: the contacts and activities as a cycle holds them, and
 * what Salesforce would answer (fetched once here, through the production code). The result keeps no
 * reference to the dataset, so the caller can let it go before the timed passes: a sync process never
 * holds the sandbox's generated records, and a heap carrying them would make every collection dearer.
 */
export async function prepareTransform(opts: { dataset: Dataset; config: Config; configDir: string }): Promise<TransformInput> {
  const now = new Date();
  const raw = rawContacts(opts.dataset, opts.config);
  const { history, count } = activityHistory(opts.dataset);
  const fixture = await salesforceFixture(opts.dataset, opts.configDir, now);
  try {
    // A first pass finds the qualified contacts; their lookup is the one I/O a real cycle would do here.
    const none: Lookup = { leadsByKey: new Map(), leadsByEmail: new Map(), contactsByEmail: new Map(), contactsById: new Map() };
    const first = pass({ raw, history, config: opts.config, meta: fixture.meta, accounts: fixture.accounts, lookup: none, now });
    const lookup = await fixture.lookupFor(first.fresh);
    return { raw, history, activities: count, config: opts.config, now, meta: fixture.meta, accounts: fixture.accounts, lookup };
  } finally {
    await fixture.stop();
  }
}

export function benchTransform(input: TransformInput, opts: { passes: number; log: (line: string) => void }): TransformResult {
  // Warm-up: the timed passes run optimized code.
  let last: PassOutput = pass(input);
  const walls: number[] = [];
  const cpus: number[] = [];
  const stages: Record<Stage, number[]> = { normalize: [], dedupe: [], score: [], triage: [], decide: [], plan: [] };
  for (let i = 0; i < opts.passes; i++) {
    last = pass(input);
    let cpu = 0;
    for (const s of STAGES) {
      stages[s].push(last.ms[s]);
      cpu += last.ms[s];
    }
    walls.push(last.wallMs);
    cpus.push(cpu);
    opts.log(`transform pass ${i + 1}/${opts.passes}: ${Math.round(last.wallMs)} ms wall, ${Math.round(cpu)} ms CPU`);
  }
  const medianMs = median(walls);
  const medianCpuMs = median(cpus);
  return {
    contacts: input.raw.length,
    activities: input.activities,
    planned: { leads: last.leads, tasks: last.tasks, qualified: last.qualified },
    passes: opts.passes,
    medianMs: round1(medianMs),
    minMs: round1(Math.min(...walls)),
    maxMs: round1(Math.max(...walls)),
    medianCpuMs: round1(medianCpuMs),
    contactsPerSecond: Math.round(input.raw.length / (medianCpuMs / 1000)),
    contactsPerWallSecond: Math.round(input.raw.length / (medianMs / 1000)),
    stageMedianMs: Object.fromEntries(STAGES.map((s) => [s, round1(median(stages[s]))])) as Record<Stage, number>,
  };
}
