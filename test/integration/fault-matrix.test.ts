import { afterEach, describe, expect, it, vi } from 'vitest';
import { App } from '../../src/runtime/app.js';
import { exitFor } from '../../src/runtime/cli/commands/sync.js';
import { exitForReconcile } from '../../src/runtime/cli/commands/reconcile.js';
import { reconcile } from '../../src/jobs/reconcile/reconcile.js';
import { EXIT } from '../../src/runtime/exit-codes.js';
import { nextMidnight } from '../../src/runtime/daemon/daily-pause.js';
import { noopLogger } from '../../src/lib/logger.js';
import { runSync } from '../../src/jobs/sync/run-sync.js';
import { createRecord } from '@handoff/sandbox';
import { smallDataset } from '../fixtures/small-dataset.js';
import { CLEAN_OUTCOME, cleanDataset, ledgerProblems, orgOutcome, startFaultHarness } from '../helpers/fault-harness.js';
import type { FaultHarness } from '../helpers/fault-harness.js';
import { freshStateUrl } from '../helpers/pipeline.js';

/**
 * One fault at a time against the sandbox, through the daemon's own cycle: the final Salesforce
 * state (every Lead and Task exactly once, after the cycle or after the follow-up one), the cursor,
 * and the alerts the cycle leaves active. docs/operations.md has the table this proves.
 */
const harnesses: FaultHarness[] = [];
afterEach(async () => {
  for (const h of harnesses.splice(0)) await h.stop();
});

async function start(...args: Parameters<typeof startFaultHarness>): Promise<FaultHarness> {
  const h = await startFaultHarness(...args);
  harnesses.push(h);
  return h;
}

const SEARCH = '^/crm/v3/objects/contacts/search$';
const ANY_SEARCH = '^/crm/v3/objects/[a-z]+/search$';
const COLLECTION = '/composite/sobjects';
const LEAD_UPSERT = '/composite/sobjects/Lead/HubSpot_Contact_Id__c$';
const TASK_CREATE = '/composite/sobjects$';

async function expectLandedOnce(h: FaultHarness): Promise<void> {
  expect(orgOutcome(h)).toEqual(CLEAN_OUTCOME);
  expect(await ledgerProblems(h)).toEqual([]);
}

/**
 * A cycle that stopped at Salesforce wrote nothing there, and lost nothing: the window's changed
 * contacts were held back for one write with the contacts only activity touched (sync.writeBatch),
 * so the cursor passed them, each of the six handoffs pending for the next cycle.
 */
async function expectHeldPending(h: FaultHarness): Promise<void> {
  expect(orgOutcome(h).tasks).toEqual({});
  expect(await h.cursor()).not.toBeNull();
  const handoffs = Object.keys(CLEAN_OUTCOME.tasks).map((key) => key.split(':')[0]);
  expect(await h.store.pendingContacts({ limit: 100 })).toEqual(expect.arrayContaining(handoffs));
}

/** Salesforce writes (collection calls) the sandbox served. */
function sfWrites(h: FaultHarness): number {
  return Object.entries(h.sandbox.control.salesforce.log.counters())
    .filter(([k]) => k.includes('/composite/sobjects'))
    .reduce((n, [, v]) => n + v, 0);
}

