import { Connection } from 'jsforce';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SandboxClock } from '../src/shared/clock.js';
import { startSalesforceSandbox } from '../src/salesforce/index.js';
import type { SalesforceSandbox } from '../src/salesforce/index.js';
import { CLIENT_ID, CLIENT_SECRET, USERS, VERSION, failure, oauthConnection } from './salesforce-helpers.js';

const ADMIN = { clientId: 'admin-client', clientSecret: 'admin-secret' };
const base = `/services/data/v${VERSION}`;

async function adminConnection(sandbox: SalesforceSandbox): Promise<Connection> {
  const conn = new Connection({ oauth2: { ...ADMIN, loginUrl: sandbox.url }, version: VERSION });
  await conn.authorize({ grant_type: 'client_credentials' });
  return conn;
}

const textField = (fullName: string, length = 32, extra: Record<string, unknown> = {}) => ({
  FullName: fullName,
  Metadata: { label: 'A field', type: 'Text', length, externalId: false, unique: false, ...extra },
});

async function describeFields(conn: Connection, type: string): Promise<Map<string, { type: string; createable: boolean; length: number }>> {
  const d = await conn.request<{ fields: { name: string; type: string; createable: boolean; length: number }[] }>(`${base}/sobjects/${type}/describe`);
  return new Map(d.fields.map((f) => [f.name, f]));
}

