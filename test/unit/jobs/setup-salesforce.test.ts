import { describe, expect, it } from 'vitest';
import { HandoffError } from '../../../src/domain/errors.js';
import { fieldMetaSchema } from '../../../src/core/salesforce/describe.js';
import type { ObjectMeta } from '../../../src/core/salesforce/describe.js';
import type { RequiredField } from '../../../src/core/salesforce/custom-fields.js';
import type { FieldGrants, SetupSalesforce } from '../../../src/ports/setup.js';
import { setupSalesforce } from '../../../src/jobs/setup/salesforce-setup.js';

const FIELDS: RequiredField[] = [
  { object: 'Lead', name: 'A__c', type: 'Text(10)' },
  { object: 'Lead', name: 'B__c', type: 'Text(10)' },
  { object: 'Task', name: 'K__c', type: 'Text(80)', externalId: true },
];

/** An org in memory: Lead has A__c, Task has K__c (also on Event), B__c is missing; calls are recorded. */
function fakeOrg(opts: { refuse?: Set<string>; grants?: FieldGrants; sendCustomNotifications?: boolean; permissionSet?: boolean } = {}) {
  const calls: string[] = [];
  const text = (name: string, length: number, extra = {}) => fieldMetaSchema.parse({ name, type: 'string', length, ...extra });
  const describes: Record<string, ObjectMeta> = {
    Lead: { name: 'Lead', fields: [text('A__c', 10)] },
    Task: { name: 'Task', fields: [text('K__c', 80, { externalId: true })] },
    Event: { name: 'Event', fields: [text('K__c', 80, { externalId: true })] },
  };
  const act = async (name: string): Promise<void> => {
    calls.push(name);
    if (opts.refuse?.has(name.split(' ')[0] ?? '')) throw new HandoffError('FORBIDDEN', `refused ${name}`, { system: 'salesforce', vendorCode: 'INSUFFICIENT_ACCESS' });
  };
  const sf: SetupSalesforce = {
    describe: (objects) => Promise.resolve(Object.fromEntries(objects.flatMap((o) => (describes[o] ? [[o, describes[o]]] : [])))),
    createField: (def) => act(`createField ${def.object}.${def.name}`),
    integrationUser: () => Promise.resolve({ id: '005U', username: 'int@x', apiOnly: false }),
    integrationLicense: () => Promise.resolve('0PL1'),
    permissionSet: () => Promise.resolve(opts.permissionSet ? { id: '0PS1', licenseId: null, sendCustomNotifications: opts.sendCustomNotifications === true } : null),
    createPermissionSet: async (input) => {
      await act(`createPermissionSet ${input.name}`);
      return '0PS1';
    },
    allowCustomNotifications: (id) => act(`allowCustomNotifications ${id}`),
    fieldGrants: () => Promise.resolve(opts.grants ?? new Map()),
    grantFields: async (_id, fields, existing) => {
      await act(`grantFields ${fields.map((f) => `${f}${existing.has(f) ? '(update)' : ''}`).join(',')}`);
      return new Map();
    },
    hasLicense: () => Promise.resolve(false),
    assignLicense: (u, l) => act(`assignLicense ${u} ${l}`),
    isAssigned: () => Promise.resolve(opts.permissionSet === true),
    assign: (u, p) => act(`assign ${u} ${p}`),
    notificationTypes: () => Promise.resolve(new Set<string>()),
    createNotificationType: (def) => act(`createNotificationType ${def.developerName}`),
  };
  return { sf, calls };
}

describe('setupSalesforce over the setup port', () => {
  it('creates what is missing, grants every field (activity fields on Task and Event), assigns; no license for a standard user', async () => {
    const { sf, calls } = fakeOrg();
    const r = await setupSalesforce(sf, { dryRun: false, ranAs: 'admin', fields: FIELDS, notificationTypes: [] });
    expect(calls).toEqual(['createField Lead.B__c', 'createPermissionSet Handoff_Integration', 'grantFields Lead.A__c,Task.K__c,Event.K__c,Lead.B__c', 'assign 005U 0PS1']);
    expect(r).toMatchObject({ created: ['Lead.B__c'], unchanged: ['Lead.A__c', 'Task.K__c'], failed: [] });
    expect(r.permissionSet).toMatchObject({ status: 'created', license: null, licenseAssigned: 'not needed', assigned: 'assigned', sendCustomNotifications: 'not needed' });
  });

  it('on an existing permission set: only the missing edit access is added (an update of the read-only grant), and Send Custom Notifications when a type is configured', async () => {
    const grants: FieldGrants = new Map([
      ['Lead.A__c', { id: '01k1', read: true, edit: true }],
      ['Task.K__c', { id: '01k2', read: true, edit: false }],
      ['Event.K__c', { id: '01k3', read: true, edit: true }],
    ]);
    const { sf, calls } = fakeOrg({ permissionSet: true, grants });
    const notify = [{ developerName: 'Handoff_Lead', label: 'Handoff', description: '', desktop: true, mobile: true }];
    const r = await setupSalesforce(sf, { dryRun: false, ranAs: 'admin', fields: FIELDS, notificationTypes: notify });
    expect(calls).toEqual(['createField Lead.B__c', 'allowCustomNotifications 0PS1', 'grantFields Task.K__c(update),Lead.B__c', 'createNotificationType Handoff_Lead']);
    expect(r.permissionSet).toMatchObject({ status: 'unchanged', alreadyGranted: ['Lead.A__c', 'Event.K__c'], assigned: 'already', sendCustomNotifications: 'added' });
  });

  it('a refused step is a failed step with its fix, and the steps that do not depend on it go on', async () => {
    const { sf, calls } = fakeOrg({ refuse: new Set(['createField', 'createPermissionSet']) });
    const r = await setupSalesforce(sf, { dryRun: false, ranAs: 'integration', fields: FIELDS, notificationTypes: [] });
    expect(calls).toEqual(['createField Lead.B__c', 'createPermissionSet Handoff_Integration']);
    expect(r.failed.map((f) => [f.step, f.code, f.vendorCode])).toEqual([
      ['create Lead.B__c (Text(10))', 'FORBIDDEN', 'INSUFFICIENT_ACCESS'],
      ['create the permission set Handoff_Integration', 'FORBIDDEN', 'INSUFFICIENT_ACCESS'],
    ]);
    expect(r.failed[0]?.fix).toMatch(/SALESFORCE_ADMIN_CLIENT_ID/);
  });

  it('a dry run calls nothing that changes the org', async () => {
    const { sf, calls } = fakeOrg();
    const r = await setupSalesforce(sf, { dryRun: true, ranAs: 'admin', fields: FIELDS, notificationTypes: [] });
    expect(calls).toEqual([]);
    expect(r.created).toEqual(['Lead.B__c']);
    expect(r.permissionSet).toMatchObject({ status: 'created', granted: ['Lead.A__c', 'Task.K__c', 'Event.K__c', 'Lead.B__c'], assigned: 'assigned' });
  });
});
