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
import { UsageError } from '../../../domain/errors.js';
import { laneRule } from '../../../core/budget-lanes.js';
import { TEN_SECOND_LIMITS } from '../../../adapters/hubspot/gateway.js';
import { readCheckpoint } from '../../../jobs/backfill/checkpoint.js';
import { requestBackfill } from '../../../jobs/backfill/control.js';
import { estimateBackfill } from '../../../jobs/backfill/estimate.js';
import type { BackfillEstimate } from '../../../jobs/backfill/estimate.js';
import type { BackfillWindow } from '../../../jobs/backfill/window.js';
import { confirmOnTerminal } from '../confirm.js';
import { registerBackfillAdmin } from './backfill-admin.js';
import { exitFor, summaryLines } from './sync.js';
import { printText } from '../terminal.js';

interface BackfillOpts {
  since?: string;
  until?: string;
  dryRun?: boolean;
  withTasks?: boolean;
  restart?: boolean;
  json?: boolean;
  yes?: boolean;
  detach?: boolean;
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
  const backfill = program
    .command('backfill')
    .description('Hand off contacts created in a past window (older than the sync looks), resumable; runs beside the daemon')
    .option('--since <date>', 'first day of the window: contacts created on or after it (YYYY-MM-DD, UTC, or an ISO date-time); required to run one')
    .option('--until <date>', 'last day of the window, included (default: now, fixed when the backfill first starts)')
    .option('--dry-run', 'print the write plan and change nothing, neither in Salesforce nor in the state (checkpoint included)')
    .option('--with-tasks', 'also create SLA follow-up Tasks for these historical contacts (default: Leads only)')
    .option('--restart', 'start the window over even if its checkpoint says it is complete or part done')
    .option('--json', 'print the summary as one JSON object')
    .option('--yes', `start without asking, even above backfill.confirmAbove contacts to scan (required then when not on a terminal)`)
    .option('--detach', 'hand the backfill to the running daemon and return; follow it with `handoff backfill status`')
    .addHelpText('after', PRODUCTION_HELP)
    .action(async (opts: BackfillOpts) => {
      if (opts.since === undefined) throw new UsageError('backfill needs --since <date> to run one (or a subcommand: status, pause, resume, cancel)');
      const config = loadCliConfig();
      const logger = cliLogger(config);
      const clock = await clockFromConfig(config);
      const window = parseBackfillWindow(opts.since, opts.until, clock.now());
      // The backfill lane: only what live work leaves of the shared API budget, never past backfill.maxShare.
      const app = new App({ config, logger, clock, lane: 'backfill' });
      let estimate: BackfillEstimate | undefined;
      try {
        // The estimate and the confirmation come first: a refusal (exit 2) has changed nothing.
        if (!opts.dryRun) {
          estimate = await estimateFor(app, window, opts.restart ?? false);
          if (estimate) {
            const text = estimateText(estimate, config.handoff.backfill.maxShare);
            if (opts.json) process.stderr.write(text);
            else printText(text);
            await confirmRun(estimate, config.handoff.backfill.confirmAbove, opts.yes ?? false);
          }
        }
        if (opts.detach) {
          if (opts.dryRun) throw new UsageError('--detach runs the backfill in the daemon; a dry run prints its plan here: drop one of them');
          await requestBackfill(await app.store(), {
            checkpoint: window.checkpoint,
            since: opts.since,
            until: opts.until ?? null,
            withTasks: opts.withTasks ?? false,
            restart: opts.restart ?? false,
            requestedAt: new Date(clock.now()).toISOString(),
            state: 'requested',
          });
          if (opts.json) printJson({ detached: true, window: window.checkpoint, estimate: estimate ?? null });
          else printText(`Backfill ${window.checkpoint} handed to the daemon: its leader starts it at its next cycle. Follow it with \`handoff backfill status\`.\n`);
          process.exitCode = EXIT.OK;
          return;
        }
      } catch (err) {
        await app.close();
        throw err;
      }
      const progress = createProgress({ logger });
      const run = async (fence?: Fence): Promise<BackfillOutcome> =>
        runBackfill(await app.deps(), {
          window,
          dryRun: opts.dryRun ?? false,
          createTasks: opts.withTasks ?? false,
          restart: opts.restart ?? false,
          ...(fence ? { fence } : {}),
          ...(estimate ? { estimate } : {}),
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
          if (outcome.cancelled) printText(`Backfill ${outcome.checkpoint.name} was cancelled (handoff backfill cancel); its checkpoint stays: run the same command again to go on.\n`);
          if (opts.dryRun && outcome.plan) printText(truncatePlanText(formatPlan(outcome.plan)));
          printText(`${backfillSummary(outcome)}\n`);
        }
        process.exitCode = outcome.alreadyComplete ? EXIT.OK : exitFor(outcome.report);
      } finally {
        progress.stop();
        await app.close();
      }
    });
  registerBackfillAdmin(backfill);
}

