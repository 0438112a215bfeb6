import type { ObjectMeta } from '../../core/salesforce/describe.js';
import type { FailedStep, PermissionSetReport, SalesforceSetupReport } from '../../domain/setup.js';
import { CUSTOM_FIELDS } from '../../core/salesforce/custom-fields.js';
import type { RequiredField } from '../../core/salesforce/custom-fields.js';
import type { RequiredNotificationType } from '../../core/salesforce/custom-notifications.js';
import { fieldLabel } from '../../core/salesforce/field-spec.js';
import { HANDOFF_PERMISSION_SET, INTEGRATION_LICENSE, grantName } from '../../core/salesforce/permission-set.js';
import { planFields } from '../../core/setup/plan.js';
import type { IntegrationUser, SetupSalesforce } from '../../ports/setup.js';
import { failedStep } from './failed-step.js';

export interface SalesforceSetupOptions {
  dryRun: boolean;
  ranAs: 'admin' | 'integration';
  /** The definitions to apply; CUSTOM_FIELDS unless a test says otherwise. */
  fields?: readonly RequiredField[];
  /** The custom notification types the configuration sends through (none: no notification type, no send permission). */
  notificationTypes: readonly RequiredNotificationType[];
}

/**
 * Custom fields, the permission set (with its license, field permissions and assignment) and the custom
 * notification types, each step only when missing. A field that exists but differs is reported and left
 * alone; a refused step is reported with its fix and the steps that don't depend on it go on.
 */
export async function setupSalesforce(sf: SetupSalesforce, opts: SalesforceSetupOptions): Promise<SalesforceSetupReport> {
  const fields = opts.fields ?? CUSTOM_FIELDS;
  const report: SalesforceSetupReport = {
    ranAs: opts.ranAs,
    created: [],
    unchanged: [],
    conflicts: [],
    permissionSet: null,
    notificationTypes: { created: [], unchanged: [] },
    failed: [],
  };
  const objects = [...new Set(fields.map((f) => f.object))];
  // Activity fields are Event's too: their field permissions go on both.
  const withEvent = objects.includes('Task') ? [...objects, 'Event'] : objects;
  let describes: Partial<Record<string, ObjectMeta>>;
  try {
    describes = await sf.describe(withEvent);
  } catch (err) {
    report.failed.push(failedStep('describe the objects Handoff writes', err));
    return report;
  }
  const refused = objects.filter((o) => !describes[o]);
  for (const o of refused) report.failed.push(failedStep(`describe ${o}`, new Error(`Salesforce refused to describe ${o}`), `Give the user setup runs as read access to ${o}.`));
  const plan = planFields(fields.filter((f) => !refused.includes(f.object)), describes);
  report.unchanged = plan.unchanged.map(fieldLabel);
  report.conflicts = plan.conflicts.map(({ name, expected, actual, reason }) => ({ name, expected, actual, reason }));
  const present = new Set<string>();
  const onEvent = (def: RequiredField, created: boolean): boolean =>
    def.object === 'Task' && (created ? describes.Event !== undefined : describes.Event?.fields.some((f) => f.name.toLowerCase() === def.name.toLowerCase()) === true);
  const grant = (def: RequiredField, created: boolean): void => {
    present.add(grantName(def));
    if (onEvent(def, created)) present.add(grantName({ object: 'Event', name: def.name }));
  };
  for (const def of plan.unchanged) grant(def, false);
  for (const c of plan.conflicts) {
    const def = fields.find((f) => fieldLabel(f) === c.name);
    if (def) grant(def, false);
  }
  for (const def of plan.create) {
    if (opts.dryRun) {
      report.created.push(fieldLabel(def));
      grant(def, true);
      continue;
    }
    try {
      await sf.createField(def);
      report.created.push(fieldLabel(def));
      grant(def, true);
    } catch (err) {
      report.failed.push(failedStep(`create ${fieldLabel(def)} (${def.type})`, err));
    }
  }
  report.permissionSet = await permissionSet(sf, [...present], opts.dryRun, opts.notificationTypes.length > 0, report.failed);
  await notificationTypes(sf, opts.notificationTypes, opts.dryRun, report);
  return report;
}

