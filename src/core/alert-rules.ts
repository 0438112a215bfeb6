import type { ErrorCode, VendorSystem } from '../domain/errors.js';
import { policyFor } from '../domain/policy.js';
import type { Alert } from '../domain/alert.js';

/** A budget's consumption at the end of a cycle. `window` defaults to 'daily'. */
export interface BudgetUsage {
  system: VendorSystem;
  used: number;
  limit: number;
  window?: 'daily' | 'rate';
}

/** What the alert rules need to know about one finished cycle. */
export interface CycleOutcome {
  ok: boolean;
  /** ErrorCode of the error that stopped the cycle, when it failed. */
  errorCode?: string;
  /** The system whose call failed, when known. */
  system?: VendorSystem;
  /** Records dead-lettered in this cycle. */
  deadLettered: number;
  /** Where the configuration names what the connected systems do not know ("routing.yaml team emea"). */
  configProblems?: readonly string[];
  /** Whether the cycle got as far as matching the configuration against Salesforce (it had leads to route). */
  configChecked?: boolean;
  budgets: BudgetUsage[];
  lastSuccessAt: Date | null;
  intervalMs: number;
  now: Date;
}

export interface AlertRuleState {
  /** Keys currently active in the alerter; only these are ever returned for resolving. */
  activeKeys: Iterable<string>;
  deadLetterThreshold: number;
  staleAfterIntervals: number;
  /** When the daemon started: staleness is measured from here until a first cycle succeeds. */
  startedAt?: Date;
}

export interface AlertDecision {
  raise: Alert[];
  resolve: string[];
}

/** Share of a budget at which a warning goes out, ahead of the hard stop. */
export const BUDGET_WARNING_SHARE = 0.9;

/**
 * Decides from one cycle's outcome which alerts to raise and which active ones are over. Pure:
 * the alerter owns delivery and dedupe. A condition is only resolved on evidence that it ended
 * (an auth alert is not resolved by a cycle that failed for another reason before reaching that system).
 */
export function evaluateCycleAlerts(outcome: CycleOutcome, state: AlertRuleState): AlertDecision {
  const raise: Alert[] = [];
  const ended: string[] = [];
  const at = outcome.now;
  const code = outcome.errorCode ?? 'UNKNOWN';
  const policy = outcome.ok ? null : policyFor({ code: code as ErrorCode, system: outcome.system });
  const systemField = outcome.system === undefined ? {} : { system: outcome.system };

  // Every cycle starts by reading HubSpot, so a good one is also evidence that HubSpot's daily limit is
  // back (no usage figures ever come for it; a budget raised below wins, raised keys are never resolved).
  if (outcome.ok) ended.push('cycle.failed', 'cycle.stale', 'auth.hubspot', 'auth.salesforce', 'auth.unknown', 'budget.hubspot.daily');
  else {
    raise.push({
      key: 'cycle.failed',
      severity: 'critical',
      title: 'Sync cycle failed',
      detail: `The cycle stopped with ${code}${outcome.system === undefined ? '' : ` from ${outcome.system}`}. The cursor was kept; the next cycle retries from the same point.`,
      fields: { errorCode: code, ...systemField },
      at,
    });
    if (policy?.alert?.kind === 'auth') {
      raise.push({
        key: policy.alert.key,
        severity: 'critical',
        title: `Authentication with ${outcome.system === undefined ? 'a connected system' : label(outcome.system)} failed`,
        detail: `Calls are rejected with ${code}. Check the credentials and the integration user's permissions.`,
        fields: { errorCode: code, ...systemField },
        at,
      });
    }
  }

  const budgetKeysSeen = new Set<string>();
  for (const budget of outcome.budgets) {
    if (!(budget.limit > 0)) continue;
    const window = budget.window ?? 'daily';
    const key = `budget.${budget.system}.${window}`;
    budgetKeysSeen.add(key);
    const share = budget.used / budget.limit;
    if (share < BUDGET_WARNING_SHARE) {
      ended.push(key);
      continue;
    }
    const exhausted = budget.used >= budget.limit;
    raise.push({
      key,
      severity: exhausted ? 'critical' : 'warning',
      title: `${label(budget.system)} ${window} API budget ${exhausted ? 'exhausted' : `at ${Math.floor(share * 100)}%`}`,
      detail: exhausted
        ? `Handoff's ${window} share of the ${label(budget.system)} API limit is used up; new work waits until it resets.`
        : `Handoff has used ${Math.floor(share * 100)}% of its ${window} share of the ${label(budget.system)} API limit.`,
      fields: { system: budget.system, used: budget.used, limit: budget.limit },
      at,
    });
  }
  // A daily-limit stop with no usage figures still means the budget is gone.
  if (policy?.alert?.kind === 'budget' && outcome.system !== undefined) {
    const key = policy.alert.key;
    if (!budgetKeysSeen.has(key)) {
      raise.push({
        key,
        severity: 'critical',
        title: `${label(outcome.system)} daily API limit reached`,
        detail: 'The system refuses calls for the rest of its day; cycles resume after the reset.',
        fields: { errorCode: code, system: outcome.system },
        at,
      });
    }
  }

  if (outcome.deadLettered > state.deadLetterThreshold) {
    raise.push({
      key: 'deadletters.threshold',
      severity: 'warning',
      title: `${outcome.deadLettered} records dead-lettered in one cycle`,
      detail: `More than ${state.deadLetterThreshold} records could not be written this cycle. Inspect the dead-letter queue for the common cause.`,
      fields: { deadLettered: outcome.deadLettered, threshold: state.deadLetterThreshold },
      at,
    });
  } else if (outcome.ok) ended.push('deadletters.threshold');

  // Only a cycle that got as far as routing can tell; a quiet one says nothing either way.
  const configProblems = outcome.configProblems ?? [];
  if (configProblems.length > 0) {
    raise.push({
      key: 'config.routing',
      severity: 'warning',
      title: 'routing.yaml names users or queues Salesforce does not know',
      detail: `Check ${configProblems.join(', ')}: leads meant for them go to the next routing rule or, with no owner left, to the dead-letter queue. \`handoff sync --dry-run\` lists the names.`,
      fields: { where: configProblems.join(', ') },
      at,
    });
  } else if (outcome.ok && outcome.configChecked === true) ended.push('config.routing');

  if (!outcome.ok) {
    const since = outcome.lastSuccessAt ?? state.startedAt ?? null;
    const staleAfterMs = state.staleAfterIntervals * outcome.intervalMs;
    if (since !== null && outcome.intervalMs > 0 && at.getTime() - since.getTime() >= staleAfterMs) {
      const minutes = Math.round((at.getTime() - since.getTime()) / 60_000);
      raise.push({
        key: 'cycle.stale',
        severity: 'critical',
        title: 'No successful sync cycle recently',
        detail: `${
          outcome.lastSuccessAt === null
            ? `No cycle has succeeded in the ${minutes} minutes since start`
            : `The last successful cycle finished ${minutes} minutes ago`
        }; leads are not reaching Salesforce.`,
        fields: { minutesSinceSuccess: minutes, staleAfterIntervals: state.staleAfterIntervals },
        at,
      });
    }
  }

  const active = new Set(state.activeKeys);
  const raised = new Set(raise.map((a) => a.key));
  const resolve = [...new Set(ended)].filter((k) => active.has(k) && !raised.has(k));
  return { raise, resolve };
}

function label(system: VendorSystem): string {
  return system === 'hubspot' ? 'HubSpot' : 'Salesforce';
}
