import { App } from '../app.js';
import type { Alerter } from '../../adapters/alerts/index.js';
import { evaluateCycleAlerts } from '../../adapters/alerts/index.js';
import type { BudgetUsage } from '../../adapters/alerts/index.js';
import type { Config } from '../../config/load.js';
import type { Metrics } from '../http/index.js';
import type { Clock } from '../../ports/clock.js';
import { policyFor } from '../../domain/policy.js';
import type { Logger } from '../../lib/logger.js';
import { runSync } from '../../jobs/sync/run-sync.js';
import { isHandoffError } from '../../domain/errors.js';
import { hostname } from 'node:os';
import { holdJobLease, JOB_LEASES } from '../lease/writer-lock.js';
import type { StateStore } from '../../ports/state.js';
import { DailyPause } from './daily-pause.js';
import { backfillRunner } from './backfill-runner.js';
import { privacySweep } from './privacy-sweep.js';
import { feedbackPass } from './feedback-pass.js';
import { slaPass } from './sla-pass.js';
import { deadLetterRetention } from './retention.js';
import type { CycleResult, RunCycle } from './scheduler.js';

export interface HandoffCycleOptions {
  config: Config;
  store: StateStore;
  logger: Logger;
  clock: Clock;
  metrics: Metrics;
  alerter: Alerter;
  startedAt: Date;
}

/** The sync job's lease in the daemon: renewed every 10 s while a cycle runs, released after it. */
const SYNC_LEASE_MS = 30_000;

/** The schedule's interval, for the stale-cycle alert: "*\/N * * * *" is N minutes, anything else 5. */
export function intervalMs(cron: string): number {
  const m = /^\*\/(\d+) \* \* \* \*$/.exec(cron.trim());
  return (m ? Number(m[1]) : 5) * 60_000;
}

/**
 * One scheduled cycle: a fresh App per cycle (its waits obey this cycle's abort signal) over the
 * daemon's store, then metrics and alert rules from the cycle's report.
 */
