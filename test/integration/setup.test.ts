import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SetupReport } from '../../src/domain/setup.js';
import type { DoctorReport } from '../../src/domain/doctor.js';
import { runSync } from '../../src/jobs/sync/run-sync.js';
import { CUSTOM_FIELDS, REQUIRED_FIELDS } from '../../src/core/salesforce/custom-fields.js';
import { HUBSPOT_PROPERTIES } from '../../src/core/hubspot/property-definitions.js';
import { smallDataset } from '../fixtures/small-dataset.js';
import { runSourceCli } from '../helpers/cli.js';
import type { CliResult } from '../helpers/cli.js';
import { CONFIG_DIR, startHarness } from '../helpers/pipeline.js';
import { copyShippedConfig, editFile } from '../helpers/config-dir.js';
import type { Harness } from '../helpers/pipeline.js';

const FIELD_NAMES = CUSTOM_FIELDS.map((f) => `${f.object}.${f.name}`);
/** Field permissions: activity fields on Task and on Event. */
const GRANTS = CUSTOM_FIELDS.flatMap((f) => (f.object === 'Task' ? [`Task.${f.name}`, `Event.${f.name}`] : [`${f.object}.${f.name}`]));

/**
 * `handoff setup` as a real process against the sandbox: an org with none of Handoff's fields and an
 * API-only integration user, an org with a conflicting field, and setup without admin credentials.
 */
