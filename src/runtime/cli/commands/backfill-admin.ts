import type { Command } from 'commander';
import { App, clockFromConfig } from '../../app.js';
import { UsageError } from '../../../domain/errors.js';
import { listBackfillRequests, requestBackfill, setBackfillControl } from '../../../jobs/backfill/control.js';
import type { BackfillControlState } from '../../../jobs/backfill/control.js';
import { backfillStatuses } from '../../../jobs/backfill/status.js';
import type { BackfillStatus } from '../../../jobs/backfill/status.js';
import { parseBackfillWindow } from '../../../jobs/backfill/window.js';
import { EXIT } from '../../exit-codes.js';
import { cliLogger, loadCliConfig, printJson } from '../runtime.js';
import { printText } from '../terminal.js';

interface PickOpts {
  since?: string;
  until?: string;
  window?: string;
  json?: boolean;
}

const n = (v: number): string => v.toLocaleString('en-US');

function duration(seconds: number | null): string {
  if (seconds === null) return '?';
  if (seconds >= 5400) return `${(seconds / 3600).toFixed(1)} h`;
  if (seconds >= 90) return `${Math.round(seconds / 60)} min`;
  return `${seconds} s`;
}

export function statusText(all: readonly BackfillStatus[]): string {
  if (all.length === 0) return 'No backfill has run or been requested on this state.\n';
  const lines: string[] = [];
  for (const s of all) {
    lines.push(`${s.window}  ${s.state}${s.holder ? ` (${s.holder.command}, pid ${s.holder.pid} on ${s.holder.host})` : ''}`);
    const of = s.toScan !== null ? ` of ~${n(s.toScan)}` : '';
    const pct = s.percent !== null ? ` (${s.percent}%)` : '';
    lines.push(`  progress  ${n(s.scanned)}${of} contacts scanned${pct}, ${n(s.processed)} in the window processed, ${n(s.pages)} pages`);
    if (s.state !== 'done') lines.push(`  rate      ${s.ratePerSecond === null ? '?' : `${s.ratePerSecond} contacts/s`}, ETA ${s.state === 'running' ? duration(s.etaSeconds) : '(not running)'}`);
    lines.push(`  calls     ${n(s.callsSpent)} spent${s.callsExpected !== null ? `, ~${n(s.callsExpected)} HubSpot calls expected at the start` : ''}`);
    if (s.finishedAt) lines.push(`  finished  ${s.finishedAt}`);
  }
  return `${lines.join('\n')}\n`;
}

/** The window a control command means: --window, --since/--until as given to the run, or the one unfinished backfill. */
async function pickWindow(app: App, opts: PickOpts): Promise<string> {
  if (opts.window) return opts.window;
  if (opts.since) return parseBackfillWindow(opts.since, opts.until, app.clock.now()).checkpoint;
  const open = (await backfillStatuses(await app.store(), app.clock.now())).filter((s) => s.state !== 'done');
  if (open.length === 1 && open[0]) return open[0].window;
  if (open.length === 0) throw new UsageError('no unfinished backfill on this state');
  throw new UsageError(`several unfinished backfills; name one with --window: ${open.map((s) => s.window).join(', ')}`);
}

/**
 * The options as the admin typed them: commander gives `backfill`'s own --since, --until and --json
 * to it even when they follow the subcommand, so the subcommand reads them from there too.
 */
function withParent<T extends object>(own: T, cmd: Command): T {
  const parent = (cmd.parent?.opts() ?? {}) as Partial<PickOpts>;
  const picked: Partial<PickOpts> = {};
  for (const key of ['since', 'until', 'json'] as const) if (parent[key] !== undefined) picked[key] = parent[key] as never;
  return { ...picked, ...own } as T;
}

function control(parent: Command, name: 'pause' | 'resume' | 'cancel', state: BackfillControlState, description: string): void {
  parent
    .command(name)
    .description(description)
    .option('--since <date>', 'the window as given to the backfill')
    .option('--until <date>', 'the window as given to the backfill')
    .option('--window <name>', 'the window by its name in `handoff backfill status` (backfill:<since>:<until|now>)')
    .option('--json', 'print the result as one JSON object')
    .action(async (own: PickOpts, cmd: Command) => {
      const opts = withParent(own, cmd);
      const config = loadCliConfig();
      const app = new App({ config, logger: cliLogger(config), clock: await clockFromConfig(config) });
      try {
        const window = await pickWindow(app, opts);
        const store = await app.store();
        const at = new Date(app.clock.now()).toISOString();
        await setBackfillControl(store, window, state, at);
        // A cancelled request is not started by the daemon any more.
        if (state === 'cancelled') {
          for (const r of await listBackfillRequests(store)) if (r.checkpoint === window && r.state === 'requested') await requestBackfill(store, { ...r, state: 'finished' });
        }
        const now = (await backfillStatuses(store, app.clock.now())).find((s) => s.window === window);
        if (opts.json) printJson({ window, control: state, status: now ?? null });
        else {
          const hint =
            state === 'paused'
              ? 'it stops after the chunk it is on and holds its place'
              : state === 'cancelled'
                ? 'it stops after the chunk it is on; its checkpoint stays, and running the same backfill again goes on from there'
                : now?.state === 'running'
                  ? 'it goes on with its next chunk'
                  : 'nothing is running it now: run the same backfill again (or with --detach) to go on';
          printText(`Backfill ${window}: ${state === 'running' ? 'resumed' : state}; ${hint}.\n`);
        }
        process.exitCode = EXIT.OK;
      } finally {
        await app.close();
      }
    });
}

export function registerBackfillAdmin(backfill: Command): void {
  backfill
    .command('status')
    .description('Every backfill: window, state, progress, rate, ETA, calls spent and expected')
    .option('--json', 'print them as one JSON array')
    .action(async (own: { json?: boolean }, cmd: Command) => {
      const opts = withParent(own, cmd);
      const config = loadCliConfig();
      const app = new App({ config, logger: cliLogger(config), clock: await clockFromConfig(config) });
      try {
        const all = await backfillStatuses(await app.store(), app.clock.now());
        if (opts.json) printJson(all);
        else printText(statusText(all));
        process.exitCode = EXIT.OK;
      } finally {
        await app.close();
      }
    });
  control(backfill, 'pause', 'paused', 'Pause a backfill after the chunk it is on; it keeps its place until resumed');
  control(backfill, 'resume', 'running', 'Resume a paused (or cancelled) backfill');
  control(backfill, 'cancel', 'cancelled', 'Stop a backfill after the chunk it is on; its checkpoint stays');
}
