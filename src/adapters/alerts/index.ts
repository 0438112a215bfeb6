export { createAlerter, DEFAULT_WEBHOOK_TIMEOUT_MS } from './alerter.js';
export type { Alerter, AlerterOptions, AlerterStats } from './alerter.js';
export { evaluateCycleAlerts, BUDGET_WARNING_SHARE } from '../../core/alert-rules.js';
export type { AlertDecision, AlertRuleState, BudgetUsage, CycleOutcome } from '../../core/alert-rules.js';
export { signBody, SIGNATURE_HEADER, TIMESTAMP_HEADER } from './channels/webhook.js';
export type { WebhookBody } from './channels/webhook.js';
export { defaultMailTransportFactory } from './channels/email.js';
export type { Alert, AlertSeverity } from '../../domain/alert.js';
export type { AlertNotice, Env, MailTransport, MailTransportFactory } from './types.js';
