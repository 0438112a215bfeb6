import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Connection } from 'jsforce';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { loadConfig } from '../../src/config/load.js';
import { generateDataset, withUsers } from '@handoff/sandbox';
import { startSandbox } from '@handoff/sandbox';
import type { RunningSandbox } from '@handoff/sandbox';
import { routingUsers } from '../../src/runtime/cli/routing-users.js';
import { CONFIG_DIR, freshStateUrl } from '../helpers/pipeline.js';

/**
 * A backfill and sync cycles over the same contacts at once, as real processes, SIGKILLed at random
 * points in either (seeded), restarted until both finish. The result must equal a clean serial run
 * (backfill, then sync) of the same portal into a fresh org and state: the same Leads and Tasks by
 * key, none twice, each Lead's owner its Task's owner and a member of the team routing picks, and
 * each team's round robin even to within one. Runs on SQLite, and on PostgreSQL with
 * HANDOFF_TEST_STATE=postgres.
 */
const ROOT = join(import.meta.dirname, '..', '..');
const DAY = 86_400_000;
const SINCE = new Date(Date.now() - 400 * DAY).toISOString().slice(0, 10);
const WRITES = /^(POST|PATCH) \/composite\/sobjects\/(Lead|Task)\b/;
const SEED = Number(process.env.SIDE_BY_SIDE_SEED ?? 12);

/**
 * The shipped configuration, with the sync looking back as far as the backfill (every contact is
 * in both), routing by round robin alone (no existing or account owner), and the account's whole
 * HubSpot rate (the sandbox's limits are off).
 */
function configDir(): string {
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
  });
  edit('routing.yaml', (d) => {
    (d as Record<string, unknown>).keepExistingOwner = false;
    (d as Record<string, unknown>).useAccountOwner = false;
  });
  return dir;
}
const CONFIG = configDir();

interface Target {
  sandbox: RunningSandbox;
  dbUrl: string;
  conn: Connection;
}
interface Run {
  proc: ChildProcess;
  done: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
}

const children: ChildProcess[] = [];

