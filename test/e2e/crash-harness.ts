/**
 * Crash trials: the real CLI (`handoff sync --once --json`) runs as a child process against an
 * in-process sandbox and is SIGKILLed at a chosen point, restarted until a cycle has nothing left to
 * write, and then the Salesforce org, the HubSpot writeback and the state are compared with a clean,
 * uninterrupted run of the same dataset against a second sandbox. Shared by test/e2e/crash.test.ts
 * (a few trials) and scripts/crash-trials.ts (the long run).
 */
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/load.js';
import type { RunReport } from '../../src/domain/report.js';
import { generateDataset, Rng, startSandbox, withUsers } from '@handoff/sandbox';
import type { Dataset, FaultRule, RunningSandbox, SandboxControl } from '@handoff/sandbox';
import { WRITEBACK_PROPERTIES } from '../../src/adapters/hubspot/properties.js';
import { openStateStore } from '../../src/adapters/state/index.js';
import { LEADER_LEASE } from '../../src/runtime/lease/leader-lease.js';
import { JOB_LEASES } from '../../src/runtime/lease/writer-lock.js';
import { routingUsers } from '../../src/runtime/cli/routing-users.js';
import { freshStateUrl } from '../helpers/pipeline.js';

export const ROOT = join(import.meta.dirname, '..', '..');
const CLI = join(ROOT, 'src', 'runtime', 'cli', 'main.ts');

/**
 * Where a kill lands:
 * - read: as the n-th HubSpot search request arrives (nothing written yet);
 * - lead-write / task-write: as the n-th Lead or Task collection request arrives: the sandbox still
 *   serves it, so the write lands but the client never hears of it;
 * - in-flight: the n-th collection request is held for a random while and the client is killed while
 *   it waits; the write lands later, possibly while the restarted process is already running;
 * - writeback: as the n-th HubSpot writeback batch arrives (every Salesforce write done, nothing committed);
 * - after-writes: 0 to 150 ms after the first writeback, around the state commit.
 */
export const KILL_PHASES = ['read', 'lead-write', 'task-write', 'in-flight', 'writeback', 'after-writes'] as const;
export type KillPhase = (typeof KILL_PHASES)[number];

type CallKind = 'read' | 'lead-write' | 'task-write' | 'writeback';
export type CallCounts = Record<CallKind, number>;

/** A HubSpot user's edit between runs: the contact becomes a senior buyer with two recent meetings. */
export interface UserChange {
  contactId: string;
}

export interface CrashDataset {
  seed: number;
  dataset: Dataset;
  changes: UserChange[];
  /** Config directory (a copy of config/ that reads the whole dataset on the first run). */
  configDir: string;
}

export interface Expected {
  /** Handoff key → who the Task belongs to, as a signature comparable across sandboxes. */
  tasks: Map<string, string>;
  /** HubSpot ids carried by a Lead's HubSpot_Contact_Id__c. */
  keyedLeads: Set<string>;
  leadCount: number;
  contactCount: number;
  /** HubSpot id → stage and code of its open dead letter. */
  deadLetters: Map<string, string>;
}

export interface Baseline {
  expected: Expected;
  /** Calls of the clean run's first cycle, to draw kill points from. */
  calls: CallCounts;
  runs: number;
  durationMs: number;
}

export interface KillOutcome {
  phase: KillPhase;
  /** The n-th matching request the kill was aimed at. */
  target: number;
  /** False when the process finished before reaching the point. */
  killed: boolean;
  /** Whether the killed cycle's state commit (the cursor) had happened. */
  committed: boolean;
  /** in-flight: how long the write was held before it landed. */
  heldMs?: number;
}

