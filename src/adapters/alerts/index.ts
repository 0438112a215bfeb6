export { createAlerter } from './alerter.js';
export type { Alerter } from './alerter.js';
export { evaluateCycleAlerts } from '../../core/alert-rules.js';
export type { AlertRuleState, BudgetUsage, CycleOutcome } from '../../core/alert-rules.js';
export { defaultMailTransportFactory } from './channels/email.js';
export type { Alert, AlertSeverity } from '../../domain/alert.js';
