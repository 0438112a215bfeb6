import type { Command } from 'commander';
import { App, clockFromConfig } from '../../app.js';
import { ConfigError, HandoffError } from '../../../domain/errors.js';
import { reconcile } from '../../../jobs/reconcile/reconcile.js';
import type { ReconcileResult } from '../../../jobs/reconcile/reconcile.js';
import { defaultSince, parseSince } from '../../../jobs/reconcile/since.js';
import { EXIT } from '../../exit-codes.js';
import { cliLogger, loadCliConfig, printJson } from '../runtime.js';
import { formatTable } from './dlq.js';
import { printText } from '../terminal.js';

/**
 * Errors the operator fixes in configuration leave with exit 2: a missing token, or Salesforce
 * refusing a query because the Handoff custom fields aren't there.
 */
export function asConfigProblem(err: unknown): unknown {
  if (!(err instanceof HandoffError) || err instanceof ConfigError) return err;
  if (err.code === 'CONFIG_INVALID') return new ConfigError([err.message]);
  if (err.vendorCode === 'INVALID_FIELD') {
    return new ConfigError([`Salesforce refused the query: ${err.message} (are the custom fields of docs/salesforce-setup.md in place?)`]);
  }
  return err;
}

/** 0 when every qualified contact landed or is explained (dead-lettered, skipped, a recorded reason); 1 for any gap. */
export function exitForReconcile(r: ReconcileResult): number {
  return r.summary.gaps > 0 ? EXIT.RUN_FAILED : EXIT.OK;
}

export function reconcileText(r: ReconcileResult, opts: { verbose?: boolean } = {}): string {
  const s = r.summary;
  const reasons = Object.entries(r.explained).filter(([, n]) => n > 0);
  const lines = [
    `Reconcile since ${r.since}: ${s.qualified} qualified contact${s.qualified === 1 ? '' : 's'} (${r.sources.hubspot} from HubSpot, ${r.sources.state} from Handoff's state)`,
    `  landed         ${s.landed}`,
    `  dead-lettered  ${s.deadLettered}`,
    `  explained      ${s.explained}`,
    ...reasons.map(([code, n]) => `    ${code.padEnd(17)}${n}`),
    `  skipped        ${s.skipped}`,
    `  gaps           ${s.gaps}`,
    `  API calls      HubSpot ${r.calls.hubspot}, Salesforce ${r.calls.salesforce}`,
  ];
  let out = `${lines.join('\n')}\n`;
  if (r.gaps.length > 0) {
    out += `\nGaps:\n${formatTable(
      ['  hubspotId', 'reason', 'handoffKey', 'detail'],
      r.gaps.map((g) => [`  ${g.hubspotId}`, g.reason, g.handoffKey ?? '-', g.detail ?? '']),
    )}`;
  }
  if (r.deadLettered.length > 0) {
    out += `\nDead-lettered (handoff dlq list, handoff replay):\n${formatTable(
      ['  hubspotId', 'dead letter', 'stage', 'code', 'attempts'],
      r.deadLettered.map((d) => [`  ${d.hubspotId}`, String(d.deadLetterId), d.stage, d.code, String(d.attempts)]),
    )}`;
  }
  if (opts.verbose && r.explainedContacts.length > 0) {
    out += `\nExplained (not handed off, with the reason Handoff recorded):\n${formatTable(
      ['  hubspotId', 'reason', 'detail'],
      r.explainedContacts.map((e) => [`  ${e.hubspotId}`, e.code, e.detail]),
    )}`;
  }
  if (r.skipped.length > 0) {
    out += `\nSkipped:\n${formatTable(['  hubspotId', 'reason'], r.skipped.map((k) => [`  ${k.hubspotId}`, k.reason]))}`;
  }
  return out + (s.gaps === 0 ? '\nEvery qualified contact is accounted for.\n' : `\n${s.gaps} contact${s.gaps === 1 ? ' is' : 's are'} unaccounted for.\n`);
}

export function registerReconcile(program: Command): void {
  program
    .command('reconcile')
    .description('Account for every qualified contact: landed in Salesforce, dead-lettered, explained by the reason Handoff recorded, skipped, or a gap')
    .option('--since <date>', 'contacts modified, handed off or dead-lettered since: 2026-03-01, an ISO date-time, or an age like 7d (default: sync.initialLookbackDays)')
    .option('--json', 'print the result as one JSON object')
    .option('--verbose', 'list the explained contacts too, each with its reason')
    .action(async (opts: { since?: string; json?: boolean; verbose?: boolean }) => {
      const config = loadCliConfig();
      const app = new App({ config, logger: cliLogger(config), clock: await clockFromConfig(config) });
      try {
        const now = app.clock.now();
        const since = opts.since ? parseSince(opts.since, now) : defaultSince(now, config.handoff.sync.initialLookbackDays);
        const result = await app
          .deps()
          .then((deps) => reconcile(deps, { since }))
          .catch((err: unknown) => {
          throw asConfigProblem(err);
        });
        app.logger.info('reconcile finished', { ...result.summary, explained: result.explained, since: result.since });
        if (opts.json) {
          const { landed: _landed, explainedContacts, ...rest } = result;
          printJson(opts.verbose ? { ...rest, explainedContacts } : rest);
        } else printText(reconcileText(result, { verbose: opts.verbose ?? false }));
        process.exitCode = exitForReconcile(result);
      } finally {
        await app.close();
      }
    });
}
