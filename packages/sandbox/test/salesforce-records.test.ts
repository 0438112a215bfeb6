import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Connection } from 'jsforce';
import type { SalesforceSandbox } from '../src/salesforce/index.js';
import { checksumSuffix } from '../src/salesforce/index.js';
import { INTEGRATION_USER, QUEUE_USER, REP_USER, USERS, failure, lead, startSandbox, tokenConnection } from './salesforce-helpers.js';

const NO_ASSIGN = { headers: { 'Sforce-Auto-Assign': 'FALSE' } };

interface Describe {
  fields: { name: string; type: string; length: number; externalId: boolean; unique: boolean; nillable: boolean; restrictedPicklist: boolean; picklistValues: { value: string; defaultValue: boolean }[] }[];
  keyPrefix: string;
}

describe('Salesforce sandbox: describe and records', () => {
  let sandbox: SalesforceSandbox;
  let conn: Connection;

  beforeAll(async () => {
    sandbox = await startSandbox();
    conn = tokenConnection(sandbox);
  });
  afterAll(async () => {
    await sandbox.stop();
  });
  beforeEach(() => {
    sandbox.reset();
    conn.cache.clear();
  });

  it('describes Lead with standard and Handoff custom fields', async () => {
    const d = (await conn.sobject('Lead').describe()) as unknown as Describe;
    const f = (name: string) => d.fields.find((x) => x.name === name);
    expect(d.keyPrefix).toBe('00Q');
    expect(f('HubSpot_Contact_Id__c')).toMatchObject({ type: 'string', length: 32, externalId: true, unique: true });
    expect(f('Handoff_Score__c')?.type).toBe('double');
    expect(f('Handoff_Score_Reasons__c')).toMatchObject({ type: 'textarea', length: 32768 });
    expect(f('Company')).toMatchObject({ length: 255, nillable: false });
    const status = f('Status');
    expect(status?.restrictedPicklist).toBe(true);
    expect(status?.picklistValues.find((p) => p.defaultValue)?.value).toBe('Open - Not Contacted');
    const task = (await conn.sobject('Task').describe()) as unknown as Describe;
    expect(task.fields.find((x) => x.name === 'Handoff_Key__c')).toMatchObject({ externalId: true, unique: true, length: 80 });
    expect(task.fields.find((x) => x.name === 'Priority')?.picklistValues.map((p) => p.value)).toEqual(['High', 'Normal', 'Low']);
  });

  it('hidden custom fields vanish from describe and writes to them fail with INVALID_FIELD', async () => {
    sandbox.hideFields(['Lead.Handoff_Grade__c']);
    let d = (await conn.sobject('Lead').describe()) as unknown as Describe;
    expect(d.fields.some((x) => x.name === 'Handoff_Grade__c')).toBe(false);
    expect(d.fields.some((x) => x.name === 'Handoff_Score__c')).toBe(true);
    const err = await failure(conn.sobject('Lead').create({ LastName: 'L', Company: 'C', Handoff_Grade__c: 'A' }));
    expect(err.errorCode).toBe('INVALID_FIELD');
    sandbox.hideFields('custom');
    conn.cache.clear();
    d = (await conn.sobject('Lead').describe()) as unknown as Describe;
    expect(d.fields.filter((x) => x.name.endsWith('__c'))).toEqual([]);
    const upsert = await failure(conn.sobject('Lead').upsert({ HubSpot_Contact_Id__c: '1', LastName: 'L', Company: 'C' }, 'HubSpot_Contact_Id__c'));
    expect(upsert.errorCode).toBe('NOT_FOUND');
    const q = await failure(conn.query('SELECT Id, HubSpot_Contact_Id__c FROM Lead'));
    expect(q.errorCode).toBe('INVALID_FIELD');
    expect(q.message).toContain("No such column 'HubSpot_Contact_Id__c' on entity 'Lead'");
  });

  it('creates, reads, updates and deletes with valid 18-char ids and clock timestamps', async () => {
    sandbox.clock.set(Date.parse('2026-01-01T00:00:00Z'), true);
    const created = await conn.sobject('Lead').create(lead(1), NO_ASSIGN);
    expect(created.success).toBe(true);
    const id = created.id ?? '';
    expect(id).toMatch(/^00Q[A-Za-z0-9]{15}$/);
    expect(id.slice(15)).toBe(checksumSuffix(id.slice(0, 15)));
    const rec = (await conn.sobject('Lead').retrieve(id)) as Record<string, unknown>;
    expect(rec).toMatchObject({ Status: 'Open - Not Contacted', CreatedDate: '2026-01-01T00:00:00.000+0000', IsConverted: false, OwnerId: INTEGRATION_USER });
    sandbox.clock.advance(60_000);
    await conn.sobject('Lead').update({ Id: id, Title: 'CTO' }, NO_ASSIGN);
    const after = (await conn.sobject('Lead').retrieve(id, { fields: ['Title', 'LastModifiedDate'] })) as Record<string, unknown>;
    expect(after).toMatchObject({ Title: 'CTO', LastModifiedDate: '2026-01-01T00:01:00.000+0000' });
    await conn.sobject('Lead').destroy(id);
    expect((await failure(conn.sobject('Lead').retrieve(id))).errorCode).toBe('ENTITY_IS_DELETED');
    const all = await conn.query("SELECT Id, IsDeleted FROM Lead", { scanAll: true });
    expect(all.records).toMatchObject([{ Id: id, IsDeleted: true }]);
    sandbox.clock.reset();
  });

  it('offers the time zones teams work in on User.TimeZoneSidKey, and no made-up one', async () => {
    const d = (await conn.sobject('User').describe()) as unknown as { fields: { name: string; restrictedPicklist: boolean; picklistValues: { value: string }[] }[] };
    const zone = d.fields.find((f) => f.name === 'TimeZoneSidKey');
    expect(zone?.restrictedPicklist).toBe(true);
    const values = zone?.picklistValues.map((v) => v.value) ?? [];
    // Every zone the shipped routing.yaml gives a team or the fallback.
    for (const z of ['America/New_York', 'America/Los_Angeles', 'America/Chicago', 'Europe/Berlin', 'Europe/London']) expect(values).toContain(z);
    expect(values).not.toContain('Mars/Olympus_Mons');
  });

  it('User, Profile, Account and Task carry the standard fields a real org describes, with their types and lengths', async () => {
    const fieldsOf = async (type: string) => new Map(((await conn.sobject(type).describe()) as unknown as Describe & { fields: { referenceTo: string[]; relationshipName: string | null }[] }).fields.map((f) => [f.name, f]));
    const user = await fieldsOf('User');
    expect(user.get('Alias')).toMatchObject({ type: 'string', length: 8, nillable: false });
    expect(user.get('Title')).toMatchObject({ type: 'string', length: 80 });
    expect(user.get('LocaleSidKey')).toMatchObject({ type: 'picklist', restrictedPicklist: true, nillable: false });
    expect(user.get('ProfileId')).toMatchObject({ type: 'reference', referenceTo: ['Profile'], relationshipName: 'Profile', nillable: false });
    const account = await fieldsOf('Account');
    expect(account.get('Type')).toMatchObject({ type: 'picklist', length: 255 });
    expect(account.get('Type')?.picklistValues.map((p) => p.value)).toContain('Customer - Direct');
    expect(account.get('AccountNumber')).toMatchObject({ type: 'string', length: 40 });
    expect(account.get('Phone')).toMatchObject({ type: 'phone', length: 40 });
    expect(account.get('BillingState')).toMatchObject({ type: 'string', length: 80 });
    expect(account.get('AnnualRevenue')).toMatchObject({ type: 'currency' });
    expect((await fieldsOf('Lead')).get('PostalCode')).toMatchObject({ type: 'string', length: 20 });
    expect((await fieldsOf('Contact')).get('MailingState')).toMatchObject({ type: 'string', length: 80 });
    expect((await fieldsOf('Task')).get('Subject')).toMatchObject({ type: 'combobox', length: 255 });
    expect((await fieldsOf('Task')).get('CallDurationInSeconds')).toMatchObject({ type: 'int' });

    sandbox.load({
      User: [{ Username: 'ana@acme.test', Email: 'ana@acme.test', FirstName: 'Ana', LastName: 'Lima', Alias: 'alima', LocaleSidKey: 'pt_BR', Title: 'Account Executive' }, { Username: 'bo@acme.test', Email: 'bo@acme.test', FirstName: 'Bo', LastName: 'Berg' }],
      Account: [{ Name: 'Burlap Textiles', Type: 'Customer - Direct', AccountNumber: 'CD-1001', Phone: '(336) 555-0100', BillingState: 'NC', BillingCountry: 'USA' }],
    });
    const users = await conn.query<Record<string, unknown>>('SELECT Username, Alias, LocaleSidKey, Title, CommunityNickname, Profile.Name FROM User ORDER BY Username');
    expect(users.records).toMatchObject([
      { Username: 'ana@acme.test', Alias: 'alima', LocaleSidKey: 'pt_BR', Title: 'Account Executive', CommunityNickname: 'ana', Profile: { Name: 'Standard User' } },
      // Left out, Alias is what Setup proposes and the locale is the org default.
      { Username: 'bo@acme.test', Alias: 'bberg', LocaleSidKey: 'en_US', Title: null, CommunityNickname: 'bo', Profile: { Name: 'Standard User' } },
    ]);
    const accounts = await conn.query<Record<string, unknown>>('SELECT Type, AccountNumber, Phone, BillingState FROM Account');
    expect(accounts.records).toMatchObject([{ Type: 'Customer - Direct', AccountNumber: 'CD-1001', Phone: '(336) 555-0100', BillingState: 'NC' }]);

    // A User created through the API needs what Salesforce requires of it.
    const bare = await failure(conn.sobject('User').create({ Username: 'cy@acme.test', Email: 'cy@acme.test', LastName: 'Cy' }));
    expect(bare.errorCode).toBe('REQUIRED_FIELD_MISSING');
    expect((bare.data as { fields: string[] }).fields).toEqual(['Alias', 'ProfileId']);
    // A dataset with a field no object has still names it and the object.
    expect(() => sandbox.load({ User: [{ Username: 'x@acme.test', Email: 'x@acme.test', LastName: 'X', Nickname__c: 'x' }] })).toThrow("no field 'Nickname__c' on User");
    expect(sandbox.query("SELECT Username FROM User WHERE Username = 'ana@acme.test'")).toHaveLength(1);
    sandbox.load({ User: USERS });
  });

  it('reports platform validation errors with Salesforce codes and fields', async () => {
    const missing = await failure(conn.sobject('Lead').create({ FirstName: 'x' }));
    expect(missing.errorCode).toBe('REQUIRED_FIELD_MISSING');
    expect((missing.data as { fields: string[] }).fields).toEqual(['LastName', 'Company']);
    const long = await failure(conn.sobject('Lead').create({ LastName: 'L', Company: 'C', Title: 'x'.repeat(129) }));
    expect(long.errorCode).toBe('STRING_TOO_LONG');
    expect((long.data as { fields: string[] }).fields).toEqual(['Title']);
    const pick = await failure(conn.sobject('Lead').create({ LastName: 'L', Company: 'C', Status: 'Hot' }));
    expect(pick.errorCode).toBe('INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST');
    const unknown = await failure(conn.sobject('Lead').create({ LastName: 'L', Company: 'C', Foo__c: 1 }));
    expect(unknown.errorCode).toBe('INVALID_FIELD');
    expect(unknown.message).toBe("No such column 'Foo__c' on sobject of type Lead");
    const task = await conn.sobject('Task').create({ Subject: 'Call' });
    const t = (await conn.sobject('Task').retrieve(task.id ?? '')) as Record<string, unknown>;
    expect(t).toMatchObject({ Status: 'Not Started', Priority: 'Normal', IsClosed: false });
  });

  it("runs the org's validation rule on Lead saves: an implausible headcount fails with FIELD_CUSTOM_VALIDATION_EXCEPTION", async () => {
    const err = await failure(conn.sobject('Lead').create({ LastName: 'L', Company: 'C', NumberOfEmployees: 5_000_000 }));
    expect(err.errorCode).toBe('FIELD_CUSTOM_VALIDATION_EXCEPTION');
    expect(err.message).toMatch(/Number of employees/);
    expect((err.data as { fields: string[] }).fields).toEqual(['NumberOfEmployees']);
    const ok = await conn.sobject('Lead').create({ LastName: 'L', Company: 'C', NumberOfEmployees: 999_999 });
    const upd = await failure(conn.sobject('Lead').update({ Id: ok.id ?? '', NumberOfEmployees: 1_000_000 }));
    expect(upd.errorCode).toBe('FIELD_CUSTOM_VALIDATION_EXCEPTION');
  });

  it('blocks duplicate emails across Leads and Contacts unless allowSave=true', async () => {
    const contact = await conn.sobject('Contact').create({ LastName: 'C', Email: 'dup@example.com' });
    const err = await failure(conn.sobject('Lead').create({ LastName: 'L', Company: 'C', Email: 'DUP@example.com' }));
    expect(err.errorCode).toBe('DUPLICATES_DETECTED');
    const result = (err.data as { duplicateResult: { matchResults: { entityType: string; matchRecords: { record: { Id: string } }[] }[] } }).duplicateResult;
    expect(result.matchResults[0]?.entityType).toBe('Contact');
    expect(result.matchResults[0]?.matchRecords[0]?.record.Id).toBe(contact.id);
    const saved = await conn.sobject('Lead').create({ LastName: 'L', Company: 'C', Email: 'dup@example.com' }, { headers: { 'Sforce-Duplicate-Rule-Header': 'allowSave=true' } });
    expect(saved.success).toBe(true);
    sandbox.setDuplicateRules(false);
    expect((await conn.sobject('Lead').create({ LastName: 'L2', Company: 'C', Email: 'dup@example.com' })).success).toBe(true);
  });

  it('enforces unique external ids with DUPLICATE_VALUE', async () => {
    await conn.sobject('Lead').create(lead(1, { HubSpot_Contact_Id__c: 'hs-1' }));
    const err = await failure(conn.sobject('Lead').create(lead(2, { HubSpot_Contact_Id__c: 'HS-1' })));
    expect(err.errorCode).toBe('DUPLICATE_VALUE');
    expect(err.message).toMatch(/^duplicate value found: HubSpot_Contact_Id__c duplicates value on record with id: 00Q/);
  });

  it('runs the Lead assignment rule on create and update unless Sforce-Auto-Assign: FALSE', async () => {
    sandbox.setAssignmentOwner(QUEUE_USER);
    const assigned = await conn.sobject('Lead').create(lead(1, { OwnerId: REP_USER }));
    const kept = await conn.sobject('Lead').create(lead(2, { OwnerId: REP_USER }), { headers: { 'sforce-auto-assign': 'false' } });
    const owner = async (id: string | undefined) => ((await conn.sobject('Lead').retrieve(id ?? '')) as { OwnerId: string }).OwnerId;
    expect(await owner(assigned.id)).toBe(QUEUE_USER);
    expect(await owner(kept.id)).toBe(REP_USER);
    await conn.sobject('Lead').update({ Id: kept.id ?? '', Title: 'VP' });
    expect(await owner(kept.id)).toBe(QUEUE_USER);
  });

  it('converted leads refuse updates; converting creates Contact and Account', async () => {
    const created = await conn.sobject('Lead').create(lead(7, { HubSpot_Contact_Id__c: 'hs-7' }), NO_ASSIGN);
    const converted = sandbox.convertLead(created.id ?? '', { createOpportunity: true });
    const rec = (await conn.sobject('Lead').retrieve(created.id ?? '')) as Record<string, unknown>;
    expect(rec).toMatchObject({ IsConverted: true, ConvertedContactId: converted.contactId, ConvertedAccountId: converted.accountId, ConvertedOpportunityId: converted.opportunityId });
    const contact = (await conn.sobject('Contact').retrieve(converted.contactId)) as Record<string, unknown>;
    expect(contact).toMatchObject({ Email: 'lead7@example.com', AccountId: converted.accountId, HubSpot_Contact_Id__c: 'hs-7' });
    const err = await failure(conn.sobject('Lead').update({ Id: created.id ?? '', Title: 'x' }, NO_ASSIGN));
    expect(err.errorCode).toBe('CANNOT_UPDATE_CONVERTED_LEAD');
    const viaUpsert = await failure(conn.sobject('Lead').upsert({ HubSpot_Contact_Id__c: 'hs-7', Title: 'x' }, 'HubSpot_Contact_Id__c'));
    expect(viaUpsert.errorCode).toBe('CANNOT_UPDATE_CONVERTED_LEAD');
  });

  it('completing a task closes it with a completion time', async () => {
    const t = await conn.sobject('Task').create({ Subject: 'Follow up', Handoff_Key__c: 'k1', Priority: 'High' });
    sandbox.completeTask(t.id ?? '');
    const rec = (await conn.sobject('Task').retrieve(t.id ?? '')) as Record<string, unknown>;
    expect(rec).toMatchObject({ Status: 'Completed', IsClosed: true, IsHighPriority: true });
    expect(rec.CompletedDateTime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+0000$/);
  });

  it('single upsert: 201 created, then 200 updated, 300 MULTIPLE_CHOICES on a non-unique external id', async () => {
    const first = await conn.sobject('Lead').upsert(lead(1, { HubSpot_Contact_Id__c: 'hs-1' }), 'HubSpot_Contact_Id__c', NO_ASSIGN);
    expect(first).toMatchObject({ success: true, created: true });
    const second = await conn.sobject('Lead').upsert({ HubSpot_Contact_Id__c: 'hs-1', Title: 'CEO' }, 'HubSpot_Contact_Id__c', NO_ASSIGN);
    expect(second).toMatchObject({ success: true, created: false, id: (first as { id: string }).id });
    await conn.sobject('Contact').create([{ LastName: 'A', HubSpot_Contact_Id__c: 'x' }, { LastName: 'B', HubSpot_Contact_Id__c: 'x' }]);
    const multi = await failure(conn.sobject('Contact').upsert({ HubSpot_Contact_Id__c: 'x', Title: 'T' }, 'HubSpot_Contact_Id__c'));
    expect(multi.errorCode).toBe('MULTIPLE_CHOICES');
  });
});
