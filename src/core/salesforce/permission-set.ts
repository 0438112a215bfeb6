import type { RequiredField } from './custom-fields.js';

/** The permission set `handoff setup` creates for the integration user and `handoff doctor` looks for. */
export const HANDOFF_PERMISSION_SET = {
  name: 'Handoff_Integration',
  label: 'Handoff integration',
  description: 'Read and edit on the fields Handoff writes (created by handoff setup).',
} as const;

/** The permission set license of API-only integration users ("Salesforce API Integration"). */
export const INTEGRATION_LICENSE = 'SalesforceAPIIntegrationPsl';

/** How FieldPermissions names a field: `Lead.Handoff_Score__c`; activity fields as the Task ones Handoff writes. */
export function grantName(def: { object: RequiredField['object'] | 'Event'; name: string }): string {
  return `${def.object}.${def.name}`;
}
