export type AlertSeverity = 'critical' | 'warning' | 'info';

/**
 * One condition worth telling an operator about. `key` identifies the condition (not the
 * occurrence) so repeats can be suppressed and the condition later resolved.
 */
export interface Alert {
  /** Stable condition key, e.g. 'cycle.failed', 'auth.salesforce', 'budget.hubspot.daily'. */
  key: string;
  severity: AlertSeverity;
  title: string;
  detail: string;
  /** Record ids and counts only: alerts leave the process, personal data must not. */
  fields?: Record<string, string | number>;
  at: Date;
}

/** What a channel delivers: an alert, or the recovery notice for one. */
export interface AlertNotice extends Alert {
  recovered?: boolean;
}
