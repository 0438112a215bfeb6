import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Connection } from 'jsforce';
import type { SalesforceSandbox } from '../src/salesforce/index.js';
import { INTEGRATION_USER, REP_USER, USERS, failure, lead, startSandbox, tokenConnection } from './salesforce-helpers.js';

const NO_ASSIGN = { headers: { 'Sforce-Auto-Assign': 'FALSE' } };
const LEAD_QUEUES =
  "SELECT Id, Name, DeveloperName FROM Group WHERE Type = 'Queue' AND Id IN (SELECT QueueId FROM QueueSobject WHERE SobjectType = 'Lead')";

interface Queue {
  Id: string;
  Name: string;
  DeveloperName: string;
}

describe('Salesforce sandbox: queues', () => {
  let sandbox: SalesforceSandbox;
  let conn: Connection;
  let leadQueue: string;
  let caseQueue: string;

  const queueId = async (developerName: string): Promise<string> =>
    (await conn.query<Queue>(`SELECT Id FROM Group WHERE DeveloperName = '${developerName}'`)).records[0]?.Id ?? '';

  beforeAll(async () => {
    sandbox = await startSandbox();
    conn = tokenConnection(sandbox);
  });
  afterAll(async () => {
    await sandbox.stop();
  });
  beforeEach(async () => {
    sandbox.reset();
    leadQueue = await queueId('Handoff_Unassigned_Leads');
    caseQueue = await queueId('Support_Cases');
  });

  it('the default org has a Lead queue and a Case queue, and the semi-join returns only the Lead one', async () => {
    expect(leadQueue).toMatch(/^00G[a-zA-Z0-9]{15}$/);
    expect(caseQueue).toMatch(/^00G/);
    const lead = await conn.query<Queue>(LEAD_QUEUES);
    expect(lead.records.map(({ Id, Name, DeveloperName }) => ({ Id, Name, DeveloperName }))).toEqual([
      { Id: leadQueue, Name: 'Handoff Unassigned Leads', DeveloperName: 'Handoff_Unassigned_Leads' },
    ]);
    const rows = await conn.query<{ QueueId: string; SobjectType: string; Queue: { DeveloperName: string } }>(
      'SELECT QueueId, SobjectType, Queue.DeveloperName FROM QueueSobject ORDER BY SobjectType',
    );
    expect(rows.records.map((r) => [r.SobjectType, r.Queue.DeveloperName])).toEqual([
      ['Case', 'Support_Cases'],
      ['Lead', 'Handoff_Unassigned_Leads'],
    ]);
  });

  it('a Lead queue owns a Lead on create and on upsert, and SOQL follows Owner to the queue', async () => {
    const created = await conn.sobject('Lead').create(lead(1, { OwnerId: leadQueue }), NO_ASSIGN);
    expect(created.success).toBe(true);
    await conn.sobject('Lead').upsert({ ...lead(2), HubSpot_Contact_Id__c: 'hs-2', OwnerId: leadQueue }, 'HubSpot_Contact_Id__c', NO_ASSIGN);
    const rows = await conn.query<{ OwnerId: string; Owner: { Name: string } }>("SELECT OwnerId, Owner.Name FROM Lead WHERE Email IN ('lead1@example.com', 'lead2@example.com')");
    expect(rows.records.map((r) => [r.OwnerId, r.Owner.Name])).toEqual([
      [leadQueue, 'Handoff Unassigned Leads'],
      [leadQueue, 'Handoff Unassigned Leads'],
    ]);
    const describe = (await conn.sobject('Lead').describe()) as unknown as { fields: { name: string; referenceTo: string[] }[] };
    expect(describe.fields.find((f) => f.name === 'OwnerId')?.referenceTo).toEqual(['Group', 'User']);
  });

  it('a queue that does not support Lead is refused, on create and on update', async () => {
    const create = await failure(conn.sobject('Lead').create(lead(3, { OwnerId: caseQueue }), NO_ASSIGN));
    expect(create.errorCode).toBe('INVALID_OPERATION');
    expect(create.message).toBe('Queue not associated with this SObject type');
    const { id } = await conn.sobject('Lead').create(lead(4), NO_ASSIGN);
    const update = await failure(conn.sobject('Lead').update({ Id: id ?? '', OwnerId: caseQueue }, NO_ASSIGN));
    expect(update.errorCode).toBe('INVALID_OPERATION');
    expect(sandbox.records('Lead').find((r) => r.Id === id)?.OwnerId).toBe(INTEGRATION_USER);
    // In a collection the refusal is per record; the other Lead is saved.
    const results = await conn.sobject('Lead').create([lead(5, { OwnerId: caseQueue }), lead(6, { OwnerId: leadQueue })], { ...NO_ASSIGN, allOrNone: false });
    expect(results.map((r) => r.success)).toEqual([false, true]);
  });

  it('a Task or Contact cannot be owned by a queue: the id is of the wrong type', async () => {
    const { id } = await conn.sobject('Lead').create(lead(7, { OwnerId: leadQueue }), NO_ASSIGN);
    const task = await failure(conn.sobject('Task').create({ WhoId: id, Subject: 'Call', OwnerId: leadQueue }));
    expect(task.errorCode).toBe('FIELD_INTEGRITY_EXCEPTION');
    expect(task.message).toBe(`Owner ID: id value of incorrect type: ${leadQueue}`);
    const contact = await failure(conn.sobject('Contact').create({ LastName: 'C', OwnerId: leadQueue }));
    expect(contact.errorCode).toBe('FIELD_INTEGRITY_EXCEPTION');
    const ok = await conn.sobject('Task').create({ WhoId: id, Subject: 'Call', OwnerId: REP_USER });
    expect(ok.success).toBe(true);
  });

  it('converting a queue-owned Lead gives its Contact and Account to the converting user', async () => {
    const { id } = await conn.sobject('Lead').create(lead(8, { OwnerId: leadQueue }), NO_ASSIGN);
    const converted = sandbox.convertLead(id ?? '');
    const contact = sandbox.records('Contact').find((r) => r.Id === converted.contactId);
    const account = sandbox.records('Account').find((r) => r.Id === converted.accountId);
    expect([contact?.OwnerId, account?.OwnerId]).toEqual([INTEGRATION_USER, INTEGRATION_USER]);
  });

  it('a dataset that lists its own Groups gets exactly those; an empty list means no queues', async () => {
    sandbox.load({
      User: USERS,
      Group: [{ Id: '00G000000000001', Name: 'West Leads', DeveloperName: 'West_Leads', Type: 'Queue' }],
      QueueSobject: [{ QueueId: '00G000000000001', SobjectType: 'Lead' }],
    });
    expect((await conn.query<Queue>(LEAD_QUEUES)).records.map((q) => q.DeveloperName)).toEqual(['West_Leads']);
    sandbox.load({ User: USERS, Group: [], QueueSobject: [] });
    expect((await conn.query<Queue>(LEAD_QUEUES)).totalSize).toBe(0);
    sandbox.load({ User: USERS });
  });
});
