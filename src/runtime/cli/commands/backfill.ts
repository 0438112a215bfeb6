import type { Command } from 'commander';
import { App, clockFromConfig } from '../../app.js';
import { policyFor } from '../../../domain/policy.js';
import { parseBackfillWindow, runBackfill } from '../../../jobs/backfill/backfill.js';
import type { BackfillOutcome } from '../../../jobs/backfill/backfill.js';
import type { Fence } from '../../../ports/state.js';
import { EXIT } from '../../exit-codes.js';
import { formatPlan } from '../print-plan.js';
import { createProgress } from '../progress.js';
import { cliLogger, loadCliConfig, printJson } from '../runtime.js';
import { backfillLease, withJobLease } from '../../lease/writer-lock.js';
import { exitFor, summaryLines } from './sync.js';
import { printText } from '../terminal.js';

interface BackfillOpts {
  since: string;
  until?: string;
  dryRun?: boolean;
  withTasks?: boolean;
  restart?: boolean;
  json?: boolean;
}

/** Entries shown per section of a dry run's plan on the terminal; --json carries all of them. */
const PLAN_LINES = 50;

/** Keeps the plan's header and the first entries of each section, with a count of the rest. */
export function truncatePlanText(text: string, perSection = PLAN_LINES): string {
  const out: string[] = [];
  let shown = 0;
  let hidden = 0;
  const flush = (): void => {
    if (hidden > 0) out.push(`  … and ${hidden} more (--json prints the whole plan)`);
    hidden = 0;
  };
  for (const line of text.replace(/\n$/, '').split('\n')) {
    if (!line.startsWith('  ')) {
      flush();
      shown = 0;
      out.push(line);
    } else if (shown < perSection) {
      shown += 1;
      out.push(line);
    } else hidden += 1;
  }
  flush();
  return `${out.join('\n')}\n`;
}

const n = (v: number): string => v.toLocaleString('en-US');

export function backfillSummary(o: BackfillOutcome): string {
  const r = o.report;
  const cp = o.checkpoint;
  const where = r.dryRun ? 'not written (dry run)' : cp.done ? 'complete' : 'stopped here; run the same command again to resume';
  return [
    `${r.dryRun ? 'Dry run of backfill' : 'Backfill'} ${r.status} in ${(r.durationMs / 1000).toFixed(1)} s (run ${r.runId})${o.resumed ? ', resumed from its checkpoint' : ''}`,
    `  window      contacts created ${r.window?.since ?? '?'} … ${r.window?.until ?? '?'} (until exclusive)`,
    `  checkpoint  ${cp.name}: ${where}; ${n(cp.processed)} contacts in the window out of ${n(cp.scanned)} listed (${n(cp.pages)} pages)`,
    ...summaryLines(r).split('\n').slice(1),
  ].join('\n');
}

function alreadyComplete(o: BackfillOutcome): string {
  const cp = o.checkpoint;
  return `Backfill ${cp.name} is already complete (finished ${cp.finishedAt ?? '?'}, ${n(cp.processed)} contacts in the window). Nothing to do; --restart runs it again.`;
}

/** Takes the window's own lease (waiting out one left by a killed process on this machine): it runs beside the daemon's sync. */
function underLock<T>(app: App, checkpoint: string, fn: (fence: Fence) => Promise<T>): Promise<T> {
  return withJobLease(app, backfillLease(checkpoint), 'backfill', fn);
}

export function registerBackfill(program: Command): void {
  program
    .command('backfill')
    .description('Hand off contacts created in a past window (older than the sync looks), resumable')
    .requiredOption('--since <date>', 'first day of the window: contacts created on or after it (YYYY-MM-DD, UTC, or an ISO date-time)')
    .option('--until <date>', 'last day of the window, included (default: now, fixed when the backfill first starts)')
    .option('--dry-run', 'print the write plan and change nothing, neither in Salesforce nor in the state (checkpoint included)')
    .option('--with-tasks', 'also create SLA follow-up Tasks for these historical contacts (default: Leads only)')
    .option('--restart', 'start the window over even if its checkpoint says it is complete or part done')
    .option('--json', 'print the summary as one JSON object')
    .action(async (opts: BackfillOpts) => {
      const config = loadCliConfig();
      const logger = cliLogger(config);
      const clock = await clockFromConfig(config);
      const window = parseBackfillWindow(opts.since, opts.until, clock.now());
      // The backfill lane: only what live work leaves of the shared API budget, never past backfill.maxShare.
      const app = new App({ config, logger, clock, lane: 'backfill' });
      const progress = createProgress({ logger });
      const run = async (fence?: Fence): Promise<BackfillOutcome> =>
        runBackfill(await app.deps(), {
          window,
          dryRun: opts.dryRun ?? false,
          createTasks: opts.withTasks ?? false,
          restart: opts.restart ?? false,
          ...(fence ? { fence } : {}),
          onProgress: (p) => progress.update(p),
        });
      try {
        const outcome = opts.dryRun ? await run() : await underLock(app, window.checkpoint, run);
        progress.stop();
        if (outcome.error && policyFor(outcome.error).action === 'fix-config') throw outcome.error;
        if (opts.json) {
          printJson({ ...outcome.report, alreadyComplete: outcome.alreadyComplete, resumed: outcome.resumed, checkpoint: outcome.checkpoint, ...(opts.dryRun ? { plan: outcome.plan } : {}) });
        } else if (outcome.alreadyComplete) {
          printText(`${alreadyComplete(outcome)}\n`);
        } else {
          if (opts.dryRun && outcome.plan) printText(truncatePlanText(formatPlan(outcome.plan)));
          printText(`${backfillSummary(outcome)}\n`);
        }
        process.exitCode = outcome.alreadyComplete ? EXIT.OK : exitFor(outcome.report);
      } finally {
        progress.stop();
        await app.close();
      }
    });
}
