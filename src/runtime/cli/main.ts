import { Command, CommanderError } from 'commander';
import { ConfigError, HandoffError } from '../../domain/errors.js';
import { policyFor } from '../../domain/policy.js';
import { redactString } from '../../lib/redact.js';
import { registerBackfill } from './commands/backfill.js';
import { registerBacktest } from './commands/backtest.js';
import { registerReview } from './commands/review.js';
import { registerConfigCheck } from './commands/config-check.js';
import { registerDaemon } from './commands/daemon.js';
import { registerDemo } from './commands/demo.js';
import { registerDlq } from './commands/dlq.js';
import { registerDoctor } from './commands/doctor.js';
import { registerFeedback } from './commands/feedback.js';
import { registerForget } from './commands/forget.js';
import { registerGlossary } from './commands/glossary.js';
import { registerReconcile } from './commands/reconcile.js';
import { registerReport } from './commands/report.js';
import { registerReplay } from './commands/replay.js';
import { registerSandbox } from './commands/sandbox.js';
import { registerScore } from './commands/score.js';
import { registerSetup } from './commands/setup.js';
import { registerSla } from './commands/sla.js';
import { registerSync } from './commands/sync.js';
import { registerVersion } from './commands/version.js';
import { EXIT } from '../exit-codes.js';
import { packageInfo } from './package-info.js';

export function buildProgram(): Command {
  const program = new Command('handoff')
    .description('Turns HubSpot marketing signals into Salesforce Leads and SLA tasks, exactly once.')
    .version(packageInfo.version, '-V, --version')
    .showHelpAfterError()
    .addHelpText(
      'after',
      '\nExit codes: 0 ok, 1 run failed, 2 configuration or usage error, 3 finished with dead-lettered records.',
    )
    .exitOverride();
  registerConfigCheck(program);
  registerSetup(program);
  registerDoctor(program);
  registerSync(program);
  registerBackfill(program);
  registerFeedback(program);
  registerDaemon(program);
  registerDemo(program);
  registerScore(program);
  registerGlossary(program);
  registerBacktest(program);
  registerReview(program);
  registerDlq(program);
  registerReplay(program);
  registerForget(program);
  registerReconcile(program);
  registerReport(program);
  registerSla(program);
  registerSandbox(program);
  registerVersion(program);
  return program;
}

/** Maps anything thrown to a clean message and an exit code. A user's mistake never shows a stack. */
export function exitCodeFor(err: unknown): number {
  if (err instanceof CommanderError) {
    if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') {
      return EXIT.OK;
    }
    return EXIT.CONFIG; // commander already printed the message
  }
  if (err instanceof ConfigError) {
    process.stderr.write(`Configuration is invalid (${err.problems.length} problem${err.problems.length === 1 ? '' : 's'}):\n`);
    process.stderr.write(`${err.problems.join('\n')}\n`);
    return EXIT.CONFIG;
  }
  if (err instanceof HandoffError) {
    // A vendor's or the store's message can quote a record's values: print it redacted, as run reports keep it.
    process.stderr.write(`handoff: ${err.system === 'config' ? err.message : redactString(err.message)}\n`);
    // Configuration, credentials, missing custom fields, a held writer lock: the operator must act (exit 2).
    return policyFor(err).exitCode;
  }
  const message = err instanceof Error ? err.message : String(err);
  process.stderr.write(`handoff: unexpected error: ${redactString(message)}\n`);
  if (process.env.LOG_LEVEL === 'debug' && err instanceof Error && err.stack) process.stderr.write(`${err.stack}\n`);
  return EXIT.RUN_FAILED;
}

export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT.OK;
  } catch (err) {
    return exitCodeFor(err);
  }
}

/** Runs the CLI as a process: `main`, with its result as the exit code. bin/handoff.js calls it. */
export function runCli(argv: string[]): void {
  main(argv).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.exitCode = exitCodeFor(err);
    },
  );
}

// `node src/runtime/cli/main.ts` and `node dist/runtime/cli/main.js` run it directly. The package's bin calls runCli
// itself: npx and global installs reach it through a symlink, which this check cannot recognise.
if (process.argv[1] !== undefined && import.meta.url === new URL(`file://${process.argv[1]}`).href) runCli(process.argv);