function handoff(t: Target, args: string[]): Run {
  const proc = spawn(process.execPath, ['--import', 'tsx', join('src', 'runtime', 'cli', 'main.ts'), ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...t.sandbox.env, HANDOFF_DATABASE_URL: t.dbUrl, HANDOFF_CONFIG_DIR: CONFIG, LOG_FORMAT: 'json', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(proc);
  let stdout = '';
  let stderr = '';
  proc.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
  proc.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  return { proc, done: new Promise((resolve) => proc.once('exit', (code, signal) => resolve({ code, signal, stdout, stderr }))) };
}
const backfill = (t: Target): Run => handoff(t, ['backfill', '--since', SINCE, '--with-tasks', '--yes', '--json']);
const sync = (t: Target): Run => handoff(t, ['sync', '--once', '--json']);

/** Runs until it exits 0 or 3 (done, some dead letters); fails on anything else. */
async function toCompletion(start: () => Run): Promise<void> {
  const r = await start().done;
  if (r.code !== 0 && r.code !== 3) throw new Error(`exit ${String(r.code)}: ${r.stderr.slice(-2000)}`);
}

/** Requests either API has seen: the clock the random kill points are drawn on. */
const requests = (t: Target): number =>
  Object.values(t.sandbox.control.salesforce.log.counters()).reduce((n, v) => n + v, 0) + t.sandbox.control.hubspot.log.entries().length;
const writes = (t: Target): number =>
  Object.entries(t.sandbox.control.salesforce.log.counters())
    .filter(([k]) => WRITES.test(k))
    .reduce((n, [, v]) => n + v, 0);

/** A small seeded generator, so a failure can be replayed with SIDE_BY_SIDE_SEED. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

interface Outcome {
  leads: Map<string, string>;
  tasks: Map<string, string>;
  leadCount: number;
  taskCount: number;
}

async function outcome(t: Target): Promise<Outcome> {
  const leads = await t.conn.query<{ HubSpot_Contact_Id__c: string; OwnerId: string }>('SELECT HubSpot_Contact_Id__c, OwnerId FROM Lead WHERE HubSpot_Contact_Id__c != null', { autoFetch: true, maxFetch: 100_000 });
  const tasks = await t.conn.query<{ Handoff_Key__c: string; OwnerId: string }>('SELECT Handoff_Key__c, OwnerId FROM Task WHERE Handoff_Key__c != null', { autoFetch: true, maxFetch: 100_000 });
  return {
    leads: new Map(leads.records.map((r) => [r.HubSpot_Contact_Id__c, r.OwnerId])),
    tasks: new Map(tasks.records.map((r) => [r.Handoff_Key__c, r.OwnerId])),
    leadCount: leads.records.length,
    taskCount: tasks.records.length,
  };
}

describe('a backfill and sync cycles over the same contacts, SIGKILLed at random points in either (real processes)', () => {
  const routing = loadConfig({ env: {}, dir: CONFIG }).routing;
  const dataset = withUsers(generateDataset({ contacts: 1200, seed: 31 }), routingUsers(routing));
  let reference: Target;
  let victim: Target;
  const drops: (() => Promise<void>)[] = [];

  const target = async (): Promise<Target> => {
    const sandbox = await startSandbox({ dataset, rateLimits: false });
    const state = freshStateUrl();
    drops.push(state.drop);
    const conn = new Connection({ oauth2: { clientId: sandbox.env.SALESFORCE_CLIENT_ID ?? '', clientSecret: sandbox.env.SALESFORCE_CLIENT_SECRET ?? '', loginUrl: sandbox.salesforceUrl }, version: '64.0' });
    await conn.authorize({ grant_type: 'client_credentials' });
    return { sandbox, dbUrl: state.url, conn };
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

  it('ends with the Leads and Tasks of a clean serial run: one owner per Lead and Task, teams even, nothing lost or twice', { timeout: 600_000 }, async () => {
    const random = rng(SEED);
    // The clean serial run, meanwhile: the backfill, then a sync.
    const clean = (async () => {
      await toCompletion(() => backfill(reference));
      await toCompletion(() => sync(reference));
    })();

    // Both at once over the same contacts; up to four kills, each after a random number of
    // Salesforce writes, in whichever of the two the dice pick among those running. A killed or
    // finished sync runs again (the next cycle); a killed backfill is started again until done.
    const runs = { backfill: backfill(victim), sync: sync(victim) };
    const running = (r: Run): boolean => r.proc.exitCode === null && r.proc.signalCode === null;
    const killed: string[] = [];
    let backfillDone = false;
    while (killed.length < 4) {
      const alive = (['backfill', 'sync'] as const).filter((n) => running(runs[n]));
      // Each at least once: the first two kills go to one of each.
      const pick = killed.length === 0 && alive.includes('backfill') ? 'backfill' : killed.length === 1 && alive.includes('sync') ? 'sync' : (alive[Math.floor(random() * alive.length)] ?? 'sync');
      const at = requests(victim) + 5 + Math.floor(random() * 60);
      const run = runs[pick];
      const hit = await new Promise<boolean>((resolve) => {
        const poll = setInterval(() => {
          if (requests(victim) >= at) {
            clearInterval(poll);
            resolve(run.proc.kill('SIGKILL'));
          }
        }, 2);
        void run.done.then(() => {
          clearInterval(poll);
          resolve(false);
        });
      });
      if (hit) killed.push(pick);
      if (!running(runs.backfill)) {
        const r = await runs.backfill.done;
        if (r.code === 0 || r.code === 3) backfillDone = true;
        if (!backfillDone) runs.backfill = backfill(victim);
      }
      if (!running(runs.sync)) {
        await runs.sync.done;
        runs.sync = sync(victim);
      }
    }
    // Then both to completion, and a last sync as in the clean run.
    const rb = await runs.backfill.done;
    if (rb.code !== 0 && rb.code !== 3) await toCompletion(() => backfill(victim));
    await runs.sync.done;
    await toCompletion(() => sync(victim));
    await clean;
    const kills = killed.length;
    expect(killed).toContain('backfill');
    expect(killed).toContain('sync');
    expect(writes(victim)).toBeGreaterThan(0);
    expect(kills, `killed: ${killed.join(', ')}`).toBeGreaterThanOrEqual(2);

    const want = await outcome(reference);
    const got = await outcome(victim);
    expect(want.leads.size).toBeGreaterThan(50);
    expect(want.tasks.size).toBeGreaterThan(50);
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
    const userRows = await victim.conn.query<{ Id: string; Username: string; Email: string }>('SELECT Id, Username, Email FROM User', { autoFetch: true, maxFetch: 10_000 });
    const users = new Map<string, string>();
    for (const u of userRows.records) users.set(u.Id, (teamOfName(u.Username) ? u.Username : u.Email ?? '').toLowerCase());

    for (const [key, taskOwner] of got.tasks) {
      const id = key.split(':')[0] ?? '';
      const leadOwner = got.leads.get(id);
      if (leadOwner !== undefined) expect(leadOwner, `contact ${id}`).toBe(taskOwner);
      expect(teamOf.has(users.get(taskOwner) ?? ''), `owner of ${key}`).toBe(true);
    }
    // Round robin stays even: per team, each member's handoffs within one of the others'.
    const spread = (o: Outcome): Map<string, number> => {
      const counts = new Map<string, Map<string, number>>();
      for (const owner of o.tasks.values()) {
        const name = users.get(owner) ?? '';
        const team = teamOf.get(name);
        if (!team) continue;
        const c = counts.get(team) ?? new Map<string, number>();
        c.set(name, (c.get(name) ?? 0) + 1);
        counts.set(team, c);
      }
      return new Map([...counts].map(([team, c]) => {
        const members = routing.teams.find((t) => t.name === team)?.members.length ?? 1;
        const values = [...c.values(), ...Array.from({ length: members - c.size }, () => 0)];
        return [team, Math.max(...values) - Math.min(...values)];
      }));
    };
    for (const [team, d] of spread(got)) expect(d, `team ${team}`).toBeLessThanOrEqual(1);
  });
});
