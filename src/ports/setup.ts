/**
 * What `handoff setup` needs of the two systems: read what exists, create what is missing. Implemented
 * over the Salesforce Tooling and data APIs (src/adapters/salesforce/org-setup.ts, with the admin
 * credentials when given) and HubSpot's properties API (src/adapters/hubspot/property-setup.ts).
 * Every method throws a HandoffError when the system refuses.
 */
import type { ObjectMeta } from '../core/salesforce/describe.js';
import type { RequiredField } from '../core/salesforce/custom-fields.js';
import type { RequiredNotificationType } from '../core/salesforce/custom-notifications.js';
import type { ExistingProperty, HubSpotPropertyDefinition } from '../core/hubspot/property-definitions.js';

export interface IntegrationUser {
  id: string;
  username: string;
  /** Has the API-only integration profile (the Salesforce Integration user license). */
  apiOnly: boolean;
}

export interface ExistingPermissionSet {
  id: string;
  licenseId: string | null;
  sendCustomNotifications: boolean;
}

/** Field permissions of a permission set, by `Object.Field__c`. */
export type FieldGrants = Map<string, { id: string; read: boolean; edit: boolean }>;

export interface NewPermissionSet {
  name: string;
  label: string;
  description: string;
  licenseId: string | null;
  sendCustomNotifications: boolean;
}

export interface SetupSalesforce {
  /** Describes of these objects as the setup user sees them; an object Salesforce refuses to describe is left out. */
  describe(objects: readonly string[]): Promise<Partial<Record<string, ObjectMeta>>>;
  createField(def: RequiredField): Promise<void>;
  /** The user Handoff syncs as (from the integration credentials). */
  integrationUser(): Promise<IntegrationUser>;
  /** The id of the Salesforce API Integration permission set license, or null when the org has none. */
  integrationLicense(): Promise<string | null>;
  permissionSet(name: string): Promise<ExistingPermissionSet | null>;
  createPermissionSet(input: NewPermissionSet): Promise<string>;
  /** Adds "Send Custom Notifications" to an existing permission set. */
  allowCustomNotifications(permissionSetId: string): Promise<void>;
  fieldGrants(permissionSetId: string): Promise<FieldGrants>;
  /** Gives read and edit on each field (`Object.Field__c`): new field permissions, or edit added to read-only ones. Per-field errors come back by name. */
  grantFields(permissionSetId: string, fields: readonly string[], existing: FieldGrants): Promise<Map<string, Error>>;
  hasLicense(userId: string, licenseId: string): Promise<boolean>;
  assignLicense(userId: string, licenseId: string): Promise<void>;
  isAssigned(userId: string, permissionSetId: string): Promise<boolean>;
  assign(userId: string, permissionSetId: string): Promise<void>;
  notificationTypes(): Promise<Set<string>>;
  createNotificationType(def: RequiredNotificationType): Promise<void>;
}

export interface SetupHubSpot {
  propertyGroups(): Promise<string[]>;
  contactProperties(): Promise<ExistingProperty[]>;
  createGroup(name: string, label: string): Promise<void>;
  createProperty(def: HubSpotPropertyDefinition, groupName: string): Promise<void>;
}
