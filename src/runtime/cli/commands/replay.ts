import type { Command } from 'commander';
import { App, clockFromConfig } from '../../app.js';
import { UsageError } from '../../../domain/errors.js';
import { policyFor } from '../../../domain/policy.js';
import { parseSince } from '../../../jobs/reconcile/since.js';
import { replayDeadLetters } from '../../../jobs/replay.js';
import type { ReplayReport } from '../../../domain/report.js';
import { EXIT } from '../../exit-codes.js';
import { formatPlan } from '../print-plan.js';
import { cliLogger, loadCliConfig, printJson } from '../runtime.js';
import { withWriterLock } from '../../lease/writer-lock.js';
import { formatTable } from './dlq.js';
import { asConfigProblem } from './reconcile.js';
import { printText } from '../terminal.js';

interface ReplayOpts {
  id: string[];
  code?: string;
  since?: string;
  dryRun?: boolean;
  json?: boolean;
}

export function replayText(r: ReplayReport): string {
  if (r.selected === 0) return 'Nothing to replay: no unresolved dead letters match.\n';
  const lines = [
    `${r.dryRun ? 'Dry run of replay' : 'Replay'} ${r.status} in ${(r.durationMs / 1000).toFixed(1)} s (run ${r.runId}): ${r.selected} dead letter${r.selected === 1 ? '' : 's'} selected, ${r.replayed} contact${r.replayed === 1 ? '' : 's'} re-read`,
    ...(r.dryRun
      ? [`  plan         ${r.items.filter((i) => i.outcome === 'planned').length} to hand off, ${r.gone} gone, ${r.noLongerNeeded} no longer needed, ${r.stillFailing} failing before any write`]
      : [
          `  resolved     ${r.resolved} (${r.gone} gone, ${r.noLongerNeeded} no longer needed); still failing ${r.stillFailing}`,
          `  Salesforce   ${r.leadsCreated} Leads created, ${r.leadsUpdated} updated, ${r.contactsMatched} matched Contacts, ${r.tasksCreated} Tasks created${r.tasksExisting ? ` (${r.tasksExisting} already there)` : ''}`,
        ]),
    `  API calls    HubSpot ${r.hubspotCalls}, Salesforce ${r.salesforceCalls}`,
    ...(r.error ? [`  error        ${r.error.code}: ${r.error.message}`] : []),
  ];
  const table = formatTable(
    ['  id', 'hubspotId', 'stage', 'code', 'attempts', 'outcome', 'note'],
    r.items.map((i) => [`  ${i.id}`, i.hubspotId, i.stage, i.code, String(i.attempts), i.outcome, i.note ?? '']),
  );
  return `${lines.join('\n')}\n\n${table}`;
}

export function replayExit(r: ReplayReport): number {
  if (r.status === 'failed') return EXIT.RUN_FAILED;
  return r.stillFailing > 0 ? EXIT.DEAD_LETTERED : EXIT.OK;
}

function deadLetterIds(values: readonly string[]): number[] {
  return values.map((v) => {
    if (!/^\d+$/.test(v.trim()) || Number(v) <= 0) throw new UsageError(`--id takes a dead-letter id from \`handoff dlq list\` (a positive number), got "${v}"`);
    return Number(v);
  });
}

export function registerReplay(program: Command): void {
  program
    .command('replay')
    .description('Send unresolved dead letters through the pipeline again; what lands leaves the queue')
    .option('--id <id>', 'a dead-letter id from `handoff dlq list` (repeatable)', (v: string, acc: string[]) => [...acc, v], [] as string[])
    .option('--code <code>', 'only dead letters with this error code')
    .option('--since <date>', 'only dead letters last seen since: 2026-03-01, an ISO date-time, or an age like 7d')
    .option('--dry-run', 'print the plan and change nothing, neither in Salesforce nor in the state')
    .option('--json', 'print the report as one JSON object')
    .action(async (opts: ReplayOpts) => {
      const ids = deadLetterIds(opts.id);
      const config = loadCliConfig();
      const app = new App({ config, logger: cliLogger(config), clock: await clockFromConfig(config) });
      try {
        const base = {
          ids,
          ...(opts.code ? { code: opts.code } : {}),
          ...(opts.since ? { since: parseSince(opts.since, app.clock.now()) } : {}),
        };
        const outcome = opts.dryRun
          ? await replayDeadLetters(await app.deps(), { ...base, dryRun: true })
          : await withWriterLock(app, 'replay', async (fence) => replayDeadLetters(await app.deps(), { ...base, fence }));
        if (outcome.error && policyFor(outcome.error).action === 'fix-config') throw asConfigProblem(outcome.error);
        const r = outcome.report;
        app.logger.info('replay finished', { runId: r.runId, dryRun: r.dryRun, selected: r.selected, resolved: r.resolved, stillFailing: r.stillFailing });
        if (opts.json) printJson(opts.dryRun ? { ...r, plan: outcome.plan } : r);
        else {
          if (opts.dryRun && outcome.plan) printText(`${formatPlan(outcome.plan)}\n`);
          printText(replayText(r));
        }
        process.exitCode = replayExit(r);
      } finally {
        await app.close();
      }
    });
}