describe('handoff setup and handoff doctor against the sandbox', { timeout: 600_000 }, () => {
  let h: Harness;
  const handoff = (args: string[], env: Record<string, string> = {}): Promise<CliResult> =>
    runSourceCli('src/runtime/cli/main.ts', args, {
      ...h.sandbox.env,
      HANDOFF_DATABASE_URL: h.dbUrl,
      HANDOFF_CONFIG_DIR: CONFIG_DIR,
      LOG_FORMAT: 'json',
      ...env,
    });
  const setupJson = async (args: string[] = [], env: Record<string, string> = {}): Promise<{ code: number | null; report: SetupReport; stderr: string }> => {
    const res = await handoff(['setup', '--json', ...args], env);
    return { code: res.code, report: JSON.parse(res.stdout) as SetupReport, stderr: res.stderr };
  };
  const doctorJson = async (env: Record<string, string> = {}): Promise<{ code: number | null; report: DoctorReport }> => {
    const res = await handoff(['doctor', '--json'], env);
    return { code: res.code, report: JSON.parse(res.stdout) as DoctorReport };
  };
  const failed = (r: DoctorReport): string[] => r.checks.filter((c) => c.status === 'fail').map((c) => c.id);
  const describeLead = () => h.sandbox.control.salesforce.store.fieldMap('Lead');

  beforeAll(async () => {
    h = await startHarness(smallDataset());
  });
  afterAll(async () => h?.stop());

  it('on a bare org: doctor fails; the dry run plans everything and changes nothing; setup creates it all; doctor passes; a second run changes nothing; a sync works', async () => {
    h.sandbox.control.salesforce.setOrgState('bare');
    const before = await doctorJson();
    expect(before.code).toBe(1);
    expect(failed(before.report)).toEqual(REQUIRED_FIELDS.map((f) => `salesforce.field.${f.object}.${f.name}`));
    expect(before.report.checks.find((c) => c.id === 'salesforce.field.Lead.HubSpot_Contact_Id__c')?.fix).toMatch(/handoff setup/);
    expect(before.report.checks.find((c) => c.id === 'salesforce.field.Task.Handoff_Outcome__c')?.status).toBe('warn');
    const plan = await setupJson(['--dry-run']);
    expect(plan.code).toBe(0);
    expect(plan.report.dryRun).toBe(true);
    expect(plan.report.salesforce.created).toEqual(FIELD_NAMES);
    expect(plan.report.salesforce.permissionSet).toMatchObject({ status: 'created', license: 'SalesforceAPIIntegrationPsl', assigned: 'assigned', licenseAssigned: 'assigned' });
    expect(describeLead().has('hubspot_contact_id__c')).toBe(false);
    expect(h.sandbox.control.salesforce.records('PermissionSet')).toHaveLength(0);

    const first = await setupJson();
    expect(first.stderr).not.toMatch(/handoff-sandbox-admin-secret/);
    expect(first.code).toBe(0);
    expect(first.report.salesforce).toMatchObject({ ranAs: 'admin', created: FIELD_NAMES, unchanged: [], conflicts: [], failed: [] });
    expect(first.report.salesforce.permissionSet).toMatchObject({
      status: 'created',
      license: 'SalesforceAPIIntegrationPsl',
      assigned: 'assigned',
      licenseAssigned: 'assigned',
    });
    expect(describeLead().get('hubspot_contact_id__c')).toMatchObject({ type: 'string', length: 32, externalId: true, unique: true });
    expect(describeLead().get('handoff_score__c')).toMatchObject({ type: 'double', precision: 5, scale: 1 });
    expect(h.sandbox.control.salesforce.store.fieldMap('Task').get('handoff_key__c')).toMatchObject({ externalId: true, unique: true });
    const [ps] = h.sandbox.control.salesforce.records('PermissionSet');
    expect(ps).toMatchObject({ Name: 'Handoff_Integration' });
    expect([...(first.report.salesforce.permissionSet?.granted ?? [])].sort()).toEqual([...GRANTS].sort());
    expect(h.sandbox.control.salesforce.records('FieldPermissions').map((f) => f.Field).sort()).toEqual([...GRANTS].sort());
    expect(h.sandbox.control.salesforce.store.fieldMap('Event').get('handoff_outcome__c')).toMatchObject({ type: 'picklist', restrictedPicklist: true });

    const after = await doctorJson();
    expect(failed(after.report)).toEqual([]);
    expect(after.code).toBe(0);
    expect(after.report.summary.ok).toBeGreaterThan(CUSTOM_FIELDS.length);
    expect(after.report.checks.find((c) => c.id === 'salesforce.credentials')?.message).toMatch(/^connected as /);

    const second = await setupJson();
    expect(second.code).toBe(0);
    expect(second.report.salesforce).toMatchObject({ created: [], unchanged: FIELD_NAMES, conflicts: [], failed: [] });
    expect(second.report.salesforce.permissionSet).toMatchObject({ status: 'unchanged', granted: [], assigned: 'already', licenseAssigned: 'already' });
    expect(second.report.hubspot).toMatchObject({ created: [], unchanged: HUBSPOT_PROPERTIES.map((p) => p.name), conflicts: [], failed: [] });
    expect(h.sandbox.control.salesforce.records('PermissionSetAssignment')).toHaveLength(1);

    const outcome = await runSync(await h.newDeps());
    expect(outcome.report.status).not.toBe('failed');
    expect(outcome.report.leadsCreated).toBeGreaterThan(0);
  });

  it('on an org with a conflicting field: reported with what differs, left untouched, exit 1; the rest is created', async () => {
    h.sandbox.control.reset();
    h.sandbox.control.salesforce.setOrgState('conflict');
    const res = await setupJson();
    expect(res.code).toBe(1);
    expect(res.report.salesforce.conflicts).toEqual([
      { name: 'Lead.Handoff_Score__c', expected: 'Number(5,1)', actual: 'Text(10)', reason: 'is Text(10), not Number(5,1)' },
    ]);
    expect(res.report.salesforce.created).toEqual(FIELD_NAMES.filter((n) => n !== 'Lead.Handoff_Score__c'));
    expect(describeLead().get('handoff_score__c')).toMatchObject({ type: 'string', length: 10 });
    const text = await handoff(['setup']);
    expect(text.code).toBe(1);
    expect(text.stdout).toMatch(/CONFLICT\s+Lead\.Handoff_Score__c is Text\(10\), not Number\(5,1\)/);
    const doctor = await doctorJson();
    expect(doctor.code).toBe(1);
    expect(failed(doctor.report)).toEqual(['salesforce.field.Lead.Handoff_Score__c']);
    expect(doctor.report.checks.find((c) => c.id === 'salesforce.field.Lead.Handoff_Score__c')?.message).toBe('Lead.Handoff_Score__c is Text(10), not Number(5,1)');
  });

  it('without admin credentials: every step the integration user may not do is a failed step with its fix, exit 1', async () => {
    h.sandbox.control.reset();
    h.sandbox.control.salesforce.setOrgState('bare');
    const res = await setupJson([], { SALESFORCE_ADMIN_CLIENT_ID: '', SALESFORCE_ADMIN_CLIENT_SECRET: '' });
    expect(res.code).toBe(1);
    expect(res.report.salesforce.ranAs).toBe('integration');
    expect(res.report.salesforce.created).toEqual([]);
    const failed = res.report.salesforce.failed;
    expect(failed.map((f) => f.step)).toEqual([
      ...CUSTOM_FIELDS.map((f) => `create ${f.object}.${f.name} (${f.type})`),
      'create the permission set Handoff_Integration',
    ]);
    expect(failed.every((f) => f.code === 'FORBIDDEN' && /SALESFORCE_ADMIN_CLIENT_ID/.test(f.fix))).toBe(true);
    expect(describeLead().has('hubspot_contact_id__c')).toBe(false);
  });

  it('doctor reads the scopes HubSpot granted the token and names the ones it lacks', async () => {
    h.sandbox.control.reset();
    const full = await doctorJson();
    expect(full.report.checks.find((c) => c.id === 'hubspot.scopes')).toMatchObject({ status: 'ok', message: expect.stringContaining('crm.schemas.contacts.write') });
    h.sandbox.control.hubspot.renewToken(undefined, ['oauth', 'crm.objects.contacts.read', 'crm.objects.contacts.write', 'crm.schemas.contacts.read']);
    try {
      const lacking = await doctorJson();
      expect(lacking.code).toBe(1);
      expect(lacking.report.checks.find((c) => c.id === 'hubspot.scopes')).toMatchObject({
        status: 'fail',
        message: 'the token lacks crm.schemas.contacts.write',
      });
    } finally {
      h.sandbox.control.hubspot.renewToken();
    }
  });

  it('doctor with refused credentials: failed checks, exit 1, no stack trace', async () => {
    const res = await handoff(['doctor', '--json'], { SALESFORCE_CLIENT_SECRET: 'wrong', HUBSPOT_ACCESS_TOKEN: 'wrong' });
    expect(res.code).toBe(1);
    expect(res.stderr).not.toMatch(/\n\s+at /);
    const report = JSON.parse(res.stdout) as DoctorReport;
    expect(failed(report)).toEqual(expect.arrayContaining(['salesforce.credentials', 'hubspot.credentials']));
    const text = await handoff(['doctor'], { SALESFORCE_CLIENT_ID: '', SALESFORCE_CLIENT_SECRET: '' });
    expect(text.code).toBe(1);
    expect(text.stdout).toMatch(/FAIL\s+salesforce\.credentials\s+.*No Salesforce credentials/);
  });

  it('with notifications to Salesforce configured: setup creates the custom notification type and lets the permission set send; doctor finds the type', async () => {
    h.sandbox.control.reset();
    const dir = copyShippedConfig();
    editFile(dir, 'handoff.yaml', (t) => t.replace('notificationType: null', 'notificationType: Handoff_Lead'));
    const env = { HANDOFF_CONFIG_DIR: dir };
    const before = await doctorJson(env);
    expect(before.report.checks.find((c) => c.id === 'salesforce.notification-type')).toMatchObject({ status: 'fail' });
    const res = await setupJson([], env);
    expect(res.code).toBe(0);
    expect(res.report.salesforce.notificationTypes).toEqual({ created: ['Handoff_Lead'], unchanged: [] });
    expect(res.report.salesforce.permissionSet).toMatchObject({ status: 'created', sendCustomNotifications: 'added', license: null, licenseAssigned: 'not needed' });
    expect(h.sandbox.control.salesforce.records('PermissionSet')[0]).toMatchObject({ PermissionsSendCustomNotifications: true });
    const after = await doctorJson(env);
    expect(after.report.checks.find((c) => c.id === 'salesforce.notification-type')).toMatchObject({ status: 'ok' });
    expect(after.code).toBe(0);
  });
});