export interface Verdict {
  expectedTasks: number;
  tasks: number;
  leads: number;
  /** Handoff keys of the clean run without a Task here. */
  lost: string[];
  /** Keys with more than one Task, HubSpot ids with more than one Lead, Leads or Tasks beyond the clean run's. */
  duplicates: string[];
  /** Tasks on the wrong record, Leads for contacts that matched a Contact, dead-letter differences. */
  mismatches: string[];
  /** Ledger problems: records without their Salesforce Task/Lead/Contact, Tasks without a record. */
  ledger: string[];
  /** Handed-off contacts whose HubSpot writeback is missing or points elsewhere. */
  writeback: string[];
}

export interface TrialPlan {
  phases: KillPhase[];
  /** Apply the dataset's user changes after this many kills (before the next start); undefined: never. */
  changesAfter?: number | undefined;
}

export interface TrialResult {
  seed: number;
  kills: KillOutcome[];
  /** Runs after the last kill until a cycle had nothing left to write. */
  completionRuns: number;
  durationMs: number;
  verdict: Verdict;
}

export interface TrialOptions {
  /** Randomness of the kill points; print it, a failure reproduces with it. */
  seed: number;
  /** Per child run; a run taking longer fails the trial. */
  runTimeoutMs?: number;
  log?: (line: string) => void;
}

export function isClean(v: Verdict): boolean {
  return v.lost.length + v.duplicates.length + v.mismatches.length + v.ledger.length + v.writeback.length === 0;
}

/**
 * A generated dataset, its user changes and a config that reads all of it on the first run, in
 * chunks of `chunkSize` contacts when given (else the default), holding Salesforce writes back
 * until `writeBatch` contacts need them when given (else the default).
 */
export function prepareDataset(seed: number, contacts: number, opts: { chunkSize?: number; writeBatch?: number } = {}): CrashDataset {
  const dataset = generateDataset({ contacts, seed });
  const rng = Rng.derive(seed, 'crash-changes');
  const live = dataset.hubspot.contacts.filter((c) => !c.archived);
  const changes: UserChange[] = [];
  const picked = new Set<string>();
  while (changes.length < Math.min(6, live.length)) {
    const c = rng.pick(live);
    if (picked.has(c.id)) continue;
    picked.add(c.id);
    changes.push({ contactId: c.id });
  }
  const configDir = mkdtempSync(join(tmpdir(), 'handoff-crash-config-'));
  cpSync(join(ROOT, 'config'), configDir, { recursive: true });
  const file = join(configDir, 'handoff.yaml');
  const yaml = readFileSync(file, 'utf8');
  // The generated history spans a year; the first run must see all of it. The client-side search
  // limit goes to HubSpot's own maximum: the sandbox enforces none here and trials are read-bound.
  const edited = yaml
    .replace('initialLookbackDays: 30', 'initialLookbackDays: 400')
    .replace('searchPerSecond: 4', 'searchPerSecond: 5')
    .replace('rateShare: 0.5', 'rateShare: 1');
  if (edited === yaml) throw new Error('config/handoff.yaml no longer has the settings the crash trials edit');
  const sync = [opts.chunkSize === undefined ? '' : `  chunkSize: ${opts.chunkSize}\n`, opts.writeBatch === undefined ? '' : `  writeBatch: ${opts.writeBatch}\n`].join('');
  const chunked = sync === '' ? edited : edited.replace(/^sync:.*\n/m, (line) => `${line}${sync}`);
  if (chunked === edited && sync !== '') throw new Error('config/handoff.yaml no longer has a sync section');
  writeFileSync(file, chunked);
  return { seed, dataset, changes, configDir };
}

export function disposeDataset(ds: CrashDataset): void {
  rmSync(ds.configDir, { recursive: true, force: true });
}

function applyChanges(control: SandboxControl, changes: readonly UserChange[]): void {
  const recent = new Date(control.clock.now() - 3_600_000).toISOString();
  for (const { contactId } of changes) {
    control.hubspot.updateContact(contactId, { jobtitle: 'Chief Executive Officer', numemployees: '5000', country: 'US' });
    for (let i = 0; i < 2; i++) control.hubspot.logEngagement(contactId, 'meetings', { hs_meeting_outcome: 'COMPLETED', hs_timestamp: recent, hs_meeting_title: 'Discovery call' });
  }
}

