import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDataset } from '@handoff/sandbox';
import { openStateStore } from '../../src/adapters/state/index.js';
import type { WritePlan } from '../../src/domain/plan.js';
import type { RunReport } from '../../src/domain/report.js';
import { runSourceCli } from '../helpers/cli.js';
import type { CliResult } from '../helpers/cli.js';
import { copyShippedConfig, editFile } from '../helpers/config-dir.js';
import { sfQuery, startHarness } from '../helpers/pipeline.js';
import type { Harness } from '../helpers/pipeline.js';

/**
 * `handoff sync --dry-run` as a real process against the sandbox, in chunks of 60 contacts:
 * it streams one plan line per chunk, writes nothing anywhere, plans what the real run then does,
 * and keeps the people its plan names on stdout, out of the log.
 */
const CHUNK_SIZE = 60;

interface PlanLine {
  chunk: number;
  plan: WritePlan;
}

interface DryRun {
  result: CliResult;
  plans: PlanLine[];
  summary: RunReport;
}

/** A stack frame as Node prints it: `    at fn (file:line:col)`. */
const STACK_FRAME = /^\s+at .+:\d+:\d+\)?$/m;

describe('handoff sync --dry-run against the sandbox (real process, chunked window)', () => {
  const dataset = generateDataset({ contacts: 250, seed: 7 });
  let h: Harness;
  let env: Record<string, string>;
  const handoff = (...args: string[]): Promise<CliResult> => runSourceCli('src/runtime/cli/main.ts', args, env);

  /** Runs `sync --dry-run --json` and splits its JSON Lines; every line must parse. */
  const dryRunJson = async (): Promise<DryRun> => {
    const result = await handoff('sync', '--dry-run', '--json');
    const lines = result.stdout.split('\n');
    expect(lines.pop(), 'stdout ends with a newline').toBe('');
    const parsed = lines.map((line, i) => {
      try {
        return JSON.parse(line) as Record<string, unknown>;
      } catch {
        throw new Error(`stdout line ${i + 1} is not JSON: ${line.slice(0, 200)}\n${result.stderr.slice(-2000)}`);
      }
    });
    const last = parsed.pop() as unknown as RunReport;
    // Plan lines, then exactly one summary: the last line and only it is a report.
    expect(last, result.stderr.slice(-2000)).toMatchObject({ kind: 'sync', dryRun: true });
    for (const p of parsed) expect(Object.keys(p).sort()).toEqual(['chunk', 'plan']);
    return { result, plans: parsed as unknown as PlanLine[], summary: last };
  };

  /** What a plan names, comparable across runs (scores and due dates move with the clock). */
  const identities = (plans: PlanLine[]) =>
    plans.map(({ chunk, plan }) => ({
      chunk,
      leads: plan.leads.map((l) => [l.hubspotId, l.isNew, l.record.OwnerId]),
      tasks: plan.tasks.map((t) => [t.handoffKey, t.record.OwnerId]),
      skips: plan.skips.map((s) => [s.hubspotId, s.kind]),
      deadLetters: plan.deadLetters.map((d) => [d.hubspotId, d.code]),
      contactsMatched: plan.contactsMatched,
    }));

  const distinct = (ids: string[]): string[] => [...new Set(ids)].sort();
  const keyedLeads = (): Record<string, unknown>[] => sfQuery(h, 'SELECT Id, HubSpot_Contact_Id__c FROM Lead WHERE HubSpot_Contact_Id__c != null');
  const taskKeys = (): string[] => sfQuery(h, 'SELECT Handoff_Key__c FROM Task WHERE Handoff_Key__c != null').map((t) => String(t.Handoff_Key__c)).sort();
  const hubspotContacts = (): string => JSON.stringify([...h.sandbox.control.hubspot.store.collection('contacts').byId.values()]);
  /**
   * Requests that write: Salesforce record and collection writes (reads are queries and composite
   * batches of queries); HubSpot anything but GET, searches and batch reads.
   */
  const WRITES = {
    salesforce: (k: string) => /^(POST|PATCH|PUT|DELETE) \/(sobjects|composite\/sobjects|composite\/tree)\b/.test(k) || /^(PATCH|PUT|DELETE) /.test(k),
    hubspot: (k: string) => !/^GET /.test(k) && !/^POST \S*\/(search|batch\/read)$/.test(k),
  };
  const writeRequests = (system: 'hubspot' | 'salesforce'): number =>
    Object.entries(h.sandbox.control[system].log.counters())
      .filter(([k]) => WRITES[system](k))
      .reduce((n, [, v]) => n + v, 0);
  const leadIds = (): string[] => sfQuery(h, 'SELECT Id FROM Lead').map((l) => String(l.Id));

  /** Each dataset contact's email and name, none of which may reach the log. */
  const personal: string[] = [];
  for (const c of dataset.hubspot.contacts) {
    const { email, firstname, lastname } = c.properties;
    if (email) personal.push(email);
    if (firstname && lastname) personal.push(`${firstname} ${lastname}`);
    if (lastname && lastname.length >= 4) personal.push(lastname);
  }
  const leaked = (text: string): string[] =>
    personal.filter((v) => new RegExp(`(^|[^\\p{L}])${v.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^\\p{L}])`, 'u').test(text));

  let first: DryRun;
  let second: DryRun;
  let text: CliResult;
  let hubspotBefore: string;
  let hubspotWritesBefore: number;
  let salesforceWritesBefore: number;
  let leadsBefore: Record<string, unknown>[];
  let leadIdsBefore: string[];
  let dir: string;

  beforeAll(async () => {
    dir = copyShippedConfig();
    // The window reaches past the generated year of history, so no change sits on its edge while
    // the runs follow one another; chunks of 60 contacts split it
    // into several. The sandbox enforces no rate limit here: the client takes HubSpot's whole rate.
    editFile(dir, 'handoff.yaml', (t) =>
      t
        .replace(/^sync:.*\n/m, (line) => `${line}  chunkSize: ${CHUNK_SIZE}\n`)
        .replace('initialLookbackDays: 30', 'initialLookbackDays: 400')
        .replace('rateShare: 0.5', 'rateShare: 1')
        .replace('searchPerSecond: 4', 'searchPerSecond: 5'),
    );
    h = await startHarness(dataset, { dir, rateLimits: false });
    // Debug logging: everything the log could say is on stderr.
    env = { ...h.sandbox.env, HANDOFF_DATABASE_URL: h.dbUrl, HANDOFF_CONFIG_DIR: dir, LOG_FORMAT: 'json', LOG_LEVEL: 'debug' };
    hubspotBefore = hubspotContacts();
    hubspotWritesBefore = writeRequests('hubspot');
    salesforceWritesBefore = writeRequests('salesforce');
    leadsBefore = keyedLeads();
    leadIdsBefore = leadIds();
    first = await dryRunJson();
    text = await handoff('sync', '--dry-run');
    second = await dryRunJson();
  }, 180_000);

  afterAll(async () => {
    await h?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('streams JSON Lines: a plan line per chunk with something planned, then one summary line; exits as a real run would', () => {
    const { result, plans, summary } = first;
    expect(result.code, result.stderr.slice(-2000)).toBe(summary.deadLettered > 0 ? 3 : 0);
    expect(summary.status).toBe(summary.deadLettered > 0 ? 'partial' : 'succeeded');
    expect(summary.error).toBeNull();
    expect(plans.length).toBeGreaterThanOrEqual(4);
    // Chunks numbered in stream order, each line one chunk.
    const chunks = plans.map((p) => p.chunk);
    expect(chunks).toEqual([...chunks].sort((a, b) => a - b));
    expect(new Set(chunks).size).toBe(chunks.length);
    for (const { plan } of plans) {
      expect(plan.leads.length + plan.tasks.length + plan.skips.length + plan.deadLetters.length).toBeGreaterThan(0);
      expect(Object.keys(plan).sort()).toEqual(['contactsMatched', 'deadLetters', 'leads', 'skips', 'tasks']);
    }
    // Something qualifies, in more than one chunk.
    expect(summary.qualified).toBeGreaterThanOrEqual(5);
    expect(plans.filter((p) => p.plan.tasks.length > 0).length).toBeGreaterThanOrEqual(2);
  });

  it('writes nothing: no Salesforce or HubSpot write, no cursor, run or record in the state; a second dry run plans the same', async () => {
    expect(writeRequests('salesforce')).toBe(salesforceWritesBefore);
    expect(writeRequests('hubspot')).toBe(hubspotWritesBefore);
    expect(keyedLeads()).toEqual(leadsBefore);
    expect(leadIds()).toEqual(leadIdsBefore);
    expect(taskKeys()).toEqual([]);
    expect(hubspotContacts()).toBe(hubspotBefore);
    const store = await openStateStore(h.dbUrl);
    try {
      expect(await store.getCursor('contacts')).toBeNull();
      expect(await store.listCursors()).toEqual([]);
      expect(await store.listHandoffRecords()).toEqual([]);
      expect(await store.listRuns(10)).toEqual([]);
      expect(await store.listDeadLetters({})).toEqual([]);
    } finally {
      await store.close();
    }
    // Nothing moved, so the next dry run reads the same window and plans the same chunks.
    expect(second.result.code).toBe(first.result.code);
    expect(identities(second.plans)).toEqual(identities(first.plans));
    const counts = (r: RunReport) => [r.contactsRead, r.activitiesRead, r.duplicates, r.qualified, r.skipped, r.unchanged, r.deadLettered];
    expect(counts(second.summary)).toEqual(counts(first.summary));
  });

  it('carries the people on stdout, never in the log', () => {
    // The plan lines name people (that is their purpose)...
    expect(leaked(first.result.stdout).length).toBeGreaterThan(0);
    expect(leaked(text.stdout).length).toBeGreaterThan(0);
    // ...and the debug log names none of the dataset's contacts.
    expect(first.result.stderr).toMatch(/sync chunk processed/);
    expect(leaked(first.result.stderr)).toEqual([]);
    expect(leaked(text.stderr)).toEqual([]);
    expect(leaked(second.result.stderr)).toEqual([]);
  });

  it('prints a readable plan and summary without --json', () => {
    expect(text.code, text.stderr.slice(-2000)).toBe(first.result.code);
    const out = text.stdout;
    expect(out).not.toMatch(STACK_FRAME);
    expect(text.stderr).not.toMatch(STACK_FRAME);
    expect(out).not.toMatch(/^\{/m);
    // A plan header per printed chunk, whose counts add up to the JSON plan lines'.
    const headers = [...out.matchAll(/^Plan: (\d+) Lead creates, (\d+) Lead updates, (\d+) Tasks, (\d+) matched Contacts, (\d+) skips, (\d+) dead letters$/gm)];
    expect(headers.length).toBeGreaterThanOrEqual(first.plans.length);
    const sum = (i: number) => headers.reduce((n, m) => n + Number(m[i]), 0);
    const all = first.plans.map((p) => p.plan);
    expect([sum(1), sum(2), sum(3), sum(4), sum(5), sum(6)]).toEqual([
      all.reduce((n, p) => n + p.leads.filter((l) => l.isNew).length, 0),
      all.reduce((n, p) => n + p.leads.filter((l) => !l.isNew).length, 0),
      all.reduce((n, p) => n + p.tasks.length, 0),
      all.reduce((n, p) => n + p.contactsMatched.length, 0),
      all.reduce((n, p) => n + p.skips.length, 0),
      all.reduce((n, p) => n + p.deadLetters.length, 0),
    ]);
    expect(out).toMatch(/^Create Lead:$/m);
    expect(out).toMatch(/^Create Task:$/m);
    expect(out).toMatch(/^Skip:$/m);
    // Each planned Task by its handoff key.
    for (const t of all.flatMap((p) => p.tasks)) expect(out).toContain(`  ${t.handoffKey}  "`);
    // The summary closes the output.
    const s = first.summary;
    expect(out).toMatch(/Dry run (succeeded|partial) in \d+\.\d s \(run [0-9a-f-]{36}\)\n {2}read {8}\d+ contacts, \d+ activities, \d+ duplicates\n[^]*API calls {3}HubSpot \d+, Salesforce \d+\n$/);
    expect(out).toContain(`  read        ${s.contactsRead} contacts, ${s.activitiesRead} activities, ${s.duplicates} duplicates\n`);
    expect(out).toContain(`  qualified   ${s.qualified}\n`);
    // It wrote nothing and says so, rather than "0 Leads created" under a plan that lists some.
    const [creates, updates, tasks, matched] = [sum(1), sum(2), sum(3), sum(4)];
    expect(out).toContain(`  Salesforce  nothing written (dry run); planned: ${creates} Leads to create, ${updates} to update, ${matched} matched Contacts, ${tasks} Tasks (listed above)\n`);
    expect(out).not.toMatch(/Leads created/);
  });

  // Last: it writes.
  it('plans exactly what a real `sync --once --json` then does', { timeout: 120_000 }, async () => {
    const real = await handoff('sync', '--once', '--json');
    expect([0, 3], real.stderr.slice(-2000)).toContain(real.code);
    expect(leaked(real.stderr)).toEqual([]);
    const report = JSON.parse(real.stdout.trim().split('\n').at(-1) ?? '') as RunReport;
    expect(report).toMatchObject({ kind: 'sync', dryRun: false, error: null });
    const dry = first.summary;
    // The summary's counts are the real run's.
    const counts = (r: RunReport) => ({
      contactsRead: r.contactsRead,
      activitiesRead: r.activitiesRead,
      duplicates: r.duplicates,
      qualified: r.qualified,
      skipped: r.skipped,
      unchanged: r.unchanged,
      outsideRollout: r.outsideRollout,
      deadLettered: r.deadLettered,
    });
    expect(counts(dry)).toEqual(counts(report));
    expect(real.code).toBe(first.result.code);

    // The writes the plan lines list are the ones the real run makes and counts; each contact is
    // planned once, in one chunk.
    const plans = first.plans.map((p) => p.plan);
    const planned = plans.flatMap((p) => p.leads.map((l) => l.hubspotId));
    expect(distinct(planned)).toHaveLength(planned.length);
    const creates = distinct(plans.flatMap((p) => p.leads.filter((l) => l.isNew).map((l) => l.hubspotId)));
    const updates = distinct(plans.flatMap((p) => p.leads.filter((l) => !l.isNew).map((l) => l.hubspotId)));
    const tasks = distinct(plans.flatMap((p) => p.tasks.map((t) => t.handoffKey)));
    const matched = distinct(plans.flatMap((p) => p.contactsMatched));
    expect(creates.length).toBeGreaterThan(0);
    expect(report.leadsCreated).toBe(creates.length);
    expect(report.leadsUpdated).toBe(updates.length);
    expect(report.tasksCreated + report.tasksExisting).toBe(tasks.length);
    expect(report.contactsMatched).toBe(matched.length);
    // The dry run's summary counts what its plan lines list, and a real run reports none of it.
    expect(dry.planned).toEqual({ leadsCreated: report.leadsCreated, leadsUpdated: report.leadsUpdated, contactsMatched: report.contactsMatched, tasks: report.tasksCreated + report.tasksExisting });
    expect(report.planned).toBeUndefined();

    // The detectors above see the real run's writes.
    expect(writeRequests('salesforce')).toBeGreaterThan(salesforceWritesBefore);
    expect(writeRequests('hubspot')).toBeGreaterThan(hubspotWritesBefore);
    const existing = new Set(leadIdsBefore);
    const newLeads = keyedLeads().filter((l) => !existing.has(String(l.Id)));
    expect(distinct(newLeads.map((l) => String(l.HubSpot_Contact_Id__c)))).toEqual(creates);
    expect(newLeads).toHaveLength(creates.length);
    const keyedAfter = new Set(keyedLeads().map((l) => String(l.HubSpot_Contact_Id__c)));
    for (const id of updates) expect(keyedAfter.has(id), `Lead of ${id}`).toBe(true);
    expect(taskKeys()).toEqual(tasks);
  });
});