describe('fault matrix: HubSpot', () => {
  it('429 TEN_SECONDLY_ROLLING twice: waits out the window, completes, no alert', async () => {
    const h = await start();
    const rule = h.sandbox.control.hubspot.faults.add({ method: 'POST', path: SEARCH, kind: 'status', status: 429, errorCode: 'TEN_SECONDLY_ROLLING', times: 2 });
    const { result, report } = await h.cycle();
    expect(result).toMatchObject({ ok: true });
    expect(report.status).toBe('succeeded');
    expect(h.sandbox.control.hubspot.faults.list().find((r) => r.id === rule.id)?.fired).toBe(2);
    expect(report.hubspotRateLimited).toBe(2);
    // Without a Retry-After, a 10-second-window 429 waits the window out (on the virtual clock).
    expect(h.clock.slept).toBeGreaterThanOrEqual(20_000);
    await expectLandedOnce(h);
    expect(h.alerts()).toEqual([]);
  });

  it('search 429 "secondly limit": waits a second, completes, no alert', async () => {
    const h = await start();
    h.sandbox.control.hubspot.faults.add({ method: 'POST', path: ANY_SEARCH, kind: 'status', status: 429, errorCode: 'SECONDLY', times: 3 });
    const { result, report } = await h.cycle();
    expect(result).toMatchObject({ ok: true });
    expect(report.hubspotRateLimited).toBe(3);
    await expectLandedOnce(h);
    expect(h.alerts()).toEqual([]);
  });

  it('429 DAILY: the cycle stops with DAILY_LIMIT before any write, keeps the cursor, raises critical alerts; after the reset it completes', async () => {
    const h = await start();
    h.sandbox.control.hubspot.faults.add({ method: 'POST', path: ANY_SEARCH, kind: 'status', status: 429, errorCode: 'DAILY' });
    const failed = await h.cycle();
    expect(failed.result).toMatchObject({ ok: false, errorCode: 'DAILY_LIMIT' });
    expect(failed.report.error?.message).toMatch(/^HubSpot 429/);
    expect(await h.cursor()).toBeNull();
    expect(sfWrites(h)).toBe(0);
    expect(h.alerts()).toEqual(['budget.hubspot.daily critical', 'cycle.failed critical']);

    // The limit clears at midnight in the account's time zone; until then the daemon starts no cycle.
    h.sandbox.control.hubspot.faults.clear();
    const searchesBefore = h.sandbox.control.hubspot.log.count('POST /crm/v3/objects/contacts/search');
    expect((await h.cycle()).result).toEqual({ ok: false, errorCode: 'DAILY_LIMIT' });
    expect(h.sandbox.control.hubspot.log.count('POST /crm/v3/objects/contacts/search')).toBe(searchesBefore);
    await h.clock.sleep(nextMidnight(h.clock.now(), 'America/New_York') - h.clock.now() + 1_000);
    const next = await h.cycle();
    expect(next.result).toMatchObject({ ok: true });
    expect(await h.cursor()).not.toBeNull();
    await expectLandedOnce(h);
    expect(h.alerts()).toEqual([]);
  });
});

describe('fault matrix: transport', () => {
  it('Salesforce 503 three times on the collection path: retried, every record exactly once, no alert', async () => {
    const h = await start();
    const rule = h.sandbox.control.salesforce.faults.add({ path: COLLECTION, kind: 'status', status: 503, times: 3 });
    const { result, report } = await h.cycle();
    expect(result).toMatchObject({ ok: true });
    expect(report.deadLettered).toBe(0);
    expect(h.sandbox.control.salesforce.faults.list().find((r) => r.id === rule.id)?.fired).toBe(3);
    await expectLandedOnce(h);
    expect(h.alerts()).toEqual([]);
  });

  it('socket resets on HubSpot search and Salesforce collections: retried, exactly once, no alert', async () => {
    const h = await start();
    h.sandbox.control.hubspot.faults.add({ method: 'POST', path: SEARCH, kind: 'reset', times: 2 });
    h.sandbox.control.salesforce.faults.add({ path: COLLECTION, kind: 'reset', times: 2 });
    const { result } = await h.cycle();
    expect(result).toMatchObject({ ok: true });
    expect(h.sandbox.control.hubspot.faults.list()[0]?.fired).toBe(2);
    expect(h.sandbox.control.salesforce.faults.list()[0]?.fired).toBe(2);
    await expectLandedOnce(h);
    expect(h.alerts()).toEqual([]);
  });

  it('timeouts: an unanswered search and Lead upsert are retried; a Task create that lands after the client gave up is not duplicated', async () => {
    // The shipped configuration gives up after 30 s (HubSpot) and 60 s (Salesforce); this one after 1 s.
    const h = await start();
    const config = { ...h.config, handoff: { ...h.config.handoff, hubspot: { ...h.config.handoff.hubspot, requestTimeoutSeconds: 1 }, salesforce: { ...h.config.handoff.salesforce, requestTimeoutSeconds: 1 } } };
    const sf = h.sandbox.control.salesforce;
    h.sandbox.control.hubspot.faults.add({ method: 'POST', path: SEARCH, kind: 'timeout', times: 1 });
    sf.faults.add({ method: 'PATCH', path: LEAD_UPSERT, kind: 'timeout', times: 1 });
    sf.faults.add({ method: 'POST', path: TASK_CREATE, kind: 'latency', latencyMs: 3_000, times: 1 });
    const app = new App({ config, logger: noopLogger, retry: { retries: 4, baseDelayMs: 5, maxDelayMs: 20 } });
    try {
      const { report, error } = await runSync(await app.deps());
      expect(error).toBeNull();
      expect(report.status).toBe('succeeded');
      // The held create is served after its client gave up (the sandbox logs a request when it answers):
      // its Tasks' keys already exist by then, so it creates nothing.
      await vi.waitFor(() => expect(sf.log.count('POST /composite/sobjects')).toBe(2), { timeout: 30_000, interval: 100 });
      expect(orgOutcome(h)).toEqual(CLEAN_OUTCOME);
    } finally {
      await app.close();
    }
  });

  it('a wrong Salesforce client secret: the token request fails, the cycle stops with AUTH_FAILED and the Salesforce auth alert fires', async () => {
    const h = await start(undefined, {
      config: (c) => ({ ...c, connections: { ...c.connections, salesforce: { ...c.connections.salesforce, clientSecret: 'not-the-secret' } } }),
    });
    const { result } = await h.cycle();
    expect(result).toMatchObject({ ok: false, errorCode: 'AUTH_FAILED' });
    expect(h.alerts()).toEqual(['auth.salesforce critical', 'cycle.failed critical']);
    await expectHeldPending(h);
  });

  it('Salesforce session expiry mid-run: jsforce mints a new token once, the cycle completes, no alert', async () => {
    const h = await start();
    const sf = h.sandbox.control.salesforce;
    sf.faults.add({ path: COLLECTION, kind: 'expire-token', times: 1 });
    const { result } = await h.cycle();
    expect(result).toMatchObject({ ok: true });
    expect(sf.log.count('POST /services/oauth2/token')).toBe(2);
    await expectLandedOnce(h);
    expect(h.alerts()).toEqual([]);
  });
});