export function handoffCycle(opts: HandoffCycleOptions): RunCycle {
  const pause = new DailyPause();
  const retention = deadLetterRetention({ store: opts.store, clock: opts.clock, logger: opts.logger, settings: opts.config.handoff.deadLetters });
  const sweep = privacySweep({
    store: opts.store,
    clock: opts.clock,
    logger: opts.logger,
    cron: opts.config.handoff.privacy.sweepCron,
    timeZone: opts.config.handoff.schedule.timeZone,
  });
  const backfills = backfillRunner({ config: opts.config, store: opts.store, logger: opts.logger, clock: opts.clock, alerter: opts.alerter });
  const feedback = feedbackPass({ store: opts.store, clock: opts.clock, logger: opts.logger, cron: opts.config.handoff.feedback.cron, timeZone: opts.config.handoff.schedule.timeZone });
  const sla = slaPass({ store: opts.store, clock: opts.clock, logger: opts.logger, cron: opts.config.handoff.sla.cron, timeZone: opts.config.handoff.schedule.timeZone });
  let accountTimeZone: string | null = null;
  return async (signal, { fence }): Promise<CycleResult> => {
    // Backfills handed to the daemon (`handoff backfill --detach`) start beside the sync, not inside it.
    await backfills.poll(signal).catch((error: unknown) => opts.logger.warn('could not look for requested backfills', { error }));
    // Only the leader runs cycles, so only it purges; a paused cycle still keeps retention.
    await retention(fence);
    const resumeAt = pause.active(opts.clock.now());
    if (resumeAt !== null) {
      opts.logger.info('cycle skipped: HubSpot daily limit reached', { resumeAt: new Date(resumeAt).toISOString() });
      return { ok: false, errorCode: 'DAILY_LIMIT' };
    }
    const app = new App({ config: opts.config, logger: opts.logger, clock: opts.clock, signal, store: opts.store, alerter: opts.alerter });
    // The daily limit resets at midnight in the account's zone; learn it while calls still succeed.
    if (accountTimeZone === null) {
      accountTimeZone = await app
        .hubspot()
        .accountTimeZone()
        .catch(() => null);
    }
    const deps = await app.deps();
    // The leader schedules; the sync runs under its own lease like any job, so a backfill (its own
    // lease) runs beside it and a manual `handoff sync` makes this cycle wait its turn.
    let outcome: Awaited<ReturnType<typeof runSync>>;
    try {
      const holder = { id: `${hostname()}:${process.pid}:sync:${opts.clock.now()}`, pid: process.pid, host: hostname(), command: 'daemon sync' };
      outcome = await holdJobLease({ store: opts.store, clock: opts.clock, holder, job: JOB_LEASES.sync, ttlMs: SYNC_LEASE_MS }, (syncFence) => runSync(deps, { fence: syncFence }));
    } catch (err) {
      if (!isHandoffError(err) || err.code !== 'LOCKED') throw err;
      opts.logger.info('cycle skipped: another process is running the sync job', { reason: err.message });
      return { ok: true, errorCode: 'LOCKED' };
    }
    const { report, error } = outcome;
    const policy = error ? policyFor(error) : null;
    // After the sync and in the same turn, so it never overlaps a cycle; skipped once HubSpot's daily limit is spent.
    if (!policy?.pause) await sweep(deps.hubspot, fence);
    // What sales did, on its own schedule and lease, after the sync (so it sees this cycle's episodes).
    if (!policy?.pause) await feedback(deps);
    // The SLA watch (on sla.cron) and the messages due, under the sla lease; never fails the cycle.
    await sla(deps, signal);
    if (policy?.pause) {
      const until = pause.pauseUntilMidnight(opts.clock.now(), accountTimeZone ?? 'UTC');
      opts.logger.warn('HubSpot daily limit reached: pausing until it resets', { resumeAt: new Date(until).toISOString(), timeZone: accountTimeZone ?? 'UTC' });
    }
    const last = await opts.store.lastSuccessfulRun('sync');
    const dlq = await opts.store.countDeadLetters({ unresolvedOnly: true });
    // Handoff's budget is its share of the org's allocation (salesforce.dailyBudgetShare): it stops there,
    // so that is what the alert's 90% warning must come ahead of and what "exhausted" means.
    const sfBudget = report.salesforceBudget
      ? { used: report.salesforceBudget.used, limit: Math.floor(report.salesforceBudget.limit * opts.config.handoff.salesforce.dailyBudgetShare) }
      : null;
    const budgets: BudgetUsage[] = [];
    if (sfBudget) budgets.push({ system: 'salesforce', ...sfBudget, window: 'daily' });
    opts.metrics.recordCycle({
      outcome: report.status === 'failed' ? 'failed' : report.status === 'partial' ? 'partial' : 'ok',
      durationMs: report.durationMs,
      records: {
        created: report.leadsCreated,
        updated: report.leadsUpdated,
        matched: report.contactsMatched,
        unchanged: report.unchanged,
        skipped: report.skipped,
        dead_lettered: report.deadLettered,
        task_created: report.tasksCreated,
      },
      calls: { hubspot: report.hubspotCalls, salesforce: report.salesforceCalls },
      rateLimited: { hubspot: report.hubspotRateLimited, salesforce: 0 },
      budgets: sfBudget && sfBudget.limit > 0 ? { salesforce: Math.max(0, 1 - sfBudget.used / sfBudget.limit) } : {},
      deadLetterQueueSize: dlq,
      ...(report.window && report.status !== 'failed'
        ? { cursorLagSeconds: Math.max(0, (opts.clock.now() - Date.parse(report.window.until)) / 1000) }
        : {}),
    });
    const system = error?.system === 'hubspot' || error?.system === 'salesforce' ? error.system : undefined;
    const decision = evaluateCycleAlerts(
      {
        ok: report.status !== 'failed',
        ...(error ? { errorCode: error.code } : {}),
        ...(system ? { system } : {}),
        deadLettered: report.deadLettered,
        configProblems: [...new Set(report.configProblems.map((p) => p.where))],
        // Routing ran when Salesforce was called: the cycle had leads to route or refresh.
        configChecked: report.salesforceCalls > 0,
        budgets,
        lastSuccessAt: last?.finishedAt ? new Date(last.finishedAt) : null,
        intervalMs: intervalMs(opts.config.handoff.schedule.cron),
        now: new Date(opts.clock.now()),
      },
      {
        activeKeys: opts.alerter.active().map((a) => a.key),
        deadLetterThreshold: opts.config.handoff.alerts.deadLetterThreshold,
        staleAfterIntervals: opts.config.handoff.alerts.staleAfterIntervals,
        startedAt: opts.startedAt,
      },
    );
    for (const a of decision.raise) await opts.alerter.raise(a);
    for (const key of decision.resolve) await opts.alerter.resolve(key, 'the condition cleared in the latest cycle');
    opts.logger.info('cycle finished', {
      runId: report.runId,
      status: report.status,
      leadsCreated: report.leadsCreated,
      tasksCreated: report.tasksCreated,
      deadLettered: report.deadLettered,
      hubspotCalls: report.hubspotCalls,
      salesforceCalls: report.salesforceCalls,
      durationMs: report.durationMs,
      ...(error ? { code: error.code } : {}),
    });
    return { ok: report.status !== 'failed', ...(error ? { errorCode: error.code } : {}), report };
  };
}