async function startFor(ds: CrashDataset): Promise<RunningSandbox> {
  const routing = loadConfig({ env: {}, dir: ds.configDir }).routing;
  return startSandbox({ dataset: withUsers(ds.dataset, routingUsers(routing)), rateLimits: false });
}


// ── Watching requests ────────────────────────────────────────────────────────────────────────────

function classify(system: 'hubspot' | 'salesforce', method: string, path: string): CallKind | null {
  if (system === 'hubspot') {
    if (method === 'POST' && /^\/crm\/v3\/objects\/[^/]+\/search\/?$/.test(path)) return 'read';
    if (method === 'POST' && /^\/crm\/v3\/objects\/contacts\/batch\/update\/?$/.test(path)) return 'writeback';
    return null;
  }
  if (method === 'PATCH' && /\/composite\/sobjects(\/Lead\/[^/]+)?\/?$/.test(path)) return 'lead-write';
  if (method === 'POST' && /\/composite\/sobjects\/?$/.test(path)) return 'task-write';
  return null;
}

type Tap = (call: CallKind, rule: FaultRule | undefined) => void;

/**
 * Both emulators ask their fault injector about every request as it arrives, before serving it: the
 * one place where a kill leaves a write done but unacknowledged. The tap wraps that call.
 */
function tapRequests(control: SandboxControl, tap: Tap): () => void {
  const undo: (() => void)[] = [];
  for (const system of ['hubspot', 'salesforce'] as const) {
    const faults = control[system].faults;
    const take = faults.take.bind(faults);
    faults.take = (method, path) => {
      const rule = take(method, path);
      const call = classify(system, method.toUpperCase(), path);
      if (call) tap(call, rule);
      return rule;
    };
    undo.push(() => Reflect.deleteProperty(faults, 'take'));
  }
  return () => undo.forEach((u) => u());
}

// ── Running the CLI ──────────────────────────────────────────────────────────────────────────────

interface RunOutcome {
  code: number | null;
  signal: NodeJS.Signals | null;
  report: RunReport | null;
  stderr: string;
  pid: number;
}

interface Armed {
  /** Called with the child's kill function once it runs. */
  attach(kill: () => void): void;
}

function runCli(sandbox: RunningSandbox, dbUrl: string, configDir: string, timeoutMs: number, armed?: Armed): Promise<RunOutcome> {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, 'sync', '--once', '--json'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      ...sandbox.env,
      HANDOFF_DATABASE_URL: dbUrl,
      HANDOFF_CONFIG_DIR: configDir,
      LOG_FORMAT: 'json',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
  // Only the tail matters for a diagnosis.
  child.stderr.on('data', (c: Buffer) => (stderr = (stderr + c.toString('utf8')).slice(-8_000)));
  const kill = (): void => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  };
  armed?.attach(kill);
  const timer = setTimeout(() => {
    stderr += `\n[crash-harness] no exit within ${timeoutMs} ms; killed`;
    kill();
  }, timeoutMs);
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      const line = stdout.trim().split('\n').at(-1);
      let report: RunReport | null = null;
      if (line?.startsWith('{')) {
        try {
          report = JSON.parse(line) as RunReport;
        } catch {
          report = null;
        }
      }
      resolve({ code, signal, report, stderr, pid: child.pid ?? -1 });
    });
  });
}

/** Nothing left to write: the cycle succeeded (or only dead-lettered) and touched no Lead or Task. */
function quiet(r: RunReport | null): boolean {
  return r !== null && r.status !== 'failed' && r.leadsCreated + r.leadsUpdated + r.tasksCreated + r.tasksExisting === 0;
}

function describeRun(o: RunOutcome): string {
  const r = o.report;
  const what = r ? `${r.status}: ${r.leadsCreated} created, ${r.leadsUpdated} updated, ${r.tasksCreated} tasks (+${r.tasksExisting} existing), ${r.deadLettered} dead-lettered${r.error ? `, ${r.error.code} ${r.error.message}` : ''}` : 'no report';
  return `exit ${String(o.code ?? o.signal)} (${what})${r ? '' : `\n${o.stderr}`}`;
}

