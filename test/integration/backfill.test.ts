import { Connection } from 'jsforce';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withJobLease } from '../../src/runtime/lease/writer-lock.js';
import { parseBackfillWindow, runBackfill } from '../../src/jobs/backfill/backfill.js';
import type { BackfillOptions, BackfillOutcome } from '../../src/jobs/backfill/backfill.js';
import { runSync } from '../../src/jobs/sync/run-sync.js';
import { generateDataset } from '@handoff/sandbox';
import type { Dataset } from '@handoff/sandbox';
import { openStateStore } from '../../src/adapters/state/index.js';
import type { StateStore } from '../../src/ports/state.js';
import { startHarness } from '../helpers/pipeline.js';
import type { Harness } from '../helpers/pipeline.js';

/**
 * Backfills over a generated portal of 1,500 contacts, most of them created long before the
 * sync's 30-day lookback: one window handed off as Leads only, one with SLA Tasks (interrupted
 * half-way and resumed), the incremental cursor left alone throughout.
 */
const DAY = 86_400_000;
const NOW = Date.now();
const day = (daysAgo: number): string => new Date(NOW - daysAgo * DAY).toISOString().slice(0, 10);
const LEADS_ONLY = { since: day(365), until: day(91) };
const WITH_TASKS = { since: day(90), until: day(31) };

/** Listed (not archived) contacts created in [since 00:00, until+1 day 00:00) UTC, straight from the dataset. */
function createdIn(dataset: Dataset, w: { since: string; until: string }): Set<string> {
  const from = Date.parse(`${w.since}T00:00:00Z`);
  const to = Date.parse(`${w.until}T00:00:00Z`) + DAY;
  return new Set(
    dataset.hubspot.contacts
      .filter((c) => !c.archived)
      .filter((c) => {
        const t = Date.parse(c.properties.createdate ?? c.createdAt);
        return t >= from && t < to;
      })
      .map((c) => c.id),
  );
}

const sfWrites = (counters: Record<string, number>): number =>
  Object.entries(counters)
    .filter(([k]) => /^(POST|PATCH|DELETE) \/(sobjects|composite\/sobjects)/.test(k))
    .reduce((n, [, v]) => n + v, 0);

describe('backfill window', () => {
  const at = Date.parse('2026-06-15T12:00:00Z');
  it('takes dates as whole UTC days, until included, and names its checkpoint after them', () => {
    expect(parseBackfillWindow('2026-01-01', '2026-03-31', at)).toEqual({
      since: Date.parse('2026-01-01T00:00:00Z'),
      until: Date.parse('2026-04-01T00:00:00Z'),
      checkpoint: 'backfill:2026-01-01:2026-03-31',
    });
    expect(parseBackfillWindow('2026-01-01T09:00:00+01:00', undefined, at)).toEqual({
      since: Date.parse('2026-01-01T08:00:00Z'),
      until: null,
      checkpoint: 'backfill:2026-01-01T08:00:00.000Z:now',
    });
  });
  it('refuses what is not a window, as a usage error', () => {
    for (const [since, until] of [['2026-02-30', undefined], ['01/02/2026', undefined], ['2026-07-01', undefined], ['2026-03-01', '2026-02-28'], ['2026-01-01T10:00:00', undefined]] as const) {
      expect(() => parseBackfillWindow(since, until, at)).toThrow(expect.objectContaining({ code: 'USAGE' }));
    }
  });
});