describe('fault matrix: Salesforce record errors', () => {
  it('UNABLE_TO_LOCK_ROW on three records: those are retried on their own and land once', async () => {
    const h = await start();
    h.sandbox.control.salesforce.lockNextRecords(3);
    const { result, report } = await h.cycle();
    expect(result).toMatchObject({ ok: true });
    expect(report.deadLettered).toBe(0);
    expect(h.sandbox.control.salesforce.store.settings.lockNextRecords).toBe(0);
    await expectLandedOnce(h);
    expect(h.alerts()).toEqual([]);
  });

  it('DUPLICATES_DETECTED (a rep saves a twin while the create is in flight): dead-lettered with the code, the rest land, dead-letter alert over the threshold', async () => {
    const h = await start(undefined, { config: (c) => ({ ...c, handoff: { ...c.handoff, alerts: { ...c.handoff.alerts, deadLetterThreshold: 0 } } }) });
    const sf = h.sandbox.control.salesforce;
    const held = sf.faults.add({ method: 'PATCH', path: LEAD_UPSERT, kind: 'latency', latencyMs: 2_000, times: 1 });
    const cycle = h.cycle();
    // While the creates are held, the twin appears: Handoff's lookup by email ran before it existed.
    await vi.waitFor(() => expect(sf.faults.list().find((r) => r.id === held.id)?.fired).toBe(1), { timeout: 30_000, interval: 10 });
    createRecord(sf.store, 'Contact', { LastName: 'Scully', Email: 'dana.scully@acme-corp.com' }, { autoAssign: false, allowSave: false, version: '64.0' });
    const { result, report } = await cycle;
    expect(result).toMatchObject({ ok: true });
    expect(report.status).toBe('partial');
    expect(exitFor(report)).toBe(EXIT.DEAD_LETTERED);
    const dls = await h.store.listDeadLetters({ unresolvedOnly: true });
    expect(dls.map((d) => ({ hubspotId: d.hubspotId, stage: d.stage, code: d.code, vendorCode: d.vendorCode }))).toEqual([
      { hubspotId: '101', stage: 'lead.write', code: 'DUPLICATE', vendorCode: 'DUPLICATES_DETECTED' },
    ]);
    const { ['101:1']: _task, ...tasks } = CLEAN_OUTCOME.tasks;
    const { ['101']: _lead, ...keyedLeads } = CLEAN_OUTCOME.keyedLeads;
    expect(orgOutcome(h)).toEqual({ tasks, keyedLeads, leads: CLEAN_OUTCOME.leads - 1 });
    expect(await ledgerProblems(h)).toEqual([]);
    expect(h.alerts()).toEqual(['deadletters.threshold warning']);
  });

  it('a partial collection failure (FIELD_CUSTOM_VALIDATION_EXCEPTION): the rest land, the record is dead-lettered, exit code 3, under the alert threshold', async () => {
    const h = await start(smallDataset());
    const { result, report } = await h.cycle();
    expect(result).toMatchObject({ ok: true });
    expect(report.status).toBe('partial');
    expect(exitFor(report)).toBe(EXIT.DEAD_LETTERED);
    const dls = await h.store.listDeadLetters({ unresolvedOnly: true });
    expect(dls.map((d) => ({ hubspotId: d.hubspotId, code: d.code, vendorCode: d.vendorCode }))).toEqual([{ hubspotId: '107', code: 'VALIDATION', vendorCode: 'FIELD_CUSTOM_VALIDATION_EXCEPTION' }]);
    expect(await h.cursor()).not.toBeNull();
    await expectLandedOnce(h);
    expect(h.alerts()).toEqual([]);
  });
});

