import type { Command } from 'commander';
import { App, clockFromConfig } from '../../app.js';
import { policyFor } from '../../../domain/policy.js';
import { runFeedback } from '../../../jobs/feedback/run-feedback.js';
import type { FeedbackReport } from '../../../jobs/feedback/run-feedback.js';
import { EXIT } from '../../exit-codes.js';
import { cliLogger, loadCliConfig, printJson } from '../runtime.js';
import { withWriterLock } from '../../lease/writer-lock.js';
import { printText } from '../terminal.js';

export function feedbackLines(r: FeedbackReport): string {
  return [
    `${r.dryRun ? 'Feedback dry run' : 'Feedback pass'} ${r.status} (run ${r.runId})`,
    `  read        ${r.leadsRead} Leads, ${r.tasksRead} Tasks, ${r.eventsRead} Events, ${r.opportunitiesRead} Opportunities, ${r.contactRolesRead} contact roles, ${r.statusChangesRead} status changes`,
    `  episodes    ${r.episodesUpdated} updated, ${r.touched} first touched, ${r.recycled} recycled, ${r.newEpisodes} new`,
    `  HubSpot     ${r.hubspotUpdates} contacts ${r.dryRun ? 'to update' : 'updated'}${r.deadLettered > 0 ? `; ${r.deadLettered} refused and dead-lettered (handoff dlq list --stage feedback.hubspot)` : ''}`,
    `  API calls   HubSpot ${r.hubspotCalls}, Salesforce ${r.salesforceCalls} (${r.soqlQueries} SOQL queries)`,
    ...(r.error ? [`  error       ${r.error.code}: ${r.error.message}`] : []),
  ].join('\n');
}

/** 0 ok, 1 failed, 3 finished with dead-lettered records (2, configuration or usage, is thrown). */
export function feedbackExitCode(r: FeedbackReport): number {
  if (r.status === 'failed') return EXIT.RUN_FAILED;
  return r.deadLettered > 0 ? EXIT.DEAD_LETTERED : EXIT.OK;
}

export function registerFeedback(program: Command): void {
  program
    .command('feedback')
    .description('Read what sales did with each handoff from Salesforce and report it back to HubSpot (one pass)')
    .option('--once', 'run a single pass and exit (the default; the daemon runs them on feedback.cron)')
    .option('--dry-run', 'read and compute, change nothing in HubSpot or the state')
    .option('--json', 'print the report as one JSON object')
    .action(async (opts: { once?: boolean; dryRun?: boolean; json?: boolean }) => {
      const config = loadCliConfig();
      const app = new App({ config, logger: cliLogger(config), clock: await clockFromConfig(config) });
      try {
        const outcome = opts.dryRun
          ? await runFeedback(await app.deps(), { dryRun: true })
          : await withWriterLock(app, 'feedback', async (fence) => runFeedback(await app.deps(), { fence }));
        if (outcome.error && policyFor(outcome.error).action === 'fix-config') throw outcome.error;
        if (opts.json) printJson(outcome.report);
        else printText(`${feedbackLines(outcome.report)}\n`);
        process.exitCode = feedbackExitCode(outcome.report);
      } finally {
        await app.close();
      }
    });
}
