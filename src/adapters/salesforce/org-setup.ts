import type { ObjectMeta } from '../../core/salesforce/describe.js';
import type { RequiredField } from '../../core/salesforce/custom-fields.js';
import type { RequiredNotificationType } from '../../core/salesforce/custom-notifications.js';
import { toolingCustomField } from '../../core/salesforce/field-spec.js';
import { INTEGRATION_LICENSE } from '../../core/salesforce/permission-set.js';
import type { ExistingPermissionSet, FieldGrants, IntegrationUser, NewPermissionSet, SetupSalesforce } from '../../ports/setup.js';
import type { SalesforceGateway } from './gateway.js';
import { mapSalesforceError, salesforceError } from './map-error.js';
import { soqlString } from './soql.js';
import { describeObjects, integrationUserId } from './org-identity.js';

const API_ONLY_PROFILE = 'Minimum Access - API Only Integrations';

/**
 * `handoff setup` over Salesforce: describes through /composite, custom fields and notification types
 * through the Tooling REST API (`tooling/sobjects/CustomField`, not the SOAP Metadata API), permission
 * sets, field permissions, licenses and assignments through the data API. `admin` runs every change;
 * `integration` only tells who the integration user is.
 */
export class SalesforceOrgSetup implements SetupSalesforce {
  constructor(
    private readonly admin: SalesforceGateway,
    private readonly integration: SalesforceGateway,
  ) {}

  private get base(): string {
    return `/services/data/v${this.admin.conn.version}`;
  }

  describe(objects: readonly string[]): Promise<Partial<Record<string, ObjectMeta>>> {
    return describeObjects(this.admin, objects);
  }

  async createField(def: RequiredField): Promise<void> {
    await this.admin.call('tooling', (c) => c.requestPost(`${this.base}/tooling/sobjects/CustomField`, toolingCustomField(def)));
  }

  async integrationUser(): Promise<IntegrationUser> {
    const id = await integrationUserId(this.integration);
    const rows = await this.integration.query<{ Id: string; Username: string; Profile: { Name?: string } | null }>(
      `SELECT Id, Username, Profile.Name FROM User WHERE Id = ${soqlString(id)}`,
    );
    const user = rows[0];
    if (!user) throw salesforceError('NOT_FOUND', `the integration user ${id} is not visible to itself`);
    return { id: user.Id, username: user.Username, apiOnly: user.Profile?.Name === API_ONLY_PROFILE };
  }

  async integrationLicense(): Promise<string | null> {
    const rows = await this.admin.query<{ Id: string }>(`SELECT Id FROM PermissionSetLicense WHERE DeveloperName = ${soqlString(INTEGRATION_LICENSE)}`);
    return rows[0]?.Id ?? null;
  }

  async permissionSet(name: string): Promise<ExistingPermissionSet | null> {
    const rows = await this.admin.query<{ Id: string; LicenseId: string | null; PermissionsSendCustomNotifications: boolean }>(
      `SELECT Id, LicenseId, PermissionsSendCustomNotifications FROM PermissionSet WHERE Name = ${soqlString(name)}`,
    );
    const row = rows[0];
    return row ? { id: row.Id, licenseId: row.LicenseId ?? null, sendCustomNotifications: row.PermissionsSendCustomNotifications === true } : null;
  }

  async createPermissionSet(input: NewPermissionSet): Promise<string> {
    const record: Record<string, unknown> = { Name: input.name, Label: input.label, Description: input.description };
    if (input.licenseId) record.LicenseId = input.licenseId;
    if (input.sendCustomNotifications) record.PermissionsSendCustomNotifications = true;
    return this.createOne('PermissionSet', record);
  }

  async allowCustomNotifications(permissionSetId: string): Promise<void> {
    const [result] = await this.admin.update('PermissionSet', [{ Id: permissionSetId, PermissionsSendCustomNotifications: true }], {});
    if (!result?.success) throw recordError(result?.errors[0]);
  }

  async fieldGrants(permissionSetId: string): Promise<FieldGrants> {
    const rows = await this.admin.query<{ Id: string; Field: string; PermissionsRead: boolean; PermissionsEdit: boolean }>(
      `SELECT Id, Field, PermissionsRead, PermissionsEdit FROM FieldPermissions WHERE ParentId = ${soqlString(permissionSetId)}`,
    );
    return new Map(rows.map((r) => [r.Field, { id: r.Id, read: r.PermissionsRead, edit: r.PermissionsEdit }]));
  }

  async grantFields(permissionSetId: string, fields: readonly string[], existing: FieldGrants): Promise<Map<string, Error>> {
    const errors = new Map<string, Error>();
    const toUpdate = fields.filter((f) => existing.has(f));
    const toCreate = fields.filter((f) => !existing.has(f));
    const created = await this.admin.create(
      'FieldPermissions',
      toCreate.map((f) => ({ ParentId: permissionSetId, SobjectType: f.split('.')[0], Field: f, PermissionsRead: true, PermissionsEdit: true })),
      {},
    );
    const updated = await this.admin.update(
      'FieldPermissions',
      toUpdate.map((f) => ({ Id: existing.get(f)?.id, PermissionsRead: true, PermissionsEdit: true })),
      {},
    );
    [...toCreate, ...toUpdate].forEach((f, i) => {
      const r = [...created, ...updated][i];
      if (r && !r.success) errors.set(f, recordError(r.errors[0]));
    });
    return errors;
  }

  async hasLicense(userId: string, licenseId: string): Promise<boolean> {
    const rows = await this.admin.query(
      `SELECT Id FROM PermissionSetLicenseAssign WHERE AssigneeId = ${soqlString(userId)} AND PermissionSetLicenseId = ${soqlString(licenseId)}`,
    );
    return rows.length > 0;
  }

  async assignLicense(userId: string, licenseId: string): Promise<void> {
    await this.createOne('PermissionSetLicenseAssign', { AssigneeId: userId, PermissionSetLicenseId: licenseId });
  }

  async isAssigned(userId: string, permissionSetId: string): Promise<boolean> {
    const rows = await this.admin.query(
      `SELECT Id FROM PermissionSetAssignment WHERE AssigneeId = ${soqlString(userId)} AND PermissionSetId = ${soqlString(permissionSetId)}`,
    );
    return rows.length > 0;
  }

  async assign(userId: string, permissionSetId: string): Promise<void> {
    await this.createOne('PermissionSetAssignment', { AssigneeId: userId, PermissionSetId: permissionSetId });
  }

  async notificationTypes(): Promise<Set<string>> {
    const rows = await this.admin.query<{ DeveloperName: string }>('SELECT DeveloperName FROM CustomNotificationType');
    return new Set(rows.map((r) => r.DeveloperName));
  }

  async createNotificationType(def: RequiredNotificationType): Promise<void> {
    const body = {
      FullName: def.developerName,
      Metadata: { masterLabel: def.label, customNotifTypeName: def.label, description: def.description ?? '', desktop: def.desktop, mobile: def.mobile },
    };
    await this.admin.call('tooling', (c) => c.requestPost(`${this.base}/tooling/sobjects/CustomNotificationType`, body));
  }

  private async createOne(type: string, record: Record<string, unknown>): Promise<string> {
    const [result] = await this.admin.create(type, [record], {});
    if (!result?.success || !result.id) throw recordError(result?.errors[0]);
    return result.id;
  }
}

function recordError(e: { code: string; message: string } | undefined): Error {
  return mapSalesforceError(Object.assign(new Error(e?.message ?? 'refused'), { errorCode: e?.code ?? 'UNKNOWN' }));
}