/** Runs until a cycle has nothing left to write; throws when that takes too many runs or a run fails. */
async function runToCompletion(sandbox: RunningSandbox, dbUrl: string, configDir: string, timeoutMs: number, log: (l: string) => void): Promise<number> {
  for (let run = 1; run <= 6; run++) {
    const o = await runCli(sandbox, dbUrl, configDir, timeoutMs);
    log(`  completion run ${run}: ${describeRun(o)}`);
    if (o.code !== 0 && o.code !== 3) throw new Error(`completion run ${run} failed: ${describeRun(o)}`);
    if (quiet(o.report)) return run;
  }
  throw new Error('six runs after the last kill and still writing');
}

/**
 * A killed process can't write again, but its lease on the writer lock stays until it expires
 * (minutes for `sync`). Releasing it is what that expiry would do, without the wait.
 */
async function releaseDeadLease(dbUrl: string, pid: number): Promise<boolean> {
  const store = await openStateStore(dbUrl);
  try {
    let released = false;
    // The daemon holds `leader` and, during a cycle, `sync`; a one-shot sync holds `sync`.
    for (const name of [LEADER_LEASE, JOB_LEASES.sync, JOB_LEASES.replay]) {
      const lock = await store.getLock(name);
      if (lock?.holder?.pid === pid && (await store.releaseLock(name, lock.token))) released = true;
    }
    return released;
  } finally {
    await store.close();
  }
}

async function cursorValue(dbUrl: string): Promise<string | null> {
  const store = await openStateStore(dbUrl);
  try {
    return (await store.getCursor('contacts'))?.value ?? null;
  } finally {
    await store.close();
  }
}

// ── The clean run ────────────────────────────────────────────────────────────────────────────────

/** The dataset (with its user changes) through uninterrupted runs on a fresh sandbox and state. */
export async function runBaseline(ds: CrashDataset, opts: { runTimeoutMs?: number; log?: (l: string) => void } = {}): Promise<Baseline> {
  const log = opts.log ?? (() => undefined);
  const started = Date.now();
  const sandbox = await startFor(ds);
  const db = freshStateUrl();
  try {
    applyChanges(sandbox.control, ds.changes);
    const calls: CallCounts = { read: 0, 'lead-write': 0, 'task-write': 0, writeback: 0 };
    const untap = tapRequests(sandbox.control, (call) => (calls[call] += 1));
    const first = await runCli(sandbox, db.url, ds.configDir, opts.runTimeoutMs ?? 300_000).finally(untap);
    log(`  clean run 1: ${describeRun(first)}`);
    if (first.code !== 0 && first.code !== 3) throw new Error(`the clean run failed: ${describeRun(first)}`);
    const runs = quiet(first.report) ? 1 : 1 + (await runToCompletion(sandbox, db.url, ds.configDir, opts.runTimeoutMs ?? 300_000, log));
    const snapshot = await snapshotOf(sandbox, db.url, ds);
    const problems = [...snapshot.ledger, ...snapshot.writeback, ...snapshot.duplicates];
    if (problems.length > 0) throw new Error(`the clean run itself is inconsistent:\n${problems.slice(0, 20).join('\n')}`);
    return { expected: snapshot.facts, calls, runs, durationMs: Date.now() - started };
  } finally {
    await sandbox.stop();
    await db.drop();
  }
}

// ── A trial ──────────────────────────────────────────────────────────────────────────────────────

/** Kill points for a plan, drawn from the clean run's call counts (so every kill can land). */
function drawTarget(rng: Rng, phase: KillPhase, calls: CallCounts): number {
  const max =
    phase === 'in-flight' ? calls['lead-write'] + calls['task-write'] : phase === 'after-writes' ? 150 : calls[phase];
  return rng.int(phase === 'after-writes' ? 0 : 1, Math.max(1, max));
}