describe('Salesforce sandbox: Tooling API custom fields, permission sets, org states', () => {
  let sandbox: SalesforceSandbox;

  beforeAll(async () => {
    sandbox = await startSalesforceSandbox({ clock: new SandboxClock(), clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, admin: ADMIN });
    sandbox.load({
      User: USERS,
      Profile: [
        { Id: '00e000000000001AAA', Name: 'System Administrator' },
        { Id: '00e000000000002AAA', Name: 'Minimum Access - API Only Integrations' },
      ],
    });
  });
  afterAll(async () => {
    await sandbox.stop();
  });
  beforeEach(() => {
    sandbox.reset();
    sandbox.setOrgState('bare');
  });

  it('a bare org lacks every Handoff field; an admin creates one through tooling/sobjects/CustomField', async () => {
    const admin = await adminConnection(sandbox);
    expect((await describeFields(admin, 'Lead')).has('HubSpot_Contact_Id__c')).toBe(false);
    const res = await admin.request<{ id: string; success: boolean }>({
      method: 'POST',
      url: `${base}/tooling/sobjects/CustomField`,
      body: JSON.stringify(textField('Lead.HubSpot_Contact_Id__c', 32, { externalId: true, unique: true })),
      headers: { 'Content-Type': 'application/json' },
    });
    expect(res.success).toBe(true);
    expect(res.id).toMatch(/^00N/);
    const field = (await describeFields(admin, 'Lead')).get('HubSpot_Contact_Id__c');
    expect(field).toMatchObject({ type: 'string', length: 32 });
  });

  it('refuses a duplicate API name, an activity field named on Task, a type change, and the integration user', async () => {
    const admin = await adminConnection(sandbox);
    const post = (body: unknown, conn = admin) =>
      conn.request<{ id: string }>({ method: 'POST', url: `${base}/tooling/sobjects/CustomField`, body: JSON.stringify(body), headers: { 'Content-Type': 'application/json' } });
    const { id } = await post(textField('Activity.Handoff_Key__c', 80));
    expect((await failure(post(textField('Activity.Handoff_Key__c', 40)))).errorCode).toBe('DUPLICATE_DEVELOPER_NAME');
    expect((await failure(post(textField('Task.Other__c')))).errorCode).toBe('FIELD_INTEGRITY_EXCEPTION');
    const change = admin.request({ method: 'PATCH', url: `${base}/tooling/sobjects/CustomField/${id}`, body: JSON.stringify({ Metadata: { label: 'Key', type: 'Number', precision: 5, scale: 0 } }), headers: { 'Content-Type': 'application/json' } });
    expect((await failure(change)).errorCode).toBe('FIELD_INTEGRITY_EXCEPTION');
    expect((await describeFields(admin, 'Task')).get('Handoff_Key__c')?.type).toBe('string');
    const integration = await oauthConnection(sandbox);
    expect((await failure(post(textField('Lead.Nope__c'), integration))).errorCode).toBe('INSUFFICIENT_ACCESS');
    expect((await failure(integration.sobject('PermissionSet').create({ Name: 'X', Label: 'X' }))).errorCode).toBe('INSUFFICIENT_ACCESS');
  });

  it('a created field reaches the integration user only through an assigned permission set with the integration license', async () => {
    const admin = await adminConnection(sandbox);
    await admin.request({ method: 'POST', url: `${base}/tooling/sobjects/CustomField`, body: JSON.stringify(textField('Lead.Handoff_Grade__c', 5)), headers: { 'Content-Type': 'application/json' } });
    const integration = await oauthConnection(sandbox);
    expect((await describeFields(integration, 'Lead')).has('Handoff_Grade__c')).toBe(false);

    const psl = (await admin.query<{ Id: string }>("SELECT Id FROM PermissionSetLicense WHERE DeveloperName = 'SalesforceAPIIntegrationPsl'")).records[0]?.Id;
    const plain = await admin.sobject('PermissionSet').create({ Name: 'Plain', Label: 'Plain' });
    const licensed = await admin.sobject('PermissionSet').create({ Name: 'Handoff_Integration', Label: 'Handoff', LicenseId: psl });
    await admin.sobject('FieldPermissions').create({ ParentId: licensed.id, SobjectType: 'Lead', Field: 'Lead.Handoff_Grade__c', PermissionsRead: true, PermissionsEdit: false });
    const me = USERS[0]?.Id;
    // The integration user is API-only in a bare org: a permission set without the license is refused, then one without the PSL held.
    const assign = (id: string | undefined) => admin.sobject('PermissionSetAssignment').create({ AssigneeId: me, PermissionSetId: id });
    expect((await failure(assign(plain.id))).message).toMatch(/Salesforce API Integration license/);
    expect((await failure(assign(licensed.id))).message).toMatch(/no Salesforce API Integration permission set license/);
    await admin.sobject('PermissionSetLicenseAssign').create({ AssigneeId: me, PermissionSetLicenseId: psl });
    expect((await assign(licensed.id)).success).toBe(true);
    expect((await failure(assign(licensed.id))).errorCode).toBe('DUPLICATE_VALUE');

    const readOnly = (await describeFields(integration, 'Lead')).get('Handoff_Grade__c');
    expect(readOnly).toMatchObject({ createable: false });
    const fp = (await admin.query<{ Id: string }>("SELECT Id FROM FieldPermissions WHERE Field = 'Lead.Handoff_Grade__c'")).records[0]?.Id;
    await admin.sobject('FieldPermissions').update({ Id: fp ?? '', PermissionsEdit: true });
    expect((await describeFields(integration, 'Lead')).get('Handoff_Grade__c')).toMatchObject({ createable: true });
  });

  it('the conflict state has Lead.Handoff_Score__c as Text(10); complete brings every field back', async () => {
    sandbox.setOrgState('conflict');
    const integration = await oauthConnection(sandbox);
    expect((await describeFields(integration, 'Lead')).get('Handoff_Score__c')).toMatchObject({ type: 'string', length: 10 });
    sandbox.setOrgState('complete');
    expect((await describeFields(integration, 'Lead')).get('Handoff_Score__c')).toMatchObject({ type: 'double' });
  });

  it('answers userinfo and lists the duplicate and assignment rules', async () => {
    const integration = await oauthConnection(sandbox);
    const info = await integration.request<{ user_id: string }>('/services/oauth2/userinfo');
    expect(info.user_id).toBe(USERS[0]?.Id);
    sandbox.setDuplicateRules(false);
    const rules = await integration.query<{ SobjectType: string; IsActive: boolean }>('SELECT SobjectType, IsActive FROM DuplicateRule');
    expect(rules.records.map((r) => [r.SobjectType, r.IsActive])).toEqual([['Lead', false], ['Contact', false]]);
    const assignment = await integration.query<{ Name: string }>("SELECT Name FROM AssignmentRule WHERE SobjectType = 'Lead' AND Active = true");
    expect(assignment.totalSize).toBe(1);
  });
});
