import { SfError } from '../errors.js';
import type { FieldDef } from '../fields.js';
import { findObject } from '../objects.js';
import type { SalesforceStore, SfRecord, SfValue } from '../store.js';
import { ADMIN_ONLY_OBJECTS, API_ONLY_PROFILE, INTEGRATION_PSL } from './objects.js';

/**
 * Who a request runs as, and what that user may do. The integration user has API access and edits
 * records; the admin (the sandbox's admin client credentials) also has Customize Application, Modify
 * Metadata and Manage/Assign Permission Sets. Fields created at run time are visible to the integration
 * user only through a permission set assigned to it, as field-level security works in a real org.
 */
export interface Session {
  userId: string;
  admin: boolean;
}

const insufficient = (what: string): SfError =>
  new SfError(403, 'INSUFFICIENT_ACCESS', `Insufficient privileges: ${what} needs the Customize Application, Modify Metadata and Manage Profiles and Permission Sets permissions.`);

export function requireAdmin(session: Session | undefined, what: string): void {
  if (session && !session.admin) throw insufficient(what);
}

const duplicate = (id: SfValue | undefined): SfError =>
  new SfError(400, 'DUPLICATE_VALUE', `duplicate value found: <unknown> duplicates value on record with id: ${String(id ?? '<unknown>')}`, []);

function profileName(store: SalesforceStore, userId: string): string | undefined {
  const profileId = store.get('User', userId)?.ProfileId;
  return typeof profileId === 'string' ? String(store.get('Profile', profileId)?.Name ?? '') : undefined;
}

function integrationLicenseId(store: SalesforceStore): string | undefined {
  const psl = store.all('PermissionSetLicense').find((l) => l.DeveloperName === INTEGRATION_PSL);
  return psl ? String(psl.Id) : undefined;
}

/**
 * Checks a create of a setup object the way the org would: only with the setup rights, no second
 * field permission or assignment for the same pair, field permissions only for fields that exist and
 * edit only with read, and a permission set assigned to an API-only integration user only when it carries
 * the Salesforce API Integration license, which the user must hold.
 */
export function checkSetupCreate(store: SalesforceStore, type: string, values: Record<string, SfValue>, admin: boolean | undefined): void {
  if (!ADMIN_ONLY_OBJECTS.has(type)) return;
  if (admin === false) throw insufficient(`Creating a ${type}`);
  const same = (t: string, pred: (r: SfRecord) => boolean): SfRecord | undefined => store.all(t).find(pred);
  switch (type) {
    case 'PermissionSet': {
      const name = String(values.Name ?? '');
      if (!/^[A-Za-z](?:[A-Za-z0-9]|_(?!_))*$/.test(name)) throw new SfError(400, 'FIELD_INTEGRITY_EXCEPTION', `API Name: ${name} is not a valid API name`, ['Name']);
      if (same(type, (r) => String(r.Name).toLowerCase() === name.toLowerCase())) throw new SfError(400, 'DUPLICATE_DEVELOPER_NAME', 'The API name is already in use: enter a unique name.', ['Name']);
      return;
    }
    case 'FieldPermissions': {
      const object = findObject(String(values.SobjectType ?? ''));
      const [prefix, name = ''] = String(values.Field ?? '').split('.');
      if (!object || prefix !== object.name || !store.field(object.name, name)?.custom) {
        throw new SfError(400, 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST', `Field Name: bad value for restricted picklist field: ${String(values.Field)}`, ['Field']);
      }
      if (values.PermissionsEdit === true && values.PermissionsRead !== true) {
        throw new SfError(400, 'FIELD_INTEGRITY_EXCEPTION', 'Permission Edit depends on permission(s): Read', ['PermissionsEdit']);
      }
      const existing = same(type, (r) => r.ParentId === values.ParentId && r.Field === values.Field);
      if (existing) throw duplicate(existing.Id);
      return;
    }
    case 'PermissionSetAssignment': {
      const existing = same(type, (r) => r.AssigneeId === values.AssigneeId && r.PermissionSetId === values.PermissionSetId);
      if (existing) throw duplicate(existing.Id);
      const ps = store.get('PermissionSet', String(values.PermissionSetId));
      const assignee = String(values.AssigneeId);
      if (profileName(store, assignee) !== API_ONLY_PROFILE) return;
      const psl = integrationLicenseId(store);
      if (!ps?.LicenseId || ps.LicenseId !== psl) {
        throw new SfError(400, 'FIELD_INTEGRITY_EXCEPTION', "The user license doesn't allow the permission set: an API-only integration user takes permission sets with the Salesforce API Integration license.", ['PermissionSetId']);
      }
      if (!same('PermissionSetLicenseAssign', (r) => r.AssigneeId === assignee && r.PermissionSetLicenseId === psl)) {
        throw new SfError(400, 'FIELD_INTEGRITY_EXCEPTION', 'The user has no Salesforce API Integration permission set license: assign it first.', ['AssigneeId']);
      }
      return;
    }
    case 'PermissionSetLicenseAssign': {
      const existing = same(type, (r) => r.AssigneeId === values.AssigneeId && r.PermissionSetLicenseId === values.PermissionSetLicenseId);
      if (existing) throw duplicate(existing.Id);
      return;
    }
    default:
  }
}

/** Updates and deletes of setup objects need the setup rights too. */
export function checkSetupChange(type: string, admin: boolean | undefined): void {
  if (ADMIN_ONLY_OBJECTS.has(type) && admin === false) throw insufficient(`Changing a ${type}`);
}

/**
 * Field-level security for describe: how the session sees a field. Built-in fields and an org's own
 * fields are visible to everyone; fields created through the Tooling API only to admins and through the
 * field permissions of the user's permission sets (read: listed; edit: createable and updateable).
 */
export function fieldAccess(store: SalesforceStore, session: Session | undefined, type: string): ((f: FieldDef) => FieldDef | null) | undefined {
  if (!session || session.admin) return undefined;
  const restricted = [...store.settings.addedFields.values()].filter((a) => a.object === type && !a.public);
  if (restricted.length === 0) return undefined;
  const sets = new Set(store.all('PermissionSetAssignment').filter((a) => a.AssigneeId === session.userId).map((a) => String(a.PermissionSetId)));
  const grants = new Map<string, { read: boolean; edit: boolean }>();
  for (const fp of store.all('FieldPermissions')) {
    if (!sets.has(String(fp.ParentId))) continue;
    const key = String(fp.Field);
    const prev = grants.get(key) ?? { read: false, edit: false };
    grants.set(key, { read: prev.read || fp.PermissionsRead === true, edit: prev.edit || fp.PermissionsEdit === true });
  }
  const names = new Set(restricted.map((a) => a.def.name));
  return (f) => {
    if (!names.has(f.name)) return f;
    const grant = grants.get(`${type}.${f.name}`);
    if (!grant?.read) return null;
    return grant.edit ? f : { ...f, createable: false, updateable: false };
  };
}
