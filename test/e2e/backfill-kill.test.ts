import { spawnHandoff } from '../helpers/cli.js';
import type { ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Connection } from 'jsforce';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { loadConfig } from '../../src/config/load.js';
import { generateDataset, startSandbox, withUsers } from '@handoff/sandbox';
import type { RunningSandbox } from '@handoff/sandbox';
import { openStateStore } from '../../src/adapters/state/index.js';
import { routingUsers } from '../../src/runtime/cli/routing-users.js';
import { CONFIG_DIR, freshStateUrl } from '../helpers/pipeline.js';
import { killWhen } from '../helpers/kill.js';

/**
 * A real `handoff backfill --with-tasks` process SIGKILLed while it writes to Salesforce, then run
 * again to completion. The result must equal that of an uninterrupted backfill of the same portal
 * into a second, fresh org and state: every contact one Lead at most, every handoff one Task.
 */
const DAY = 86_400_000;
const SINCE = new Date(Date.now() - 365 * DAY).toISOString().slice(0, 10);
const LEAD_WRITES = /^PATCH \/composite\/sobjects\/Lead\b/;

interface Target {
  sandbox: RunningSandbox;
  dbUrl: string;
  conn: Connection;
}

interface Finished {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

const children: ChildProcess[] = [];

/**
 * The shipped configuration, allowed the account's whole HubSpot rate (the sandbox's limits are
 * off) so each run takes seconds rather than waiting out 10-second windows.
 */
function configDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'handoff-config-'));
  cpSync(CONFIG_DIR, dir, { recursive: true });
  const file = join(dir, 'handoff.yaml');
  const doc = parse(readFileSync(file, 'utf8')) as { hubspot?: Record<string, unknown> };
  doc.hubspot = { ...doc.hubspot, rateShare: 1 };
  writeFileSync(file, stringify(doc));
  return dir;
}
const CONFIG = configDir();

function backfill(t: Target): { proc: ChildProcess; done: Promise<Finished> } {
  const env = { ...t.sandbox.env, HANDOFF_DATABASE_URL: t.dbUrl, HANDOFF_CONFIG_DIR: CONFIG, LOG_FORMAT: 'json', LOG_LEVEL: 'warn' };
  return spawnHandoff(['backfill', '--since', SINCE, '--with-tasks', '--json'], env, children);
}

function report(f: Finished): Record<string, unknown> {
  const line = f.stdout.trim().split('\n').at(-1) ?? '';
  try {
    return JSON.parse(line) as Record<string, unknown>;
  } catch {
    throw new Error(`no JSON report (exit ${String(f.code)}):\n${f.stdout}\n${f.stderr}`);
  }
}

const leadWrites = (t: Target): number =>
  Object.entries(t.sandbox.control.salesforce.log.counters())
    .filter(([k]) => LEAD_WRITES.test(k))
    .reduce((n, [, v]) => n + v, 0);

async function column(t: Target, soql: string, field: string): Promise<string[]> {
  const res = await t.conn.query<Record<string, string>>(soql, { autoFetch: true, maxFetch: 100_000 });
  return res.records.map((r) => String(r[field]));
}

async function outcome(t: Target): Promise<{ leads: string[]; tasks: string[]; leadCount: number; taskCount: number }> {
  return {
    leads: (await column(t, 'SELECT HubSpot_Contact_Id__c FROM Lead WHERE HubSpot_Contact_Id__c != null', 'HubSpot_Contact_Id__c')).sort(),
    tasks: (await column(t, 'SELECT Handoff_Key__c FROM Task WHERE Handoff_Key__c != null', 'Handoff_Key__c')).sort(),
    leadCount: (await t.conn.query('SELECT COUNT() FROM Lead')).totalSize,
    taskCount: (await t.conn.query('SELECT COUNT() FROM Task')).totalSize,
  };
}

