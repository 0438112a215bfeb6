import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Connection } from 'jsforce';
import { SandboxClock, startSalesforceSandbox } from '@handoff/sandbox';
import type { SalesforceSandbox } from '@handoff/sandbox';
import type { LeadOp, WritePlan } from '../../src/domain/plan.js';
import { systemClock } from '../../src/ports/clock.js';
import { noopLogger } from '../../src/lib/logger.js';
import { SalesforceGateway } from '../../src/adapters/salesforce/gateway.js';
import { applyPlan } from '../../src/adapters/salesforce/apply.js';

/**
 * applyPlan against the sandbox's sObject Collections through jsforce: failed records come back as
 * `{success:false, errors}` with no id (and `created:false` for upserts), and each becomes a dead
 * letter with the right code while the rest of the batch lands.
 */
const TOKEN = '00D000000000001!apply-token';
const USER = { Id: '005000000000001AAA', Username: 'integration@acme.test', Email: 'integration@acme.test', LastName: 'Integration', IsActive: true };
const MISSING_LEAD = '00Q000000000077AAA';

const op = (hubspotId: string, o: Partial<LeadOp>): LeadOp => ({ hubspotId, op: 'upsert', id: null, isNew: true, record: {}, fixes: [], reasons: [], ...o });
const leadRecord = (hubspotId: string, extra: Record<string, unknown> = {}) => ({
  HubSpot_Contact_Id__c: hubspotId,
  LastName: `Last ${hubspotId}`,
  Company: `Company ${hubspotId}`,
  Email: `lead${hubspotId}@example.com`,
  ...extra,
});

describe('applyPlan against sObject Collections', () => {
  let sandbox: SalesforceSandbox;
  let gateway: SalesforceGateway;

  beforeAll(async () => {
    sandbox = await startSalesforceSandbox({ clock: new SandboxClock(), clientId: 'c', clientSecret: 's', accessToken: TOKEN });
  });
  afterAll(async () => {
    await sandbox.stop();
  });
  beforeEach(() => {
    sandbox.reset();
    sandbox.load({ User: [USER] });
    const conn = new Connection({ instanceUrl: sandbox.url, accessToken: TOKEN, version: '64.0' });
    gateway = new SalesforceGateway({ conn, clock: systemClock, logger: noopLogger, dailyBudgetShare: 1 });
  });

  it('dead-letters refused upserts and updates by code, reads a vanished Lead as NOT_FOUND, and lands the rest', async () => {
    const [existing] = await gateway.create('Lead', [leadRecord('10')], { 'Sforce-Auto-Assign': 'FALSE' });
    const existingId = existing?.id ?? '';
    const plan: WritePlan = {
      leads: [
        op('1', { record: leadRecord('1') }),
        op('2', { record: leadRecord('2', { Email: 'not-an-email' }) }),
        op('10', { op: 'update', id: existingId, isNew: false, record: { Title: 'Director' } }),
        op('11', { op: 'update', id: MISSING_LEAD, isNew: false, record: { Title: 'Director' } }),
      ],
      tasks: [],
      skips: [],
      deadLetters: [],
      contactsMatched: [],
    };
    const result = await applyPlan(plan, { gateway, clock: systemClock, leadHeaders: { 'Sforce-Auto-Assign': 'FALSE' }, maxRecordAttempts: 1 });

    expect([...result.leads.keys()].sort()).toEqual(['1', '10']);
    expect(result.leads.get('1')?.created).toBe(true);
    expect(result.leads.get('10')).toMatchObject({ leadId: existingId, created: false });
    expect(result.deadLetters).toEqual([
      expect.objectContaining({ hubspotId: '2', stage: 'lead.write', code: 'VALIDATION', vendorCode: 'INVALID_EMAIL_ADDRESS', message: 'Email: invalid email address: not-an-email (Email)' }),
      expect.objectContaining({ hubspotId: '11', stage: 'lead.write', code: 'NOT_FOUND', vendorCode: 'INVALID_CROSS_REFERENCE_KEY', message: 'the record is no longer in Salesforce: invalid cross reference id' }),
    ]);
    expect(sandbox.query("SELECT Title FROM Lead WHERE HubSpot_Contact_Id__c = '10'")).toMatchObject([{ Title: 'Director' }]);
  });
});