export async function runTrial(ds: CrashDataset, baseline: Baseline, plan: TrialPlan, opts: TrialOptions): Promise<TrialResult> {
  const log = opts.log ?? (() => undefined);
  const timeoutMs = opts.runTimeoutMs ?? 300_000;
  const rng = Rng.derive(opts.seed, 'crash-trial');
  const started = Date.now();
  const sandbox = await startFor(ds);
  const db = freshStateUrl();
  const kills: KillOutcome[] = [];
  let settleAt = 0;
  try {
    for (const [i, phase] of plan.phases.entries()) {
      if (plan.changesAfter === i) {
        applyChanges(sandbox.control, ds.changes);
        log('  user changes applied');
      }
      const target = drawTarget(rng, phase, baseline.calls);
      const heldMs = rng.int(300, 9_000);
      let killed = false;
      let seen = 0;
      let rule: FaultRule | undefined;
      let kill: () => void = () => undefined;
      const fire = (): void => {
        killed = true;
        kill();
      };
      // The request before the target arms the hold, so the target itself is held.
      const holdNext = (): void => {
        rule = sandbox.control.salesforce.faults.add({ path: '/composite/sobjects', kind: 'latency', latencyMs: heldMs, times: 1 });
      };
      if (phase === 'in-flight' && target === 1) holdNext();
      const cursorBefore = await cursorValue(db.url);
      const untap = tapRequests(sandbox.control, (call, hit) => {
        if (killed) return;
        if (phase === 'in-flight') {
          if (rule && hit?.id === rule.id) {
            settleAt = Math.max(settleAt, Date.now() + heldMs + 1_000);
            fire();
          } else if (call === 'lead-write' || call === 'task-write') {
            seen += 1;
            if (seen === target - 1) holdNext();
          }
          return;
        }
        if (phase === 'after-writes') {
          if (call === 'writeback' && seen++ === 0) setTimeout(fire, target);
          return;
        }
        if (call === phase && ++seen === target) fire();
      });
      const o = await runCli(sandbox, db.url, ds.configDir, timeoutMs, { attach: (k) => (kill = k) }).finally(untap);
      sandbox.control.salesforce.faults.clear();
      const wasKilled = o.signal === 'SIGKILL' && killed;
      if (!wasKilled && o.code !== 0 && o.code !== 3) throw new Error(`run ${i + 1} (${phase}) failed without a kill: ${describeRun(o)}`);
      if (wasKilled) await releaseDeadLease(db.url, o.pid);
      const committed = (await cursorValue(db.url)) !== cursorBefore;
      const outcome: KillOutcome = { phase, target, killed: wasKilled, committed, ...(phase === 'in-flight' && wasKilled ? { heldMs } : {}) };
      kills.push(outcome);
      log(`  kill ${i + 1}: ${phase} #${target} → ${wasKilled ? `killed (${committed ? 'after' : 'before'} commit)` : `missed, ${describeRun(o)}`}`);
    }
    if (plan.changesAfter !== undefined && plan.changesAfter >= plan.phases.length) {
      applyChanges(sandbox.control, ds.changes);
      log('  user changes applied');
    }
    const completionRuns = await runToCompletion(sandbox, db.url, ds.configDir, timeoutMs, log);
    // A held write may still be on its way; it must land (or fail) before the org is judged.
    const wait = settleAt - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const snapshot = await snapshotOf(sandbox, db.url, ds);
    return { seed: opts.seed, kills, completionRuns, durationMs: Date.now() - started, verdict: compare(baseline.expected, snapshot) };
  } finally {
    await sandbox.stop();
    await db.drop();
  }
}

// ── Judging the result ───────────────────────────────────────────────────────────────────────────

interface Snapshot {
  /** What the org holds, in the terms a clean run's expectation is stated in. */
  facts: Expected;
  duplicates: string[];
  ledger: string[];
  writeback: string[];
  /** HubSpot id → Leads keyed with it. */
  leadsByHubspotId: Map<string, number>;
}