describe('backfill killed with SIGKILL and run again (real processes)', () => {
  const routing = loadConfig({ env: {}, dir: CONFIG_DIR }).routing;
  const dataset = withUsers(generateDataset({ contacts: 3000, seed: 23 }), routingUsers(routing));
  let reference: Target;
  let victim: Target;
  const drops: (() => Promise<void>)[] = [];

  const target = async (): Promise<Target> => {
    const sandbox = await startSandbox({ dataset, rateLimits: false });
    // A new SQLite file, or a schema of its own with HANDOFF_TEST_STATE=postgres.
    const state = freshStateUrl();
    drops.push(state.drop);
    const dbUrl = state.url;
    const conn = new Connection({ oauth2: { clientId: sandbox.env.SALESFORCE_CLIENT_ID ?? '', clientSecret: sandbox.env.SALESFORCE_CLIENT_SECRET ?? '', loginUrl: sandbox.salesforceUrl }, version: '64.0' });
    await conn.authorize({ grant_type: 'client_credentials' });
    return { sandbox, dbUrl, conn };
  };

  beforeAll(async () => {
    reference = await target();
    victim = await target();
  });
  afterAll(async () => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    await reference?.sandbox.stop();
    await victim?.sandbox.stop();
    for (const drop of drops) await drop();
  });

  it('ends with exactly the Leads and Tasks of an uninterrupted run, none twice', { timeout: 240_000 }, async () => {
    // 1. Kill the backfill once Salesforce has seen Lead writes, before it finishes.
    const first = backfill(victim);
    const killed = await killWhen(first, () => leadWrites(victim) >= 1);
    const interrupted = await first.done;
    expect(killed, interrupted.stderr).toBe(true);
    expect(interrupted.signal).toBe('SIGKILL');
    const store = await openStateStore(victim.dbUrl);
    const cp = await store.getCursor(`backfill:${SINCE}:now`);
    expect(cp === null || (JSON.parse(cp.value) as { done: boolean }).done === false).toBe(true);
    const left = await store.getLock(`backfill:${SINCE}:now`);
    expect(left?.holder?.pid).toBe(first.proc.pid);
    // As if the dead process had renewed its lease just before the kill, and for longer than a rerun
    // takes to start on a busy machine: the rerun must find the lease live and wait it out.
    expect(await store.renewLock(`backfill:${SINCE}:now`, left?.token ?? -1, 30_000)).toBe(true);
    await store.close();
    const atKill = await outcome(victim);
    expect(atKill.leads.length).toBeGreaterThan(0);

    // 2. The uninterrupted reference, while the rerun waits out the dead process's lease.
    const [ref, resumed] = await Promise.all([backfill(reference).done, backfill(victim).done]);
    expect([0, 3], ref.stderr).toContain(ref.code);
    expect([0, 3], resumed.stderr).toContain(resumed.code);
    const refReport = report(ref);
    const resumedReport = report(resumed);
    expect(resumedReport).toMatchObject({ kind: 'backfill', alreadyComplete: false, checkpoint: { done: true } });
    expect(resumedReport.checkpoint).toMatchObject({ processed: (refReport.checkpoint as { processed: number }).processed });
    expect(resumed.stderr).toMatch(/waiting for its lease to expire/);

    // 3. Same Leads and Tasks as the clean run; no HubSpot id and no handoff key twice.
    const want = await outcome(reference);
    const got = await outcome(victim);
    expect(want.leads.length).toBeGreaterThan(50);
    expect(want.tasks.length).toBeGreaterThan(50);
    expect(new Set(got.leads).size).toBe(got.leads.length);
    expect(new Set(got.tasks).size).toBe(got.tasks.length);
    expect(got.leads).toEqual(want.leads);
    expect(got.tasks).toEqual(want.tasks);
    expect(got.leadCount).toBe(want.leadCount);
    expect(got.taskCount).toBe(want.taskCount);
    // One Task per handed-off contact: handoff keys are `<hubspotId>:<episode>`, all episode 1 here.
    expect(new Set(got.tasks.map((k) => k.split(':')[0])).size).toBe(got.tasks.length);

    // 4. A third run knows the window is done and touches nothing.
    const writesBefore = victim.sandbox.control.salesforce.log.entries.length;
    const third = await backfill(victim).done;
    expect(third.code).toBe(0);
    expect(report(third)).toMatchObject({ alreadyComplete: true, leadsCreated: 0, tasksCreated: 0 });
    expect(victim.sandbox.control.salesforce.log.entries.length).toBe(writesBefore);
  });
});
