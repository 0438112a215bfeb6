import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Connection } from 'jsforce';
import type { SalesforceSandbox } from '../src/salesforce/index.js';
import { failure, lead, startSandbox, STATIC_TOKEN, tokenConnection, USERS } from './salesforce-helpers.js';

const NO_ASSIGN = { headers: { 'Sforce-Auto-Assign': 'FALSE' } };
type Result = { id?: string; success: boolean; created?: boolean; errors: { statusCode: string; message: string }[] };

describe('Salesforce sandbox: collections, composite, query, bulk', () => {
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
  });

  it('upserts 200 leads in one collection call, and re-upserting updates instead of duplicating', async () => {
    const rows = Array.from({ length: 200 }, (_, i) => lead(i, { HubSpot_Contact_Id__c: `hs-${i}` }));
    const first = (await conn.sobject('Lead').upsert(rows, 'HubSpot_Contact_Id__c', NO_ASSIGN)) as Result[];
    expect(first).toHaveLength(200);
    expect(first.every((r) => r.success && r.created === true)).toBe(true);
    expect(sandbox.log.count('PATCH /composite/sobjects/Lead/HubSpot_Contact_Id__c')).toBe(1);
    const again = (await conn.sobject('Lead').upsert(rows.map((r) => ({ ...r, Title: 'Updated' })), 'HubSpot_Contact_Id__c', NO_ASSIGN)) as Result[];
    expect(again.every((r) => r.success && r.created === false)).toBe(true);
    expect(again.map((r) => r.id)).toEqual(first.map((r) => r.id));
    const count = await conn.query("SELECT COUNT() FROM Lead WHERE Title = 'Updated'");
    expect(count.totalSize).toBe(200);
    const tooMany = await failure(conn.sobject('Lead').upsert([...rows, lead(999, { HubSpot_Contact_Id__c: 'hs-999' })], 'HubSpot_Contact_Id__c'));
    expect(tooMany.errorCode).toBe('EXCEEDED_ID_LIMIT');
  });

  it('collections return per-record errors in order, and allOrNone rolls everything back', async () => {
    const mixed = (await conn.sobject('Lead').create([lead(1), { LastName: 'NoCompany' }, lead(3)], NO_ASSIGN)) as Result[];
    expect(mixed.map((r) => r.success)).toEqual([true, false, true]);
    expect(mixed[1]?.errors[0]?.statusCode).toBe('REQUIRED_FIELD_MISSING');
    const atomic = (await conn.sobject('Lead').create([lead(4), { LastName: 'NoCompany' }], { ...NO_ASSIGN, allOrNone: true })) as Result[];
    expect(atomic[0]?.errors[0]?.statusCode).toBe('ALL_OR_NONE_OPERATION_ROLLED_BACK');
    expect(atomic[1]?.errors[0]?.statusCode).toBe('REQUIRED_FIELD_MISSING');
    expect(sandbox.query("SELECT Id FROM Lead WHERE Email = 'lead4@example.com'")).toHaveLength(0);

    const ids = mixed.flatMap((r) => (r.id ? [r.id] : []));
    const updated = (await conn.sobject('Lead').update(ids.map((Id) => ({ Id, Status: 'Working - Contacted' })), NO_ASSIGN)) as Result[];
    expect(updated.every((r) => r.success)).toBe(true);
    const fetched = (await conn.sobject('Lead').retrieve(ids, { fields: ['Status'] })) as { Status: string }[];
    expect(fetched.map((r) => r.Status)).toEqual(['Working - Contacted', 'Working - Contacted']);
    const dup = (await conn.sobject('Lead').create([lead(1)], NO_ASSIGN)) as Result[];
    expect(dup[0]?.errors[0]).toEqual({ statusCode: 'DUPLICATES_DETECTED', message: 'Use one of these records?', fields: [] });
    const deleted = (await conn.sobject('Lead').destroy([...ids, '00Q000000000000AAA'])) as Result[];
    expect(deleted.map((r) => r.success)).toEqual([true, true, false]);
  });

  it('collection failures carry no id, a failed upsert says created:false, and an unknown Id is INVALID_CROSS_REFERENCE_KEY', async () => {
    const [made] = (await conn.sobject('Lead').create([lead(1)], NO_ASSIGN)) as Result[];
    const leadId = made?.id ?? '';
    const missing = '00Q000000000009AAA';
    const updated = (await conn.sobject('Lead').update([{ Id: missing, Title: 'Gone' }, { Id: leadId, Email: 'not-an-email' }, { Id: leadId, Title: 'Kept' }], NO_ASSIGN)) as Result[];
    expect(updated).toEqual([
      { success: false, errors: [{ statusCode: 'INVALID_CROSS_REFERENCE_KEY', message: 'invalid cross reference id', fields: [] }] },
      { success: false, errors: [{ statusCode: 'INVALID_EMAIL_ADDRESS', message: 'Email: invalid email address: not-an-email', fields: ['Email'] }] },
      { id: leadId, success: true, errors: [] },
    ]);

    const atomic = (await conn.sobject('Lead').update([{ Id: leadId, Title: 'Rolled back' }, { Id: missing, Title: 'Gone' }], { ...NO_ASSIGN, allOrNone: true })) as Result[];
    expect(atomic.map((r) => Object.keys(r).sort())).toEqual([['errors', 'success'], ['errors', 'success']]);
    expect(atomic.map((r) => r.errors[0]?.statusCode)).toEqual(['ALL_OR_NONE_OPERATION_ROLLED_BACK', 'INVALID_CROSS_REFERENCE_KEY']);

    const upserted = (await conn.sobject('Lead').upsert(
      [lead(2, { HubSpot_Contact_Id__c: 'hs-2', Email: 'bad' }), lead(3, { HubSpot_Contact_Id__c: 'hs-3' })],
      'HubSpot_Contact_Id__c',
      NO_ASSIGN,
    )) as Result[];
    expect(upserted[0]).toEqual({ success: false, errors: [{ statusCode: 'INVALID_EMAIL_ADDRESS', message: 'Email: invalid email address: bad', fields: ['Email'] }], created: false });
    expect(upserted[1]).toMatchObject({ success: true, errors: [], created: true });

    // A single-record PATCH of the same unknown Id is a request-level 404, and request-level errors name no fields.
    const single = await fetch(`${sandbox.url}/services/data/v64.0/sobjects/Lead/${missing}`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${STATIC_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ Title: 'Gone' }),
    });
    expect(single.status).toBe(404);
    expect(await single.json()).toEqual([{ message: 'The requested resource does not exist', errorCode: 'NOT_FOUND' }]);
    const stranger = await fetch(`${sandbox.url}/services/data/v64.0/sobjects/Lead/${leadId}`, { headers: { authorization: 'Bearer nobody' } });
    expect(stranger.status).toBe(401);
    expect(await stranger.json()).toEqual([{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }]);
  });

  it('lockNextRecords makes the next collection records fail with UNABLE_TO_LOCK_ROW', async () => {
    sandbox.lockNextRecords(2);
    const res = (await conn.sobject('Lead').create([lead(1), lead(2), lead(3)], NO_ASSIGN)) as Result[];
    expect(res.map((r) => r.errors[0]?.statusCode ?? 'OK')).toEqual(['UNABLE_TO_LOCK_ROW', 'UNABLE_TO_LOCK_ROW', 'OK']);
  });

  it('composite resolves references and halts the rest under allOrNone', async () => {
    const base = '/services/data/v64.0';
    const ok = (await conn.requestPost(`${base}/composite`, {
      allOrNone: true,
      compositeRequest: [
        { method: 'POST', url: `${base}/sobjects/Lead`, referenceId: 'NewLead', body: lead(1) },
        { method: 'GET', url: `${base}/query?q=${encodeURIComponent("SELECT Id, Email FROM Lead WHERE Email = 'lead1@example.com'")}`, referenceId: 'q' },
        { method: 'POST', url: `${base}/sobjects/Task`, referenceId: 'T', body: { WhoId: '@{q.records[0].Id}', Subject: 'Call @{NewLead.id}' } },
      ],
    })) as { compositeResponse: { httpStatusCode: number; body: { id?: string }; referenceId: string }[] };
    expect(ok.compositeResponse.map((r) => r.httpStatusCode)).toEqual([201, 200, 201]);
    const leadId = ok.compositeResponse[0]?.body.id ?? '';
    const task = sandbox.query(`SELECT WhoId, Subject FROM Task WHERE WhoId = '${leadId}'`);
    expect(task).toMatchObject([{ WhoId: leadId, Subject: `Call ${leadId}` }]);

    const failed = (await conn.requestPost(`${base}/composite`, {
      allOrNone: true,
      compositeRequest: [
        { method: 'POST', url: `${base}/sobjects/Lead`, referenceId: 'A', body: lead(2) },
        { method: 'POST', url: `${base}/sobjects/Lead`, referenceId: 'B', body: { LastName: 'x' } },
      ],
    })) as { compositeResponse: { httpStatusCode: number; body: { errorCode: string }[] }[] };
    expect(failed.compositeResponse.map((r) => r.body[0]?.errorCode)).toEqual(['PROCESSING_HALTED', 'REQUIRED_FIELD_MISSING']);
    expect(sandbox.query("SELECT Id FROM Lead WHERE Email = 'lead2@example.com'")).toHaveLength(0);
  });

  it('query pages at 2,000 and autoFetch follows nextRecordsUrl through /query/{locator}', async () => {
    sandbox.load({ User: USERS, Lead: Array.from({ length: 4500 }, (_, i) => lead(i)) });
    const page = await conn.query('SELECT Id FROM Lead');
    expect(page).toMatchObject({ totalSize: 4500, done: false });
    expect(page.records).toHaveLength(2000);
    expect(page.nextRecordsUrl).toMatch(/\/services\/data\/v64\.0\/query\/01g[A-Za-z0-9]{15}-2000$/);
    const all = await conn.query('SELECT Id, Email FROM Lead ORDER BY Email', { autoFetch: true, maxFetch: 10_000 });
    expect(all.records).toHaveLength(4500);
    expect(sandbox.log.count('GET /query/{locator}')).toBe(2);
    expect(new Set(all.records.map((r) => r.Id)).size).toBe(4500);
  });

  it('evaluates WHERE operators, relationships, date literals, ORDER BY, LIMIT and OFFSET', async () => {
    const now = Date.parse('2026-06-15T12:00:00Z');
    sandbox.clock.set(now, true);
    sandbox.load({
      User: USERS,
      Lead: [
        lead(1, { Title: 'CEO', NumberOfEmployees: 50, CreatedDate: '2026-06-15T08:00:00Z', OwnerId: USERS[2]?.Id }),
        lead(2, { Title: 'CTO', NumberOfEmployees: 500, CreatedDate: '2026-06-14T08:00:00Z', Email: 'MiXeD@Example.com' }),
        lead(3, { Title: null, NumberOfEmployees: 5, CreatedDate: '2026-05-01T00:00:00Z' }),
        lead(4, { Title: 'Head of Sales', CreatedDate: '2025-12-31T23:59:59Z', IsConverted: true }),
      ],
    });
    const emails = (soql: string) => sandbox.query(soql).map((r) => r.Email);
    expect(emails("SELECT Email FROM Lead WHERE Email = 'mixed@EXAMPLE.com'")).toEqual(['MiXeD@Example.com']);
    expect(emails("SELECT Email FROM Lead WHERE Title LIKE 'c_o' ORDER BY Email DESC")).toEqual(['MiXeD@Example.com', 'lead1@example.com']);
    expect(emails('SELECT Email FROM Lead WHERE Title = null')).toEqual(['lead3@example.com']);
    expect(emails("SELECT Email FROM Lead WHERE Title != 'CEO' AND NOT (NumberOfEmployees > 100) ORDER BY Email")).toEqual(['lead3@example.com', 'lead4@example.com']);
    expect(emails("SELECT Email FROM Lead WHERE (NumberOfEmployees >= 50 OR Title IN ('Head of Sales')) AND IsConverted = false ORDER BY NumberOfEmployees DESC NULLS LAST")).toEqual(['MiXeD@Example.com', 'lead1@example.com']);
    expect(emails("SELECT Email FROM Lead WHERE Email NOT IN ('lead1@example.com', 'mixed@example.com') ORDER BY Email")).toEqual(['lead3@example.com', 'lead4@example.com']);
    expect(emails('SELECT Email FROM Lead WHERE CreatedDate = TODAY')).toEqual(['lead1@example.com']);
    expect(emails('SELECT Email FROM Lead WHERE CreatedDate = YESTERDAY')).toEqual(['MiXeD@Example.com']);
    expect(emails('SELECT Email FROM Lead WHERE CreatedDate = LAST_N_DAYS:60 ORDER BY CreatedDate')).toEqual(['lead3@example.com', 'MiXeD@Example.com', 'lead1@example.com']);
    expect(emails('SELECT Email FROM Lead WHERE CreatedDate < 2026-01-01T00:00:00Z')).toEqual(['lead4@example.com']);
    expect(emails('SELECT Email FROM Lead ORDER BY Title NULLS FIRST, Email LIMIT 2 OFFSET 1')).toEqual(['lead1@example.com', 'MiXeD@Example.com']);
    expect(sandbox.query("SELECT Owner.Username FROM Lead WHERE Owner.Username = 'rep@acme.test'")).toMatchObject([{ Owner: { Username: 'rep@acme.test' } }]);
    expect((await failure(conn.query('SELECT Id, Nope__c FROM Lead'))).errorCode).toBe('INVALID_FIELD');
    expect((await failure(conn.query('SELECT Id FROM Lead WHERE'))).errorCode).toBe('MALFORMED_QUERY');
    expect((await failure(conn.query('SELECT Id FROM Leed'))).errorCode).toBe('INVALID_TYPE');
    sandbox.clock.reset();
  });

  it('loads 100k leads and answers Email IN (200 values) from the index', () => {
    const leads = Array.from({ length: 100_000 }, (_, i) => ({ LastName: `L${i}`, Company: 'C', Email: `p${i}@example.com` }));
    sandbox.load({ User: USERS, Lead: leads });
    const wanted = Array.from({ length: 200 }, (_, i) => `P${i * 499}@EXAMPLE.COM`);
    const rows = sandbox.query(`SELECT Email FROM Lead WHERE Email IN (${wanted.map((e) => `'${e}'`).join(',')}) ORDER BY Email`);
    expect(rows).toHaveLength(200);
    expect(new Set(rows.map((r) => String(r.Email).toUpperCase()))).toEqual(new Set(wanted));
  });

  it('bulk2 insert and upsert report successful and failed rows', async () => {
    const inserted = await conn.bulk2.loadAndWaitForResults({
      object: 'Lead',
      operation: 'insert',
      input: [lead(1, { HubSpot_Contact_Id__c: 'b1' }), { LastName: 'NoCompany', HubSpot_Contact_Id__c: 'b2' }],
      pollInterval: 10,
      // jsforce gives up after 30 s by default; a loaded machine can take longer to answer the polls.
      pollTimeout: 300_000,
    });
    expect(inserted.successfulResults).toHaveLength(1);
    expect(inserted.successfulResults[0]).toMatchObject({ sf__Created: 'true', HubSpot_Contact_Id__c: 'b1' });
    expect(inserted.failedResults[0]?.sf__Error).toMatch(/^REQUIRED_FIELD_MISSING:/);
    const upserted = await conn.bulk2.loadAndWaitForResults({
      object: 'Lead',
      operation: 'upsert',
      externalIdFieldName: 'HubSpot_Contact_Id__c',
      // jsforce takes the CSV header from the first record's keys, so every row carries the same keys.
      input: [
        lead(1, { HubSpot_Contact_Id__c: 'b1', Title: 'Bulk', Status: 'Working - Contacted', Phone: null }),
        lead(5, { HubSpot_Contact_Id__c: 'b5', Title: null, Status: 'Open - Not Contacted', Phone: '1' }),
        lead(6, { HubSpot_Contact_Id__c: 'b6', Title: null, Status: 'Nope', Phone: null }),
      ],
      pollInterval: 10,
      // jsforce gives up after 30 s by default; a loaded machine can take longer to answer the polls.
      pollTimeout: 300_000,
    });
    expect(upserted.successfulResults.map((r) => r.sf__Created)).toEqual(['false', 'true']);
    expect(upserted.successfulResults[0]?.sf__Id).toBe(inserted.successfulResults[0]?.sf__Id);
    expect(upserted.failedResults[0]?.sf__Error).toMatch(/^INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST:/);
    expect(sandbox.query("SELECT Title FROM Lead WHERE HubSpot_Contact_Id__c = 'b1'")).toMatchObject([{ Title: 'Bulk' }]);
    const job = sandbox.log.entries.find((e) => e.path.endsWith('/batches'));
    expect(job?.status).toBe(201);
  });
});
