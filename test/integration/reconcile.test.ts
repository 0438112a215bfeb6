import { Connection } from 'jsforce';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildInsightReport } from '../../src/jobs/insight/report.js';
import { reconcile } from '../../src/jobs/reconcile/reconcile.js';
import { accountFor } from '../../src/core/reconcile-classify.js';
import type { SalesforceView } from '../../src/domain/salesforce.js';
import { runSync } from '../../src/jobs/sync/run-sync.js';
import type { HandoffRecord } from '../../src/ports/state.js';
import { smallDataset } from '../fixtures/small-dataset.js';
import { sfQuery, startHarness } from '../helpers/pipeline.js';
import type { Harness } from '../helpers/pipeline.js';

const DAY = 86_400_000;

describe('reconcile against the sandbox', () => {
  let h: Harness;
  let conn: Connection;
  const since = () => new Date(Date.now() - 30 * DAY).toISOString();

  beforeAll(async () => {
    // 109: marked MQL in HubSpot but last changed 60 days ago, before the first sync's 30-day window.
    const ds = smallDataset();
    const old = new Date(Date.now() - 60 * DAY).toISOString();
    const base = ds.hubspot.contacts.find((c) => c.id === '102');
    if (!base) throw new Error('the small dataset lost contact 102');
    const stale = { ...base, id: '109', updatedAt: old, properties: { ...base.properties, hs_object_id: '109', email: 'skinner.old@fbi.example', lifecyclestage: 'marketingqualifiedlead', lastmodifieddate: old } };
    h = await startHarness({ ...ds, hubspot: { ...ds.hubspot, contacts: [...ds.hubspot.contacts, stale] } });
    conn = new Connection({
      oauth2: { clientId: h.sandbox.env.SALESFORCE_CLIENT_ID ?? '', clientSecret: h.sandbox.env.SALESFORCE_CLIENT_SECRET ?? '', loginUrl: h.sandbox.salesforceUrl },
      version: '64.0',
    });
    await conn.authorize({ grant_type: 'client_credentials' });
    const first = await runSync(await h.newDeps());
    expect(first.report.deadLettered).toBe(1);
  });
  afterAll(async () => h?.stop());

  it('after a sync every qualified contact is accounted for: landed or dead-lettered, no gaps', async () => {
    const r = await reconcile(await h.newDeps(), { since: since() });
    expect(r.summary).toEqual({ qualified: 7, landed: 6, deadLettered: 1, explained: 0, skipped: 0, gaps: 0 });
    expect(Object.values(r.explained).every((n) => n === 0)).toBe(true);
    expect(r.landed.map((l) => l.hubspotId)).toEqual(['101', '103', '104', '105', '106', '108']);
    expect(r.deadLettered).toEqual([expect.objectContaining({ hubspotId: '107', stage: 'lead.write', code: 'VALIDATION', attempts: 1 })]);
    expect(r.gaps).toEqual([]);
    // Matched Contacts count as landed through their Contact.
    expect(r.landed.find((l) => l.hubspotId === '104')).toMatchObject({ leadId: null, contactId: expect.any(String), taskId: expect.any(String) });
    // HubSpot shows the written-back contacts as qualified; the state adds the dead-lettered one.
    expect(r.sources).toEqual({ hubspot: 6, state: 7 });
    expect(r.calls.salesforce).toBeGreaterThan(0);

    // It stores its run: the window, the counts and the calls, no contact ids; the report shows it.
    const deps = await h.newDeps();
    const [run] = await deps.state.listRuns(1, 'reconcile');
    expect(run).toMatchObject({ kind: 'reconcile', status: 'succeeded', finishedAt: r.at, report: { window: { since: r.since, until: r.at }, summary: r.summary, calls: r.calls } });
    expect(JSON.stringify(run?.report)).not.toMatch(/"10[1-9]"/);
    const report = await buildInsightReport({ config: h.config, clock: deps.clock, state: deps.state });
    expect(report.health.lastReconcile).toEqual({
      startedAt: run?.startedAt,
      finishedAt: r.at,
      status: 'succeeded',
      window: { since: r.since, until: r.at },
      ...r.summary,
    });
    // Its API calls count with the period's runs.
    expect(report.health.salesforceCalls).toBeGreaterThanOrEqual(r.calls.salesforce);
    // Owners by name: the sync stored the users' names when it read them; the report calls no one.
    const names = new Map(sfQuery(h, 'SELECT Id, Name FROM User').map((u) => [String(u.Id), String(u.Name)]));
    const owners = report.by.owner ?? [];
    expect(owners.length).toBeGreaterThan(0);
    for (const o of owners) expect(o.label, o.key).toBe(names.get(o.key));
  });

  it('reports a deleted Task as a gap; a contact marked MQL in HubSpot since the cursor is pending, then explained by its decision', async () => {
    const [task] = sfQuery(h, "SELECT Id FROM Task WHERE Handoff_Key__c = '101:1'");
    await conn.sobject('Task').destroy(String(task?.Id));
    h.sandbox.control.hubspot.updateContact('102', { lifecyclestage: 'marketingqualifiedlead' });

    const r = await reconcile(await h.newDeps(), { since: since() });
    expect(r.summary).toEqual({ qualified: 8, landed: 5, deadLettered: 1, explained: 1, skipped: 0, gaps: 1 });
    expect(r.gaps).toEqual([{ hubspotId: '101', status: 'gap', reason: 'task missing', handoffKey: '101:1', detail: `Task ${String(task?.Id)}` }]);
    expect(r.explained).toMatchObject({ pending: 1, 'not-qualified': 0 });
    expect(r.explainedContacts).toEqual([expect.objectContaining({ hubspotId: '102', code: 'pending', detail: expect.stringMatching(/after the cursor/) })]);

    // The next cycle reads it and scores it below the threshold: explained by that decision.
    expect((await runSync(await h.newDeps())).error).toBeNull();
    const after = await reconcile(await h.newDeps(), { since: since() });
    expect(after.summary).toMatchObject({ qualified: 8, explained: 1, gaps: 1 });
    expect(after.explainedContacts).toEqual([
      expect.objectContaining({ hubspotId: '102', code: 'not-qualified', threshold: h.config.scoring.mqlThreshold, modelVersion: h.config.scoring.version, score: expect.any(Number) }),
    ]);
    expect(after.explainedContacts[0]?.detail).toMatch(/^score [\d.]+ below the threshold \d+ \(model /);
  });

  it('reports a Lead deleted in Salesforce as missing', async () => {
    const [lead] = sfQuery(h, "SELECT Id FROM Lead WHERE HubSpot_Contact_Id__c = '108'");
    await conn.sobject('Lead').destroy(String(lead?.Id));
    const r = await reconcile(await h.newDeps(), { since: since() });
    expect(r.summary.gaps).toBe(2);
    expect(r.gaps.find((g) => g.hubspotId === '108')).toMatchObject({ reason: 'lead missing in Salesforce', handoffKey: '108:1' });
    // A run with gaps is stored as partial.
    const deps = await h.newDeps();
    expect((await deps.state.listRuns(1, 'reconcile'))[0]).toMatchObject({ status: 'partial', report: { summary: { gaps: 2 } } });
  });

  it("explains a contact last changed before Handoff's history starts as outside-history", async () => {
    const r = await reconcile(await h.newDeps(), { since: new Date(Date.now() - 90 * DAY).toISOString() });
    expect(r.explainedContacts.find((e) => e.hubspotId === '109')).toMatchObject({ code: 'outside-history', detail: expect.stringMatching(/before Handoff's history starts/) });
    expect(r.explained['outside-history']).toBe(1);
    expect(r.gaps.map((g) => g.hubspotId)).not.toContain('109');
  });

  it('counts contacts only from the window asked for', async () => {
    const r = await reconcile(await h.newDeps(), { since: new Date(Date.now() + DAY).toISOString() });
    expect(r.summary).toEqual({ qualified: 0, landed: 0, deadLettered: 0, explained: 0, skipped: 0, gaps: 0 });
    expect(r.calls.salesforce).toBe(0);
  });
});

describe('reconcile classification', () => {
  const record = (over: Partial<HandoffRecord>): HandoffRecord => ({
    hubspotId: '1',
    episode: 1,
    status: 'handed_off',
    salesforceLeadId: '00Q000000000001AAA',
    salesforceContactId: null,
    salesforceTaskId: '00T000000000001AAA',
    ownerId: null,
    score: 80,
    grade: 'A',
    fingerprint: 'x',
    handoffKey: '1:1',
    firstHandedOffAt: null,
    updatedAt: '2026-01-01T00:00:00.000Z',
    ...over,
  });
  const view = (tasks: number): SalesforceView => ({
    leadsByKey: new Map([['1', [{ Id: '00Q000000000001AAA', HubSpot_Contact_Id__c: '1', IsConverted: false }]]]),
    leadIds: new Set(['00Q000000000001AAA']),
    contactIds: new Set(),
    tasksByKey: new Map([['1:1', Array.from({ length: tasks }, (_, i) => ({ Id: `00T00000000000${i}AAA`, Handoff_Key__c: '1:1', WhoId: null, IsClosed: i > 0 }))]]),
  });
  const none = { openDeadLetters: [], lastSkip: undefined };

  it('flags two Tasks with one handoff key (Salesforce should make that impossible)', () => {
    expect(accountFor('1', { ...none, record: record({}) }, view(2))).toMatchObject({ status: 'gap', reason: 'duplicate tasks for one key' });
    expect(accountFor('1', { ...none, record: record({}) }, view(1))).toMatchObject({ status: 'landed', taskId: '00T000000000000AAA' });
  });

  it('explains a contact without a handoff by its skip in the ledger', () => {
    expect(accountFor('1', { ...none, record: undefined, lastSkip: 'duplicate of 2' }, view(0))).toEqual({ hubspotId: '1', status: 'skipped', reason: 'duplicate of 2' });
  });
});