describe('backfill against the sandbox (1,500 generated contacts)', () => {
  let h: Harness;
  let conn: Connection;
  let store: StateStore;
  const dataset = generateDataset({ contacts: 1500, seed: 11 });
  const leadsOnlyIds = createdIn(dataset, LEADS_ONLY);
  const withTasksIds = createdIn(dataset, WITH_TASKS);

  const backfill = (w: { since: string; until: string }, opts: Omit<BackfillOptions, 'window' | 'fence'> = {}): Promise<BackfillOutcome> => {
    const app = h.newApp();
    const window = parseBackfillWindow(w.since, w.until, Date.now());
    if (opts.dryRun) return app.deps().then((deps) => runBackfill(deps, { ...opts, window }));
    return withJobLease(app, window.checkpoint, 'backfill', async (fence) => runBackfill(await app.deps(), { ...opts, window, fence }));
  };
  const keyedLeads = async (): Promise<string[]> =>
    (await conn.query<{ HubSpot_Contact_Id__c: string }>('SELECT HubSpot_Contact_Id__c FROM Lead WHERE HubSpot_Contact_Id__c != null')).records.map((r) => r.HubSpot_Contact_Id__c);
  const taskKeys = async (): Promise<string[]> =>
    (await conn.query<{ Handoff_Key__c: string }>('SELECT Handoff_Key__c FROM Task WHERE Handoff_Key__c != null')).records.map((r) => r.Handoff_Key__c);

  beforeAll(async () => {
    h = await startHarness(dataset);
    store = await openStateStore(h.dbUrl);
    conn = new Connection({ oauth2: { clientId: h.sandbox.env.SALESFORCE_CLIENT_ID ?? '', clientSecret: h.sandbox.env.SALESFORCE_CLIENT_SECRET ?? '', loginUrl: h.sandbox.salesforceUrl }, version: '64.0' });
    await conn.authorize({ grant_type: 'client_credentials' });
  });
  afterAll(async () => {
    await store?.close();
    await h?.stop();
  });

  it('covers contacts far older than the sync lookback', () => {
    expect(leadsOnlyIds.size).toBeGreaterThan(400);
    expect(withTasksIds.size).toBeGreaterThan(150);
  });

  let plannedLeads: Set<string>;
  it('a dry run plans Leads and writes nothing, not even its checkpoint', async () => {
    const writesBefore = sfWrites(h.sandbox.control.salesforce.log.counters());
    const dry = await backfill(LEADS_ONLY, { dryRun: true });
    expect(dry.error).toBeNull();
    expect(dry.report).toMatchObject({ kind: 'backfill', dryRun: true, contactsRead: leadsOnlyIds.size, leadsCreated: 0 });
    plannedLeads = new Set(dry.plan?.leads.map((l) => l.hubspotId));
    expect(plannedLeads.size).toBeGreaterThanOrEqual(10);
    for (const id of plannedLeads) expect(leadsOnlyIds.has(id)).toBe(true);
    expect(dry.plan?.tasks).toHaveLength(0);
    expect(sfWrites(h.sandbox.control.salesforce.log.counters())).toBe(writesBefore);
    expect(await store.listCursors()).toEqual([]);
    expect(await store.queryLedger({})).toHaveLength(0);
    expect(await store.listRuns(10)).toHaveLength(0);
  });

  it('hands off the window as Leads only, checkpointed, without moving the contacts cursor', async () => {
    const out = await backfill(LEADS_ONLY);
    expect(out.error).toBeNull();
    const r = out.report;
    expect(r).toMatchObject({ kind: 'backfill', dryRun: false, tasksCreated: 0, contactsRead: leadsOnlyIds.size });
    expect(r.leadsCreated).toBeGreaterThanOrEqual(10);
    const leads = await keyedLeads();
    expect(new Set(leads).size).toBe(leads.length);
    const written = new Set(leads);
    // What the dry run planned is what landed, short of records Salesforce refused.
    for (const id of written) expect(plannedLeads.has(id)).toBe(true);
    expect(plannedLeads.size - written.size).toBeLessThanOrEqual(r.deadLettered);
    expect(r.leadsCreated + r.leadsUpdated).toBe(written.size);
    expect(await taskKeys()).toEqual([]);
    for (const rec of await store.listHandoffRecords({ status: 'handed_off' })) {
      expect(written.has(rec.hubspotId)).toBe(true);
      expect(rec.salesforceTaskId).toBeNull();
    }
    expect(await store.getCursor('contacts')).toBeNull();
    const cp = JSON.parse((await store.getCursor(`backfill:${LEADS_ONLY.since}:${LEADS_ONLY.until}`))?.value ?? '{}') as Record<string, unknown>;
    expect(cp).toMatchObject({ done: true, after: null, processed: leadsOnlyIds.size });
    expect((await store.listRuns(10, 'backfill'))[0]).toMatchObject({ id: r.runId, status: r.status });
  });

  it('a second run of the same window creates nothing: it is complete, and a restart finds everything handed off', async () => {
    const leadsBefore = (await conn.query('SELECT Id FROM Lead')).totalSize;
    const callsBefore = h.sandbox.control.salesforce.log.entries.length;
    const again = await backfill(LEADS_ONLY);
    expect(again.alreadyComplete).toBe(true);
    expect(h.sandbox.control.salesforce.log.entries.length).toBe(callsBefore);

    const restart = await backfill(LEADS_ONLY, { restart: true });
    expect(restart.error).toBeNull();
    expect(restart.resumed).toBe(false);
    expect(restart.report).toMatchObject({ leadsCreated: 0, leadsUpdated: 0, tasksCreated: 0, contactsRead: leadsOnlyIds.size });
    expect(restart.report.unchanged).toBeGreaterThanOrEqual(10);
    expect((await conn.query('SELECT Id FROM Lead')).totalSize).toBe(leadsBefore);
    expect(await taskKeys()).toEqual([]);
  });

  it('--with-tasks creates one SLA Task per handoff; after a failure it resumes from its checkpoint', async () => {
    // Chunks of one page; HubSpot refuses the token once some of the window has landed: the run stops there.
    let armed = false;
    const failing = await backfill(WITH_TASKS, {
      createTasks: true,
      pagesPerChunk: 1,
      onProgress: (p) => {
        if (!armed && p.processed > 0) {
          armed = true;
          h.sandbox.control.hubspot.faults.add({ method: 'GET', path: '^/crm/v3/objects/contacts$', kind: 'status', status: 401, times: 1 });
        }
      },
    });
    expect(failing.report.status).toBe('failed');
    expect(failing.error?.code).toBe('AUTH_FAILED');
    const name = `backfill:${WITH_TASKS.since}:${WITH_TASKS.until}`;
    const stopped = JSON.parse((await store.getCursor(name))?.value ?? '{}') as { done: boolean; processed: number; pages: number };
    expect(stopped.done).toBe(false);
    expect(stopped.processed).toBeGreaterThan(0);
    expect(stopped.processed).toBeLessThan(withTasksIds.size);

    const resumed = await backfill(WITH_TASKS, { createTasks: true });
    expect(resumed.error).toBeNull();
    expect(resumed.resumed).toBe(true);
    expect(resumed.checkpoint).toMatchObject({ done: true, processed: withTasksIds.size });
    expect(resumed.report.contactsRead).toBe(withTasksIds.size - stopped.processed);

    const keys = await taskKeys();
    expect(new Set(keys).size).toBe(keys.length);
    expect(failing.report.tasksCreated + resumed.report.tasksCreated).toBe(keys.length);
    expect(keys.length).toBeGreaterThanOrEqual(10);
    for (const key of keys) expect(withTasksIds.has(key.split(':')[0] ?? '')).toBe(true);
    const leads = await keyedLeads();
    expect(new Set(leads).size).toBe(leads.length);
    // Every handoff of this window has its Task; the Leads-only window still has none.
    for (const rec of await store.listHandoffRecords({ status: 'handed_off' })) {
      if (withTasksIds.has(rec.hubspotId)) expect(keys).toContain(`${rec.hubspotId}:1`);
      else expect(rec.salesforceTaskId).toBeNull();
    }
    expect(await store.getCursor('contacts')).toBeNull();
  });

  it('the incremental sync afterwards hands none of them off again', async () => {
    const leadsBefore = await keyedLeads();
    const keysBefore = await taskKeys();
    const sync = await runSync(await h.newDeps());
    expect(sync.error).toBeNull();
    const backfilled = new Set([...leadsOnlyIds, ...withTasksIds]);
    const newLeads = (await keyedLeads()).filter((id) => !leadsBefore.includes(id));
    const newKeys = (await taskKeys()).filter((k) => !keysBefore.includes(k));
    expect(newLeads.filter((id) => backfilled.has(id))).toEqual([]);
    expect(newKeys.filter((k) => backfilled.has(k.split(':')[0] ?? ''))).toEqual([]);
    expect(await store.getCursor('contacts')).not.toBeNull();
  });
});
