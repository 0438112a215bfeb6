import { describe, expect, it } from 'vitest';
import { CONTACTS_CURSOR, runSync } from '../../../src/jobs/sync/run-sync.js';
import type { CommitBatch } from '../../../src/ports/state.js';
import { fakeDeps, meeting, rawContact, salesforceCallError } from '../../helpers/fake-ports.js';
import type { FakeDeps } from '../../helpers/fake-ports.js';

const NOW = '2026-11-02T10:00:00.000Z';

/** Qualified contacts (two completed meetings each) changed within the first cycle's look-back. */
async function withQualified(...ids: string[]): Promise<FakeDeps> {
  const deps = await fakeDeps({ now: NOW });
  for (const id of ids) {
    deps.hubspot.put(rawContact(id));
    deps.hubspot.addActivity(meeting(id, 1)).addActivity(meeting(id, 2));
  }
  return deps;
}

describe('sync cycle on fake ports', () => {
  it('hands off qualified contacts: a Lead and a Task each, written back to HubSpot, recorded, cursor at the cycle start', async () => {
    const deps = await withQualified('101', '102');

    const { report, error } = await runSync(deps);

    expect(error).toBeNull();
    expect(report).toMatchObject({ status: 'succeeded', contactsRead: 2, qualified: 2, leadsCreated: 2, tasksCreated: 2, writebacks: 2, deadLettered: 0 });
    expect([...deps.salesforce.leads.keys()].sort()).toEqual(['101', '102']);
    expect([...deps.salesforce.tasks.keys()].sort()).toEqual(['101:1', '102:1']);
    const lead101 = deps.salesforce.leads.get('101');
    expect(lead101?.record).toMatchObject({ HubSpot_Contact_Id__c: '101', Email: 'person101@globex101.com' });
    expect(deps.hubspot.writebacks.map((w) => [w.hubspotId, w.salesforceId])).toEqual(
      expect.arrayContaining([
        ['101', lead101?.Id],
        ['102', deps.salesforce.leads.get('102')?.Id],
      ]),
    );
    expect(deps.hubspot.ensured).toEqual([deps.config.handoff.writeback.propertyGroup]);

    const records = await deps.state.getHandoffRecords(['101', '102']);
    expect(records.get('101')).toMatchObject({ status: 'handed_off', salesforceLeadId: lead101?.Id, handoffKey: '101:1' });
    expect((await deps.state.getCursor(CONTACTS_CURSOR))?.value).toBe(NOW);
    expect(report.hubspotCalls).toBe(deps.hubspot.calls.length);
    expect(report.salesforceCalls).toBe(deps.salesforce.calls.length);
  });

  it('commits the cursor only after the Salesforce writes and the writeback, in the same commit as the records', async () => {
    const deps = await withQualified('101');
    const commits: { batch: CommitBatch; writesBefore: number; writebacksBefore: number }[] = [];
    const commitBatch = deps.state.commitBatch.bind(deps.state);
    deps.state.commitBatch = (batch) => {
      commits.push({ batch, writesBefore: deps.salesforce.writes.length, writebacksBefore: deps.hubspot.writebacks.length });
      return commitBatch(batch);
    };

    await runSync(deps);

    expect(commits).toHaveLength(1);
    const [c] = commits;
    expect(c?.batch.cursor).toEqual({ name: CONTACTS_CURSOR, value: NOW });
    expect(c?.batch.records?.map((r) => r.hubspotId)).toEqual(['101']);
    expect(c?.writesBefore).toBe(2); // the Lead upsert and the Task create
    expect(c?.writebacksBefore).toBe(1);
  });

  it('a failed Salesforce call leaves the cursor where it was; the next cycle reads the same window and hands off', async () => {
    const deps = await withQualified('101');
    deps.salesforce.failNext('apply', salesforceCallError('SERVER_UNAVAILABLE'));

    const failed = await runSync(deps);

    expect(failed.report.status).toBe('failed');
    expect(failed.error).toMatchObject({ code: 'SERVER_ERROR', system: 'salesforce', vendorCode: 'SERVER_UNAVAILABLE' });
    expect(await deps.state.getCursor(CONTACTS_CURSOR)).toBeNull();
    expect((await deps.state.getHandoffRecords(['101'])).size).toBe(0);
    expect(deps.hubspot.writebacks).toEqual([]);
    expect((await deps.state.listRuns(1))[0]).toMatchObject({ status: 'failed' });

    deps.clock.advance(60_000);
    const again = await runSync(deps);

    expect(again.error).toBeNull();
    // No cursor yet: the window starts at the first run's look-back again and covers the contact.
    const lookbackMs = deps.config.handoff.sync.initialLookbackDays * 86_400_000;
    expect(again.report.window?.since).toBe(new Date(deps.clock.now() - lookbackMs).toISOString());
    expect(again.report).toMatchObject({ status: 'succeeded', contactsRead: 1, leadsCreated: 1, tasksCreated: 1 });
    expect((await deps.state.getCursor(CONTACTS_CURSOR))?.value).toBe(new Date(Date.parse(NOW) + 60_000).toISOString());
  });

  it('the run report keeps the error code and the message with personal data redacted, as stored and as returned', async () => {
    const deps = await withQualified('101');
    deps.salesforce.failNext('apply', salesforceCallError('SERVER_UNAVAILABLE', 'upstream refused ana.lima@globex101.com, call +49 30 1234567'));

    const { report, error } = await runSync(deps);

    expect(error?.message).toContain('ana.lima@globex101.com');
    expect(report.error).toEqual({ code: 'SERVER_ERROR', message: 'Salesforce SERVER_UNAVAILABLE: upstream refused [redacted], call [redacted]' });
    const [stored] = await deps.state.listRuns(1);
    expect(JSON.stringify(stored)).not.toMatch(/ana\.lima|1234567/);
    expect((stored?.report as { error?: unknown } | undefined)?.error).toEqual(report.error);
  });

  it('a record Salesforce refuses is dead-lettered with both codes while the rest of the batch lands and the cursor moves', async () => {
    const deps = await withQualified('101', '102', '103');
    deps.salesforce.refuse.set('102', { code: 'FIELD_CUSTOM_VALIDATION_EXCEPTION', message: 'Company is required for this region', fields: ['Company'] });

    const { report, error } = await runSync(deps);

    expect(error).toBeNull();
    expect(report).toMatchObject({ status: 'partial', leadsCreated: 2, tasksCreated: 2, deadLettered: 1, writebacks: 2 });
    expect([...deps.salesforce.leads.keys()].sort()).toEqual(['101', '103']);
    expect(deps.salesforce.tasks.has('102:1')).toBe(false);
    const dls = await deps.state.listDeadLetters({ unresolvedOnly: true });
    expect(dls).toEqual([
      expect.objectContaining({ hubspotId: '102', stage: 'lead.write', code: 'VALIDATION', vendorCode: 'FIELD_CUSTOM_VALIDATION_EXCEPTION', message: 'Company is required for this region (Company)' }),
    ]);
    expect(deps.hubspot.writebacks.map((w) => w.hubspotId).sort()).toEqual(['101', '103']);
    expect((await deps.state.getCursor(CONTACTS_CURSOR))?.value).toBe(NOW);
    expect((await deps.state.getHandoffRecords(['102'])).size).toBe(0);
  });

  it('an unchanged record read again makes no Salesforce call and no writeback', async () => {
    const deps = await withQualified('101');
    await runSync(deps);
    const sfCalls = deps.salesforce.calls.length;
    const writebacks = deps.hubspot.writebacks.length;

    // The writeback echo: HubSpot shows the contact modified again, with the same values.
    deps.clock.advance(5 * 60_000);
    deps.hubspot.put(rawContact('101', { updatedAt: '2026-11-02T10:01:00.000Z' }));
    const { report, error } = await runSync(deps);

    expect(error).toBeNull();
    expect(report).toMatchObject({ status: 'succeeded', contactsRead: 1, unchanged: 1, leadsCreated: 0, leadsUpdated: 0, tasksCreated: 0, writebacks: 0, salesforceCalls: 0 });
    expect(deps.salesforce.calls.length).toBe(sfCalls);
    expect(deps.hubspot.writebacks.length).toBe(writebacks);
    expect((await deps.state.getCursor(CONTACTS_CURSOR))?.value).toBe(new Date(deps.clock.now()).toISOString());
  });

  it('a contact below the threshold is skipped without touching Salesforce', async () => {
    const deps = await fakeDeps({ now: NOW });
    deps.hubspot.put(rawContact('201', { properties: { jobtitle: 'Intern', numemployees: '5' } }));

    const { report } = await runSync(deps);

    expect(report).toMatchObject({ status: 'succeeded', contactsRead: 1, qualified: 0, skipped: 1, salesforceCalls: 0 });
    expect(deps.salesforce.calls).toEqual([]);
  });

  it('a dry run plans the writes and changes nothing: no write, no cursor, no run record', async () => {
    const deps = await withQualified('101');

    const { report, plan } = await runSync(deps, { dryRun: true });

    expect(report.status).toBe('succeeded');
    expect(plan?.leads.map((l) => l.hubspotId)).toEqual(['101']);
    expect(plan?.tasks.map((t) => t.handoffKey)).toEqual(['101:1']);
    expect(deps.salesforce.writes).toEqual([]);
    expect(deps.salesforce.calls).not.toContain('apply');
    expect(deps.hubspot.writebacks).toEqual([]);
    expect(await deps.state.getCursor(CONTACTS_CURSOR)).toBeNull();
    expect(await deps.state.listRuns(5)).toEqual([]);
  });

  it('a failed writeback is reported, not a reason to redo the Salesforce writes', async () => {
    const deps = await withQualified('101');
    deps.hubspot.failNext('writeBack', new Error('HubSpot is down'));

    const { report, error } = await runSync(deps);

    expect(error).toBeNull();
    expect(report).toMatchObject({ status: 'succeeded', leadsCreated: 1, tasksCreated: 1, writebacks: 0 });
    expect((await deps.state.getCursor(CONTACTS_CURSOR))?.value).toBe(NOW);
  });
});