describe('fault matrix: Salesforce API allocation', () => {
  it('REQUEST_LIMIT_EXCEEDED: the cycle stops with DAILY_LIMIT, loses nothing, critical alerts; once the allocation is back it completes', async () => {
    const h = await start();
    const sf = h.sandbox.control.salesforce;
    sf.setDailyLimit(5_000, 5_000);
    const failed = await h.cycle();
    expect(failed.result).toMatchObject({ ok: false, errorCode: 'DAILY_LIMIT' });
    expect(failed.report.error?.message).toMatch(/^Salesforce/);
    expect(orgOutcome(h)).toEqual({ tasks: {}, keyedLeads: {}, leads: 2 });
    await expectHeldPending(h);
    expect(h.alerts()).toEqual(['budget.salesforce.daily critical', 'cycle.failed critical']);

    sf.setDailyLimit(100_000, 0);
    const next = await h.cycle();
    expect(next.result).toMatchObject({ ok: true });
    await expectLandedOnce(h);
    expect(h.alerts()).toEqual([]);
  });

  it("usage at 80% with Handoff's share at 75%: no new work, nothing lost, the budget alert fires", async () => {
    const h = await start();
    expect(h.config.handoff.salesforce.dailyBudgetShare).toBe(0.75);
    h.sandbox.control.salesforce.setDailyLimit(10_000, 8_000);
    const { result, report } = await h.cycle();
    expect(result).toMatchObject({ ok: false, errorCode: 'DAILY_LIMIT' });
    expect(report.error?.message).toMatch(/Salesforce daily API budget reached/);
    expect(sfWrites(h)).toBe(0);
    await expectHeldPending(h);
    expect(h.alerts()).toEqual(['budget.salesforce.daily critical', 'cycle.failed critical']);
  });
});

describe('fault matrix: a crash between the Salesforce writes and the commit', () => {
  it('the replay finds what landed: no duplicate, no dead letter (even for a Lead with an unkeyed twin), and the writeback is done', async () => {
    // 103 is stamped onto the older of two unkeyed Leads with its email; the newer twin stays.
    const ds = cleanDataset();
    const twin = { LastName: 'Skinner', Company: 'Skinner IO', Email: 'walter@skinner.io', Status: 'Open - Not Contacted', CreatedDate: '2026-06-01T00:00:00.000Z' };
    const leads = ds.salesforce.Lead.map((l) => (l.Email === 'Walter@Skinner.io' ? { ...l, CreatedDate: '2025-06-01T00:00:00.000Z' } : l));
    const h = await start({ ...ds, salesforce: { ...ds.salesforce, Lead: [...leads, twin] } });
    const hs = h.sandbox.control.hubspot;
    // The process dies after its Salesforce writes: its writeback never reaches HubSpot...
    hs.faults.add({ method: 'POST', path: '^/crm/v3/objects/contacts/batch/update$', kind: 'status', status: 500 });
    const first = await h.cycle();
    expect(first.report.tasksCreated).toBe(6);
    hs.faults.clear();

    // ...and nothing of its commit survives: the restart starts from an empty state.
    const fresh = freshStateUrl();
    const app = new App({ config: { ...h.config, connections: { ...h.config.connections, databaseUrl: fresh.url } }, logger: noopLogger, retry: { retries: 4, baseDelayMs: 5, maxDelayMs: 20 } });
    try {
      const { report, error } = await runSync(await app.deps());
      expect(error).toBeNull();
      expect(report).toMatchObject({ status: 'succeeded', deadLettered: 0, leadsCreated: 0, tasksCreated: 0, tasksExisting: 6, writebacks: 6 });
      expect(orgOutcome(h)).toEqual({ ...CLEAN_OUTCOME, leads: CLEAN_OUTCOME.leads + 1 });
      const store = await app.store();
      const records = await store.listHandoffRecords({ status: 'handed_off' });
      expect(records).toHaveLength(6);
      for (const r of records) {
        const contact = hs.store.collection('contacts').get(Number(r.hubspotId));
        expect(contact && hs.store.getProp('contacts', contact, 'handoff_salesforce_id'), `writeback of ${r.hubspotId}`).toBe(r.salesforceContactId ?? r.salesforceLeadId);
      }
    } finally {
      await app.close();
      await fresh.drop();
    }
  });
});