const str = (v: unknown): string => (typeof v === 'string' ? v : v === null || v === undefined ? '' : JSON.stringify(v));

/** Reads the org (without using API allocation), the state and the HubSpot writeback. */
async function snapshotOf(sandbox: RunningSandbox, dbUrl: string, ds: CrashDataset): Promise<Snapshot> {
  const sf = sandbox.control.salesforce;
  const datasetIds = new Set([...ds.dataset.salesforce.Lead, ...ds.dataset.salesforce.Contact].map((r) => str(r.Id)).filter(Boolean));
  const leads = sf.query('SELECT Id, HubSpot_Contact_Id__c FROM Lead');
  const contacts = sf.query('SELECT Id FROM Contact');
  // The sandbox's SOQL has no GROUP BY: tasks are counted per key here.
  const tasks = sf.query('SELECT Id, WhoId, Handoff_Key__c FROM Task WHERE Handoff_Key__c != null');
  const duplicates: string[] = [];

  const leadsByHubspotId = new Map<string, number>();
  const leadKeyOf = new Map<string, string>();
  for (const l of leads) {
    const key = str(l.HubSpot_Contact_Id__c);
    if (!key) continue;
    leadsByHubspotId.set(key, (leadsByHubspotId.get(key) ?? 0) + 1);
    leadKeyOf.set(str(l.Id), key);
  }
  for (const [key, n] of leadsByHubspotId) if (n > 1) duplicates.push(`${n} Leads with HubSpot_Contact_Id__c ${key}`);

  const contactIds = new Set(contacts.map((c) => str(c.Id)));
  const taskByKey = new Map<string, Record<string, unknown>>();
  const perKey = new Map<string, number>();
  for (const t of tasks) {
    const key = str(t.Handoff_Key__c);
    perKey.set(key, (perKey.get(key) ?? 0) + 1);
    taskByKey.set(key, t);
  }
  for (const [key, n] of perKey) if (n > 1) duplicates.push(`${n} Tasks with Handoff_Key__c ${key}`);

  // Who a Task is for, comparable across two sandboxes: records from the dataset by Id, new Leads by their key.
  const whoSignature = (whoId: string): string => {
    if (datasetIds.has(whoId)) return whoId;
    if (contactIds.has(whoId)) return `new Contact ${whoId}`;
    const key = leadKeyOf.get(whoId);
    return key ? `new Lead for ${key}` : `unknown ${whoId}`;
  };
  const taskOwners = new Map<string, string>();
  for (const [key, t] of taskByKey) taskOwners.set(key, whoSignature(str(t.WhoId)));

  const store = await openStateStore(dbUrl);
  const ledger: string[] = [];
  const writeback: string[] = [];
  let deadLetters: Map<string, string>;
  try {
    const records = await store.listHandoffRecords();
    const withKey = new Set<string>();
    const leadIds = new Set(leads.map((l) => str(l.Id)));
    const hs = sandbox.control.hubspot.store;
    for (const r of records) {
      if (r.status !== 'handed_off' || !r.handoffKey) continue;
      withKey.add(r.handoffKey);
      const t = taskByKey.get(r.handoffKey);
      const who = r.salesforceContactId ?? r.salesforceLeadId;
      if (!t) ledger.push(`record ${r.hubspotId} (${r.handoffKey}) has no Task in Salesforce`);
      else if (str(t.Id) !== r.salesforceTaskId) ledger.push(`record ${r.hubspotId} names Task ${str(r.salesforceTaskId)}, Salesforce has ${str(t.Id)}`);
      else if (str(t.WhoId) !== who) ledger.push(`record ${r.hubspotId} names ${str(who)}, its Task is on ${str(t.WhoId)}`);
      if (r.salesforceContactId && !contactIds.has(r.salesforceContactId)) ledger.push(`record ${r.hubspotId}: Contact ${r.salesforceContactId} does not exist`);
      if (r.salesforceLeadId && !leadIds.has(r.salesforceLeadId)) ledger.push(`record ${r.hubspotId}: Lead ${r.salesforceLeadId} does not exist`);
      const rec = hs.collection('contacts').get(Number(r.hubspotId));
      const written = rec ? hs.getProp('contacts', rec, WRITEBACK_PROPERTIES.salesforceId) : null;
      if (written !== who) writeback.push(`contact ${r.hubspotId}: ${WRITEBACK_PROPERTIES.salesforceId} is ${str(written) || 'not set'}, expected ${str(who)}`);
    }
    for (const key of taskByKey.keys()) if (!withKey.has(key)) ledger.push(`Task ${key} has no handoff record`);
    deadLetters = new Map((await store.listDeadLetters({ unresolvedOnly: true })).map((d) => [d.hubspotId, `${d.stage} ${d.code}: ${d.message}`]));
  } finally {
    await store.close();
  }
  return {
    facts: { tasks: taskOwners, keyedLeads: new Set(leadsByHubspotId.keys()), leadCount: leads.length, contactCount: contacts.length, deadLetters },
    duplicates,
    ledger,
    writeback,
    leadsByHubspotId,
  };
}