async function permissionSet(sf: SetupSalesforce, fields: string[], dryRun: boolean, notify: boolean, failed: FailedStep[]): Promise<PermissionSetReport> {
  const ps: PermissionSetReport = {
    name: HANDOFF_PERMISSION_SET.name,
    id: null,
    status: 'failed',
    license: null,
    granted: [],
    alreadyGranted: [],
    assignee: null,
    assigned: 'skipped',
    licenseAssigned: 'skipped',
    sendCustomNotifications: notify ? 'added' : 'not needed',
  };
  let user: IntegrationUser;
  let licenseId: string | null;
  try {
    user = await sf.integrationUser();
    ps.assignee = user.username;
    licenseId = user.apiOnly ? await sf.integrationLicense() : null;
    ps.license = licenseId ? INTEGRATION_LICENSE : null;
  } catch (err) {
    failed.push(failedStep('find the integration user', err));
    return ps;
  }
  try {
    const existing = await sf.permissionSet(HANDOFF_PERMISSION_SET.name);
    if (existing) {
      ps.id = existing.id;
      ps.status = 'unchanged';
      if (notify && existing.sendCustomNotifications) ps.sendCustomNotifications = 'already';
      else if (notify && !dryRun) {
        const id = existing.id;
        const added = await step(failed, `add Send Custom Notifications to ${HANDOFF_PERMISSION_SET.name}`, () => sf.allowCustomNotifications(id).then(() => true));
        ps.sendCustomNotifications = added ? 'added' : 'failed';
      }
    } else if (dryRun) {
      ps.status = 'created';
    } else {
      ps.id = await sf.createPermissionSet({ ...HANDOFF_PERMISSION_SET, licenseId, sendCustomNotifications: notify });
      ps.status = 'created';
    }
  } catch (err) {
    failed.push(failedStep(`create the permission set ${HANDOFF_PERMISSION_SET.name}`, err));
    return ps;
  }
  const grants = ps.id ? await step(failed, 'read its field permissions', () => sf.fieldGrants(ps.id ?? '')) : new Map();
  if (!grants) return ps;
  const missing = fields.filter((f) => !(grants.get(f)?.read && grants.get(f)?.edit));
  ps.alreadyGranted = fields.filter((f) => !missing.includes(f));
  if (dryRun || !ps.id) ps.granted = missing;
  else if (missing.length > 0) {
    const errors = await step(failed, 'grant field access', () => sf.grantFields(ps.id ?? '', missing, grants));
    if (errors) {
      ps.granted = missing.filter((f) => !errors.has(f));
      for (const [f, err] of errors) failed.push(failedStep(`grant read and edit on ${f}`, err));
    }
  }
  if (user.apiOnly) {
    if (!licenseId) {
      failed.push(failedStep('find the Salesforce API Integration license', new Error('the org has no Salesforce API Integration permission set license'), 'The integration user is API-only: give it the Salesforce Integration user license, which brings this permission set license.'));
      return ps;
    }
    const lid = licenseId;
    const has = await step(failed, 'check the integration user holds the license', () => sf.hasLicense(user.id, lid));
    if (has === undefined) return ps;
    if (has) ps.licenseAssigned = 'already';
    else if (dryRun) ps.licenseAssigned = 'assigned';
    else ps.licenseAssigned = (await step(failed, 'assign the Salesforce API Integration license', () => sf.assignLicense(user.id, lid).then(() => true))) ? 'assigned' : 'failed';
    if (ps.licenseAssigned === 'failed') return ps;
  } else ps.licenseAssigned = 'not needed';
  if (!ps.id) {
    ps.assigned = dryRun ? 'assigned' : 'skipped';
    return ps;
  }
  const psId = ps.id;
  const assigned = await step(failed, 'check the permission set assignment', () => sf.isAssigned(user.id, psId));
  if (assigned === undefined) return ps;
  if (assigned) ps.assigned = 'already';
  else if (dryRun) ps.assigned = 'assigned';
  else ps.assigned = (await step(failed, `assign ${HANDOFF_PERMISSION_SET.name} to ${user.username}`, () => sf.assign(user.id, psId).then(() => true))) ? 'assigned' : 'failed';
  return ps;
}

async function notificationTypes(
  sf: SetupSalesforce,
  types: readonly RequiredNotificationType[],
  dryRun: boolean,
  report: SalesforceSetupReport,
): Promise<void> {
  if (types.length === 0) return;
  const existing = await step(report.failed, 'read the custom notification types', () => sf.notificationTypes());
  if (!existing) return;
  for (const def of types) {
    if (existing.has(def.developerName)) report.notificationTypes.unchanged.push(def.developerName);
    else if (dryRun) report.notificationTypes.created.push(def.developerName);
    else if (await step(report.failed, `create the custom notification type ${def.developerName}`, () => sf.createNotificationType(def).then(() => true))) {
      report.notificationTypes.created.push(def.developerName);
    }
  }
}

/** Runs one step; a refusal becomes a failed step and `undefined`. */
async function step<T>(failed: FailedStep[], name: string, fn: () => Promise<T>): Promise<T | undefined> {
  try {
    return await fn();
  } catch (err) {
    failed.push(failedStep(name, err));
    return undefined;
  }
}
