import { Connection } from 'jsforce';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStateStore } from '../../src/adapters/state/index.js';
import { runSync } from '../../src/jobs/sync/run-sync.js';
import { CONVERTED_CONTACT_ID, smallDataset } from '../fixtures/small-dataset.js';
import { startHarness } from '../helpers/pipeline.js';
import type { Harness } from '../helpers/pipeline.js';

describe('sync against the sandbox (hand-made dataset)', () => {
  let h: Harness;
  let conn: Connection;
  let first: Awaited<ReturnType<typeof runSync>>;

  beforeAll(async () => {
    h = await startHarness(smallDataset());
    conn = new Connection({ oauth2: { clientId: h.sandbox.env.SALESFORCE_CLIENT_ID ?? '', clientSecret: h.sandbox.env.SALESFORCE_CLIENT_SECRET ?? '', loginUrl: h.sandbox.salesforceUrl }, version: '64.0' });
    await conn.authorize({ grant_type: 'client_credentials' });
    first = await runSync(await h.newDeps());
  });
  afterAll(async () => h?.stop());

  const leadByKey = async (key: string) =>
    (await conn.query<Record<string, unknown>>(`SELECT Id, FirstName, LastName, Company, Email, OwnerId, Handoff_Score__c, Handoff_Grade__c, Handoff_Score_Reasons__c, Handoff_Model_Version__c, NumberOfEmployees FROM Lead WHERE HubSpot_Contact_Id__c = '${key}'`)).records;
  const tasksByKey = async (key: string) =>
    (await conn.query<Record<string, unknown>>(`SELECT Id, WhoId, OwnerId, Subject, Priority, Status, ActivityDate, Handoff_SLA_Due__c, Handoff_SLA_Tier__c, Description FROM Task WHERE Handoff_Key__c = '${key}'`)).records;

  it('reports what it did', () => {
    expect(first.error).toBeNull();
    const r = first.report;
    expect(r.contactsRead).toBe(8);
    expect(r.qualified).toBe(7);
    expect(r.leadsCreated).toBe(3); // 101, 106, 108 (107 is dead-lettered)
    expect(r.leadsUpdated).toBe(1); // 103 stamped
    expect(r.contactsMatched).toBe(2); // 104, 105
    expect(r.tasksCreated).toBe(6);
    expect(r.deadLettered).toBe(1);
    expect(r.status).toBe('partial');
    expect(r.salesforceCalls).toBeGreaterThan(0);
  });

  it('creates a new Lead with normalized fields, the score and its reasons, and one SLA Task', async () => {
    const [lead] = await leadByKey('101');
    expect(lead).toMatchObject({ FirstName: 'Dana', LastName: 'Scully', Email: 'dana.scully@acme-corp.com', Handoff_Model_Version__c: '2026.11-1' });
    expect(Number(lead?.Handoff_Score__c)).toBeGreaterThanOrEqual(50);
    expect(String(lead?.Handoff_Score_Reasons__c)).toMatch(/Attended a meeting/);
    const tasks = await tasksByKey('101:1');
    expect(tasks).toHaveLength(1);
    expect(tasks[0]).toMatchObject({ WhoId: lead?.Id, Status: 'Not Started', OwnerId: lead?.OwnerId });
    expect(String(tasks[0]?.Subject)).toMatch(/SLA\] Follow up with Dana Scully \(Acme Corp\)/);
    expect(String(tasks[0]?.Description)).toMatch(/Why this lead:/);
  });

  it('stamps an existing unkeyed Lead instead of creating a second one', async () => {
    const leads = (await conn.query<Record<string, unknown>>("SELECT Id, HubSpot_Contact_Id__c FROM Lead WHERE Email = 'walter@skinner.io'")).records;
    expect(leads).toHaveLength(1);
    expect(leads[0]?.HubSpot_Contact_Id__c).toBe('103');
    expect((await tasksByKey('103:1'))[0]?.WhoId).toBe(leads[0]?.Id);
  });

  it('gives an existing Contact (or a converted Lead\'s Contact) a Task, not a Lead', async () => {
    expect(await leadByKey('104')).toHaveLength(0);
    const contact = (await conn.query<{ Id: string }>("SELECT Id FROM Contact WHERE Email = 'monica@reyes.example'")).records[0];
    expect((await tasksByKey('104:1'))[0]?.WhoId).toBe(contact?.Id);
    expect((await tasksByKey('105:1'))[0]?.WhoId).toBe(CONVERTED_CONTACT_ID);
  });

  it('fills missing Company and LastName with the placeholder and records the fix in the ledger', async () => {
    const [lead] = await leadByKey('106');
    expect(lead).toMatchObject({ LastName: '[not provided]', Company: '[not provided]' });
    const store = await openStateStore(h.dbUrl);
    const fixes = await store.queryLedger({ hubspotId: '106', action: 'fix' });
    await store.close();
    expect(fixes.map((f) => (f.detail as { field: string }).field).sort()).toEqual(['Company', 'LastName']);
  });

  it('dead-letters the record Salesforce refuses, with its reason, while the rest land', async () => {
    expect(await leadByKey('107')).toHaveLength(0);
    const store = await openStateStore(h.dbUrl);
    const dls = await store.listDeadLetters({ unresolvedOnly: true });
    await store.close();
    expect(dls).toHaveLength(1);
    expect(dls[0]).toMatchObject({ hubspotId: '107', stage: 'lead.write', code: 'VALIDATION', vendorCode: 'FIELD_CUSTOM_VALIDATION_EXCEPTION' });
  });

  it('routes by territory and keeps round robin state', async () => {
    const [emea] = await leadByKey('108');
    const users = (await conn.query<{ Id: string; Username: string }>('SELECT Id, Username FROM User')).records;
    const emeaTeam = ['amelia.hughes@acme-sales.example', 'lukas.becker@acme-sales.example'];
    expect(emeaTeam).toContain(users.find((u) => u.Id === emea?.OwnerId)?.Username);
  });

  it('sends Sforce-Auto-Assign: FALSE so assignment rules do not re-route', async () => {
    // The sandbox's assignment rule would hand every Lead to the first active user otherwise.
    const owners = new Set((await conn.query<{ OwnerId: string }>("SELECT OwnerId FROM Lead WHERE HubSpot_Contact_Id__c != null")).records.map((r) => r.OwnerId));
    expect(owners.size).toBeGreaterThan(1);
  });

  it('creates nothing on a rerun, and a quiet cycle costs no Salesforce call', async () => {
    const leadsBefore = (await conn.query('SELECT Id FROM Lead')).totalSize;
    const tasksBefore = (await conn.query('SELECT Id FROM Task')).totalSize;
    const again = await runSync(await h.newDeps());
    expect(again.error).toBeNull();
    expect(again.report.leadsCreated + again.report.tasksCreated).toBe(0);
    expect(again.report.salesforceCalls).toBe(0);
    expect(again.report.unchanged).toBeGreaterThanOrEqual(5);
    expect((await conn.query('SELECT Id FROM Lead')).totalSize).toBe(leadsBefore);
    expect((await conn.query('SELECT Id FROM Task')).totalSize).toBe(tasksBefore);
  });

  it('a dry run prints a plan and changes neither Salesforce nor the state', async () => {
    h.sandbox.control.hubspot.updateContact('102', { jobtitle: 'CEO', numemployees: '5000' });
    h.sandbox.control.hubspot.logEngagement('102', 'meetings', { hs_meeting_outcome: 'COMPLETED', hs_timestamp: new Date().toISOString() });
    h.sandbox.control.hubspot.logEngagement('102', 'meetings', { hs_meeting_outcome: 'COMPLETED', hs_timestamp: new Date().toISOString() });
    const store = await openStateStore(h.dbUrl);
    const cursorBefore = await store.getCursor('contacts');
    const ledgerBefore = (await store.queryLedger({})).length;
    const sfWritesBefore = h.sandbox.control.salesforce.log.counters();
    const dry = await runSync(await h.newDeps(), { dryRun: true });
    expect(dry.plan?.leads.map((l) => l.hubspotId)).toEqual(['102']);
    expect(dry.plan?.tasks.map((t) => t.handoffKey)).toEqual(['102:1']);
    expect(await store.getCursor('contacts')).toEqual(cursorBefore);
    expect((await store.queryLedger({})).length).toBe(ledgerBefore);
    const after = h.sandbox.control.salesforce.log.counters();
    const writes = (c: Record<string, number>) => Object.entries(c).filter(([k]) => /^(POST|PATCH|DELETE) \/(sobjects|composite\/sobjects)/.test(k)).reduce((n, [, v]) => n + v, 0);
    expect(writes(after)).toBe(writes(sfWritesBefore));
    expect(await leadByKey('102')).toHaveLength(0);
    // The real run then does what the plan said.
    const real = await runSync(await h.newDeps());
    expect(real.report.leadsCreated).toBe(1);
    expect(await tasksByKey('102:1')).toHaveLength(1);
    await store.close();
  });
});
