import { auditFields, field, picklist, reference, required, system, text } from '../fields.js';
import type { FieldDef } from '../fields.js';
import { KEY_PREFIXES } from '../ids.js';

/**
 * The setup objects `handoff setup` and `handoff doctor` touch through the data API (Object Reference
 * for the Salesforce Platform): permission sets with their field permissions and assignments, permission
 * set licenses, custom notification types, and the duplicate and assignment rules an org runs. Only the
 * fields those calls use.
 */
export const SETUP_KEY_PREFIXES = KEY_PREFIXES;

/** The shape of objects.ts's ObjectDef (kept structural: objects.ts lists these among the emulated objects). */
interface SetupObjectDef {
  name: string;
  label: string;
  labelPlural: string;
  keyPrefix: string;
  fields: FieldDef[];
}

const flag = (name: string, label?: string): FieldDef =>
  field(name, 'boolean', { nillable: false, defaultedOnCreate: true, defaultValue: false, ...(label ? { label } : {}) });

const permissionSet: FieldDef[] = [
  system('Id', 'id'),
  required(text('Name', 80, { label: 'API Name', indexed: true })),
  required(text('Label', 80)),
  text('Description', 255),
  reference('LicenseId', ['PermissionSetLicense'], { relationshipName: 'License', label: 'License ID' }),
  system('IsOwnedByProfile', 'boolean', { defaultValue: false }),
  system('IsCustom', 'boolean', { defaultValue: true }),
  flag('PermissionsApiEnabled', 'API Enabled'),
  flag('PermissionsSendCustomNotifications', 'Send Custom Notifications'),
  ...auditFields(),
];

const fieldPermissions: FieldDef[] = [
  system('Id', 'id'),
  required(reference('ParentId', ['PermissionSet'], { relationshipName: 'Parent', updateable: false, indexed: true })),
  required(text('SobjectType', 40, { updateable: false, label: 'SObject Type Name' })),
  required(text('Field', 80, { updateable: false, label: 'Field Name', indexed: true })),
  flag('PermissionsRead', 'Read Field'),
  flag('PermissionsEdit', 'Edit Field'),
  system('SystemModstamp', 'datetime'),
];

const permissionSetAssignment: FieldDef[] = [
  system('Id', 'id'),
  required(reference('AssigneeId', ['User'], { relationshipName: 'Assignee', updateable: false, indexed: true })),
  required(reference('PermissionSetId', ['PermissionSet'], { relationshipName: 'PermissionSet', updateable: false, indexed: true })),
  system('SystemModstamp', 'datetime'),
];

const permissionSetLicense: FieldDef[] = [
  system('Id', 'id'),
  required(text('DeveloperName', 80, { indexed: true })),
  required(text('MasterLabel', 80)),
  field('TotalLicenses', 'int'),
  field('UsedLicenses', 'int'),
  picklist('Status', ['Active', 'Disabled'], { defaultValue: 'Active', restricted: true }),
  ...auditFields(),
];

const permissionSetLicenseAssign: FieldDef[] = [
  system('Id', 'id'),
  required(reference('AssigneeId', ['User'], { relationshipName: 'Assignee', updateable: false, indexed: true })),
  required(reference('PermissionSetLicenseId', ['PermissionSetLicense'], { relationshipName: 'PermissionSetLicense', updateable: false })),
  ...auditFields(),
];

const customNotificationType: FieldDef[] = [
  system('Id', 'id'),
  required(text('DeveloperName', 80, { indexed: true })),
  required(text('MasterLabel', 80, { label: 'Notification Name' })),
  text('Description', 255),
  flag('Desktop'),
  flag('Mobile'),
  ...auditFields(),
];

const duplicateRule: FieldDef[] = [
  system('Id', 'id'),
  required(text('DeveloperName', 80)),
  required(text('MasterLabel', 80, { label: 'Rule Name' })),
  required(text('SobjectType', 40)),
  field('IsActive', 'boolean', { nillable: false, defaultedOnCreate: true, defaultValue: false }),
  ...auditFields(),
];

const assignmentRule: FieldDef[] = [
  system('Id', 'id'),
  required(text('Name', 120, { label: 'Rule Name' })),
  required(text('SobjectType', 40)),
  field('Active', 'boolean', { nillable: false, defaultedOnCreate: true, defaultValue: false }),
  ...auditFields(),
];

function def(name: string, labelPlural: string, fields: FieldDef[]): SetupObjectDef {
  return { name, label: name, labelPlural, keyPrefix: SETUP_KEY_PREFIXES[name] ?? '000', fields };
}

export const SETUP_OBJECTS: readonly SetupObjectDef[] = [
  def('PermissionSet', 'Permission Sets', permissionSet),
  def('FieldPermissions', 'Field Permissions', fieldPermissions),
  def('PermissionSetAssignment', 'Permission Set Assignments', permissionSetAssignment),
  def('PermissionSetLicense', 'Permission Set Licenses', permissionSetLicense),
  def('PermissionSetLicenseAssign', 'Permission Set License Assignments', permissionSetLicenseAssign),
  def('CustomNotificationType', 'Custom Notification Types', customNotificationType),
  def('DuplicateRule', 'Duplicate Rules', duplicateRule),
  def('AssignmentRule', 'Assignment Rules', assignmentRule),
];

/** Objects only a user with the setup rights may create, change or delete records of. */
export const ADMIN_ONLY_OBJECTS: ReadonlySet<string> = new Set([
  'PermissionSet',
  'FieldPermissions',
  'PermissionSetAssignment',
  'PermissionSetLicenseAssign',
  'CustomNotificationType',
  'DuplicateRule',
  'AssignmentRule',
  'PermissionSetLicense',
]);

/** The permission set license the Salesforce Integration user license brings (Setup → Company Information). */
export const INTEGRATION_PSL = 'SalesforceAPIIntegrationPsl';
/** The profile of API-only integration users. */
export const API_ONLY_PROFILE = 'Minimum Access - API Only Integrations';
