import type { Command } from 'commander';
import { App, clockFromConfig } from '../../app.js';
import type { RunReport } from '../../../domain/report.js';
import { runSync } from '../../../jobs/sync/run-sync.js';
import { policyFor } from '../../../domain/policy.js';
import { EXIT } from '../../exit-codes.js';
import { planPrinter } from '../print-plan.js';
import { cliLogger, loadCliConfig, printJson } from '../runtime.js';
import { withWriterLock } from '../../lease/writer-lock.js';
import { printText } from '../terminal.js';

export function summaryLines(r: RunReport): string {
  return [
    `${r.dryRun ? 'Dry run' : 'Sync'} ${r.status} in ${(r.durationMs / 1000).toFixed(1)} s (run ${r.runId})`,
    `  read        ${r.contactsRead} contacts, ${r.activitiesRead} activities, ${r.duplicates} duplicates`,
    `  qualified   ${r.qualified}${r.outsideRollout ? ` (${r.outsideRollout} outside the rollout, held back)` : ''}${r.rolloutSwept ? `; rollout widened: ${r.rolloutSwept} re-read` : ''}`,
    // A dry run writes nothing, so it counts no write: its plan, printed above, lists them.
    r.dryRun
      ? `  Salesforce  nothing written (dry run); planned: ${r.planned?.leadsCreated ?? 0} Leads to create, ${r.planned?.leadsUpdated ?? 0} to update, ${r.planned?.contactsMatched ?? 0} matched Contacts, ${r.planned?.tasks ?? 0} Tasks (listed above)`
      : `  Salesforce  ${r.leadsCreated} Leads created, ${r.leadsUpdated} updated, ${r.contactsMatched} matched Contacts, ${r.tasksCreated} Tasks created${r.tasksExisting ? ` (${r.tasksExisting} already there)` : ''}`,
    `  unchanged   ${r.unchanged}; skipped ${r.skipped}; dead-lettered ${r.deadLettered}; fixes ${r.fixes}`,
    `  API calls   HubSpot ${r.hubspotCalls}, Salesforce ${r.salesforceCalls}`,
    ...r.configProblems.map((p, i) => `${i === 0 ? '  config      ' : '              '}${p.message}`),
    ...(r.error ? [`  error       ${r.error.code}: ${r.error.message}`] : []),
  ].join('\n');
}

export function exitFor(r: RunReport): number {
  if (r.status === 'failed') return EXIT.RUN_FAILED;
  return r.deadLettered > 0 ? EXIT.DEAD_LETTERED : EXIT.OK;
}

export function registerSync(program: Command): void {
  program
    .command('sync')
    .description('Run one handoff cycle: HubSpot changes in, Salesforce Leads and SLA Tasks out')
    .option('--once', 'run a single cycle and exit (the default; the daemon runs them on a schedule)')
    .option('--dry-run', 'print the write plan and change nothing, neither in Salesforce nor in the state')
    .option('--json', 'print the summary as one JSON object (with --dry-run: JSON Lines: the plan chunk by chunk, then the summary object)')
    .action(async (opts: { once?: boolean; dryRun?: boolean; json?: boolean }) => {
      const config = loadCliConfig();
      const app = new App({ config, logger: cliLogger(config), clock: await clockFromConfig(config) });
      try {
        // The dry run's plan goes to stdout chunk by chunk as each is planned, never held whole.
        const onPlan = planPrinter(opts.json ? 'json' : 'text', (chunk) => process.stdout.write(chunk));
        const outcome = opts.dryRun
          ? await runSync(await app.deps(), { dryRun: true, onPlan })
          : await withWriterLock(app, 'sync', async (fence) => runSync(await app.deps(), { fence }));
        // Configuration problems (missing custom fields, credentials) exit 2 with their message.
        if (outcome.error && policyFor(outcome.error).action === 'fix-config') throw outcome.error;
        if (opts.json) printJson(outcome.report);
        else printText(`${summaryLines(outcome.report)}\n`);
        process.exitCode = exitFor(outcome.report);
      } finally {
        await app.close();
      }
    });
}

