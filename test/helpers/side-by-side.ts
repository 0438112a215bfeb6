import type { ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Connection } from 'jsforce';
import { afterAll, beforeAll, expect } from 'vitest';
import { parse, stringify } from 'yaml';
import { startSandbox } from '@handoff/sandbox';
import type { Dataset, RunningSandbox } from '@handoff/sandbox';
import type { Config } from '../../src/config/load.js';
import { spawnHandoff } from './cli.js';
import type { HandoffRun } from './cli.js';
import { CONFIG_DIR, freshStateUrl } from './pipeline.js';

/**
 * What the kill tests of jobs side by side share (test/e2e/side-by-side-kill.test.ts,
 * daemon-kill.test.ts): their configuration, a sandbox with its own state, Handoff as child
 * processes, and the comparison with a clean serial run.
 */

/**
 * The shipped configuration, with the sync looking back as far as the backfill (every contact is
 * in both), routing by round robin alone (no existing or account owner), and the account's whole
 * HubSpot rate (the sandbox's limits are off); `handoff` edits handoff.yaml further.
 */
export function sideBySideConfig(handoff: (doc: Record<string, Record<string, unknown>>) => void = () => undefined): string {
  const dir = mkdtempSync(join(tmpdir(), 'handoff-config-'));
  cpSync(CONFIG_DIR, dir, { recursive: true });
  const edit = (name: string, fn: (doc: Record<string, Record<string, unknown>>) => void): void => {
    const file = join(dir, name);
    const doc = parse(readFileSync(file, 'utf8')) as Record<string, Record<string, unknown>>;
    fn(doc);
    writeFileSync(file, stringify(doc));
  };
  edit('handoff.yaml', (d) => {
    d.hubspot = { ...d.hubspot, rateShare: 1 };
    d.sync = { ...d.sync, initialLookbackDays: 400 };
    handoff(d);
  });
  edit('routing.yaml', (d) => {
    (d as Record<string, unknown>).keepExistingOwner = false;
    (d as Record<string, unknown>).useAccountOwner = false;
  });
  return dir;
}

/** A sandbox over the dataset, a fresh state (dropped by `drop`) and a connection to its org. */
export interface Target {
  sandbox: RunningSandbox;
  dbUrl: string;
  conn: Connection;
  drop(): Promise<void>;
}

export async function startTarget(dataset: Dataset): Promise<Target> {
  const sandbox = await startSandbox({ dataset, rateLimits: false });
  const state = freshStateUrl();
  const conn = new Connection({ oauth2: { clientId: sandbox.env.SALESFORCE_CLIENT_ID ?? '', clientSecret: sandbox.env.SALESFORCE_CLIENT_SECRET ?? '', loginUrl: sandbox.salesforceUrl }, version: '64.0' });
  await conn.authorize({ grant_type: 'client_credentials' });
  return { sandbox, dbUrl: state.url, conn, drop: state.drop };
}

export type Run = HandoffRun;

/** Starts `handoff <args>` from the source against the target with the configuration in `config`; `children` keeps it for cleanup. */
export function handoffOn(t: Target, config: string, args: string[], children: ChildProcess[]): Run {
  return spawnHandoff(args, { ...t.sandbox.env, HANDOFF_DATABASE_URL: t.dbUrl, HANDOFF_CONFIG_DIR: config, LOG_FORMAT: 'json', LOG_LEVEL: 'warn' }, children);
}

/**
 * A reference and a victim target over the same dataset for the describe block that calls it,
 * started before its tests and stopped (children killed, states dropped) after them.
 */
export function twoTargets(dataset: Dataset, children: ChildProcess[]): { reference: Target; victim: Target } {
  const both = {} as { reference: Target; victim: Target };
  beforeAll(async () => {
    both.reference = await startTarget(dataset);
    both.victim = await startTarget(dataset);
  });
  afterAll(async () => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    for (const t of [both.reference, both.victim]) {
      await t?.sandbox.stop();
      await t?.drop();
    }
  });
  return both;
}

/** Waits for the run; it must exit 0 or 3 (done, some dead letters). */
export async function completes(run: Run): Promise<void> {
  const r = await run.done;
  if (r.code !== 0 && r.code !== 3) throw new Error(`exit ${String(r.code)}: ${r.stderr.slice(-2000)}`);
}