function compare(want: Expected, got: Snapshot): Verdict {
  const lost: string[] = [];
  const duplicates = [...got.duplicates];
  const mismatches: string[] = [];
  for (const [key, who] of want.tasks) {
    const actual = got.facts.tasks.get(key);
    if (actual === undefined) lost.push(key);
    else if (actual !== who) mismatches.push(`Task ${key} is on ${actual}, the clean run put it on ${who}`);
    const hubspotId = key.split(':')[0] ?? key;
    // A contact that matched an existing Contact must not have got a Lead as well.
    if (!who.startsWith('new Lead') && !want.keyedLeads.has(hubspotId) && got.leadsByHubspotId.has(hubspotId)) {
      duplicates.push(`a Lead was created for ${hubspotId}, whose Task is on ${who}`);
    }
  }
  for (const key of got.facts.tasks.keys()) if (!want.tasks.has(key)) duplicates.push(`Task ${key} beyond the clean run's`);
  for (const id of got.facts.keyedLeads) if (!want.keyedLeads.has(id)) duplicates.push(`Lead for ${id} beyond the clean run's`);
  for (const id of want.keyedLeads) if (!got.facts.keyedLeads.has(id)) lost.push(`Lead for ${id}`);
  if (got.facts.leadCount > want.leadCount) duplicates.push(`${got.facts.leadCount} Leads, the clean run has ${want.leadCount}`);
  if (got.facts.contactCount !== want.contactCount) mismatches.push(`${got.facts.contactCount} Contacts, the clean run has ${want.contactCount}`);
  for (const [id, why] of got.facts.deadLetters) if (!want.deadLetters.has(id)) mismatches.push(`${id} dead-lettered (${why}), the clean run handed it off`);
  for (const [id, why] of want.deadLetters) if (!got.facts.deadLetters.has(id)) mismatches.push(`${id} not dead-lettered, the clean run did (${why})`);
  return {
    expectedTasks: want.tasks.size,
    tasks: got.facts.tasks.size,
    leads: got.facts.leadCount,
    lost,
    duplicates,
    mismatches,
    ledger: got.ledger,
    writeback: got.writeback,
  };
}

/** One line per problem, for a failure message. */
export function verdictLines(v: Verdict, max = 30): string[] {
  const all = [
    ...v.lost.map((x) => `lost: ${x}`),
    ...v.duplicates.map((x) => `duplicate: ${x}`),
    ...v.mismatches.map((x) => `mismatch: ${x}`),
    ...v.ledger.map((x) => `ledger: ${x}`),
    ...v.writeback.map((x) => `writeback: ${x}`),
  ];
  return all.length > max ? [...all.slice(0, max), `… and ${all.length - max} more`] : all;
}
