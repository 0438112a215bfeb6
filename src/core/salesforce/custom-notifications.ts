/**
 * A Salesforce custom notification type Handoff sends through (Setup → Custom Notifications). Like
 * REQUIRED_FIELDS, this list is the one definition: `handoff setup` creates each type (Tooling API
 * `CustomNotificationType`) and adds "Send Custom Notifications" to Handoff's permission set when the
 * list is not empty, and `handoff doctor` checks that they exist.
 */
export interface RequiredNotificationType {
  /** The API name (DeveloperName). */
  developerName: string;
  label: string;
  description?: string;
  /** Channels: desktop (bell) and mobile push. */
  desktop: boolean;
  mobile: boolean;
}

export const REQUIRED_NOTIFICATION_TYPES: readonly RequiredNotificationType[] = [];