/** The CLI help's note on running a backfill in production (docs/operations.md says more). */
const PRODUCTION_HELP = `
In production:
  A backfill runs beside the daemon: each holds its own lease, both claim the contacts they touch
  (a contact both reach is handed off once), and the backfill only takes what live work leaves of
  the API budget (backfill.maxShare at most, never budget.liveReserve). Before it starts it prints
  its estimate; above backfill.confirmAbove contacts to scan it asks on a terminal, and elsewhere
  needs --yes (else it exits 2 having changed nothing).
  --detach hands it to the daemon instead of running it here. Then:
    handoff backfill status [--json]     window, state, progress, rate, ETA, calls spent and expected
    handoff backfill pause|resume|cancel [--since D [--until D] | --window NAME]
  An interrupted or cancelled backfill resumes from its checkpoint when run again.
`;

/** The estimate for a run, or none when the window is already complete (nothing will be read). */
async function estimateFor(app: App, window: BackfillWindow, restart: boolean): Promise<BackfillEstimate | undefined> {
  const deps = await app.deps();
  const existing = restart ? null : await readCheckpoint(deps.state, window.checkpoint);
  if (existing?.done) return undefined;
  const hs = app.config.handoff.hubspot;
  const rule = laneRule('estimate', 10_000, TEN_SECOND_LIMITS[hs.tier] * hs.rateShare, app.laneShares());
  const until = existing ? Date.parse(existing.until) : (window.until ?? app.clock.now());
  return estimateBackfill(deps, window, { until, callsPer10s: rule.backfillLimit, alreadyScanned: existing?.scanned ?? 0 });
}

export function estimateText(e: BackfillEstimate, maxShare: number): string {
  const minutes = e.seconds / 60;
  const time = minutes >= 90 ? `${(minutes / 60).toFixed(1)} h` : minutes >= 1 ? `${Math.round(minutes)} min` : `${e.seconds} s`;
  return `Estimate: ${n(e.toScan)} contacts to scan, ${n(e.inWindow)} created in the window; about ${n(e.hubspotCalls)} HubSpot calls, ${time} at the backfill's share (${n(e.callsPer10s)} calls per 10 s, backfill.maxShare ${maxShare}), longer while live work is busy.\n`;
}

/** Above the threshold: yes on the terminal, or --yes; anything else is a usage error (exit 2) before any change. */
async function confirmRun(e: BackfillEstimate, above: number, yes: boolean): Promise<void> {
  if (yes || e.toScan <= above) return;
  const answer = await confirmOnTerminal(`${n(e.toScan)} contacts to scan is above backfill.confirmAbove (${n(above)}). Start the backfill? [y/N] `);
  if (answer === true) return;
  if (answer === false) throw new UsageError('backfill not started: not confirmed');
  throw new UsageError(`backfill not started: ${n(e.toScan)} contacts to scan is above backfill.confirmAbove (${n(above)}); run it again with --yes to start it`);
}