/** Requests either API of the target has seen: the clock kill points are drawn on. */
export const requests = (t: Target): number =>
  Object.values(t.sandbox.control.salesforce.log.counters()).reduce((n, v) => n + v, 0) + t.sandbox.control.hubspot.log.entries().length;

/** The handoffs an org holds: Leads by HubSpot key and Tasks by handoff key, each with its owner. */
export interface Outcome {
  leads: Map<string, string>;
  tasks: Map<string, string>;
  leadCount: number;
  taskCount: number;
}

export async function outcome(conn: Connection): Promise<Outcome> {
  const leads = await conn.query<{ HubSpot_Contact_Id__c: string; OwnerId: string }>('SELECT HubSpot_Contact_Id__c, OwnerId FROM Lead WHERE HubSpot_Contact_Id__c != null', { autoFetch: true, maxFetch: 100_000 });
  const tasks = await conn.query<{ Handoff_Key__c: string; OwnerId: string }>('SELECT Handoff_Key__c, OwnerId FROM Task WHERE Handoff_Key__c != null', { autoFetch: true, maxFetch: 100_000 });
  return {
    leads: new Map(leads.records.map((r) => [r.HubSpot_Contact_Id__c, r.OwnerId])),
    tasks: new Map(tasks.records.map((r) => [r.Handoff_Key__c, r.OwnerId])),
    leadCount: leads.records.length,
    taskCount: tasks.records.length,
  };
}

/**
 * What a run interrupted by kills must end with, against a clean serial run: the same Leads and
 * Tasks by key, none twice, each Lead's owner its Task's owner and a member of a routing team, and
 * each team's round robin even to within one. The clean run must have handed off more than `atLeast`.
 */
export async function expectSameHandoffs(got: Outcome, want: Outcome, routing: Config['routing'], conn: Connection, atLeast = 50): Promise<void> {
  expect(want.leads.size).toBeGreaterThan(atLeast);
  expect(want.tasks.size).toBeGreaterThan(atLeast);
  // Nothing twice, nothing lost: the same keys, each once.
  expect(got.leadCount).toBe(got.leads.size);
  expect(got.taskCount).toBe(got.tasks.size);
  expect([...got.leads.keys()].sort()).toEqual([...want.leads.keys()].sort());
  expect([...got.tasks.keys()].sort()).toEqual([...want.tasks.keys()].sort());
  expect(got.leadCount).toBe(want.leadCount);
  expect(got.taskCount).toBe(want.taskCount);

  // One owner per handoff: the Lead's is its Task's, and it is a member of a routing team.
  const teamOf = new Map<string, string>();
  for (const t of routing.teams) for (const m of t.members) teamOf.set(m.toLowerCase(), t.name);
  const teamOfName = (name: string | undefined): boolean => teamOf.has((name ?? '').toLowerCase());
  const userRows = await conn.query<{ Id: string; Username: string; Email: string }>('SELECT Id, Username, Email FROM User', { autoFetch: true, maxFetch: 10_000 });
  const users = new Map<string, string>();
  for (const u of userRows.records) users.set(u.Id, (teamOfName(u.Username) ? u.Username : u.Email ?? '').toLowerCase());

  for (const [key, taskOwner] of got.tasks) {
    const id = key.split(':')[0] ?? '';
    const leadOwner = got.leads.get(id);
    if (leadOwner !== undefined) expect(leadOwner, `contact ${id}`).toBe(taskOwner);
    expect(teamOf.has(users.get(taskOwner) ?? ''), `owner of ${key}`).toBe(true);
  }
  // Round robin stays even: per team, each member's handoffs within one of the others'.
  const counts = new Map<string, Map<string, number>>();
  for (const owner of got.tasks.values()) {
    const name = users.get(owner) ?? '';
    const team = teamOf.get(name);
    if (!team) continue;
    const c = counts.get(team) ?? new Map<string, number>();
    c.set(name, (c.get(name) ?? 0) + 1);
    counts.set(team, c);
  }
  for (const [team, c] of counts) {
    const members = routing.teams.find((t) => t.name === team)?.members.length ?? 1;
    const values = [...c.values(), ...Array.from({ length: members - c.size }, () => 0)];
    expect(Math.max(...values) - Math.min(...values), `team ${team}`).toBeLessThanOrEqual(1);
  }
}