describe('fault matrix: reconcile after one clean recovery cycle', () => {
  // 102 is MQL in HubSpot but below the model's threshold: reconcile must explain it, not call it a gap.
  const dataset = () => {
    const ds = cleanDataset();
    const contacts = ds.hubspot.contacts.map((c) => (c.id === '102' ? { ...c, properties: { ...c.properties, lifecyclestage: 'marketingqualifiedlead' } } : c));
    return { ...ds, hubspot: { ...ds.hubspot, contacts } };
  };
  const cases: { fault: string; inject: (h: FaultHarness) => void; recover: (h: FaultHarness) => Promise<void> | void }[] = [
    {
      fault: 'HubSpot 429 DAILY (paused until midnight)',
      inject: (h) => h.sandbox.control.hubspot.faults.add({ method: 'POST', path: ANY_SEARCH, kind: 'status', status: 429, errorCode: 'DAILY' }),
      recover: async (h) => {
        h.sandbox.control.hubspot.faults.clear();
        await h.clock.sleep(nextMidnight(h.clock.now(), 'America/New_York') - h.clock.now() + 1_000);
      },
    },
    {
      fault: 'Salesforce 503 on every collection call',
      inject: (h) => h.sandbox.control.salesforce.faults.add({ path: COLLECTION, kind: 'status', status: 503 }),
      recover: (h) => h.sandbox.control.salesforce.faults.clear(),
    },
    {
      fault: 'socket resets on HubSpot search and Salesforce collections',
      inject: (h) => {
        h.sandbox.control.hubspot.faults.add({ method: 'POST', path: SEARCH, kind: 'reset', times: 2 });
        h.sandbox.control.salesforce.faults.add({ path: COLLECTION, kind: 'reset', times: 2 });
      },
      recover: () => undefined,
    },
    { fault: 'UNABLE_TO_LOCK_ROW on three records', inject: (h) => h.sandbox.control.salesforce.lockNextRecords(3), recover: () => undefined },
    {
      fault: 'REQUEST_LIMIT_EXCEEDED',
      inject: (h) => h.sandbox.control.salesforce.setDailyLimit(5_000, 5_000),
      recover: (h) => h.sandbox.control.salesforce.setDailyLimit(100_000, 0),
    },
    {
      fault: 'HubSpot writeback failing with 500',
      inject: (h) => h.sandbox.control.hubspot.faults.add({ method: 'POST', path: '^/crm/v3/objects/contacts/batch/update$', kind: 'status', status: 500 }),
      recover: (h) => h.sandbox.control.hubspot.faults.clear(),
    },
  ];

  it.each(cases)('$fault: every qualified contact landed or explained, exit 0', async ({ inject, recover }) => {
    const h = await start(dataset());
    inject(h);
    await h.cycle();
    await recover(h);
    expect((await h.cycle()).result).toMatchObject({ ok: true });
    await expectLandedOnce(h);

    const app = new App({ config: h.config, logger: noopLogger, clock: h.clock });
    const r = await reconcile(await app.deps(), { since: new Date(h.clock.now() - 30 * 86_400_000).toISOString() }).finally(() => app.close());
    expect(r.gaps).toEqual([]);
    expect(r.summary).toMatchObject({ landed: Object.keys(CLEAN_OUTCOME.tasks).length, deadLettered: 0, explained: 1, gaps: 0 });
    expect(r.explainedContacts).toEqual([expect.objectContaining({ hubspotId: '102', code: 'not-qualified' })]);
    expect(exitForReconcile(r)).toBe(EXIT.OK);
  });
});
