import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withWriterLock } from '../../src/runtime/lease/writer-lock.js';
import { runSync } from '../../src/jobs/sync/run-sync.js';
import { replayDeadLetters } from '../../src/jobs/replay.js';
import type { ReplayOptions } from '../../src/jobs/replay.js';
import type { StateStore } from '../../src/ports/state.js';
import { openStateStore } from '../../src/adapters/state/index.js';
import { smallDataset } from '../fixtures/small-dataset.js';
import { sfQuery, startHarness } from '../helpers/pipeline.js';
import type { Harness } from '../helpers/pipeline.js';

describe('replay of dead letters against the sandbox', () => {
  let h: Harness;
  let store: StateStore;

  beforeAll(async () => {
    h = await startHarness(smallDataset());
    const first = await runSync(await h.newDeps());
    expect(first.report.deadLettered).toBe(1);
    store = await openStateStore(h.dbUrl);
  });
  afterAll(async () => {
    await store?.close();
    await h?.stop();
  });

  const replay = (opts: Omit<ReplayOptions, 'fence'> = {}) => {
    const app = h.newApp();
    return opts.dryRun
      ? app.deps().then((deps) => replayDeadLetters(deps, opts))
      : withWriterLock(app, 'replay', async (fence) => replayDeadLetters(await app.deps(), { ...opts, fence }));
  };
  const leads = (key: string) => sfQuery(h, `SELECT Id, NumberOfEmployees FROM Lead WHERE HubSpot_Contact_Id__c = '${key}'`);
  const tasks = (key: string) => sfQuery(h, `SELECT Id, WhoId FROM Task WHERE Handoff_Key__c = '${key}'`);
  const open = () => store.listDeadLetters({ unresolvedOnly: true });
  const sfWrites = () =>
    Object.entries(h.sandbox.control.salesforce.log.counters())
      .filter(([k]) => /^(POST|PATCH|DELETE) \/(sobjects|composite\/sobjects)/.test(k))
      .reduce((n, [, v]) => n + v, 0);

  it('a dry run prints the plan and changes nothing', async () => {
    const before = await open();
    const ledger = (await store.queryLedger({})).length;
    const runs = (await store.listRuns(100)).length;
    const writes = sfWrites();
    const out = await replay({ dryRun: true });
    expect(out.error).toBeNull();
    expect(out.report).toMatchObject({ dryRun: true, selected: 1, replayed: 1, resolved: 0 });
    expect(out.plan?.leads.map((l) => [l.hubspotId, l.isNew])).toEqual([['107', true]]);
    expect(out.plan?.tasks.map((t) => t.handoffKey)).toEqual(['107:1']);
    expect(out.report.items).toEqual([expect.objectContaining({ hubspotId: '107', outcome: 'planned', attempts: 1 })]);
    expect(await open()).toEqual(before);
    expect((await store.queryLedger({})).length).toBe(ledger);
    expect((await store.listRuns(100)).length).toBe(runs);
    expect(sfWrites()).toBe(writes);
    expect(leads('107')).toHaveLength(0);
  });

  it('a record that fails again stays in the queue with its attempts counted', async () => {
    const out = await replay();
    expect(out.error).toBeNull();
    expect(out.report).toMatchObject({ status: 'partial', selected: 1, replayed: 1, resolved: 0, stillFailing: 1, leadsCreated: 0, tasksCreated: 0 });
    expect(out.report.items).toEqual([
      expect.objectContaining({ hubspotId: '107', stage: 'lead.write', code: 'VALIDATION', attempts: 2, outcome: 'still-failing' }),
    ]);
    const dls = await open();
    expect(dls).toHaveLength(1);
    expect(dls[0]).toMatchObject({ hubspotId: '107', attempts: 2, resolvedAt: null });
    expect(leads('107')).toHaveLength(0);
    const run = await store.getRun(out.report.runId);
    expect(run).toMatchObject({ kind: 'replay', status: 'partial' });
  });

  it('once the cause is fixed in HubSpot, the Lead and its Task land exactly once and the dead letter is resolved', async () => {
    h.sandbox.control.hubspot.updateContact('107', { numemployees: '5000' });
    const [dl] = await open();
    const out = await replay({ ids: [dl?.id ?? -1] });
    expect(out.error).toBeNull();
    expect(out.report).toMatchObject({ status: 'succeeded', selected: 1, resolved: 1, stillFailing: 0, leadsCreated: 1, tasksCreated: 1 });
    expect(out.report.items[0]).toMatchObject({ hubspotId: '107', outcome: 'resolved' });
    const [lead] = leads('107');
    expect(lead?.NumberOfEmployees).toBe(5000);
    const t = tasks('107:1');
    expect(t).toHaveLength(1);
    expect(t[0]?.WhoId).toBe(lead?.Id);
    expect(await open()).toHaveLength(0);
    expect((await store.getHandoffRecords(['107'])).get('107')).toMatchObject({ status: 'handed_off', handoffKey: '107:1', salesforceLeadId: lead?.Id });

    // Nothing left to replay, and the next sync leaves the handoff alone.
    const again = await replay();
    expect(again.report.selected).toBe(0);
    const sync = await runSync(await h.newDeps());
    expect(sync.report.leadsCreated + sync.report.tasksCreated).toBe(0);
    expect(leads('107')).toHaveLength(1);
    expect(tasks('107:1')).toHaveLength(1);
  });

  it('a dead letter whose cause was transient succeeds on replay', async () => {
    // 102 qualifies now, and Salesforce keeps its row locked through every attempt of the sync.
    h.sandbox.control.hubspot.updateContact('102', { jobtitle: 'CEO', numemployees: '5000' });
    for (let i = 0; i < 2; i++) {
      h.sandbox.control.hubspot.logEngagement('102', 'meetings', { hs_meeting_outcome: 'COMPLETED', hs_timestamp: new Date().toISOString() });
    }
    h.sandbox.control.salesforce.lockNextRecords(h.config.handoff.sync.maxRecordAttempts);
    const sync = await runSync(await h.newDeps());
    expect(sync.report.deadLettered).toBe(1);
    expect(leads('102')).toHaveLength(0);
    const [dl] = await open();
    expect(dl).toMatchObject({ hubspotId: '102', stage: 'lead.write' });

    const out = await replay({ code: dl?.code ?? '' });
    expect(out.report).toMatchObject({ selected: 1, resolved: 1, stillFailing: 0, leadsCreated: 1, tasksCreated: 1 });
    expect(leads('102')).toHaveLength(1);
    expect(tasks('102:1')).toHaveLength(1);
    expect(await open()).toHaveLength(0);
  });

  it('closes the dead letters of a contact HubSpot no longer has, with a ledger note', async () => {
    // 108's Lead refresh is refused (employee count out of range), then the contact is deleted in HubSpot.
    h.sandbox.control.hubspot.updateContact('108', { numemployees: '5000000' });
    const sync = await runSync(await h.newDeps());
    expect(sync.report.deadLettered).toBe(1);
    const [dl] = await open();
    expect(dl).toMatchObject({ hubspotId: '108', code: 'VALIDATION', vendorCode: 'FIELD_CUSTOM_VALIDATION_EXCEPTION' });
    h.sandbox.control.hubspot.archiveContact('108');

    const writes = sfWrites();
    const out = await replay({ since: new Date(Date.now() - 3_600_000).toISOString() });
    expect(out.report).toMatchObject({ selected: 1, replayed: 0, resolved: 1, gone: 1, stillFailing: 0 });
    expect(out.report.items[0]).toMatchObject({ hubspotId: '108', outcome: 'gone', note: 'contact gone' });
    expect(sfWrites()).toBe(writes);
    expect(await open()).toHaveLength(0);
    const notes = await store.queryLedger({ hubspotId: '108', action: 'skip' });
    expect(notes.at(-1)).toMatchObject({ runId: out.report.runId, result: 'ok', detail: { kind: 'gone', reason: 'contact gone' } });
  });

  it('selects nothing when the filters match nothing', async () => {
    const out = await replay({ code: 'NO_SUCH_CODE' });
    expect(out.report).toMatchObject({ selected: 0, resolved: 0, stillFailing: 0 });
    expect(out.error).toBeNull();
  });
});
