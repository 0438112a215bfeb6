import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Connection } from 'jsforce';
import type { SalesforceSandbox } from '../src/salesforce/index.js';
import { REP_USER, failure, lead, startSandbox, tokenConnection } from './salesforce-helpers.js';

const NO_ASSIGN = { headers: { 'Sforce-Auto-Assign': 'FALSE' } };

interface Describe {
  createable: boolean;
  keyPrefix: string;
  fields: { name: string; type: string; length: number; precision: number; scale: number; createable: boolean; picklistValues: { value: string }[] }[];
}
type Row = Record<string, unknown>;

describe('Salesforce sandbox: the sales objects', () => {
  let sandbox: SalesforceSandbox;
  let conn: Connection;
  const at = (iso: string): void => sandbox.clock.set(Date.parse(iso), true);

  beforeAll(async () => {
    sandbox = await startSandbox();
    conn = tokenConnection(sandbox);
  });
  afterAll(async () => {
    await sandbox.stop();
  });
  beforeEach(() => {
    sandbox.reset();
    at('2026-03-02T15:00:00Z');
  });

  it('describes Event, OpportunityContactRole, LeadHistory and the scorecard fields', async () => {
    const event = (await conn.sobject('Event').describe()) as unknown as Describe;
    expect(event.keyPrefix).toBe('00U');
    const names = event.fields.map((f) => f.name);
    expect(names).toEqual(expect.arrayContaining(['WhoId', 'StartDateTime', 'EndDateTime', 'DurationInMinutes', 'Handoff_Outcome__c']));
    const task = (await conn.sobject('Task').describe()) as unknown as Describe;
    const f = (name: string) => task.fields.find((x) => x.name === name);
    expect(f('Handoff_Outcome__c')?.picklistValues.map((p) => p.value)).toEqual([
      'connected', 'meeting booked', 'no answer', 'not a fit', 'bad timing', 'wrong person', 'already a customer',
    ]);
    expect(f('Handoff_Lead_Quality__c')).toMatchObject({ type: 'double', precision: 1, scale: 0 });
    expect(f('Handoff_Comment__c')).toMatchObject({ type: 'string', length: 255 });
    const ocr = (await conn.sobject('OpportunityContactRole').describe()) as unknown as Describe;
    expect(ocr.keyPrefix).toBe('00K');
    const history = (await conn.sobject('LeadHistory').describe()) as unknown as Describe;
    expect(history.createable).toBe(false);
    expect(history.fields.find((x) => x.name === 'OldValue')?.type).toBe('anyType');
    const opp = (await conn.sobject('Opportunity').describe()) as unknown as Describe;
    expect(opp.fields.map((x) => x.name)).toEqual(expect.arrayContaining(['Amount', 'CurrencyIsoCode', 'IsClosed', 'IsWon', 'CloseDate']));
  });

  it('keeps Lead Status history with the time and user of each change, and stamps SystemModstamp on every write', async () => {
    const { id } = (await conn.sobject('Lead').create(lead(1, { OwnerId: REP_USER }), NO_ASSIGN)) as { id: string };
    at('2026-03-02T16:30:00Z');
    await conn.sobject('Lead').update({ Id: id, Status: 'Working - Contacted' }, NO_ASSIGN);
    at('2026-03-03T09:00:00Z');
    await conn.sobject('Lead').update({ Id: id, Title: 'CTO' }, NO_ASSIGN);
    const history = (await conn.query(`SELECT Field, OldValue, NewValue, CreatedDate FROM LeadHistory WHERE LeadId = '${id}' ORDER BY CreatedDate`)).records as Row[];
    expect(history.map((h) => [h.Field, h.OldValue, h.NewValue, h.CreatedDate])).toEqual([
      ['created', null, null, '2026-03-02T15:00:00.000+0000'],
      ['Status', 'Open - Not Contacted', 'Working - Contacted', '2026-03-02T16:30:00.000+0000'],
    ]);
    const [row] = (await conn.query(`SELECT SystemModstamp FROM Lead WHERE Id = '${id}'`)).records as Row[];
    expect(row?.SystemModstamp).toBe('2026-03-03T09:00:00.000+0000');
    const err = await failure(conn.sobject('LeadHistory').create({ LeadId: id, Field: 'Status' }));
    expect(err.errorCode).toBe('INVALID_TYPE_FOR_OPERATION');
  });

  it('conversion stamps the Lead, logs the Status change and gives the new Opportunity a primary contact role', async () => {
    const { id } = (await conn.sobject('Lead').create(lead(2), NO_ASSIGN)) as { id: string };
    at('2026-03-05T11:00:00Z');
    const converted = sandbox.convertLead(id, { createOpportunity: true, amount: 24000 });
    const [l] = (await conn.query(
      `SELECT IsConverted, ConvertedDate, ConvertedContactId, ConvertedOpportunityId, ConvertedAccountId, Status, SystemModstamp FROM Lead WHERE Id = '${id}'`,
    )).records as Row[];
    expect(l).toMatchObject({
      IsConverted: true,
      ConvertedDate: '2026-03-05',
      ConvertedContactId: converted.contactId,
      ConvertedOpportunityId: converted.opportunityId,
      ConvertedAccountId: converted.accountId,
      Status: 'Closed - Converted',
      SystemModstamp: '2026-03-05T11:00:00.000+0000',
    });
    const fields = (await conn.query(`SELECT Field FROM LeadHistory WHERE LeadId = '${id}' ORDER BY CreatedDate`)).records.map((r) => (r as Row).Field);
    expect(fields).toEqual(['created', 'Status', 'leadConverted']);
    const roles = (await conn.query(`SELECT OpportunityId, ContactId, IsPrimary FROM OpportunityContactRole WHERE ContactId = '${converted.contactId}'`)).records as Row[];
    expect(roles).toEqual([expect.objectContaining({ OpportunityId: converted.opportunityId, ContactId: converted.contactId, IsPrimary: true })]);
    const [opp] = (await conn.query(`SELECT StageName, IsClosed, IsWon, Amount, CurrencyIsoCode FROM Opportunity WHERE Id = '${String(converted.opportunityId)}'`)).records as Row[];
    expect(opp).toMatchObject({ StageName: 'Prospecting', IsClosed: false, IsWon: false, Amount: 24000, CurrencyIsoCode: 'USD' });
  });

  it('derives IsClosed and IsWon from the stage, and an Event end from its start and duration', async () => {
    const { id: accountId } = (await conn.sobject('Account').create({ Name: 'Acme' })) as { id: string };
    const { id: oppId } = (await conn.sobject('Opportunity').create({ Name: 'Acme-', AccountId: accountId, StageName: 'Qualification', CloseDate: '2026-04-01' })) as { id: string };
    await conn.sobject('Opportunity').update({ Id: oppId, StageName: 'Closed Won' });
    const [opp] = (await conn.query(`SELECT IsClosed, IsWon, ForecastCategoryName FROM Opportunity WHERE Id = '${oppId}'`)).records as Row[];
    expect(opp).toMatchObject({ IsClosed: true, IsWon: true, ForecastCategoryName: 'Closed' });

    const { id: leadId } = (await conn.sobject('Lead').create(lead(3), NO_ASSIGN)) as { id: string };
    const results = (await conn.sobject('Event').create([
      { WhoId: leadId, Subject: 'Meeting', StartDateTime: '2026-03-04T14:00:00Z', DurationInMinutes: 30, Handoff_Outcome__c: 'meeting booked', Handoff_Lead_Quality__c: 4 },
      { WhoId: leadId, Subject: 'Meeting' },
    ])) as { success: boolean; id?: string; errors: { statusCode: string }[] }[];
    expect(results[0]?.success).toBe(true);
    expect(results[1]?.errors[0]?.statusCode).toBe('REQUIRED_FIELD_MISSING');
    const [ev] = (await conn.query(`SELECT EndDateTime, ActivityDate, Handoff_Outcome__c FROM Event WHERE WhoId = '${leadId}'`)).records as Row[];
    expect(ev).toMatchObject({ EndDateTime: '2026-03-04T14:30:00.000+0000', ActivityDate: '2026-03-04', Handoff_Outcome__c: 'meeting booked' });
    const bad = await failure(conn.sobject('Task').create({ WhoId: leadId, Handoff_Outcome__c: 'maybe' }));
    expect(bad.errorCode).toBe('INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST');
  });
});

describe('withUsers', () => {
  it('makes the named manager the added User\'s ManagerId', async () => {
    const { withUsers } = await import('../src/shared/users.js');
    const base = { version: 1 as const, hubspot: { contacts: [], emails: [], calls: [], meetings: [], notes: [], tasks: [], associations: [], owners: [] }, salesforce: { User: [{ Id: '005000000000009AAA', Username: 'lead@acme.test', LastName: 'Lead' }], Lead: [], Contact: [], Account: [], Task: [] } };
    const ds = withUsers(base, [
      { username: 'rep@acme.test', firstName: 'Rita', lastName: 'Rep', timeZone: 'Europe/Paris', manager: 'LEAD@acme.test' },
      { username: 'solo@acme.test', firstName: 'Sol', lastName: 'O', timeZone: 'Europe/Paris', manager: 'nobody@acme.test' },
    ]);
    expect(ds.salesforce.User.find((u) => u.Username === 'rep@acme.test')?.ManagerId).toBe('005000000000009AAA');
    expect(ds.salesforce.User.find((u) => u.Username === 'solo@acme.test')?.ManagerId).toBeUndefined();
  });
});
