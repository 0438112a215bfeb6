import type { HandoffConfig } from '../../config/handoff.js';

/**
 * A Salesforce custom notification type Handoff sends through (Setup → Custom Notifications). When
 * notifications to Salesforce are configured (`notify.salesforce.notificationType` in handoff.yaml),
 * `handoff setup` creates the type (Tooling API `CustomNotificationType`) and gives Handoff's permission
 * set "Send Custom Notifications", and `handoff doctor` checks both.
 */
export interface RequiredNotificationType {
  /** The API name (DeveloperName). */
  developerName: string;
  label: string;
  description: string;
  /** Channels: desktop (the bell) and mobile push. */
  desktop: boolean;
  mobile: boolean;
}

export function requiredNotificationTypes(handoff: HandoffConfig): RequiredNotificationType[] {
  const name = handoff.notify.salesforce.notificationType;
  if (name === null) return [];
  return [{ developerName: name, label: 'Handoff', description: 'Leads and SLA reminders from Handoff', desktop: true, mobile: true }];
}
