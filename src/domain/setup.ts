/**
 * What `handoff setup` did (or, in a dry run, would do) to the two systems, as `setup --json` prints it.
 * Names are `Object.Field__c` for Salesforce fields and property names for HubSpot.
 */
export interface SetupConflict {
  name: string;
  /** What Handoff needs, in Setup's notation ("Number(5,1)"). */
  expected: string;
  /** What the org has. */
  actual: string;
  reason: string;
}

/** A step that could not be done, with what to do about it. */
export interface FailedStep {
  step: string;
  /** Handoff's error code, and the vendor's when it gave one. */
  code: string;
  vendorCode?: string;
  message: string;
  fix: string;
}

export interface PermissionSetReport {
  name: string;
  id: string | null;
  /** created, unchanged, or failed (a step below says why). In a dry run: would be created. */
  status: 'created' | 'unchanged' | 'failed';
  /** The permission set license it carries (the API-only integration license), or null. */
  license: string | null;
  /** Fields given read and edit access by this run; fields that already had it. */
  granted: string[];
  alreadyGranted: string[];
  /** The integration user it is (or would be) assigned to, and whether this run assigned it. */
  assignee: string | null;
  assigned: 'assigned' | 'already' | 'failed' | 'skipped';
  /** "Send Custom Notifications": not needed (no notification type configured), already there, or added by this run. */
  sendCustomNotifications: 'not needed' | 'already' | 'added' | 'failed';
  /** Whether this run assigned the permission set license to the integration user. */
  licenseAssigned: 'assigned' | 'already' | 'not needed' | 'failed' | 'skipped';
}

export interface SalesforceSetupReport {
  /** Who setup ran as: the admin credentials, or the integration user when none were given. */
  ranAs: 'admin' | 'integration';
  created: string[];
  unchanged: string[];
  conflicts: SetupConflict[];
  permissionSet: PermissionSetReport | null;
  notificationTypes: { created: string[]; unchanged: string[] };
  failed: FailedStep[];
}

export interface HubSpotSetupReport {
  group: { name: string; created: boolean };
  created: string[];
  unchanged: string[];
  conflicts: SetupConflict[];
  failed: FailedStep[];
}

export interface SetupReport {
  dryRun: boolean;
  salesforce: SalesforceSetupReport;
  hubspot: HubSpotSetupReport;
}

/** Setup left nothing undone: no conflict and no failed step on either side. */
export function setupSucceeded(r: SetupReport): boolean {
  return r.salesforce.conflicts.length + r.salesforce.failed.length + r.hubspot.conflicts.length + r.hubspot.failed.length === 0;
}
