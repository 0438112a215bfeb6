import { auditFields, field, required, system, text } from './fields.js';
import type { FieldDef } from './fields.js';

/** The notification types an admin creates in Setup ("CustomNotificationType", Object Reference), queryable by DeveloperName. */
export const customNotificationType: FieldDef[] = [
  system('Id', 'id'),
  required(text('DeveloperName', 80, { indexed: true })),
  required(text('MasterLabel', 80)),
  text('CustomNotifTypeName', 80),
  text('Description', 255),
  field('Desktop', 'boolean', { nillable: false, defaultedOnCreate: true, defaultValue: true }),
  field('Mobile', 'boolean', { nillable: false, defaultedOnCreate: true, defaultValue: true }),
  ...auditFields(),
];

/** The type the sandbox org has from the start, as an admin following docs/salesforce-setup.md would create it. */
export function defaultNotificationTypes(): Record<string, unknown>[] {
  return [{ DeveloperName: 'Handoff_SLA', MasterLabel: 'Handoff SLA', CustomNotifTypeName: 'Handoff SLA', Description: 'Leads handed off by Handoff' }];
}

