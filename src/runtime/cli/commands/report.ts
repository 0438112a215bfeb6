import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { App, clockFromConfig } from '../../app.js';
import { DIMENSIONS } from '../../../core/insight/types.js';
import type { Dimension } from '../../../core/insight/types.js';
import { UsageError } from '../../../domain/errors.js';
import { buildInsightReport } from '../../../jobs/insight/report.js';
import type { InsightRequest } from '../../../jobs/insight/report.js';
import { renderInsightHtml } from '../../insight/html.js';
import { reportText } from '../report-text.js';
import { cliLogger, loadCliConfig, printJson } from '../runtime.js';
import { printText } from '../terminal.js';

interface ReportOpts {
  since?: string;
  until?: string;
  by?: string;
  where?: string;
  json?: boolean;
  html?: string;
}

export function parseDimension(value: string, flag: string): Dimension {
  if ((DIMENSIONS as readonly string[]).includes(value)) return value as Dimension;
  throw new UsageError(`${flag} takes one of ${DIMENSIONS.join(', ')}, got "${value}"`);
}

/** `--where team=emea` → a filter on one value of one dimension. */
export function parseWhere(text: string): { dimension: Dimension; value: string } {
  const eq = text.indexOf('=');
  if (eq <= 0) throw new UsageError(`--where takes dimension=value (e.g. team=emea), got "${text}"`);
  return { dimension: parseDimension(text.slice(0, eq), '--where'), value: text.slice(eq + 1) };
}

/** The request of `handoff report` from its options; a usage error for anything it can't read. */
export function reportRequest(opts: ReportOpts): InsightRequest {
  if (opts.json && opts.html !== undefined) throw new UsageError('--json and --html are alternatives: choose one');
  return {
    since: opts.since,
    until: opts.until,
    by: opts.by === undefined ? undefined : parseDimension(opts.by, '--by'),
    filter: opts.where === undefined ? undefined : parseWhere(opts.where),
  };
}

export function registerReport(program: Command): void {
  program
    .command('report')
    .description('The funnel, SLA, velocity, calibration, sync health and weekly trends, from the state (no API call)')
    .option('--since <date>', 'first day of the period (2026-11-02, an ISO date-time, or an age like 30d); default: 12 ISO weeks back')
    .option('--until <date>', 'end of the period, not included (default: tomorrow, so today counts)')
    .option('--by <dimension>', `group by one of ${DIMENSIONS.join(', ')} (the JSON holds every dimension without it)`)
    .option('--where <dimension=value>', 'count only episodes with this value, e.g. team=emea')
    .option('--json', 'print the whole report as one JSON object')
    .option('--html <file>', 'write a self-contained HTML page (opens offline) to this file')
    .addHelpText('after', '\nDates are read in report.timeZone (config/handoff.yaml). Every format prints the definitions of its figures.')
    .action(async (opts: ReportOpts) => {
      const request = reportRequest(opts);
      const config = loadCliConfig();
      const app = new App({ config, logger: cliLogger(config), clock: await clockFromConfig(config) });
      try {
        const report = await buildInsightReport({ config, clock: app.clock, state: await app.store() }, request);
        if (opts.json) printJson(report);
        else if (opts.html !== undefined) {
          const file = resolve(opts.html);
          writeFileSync(file, renderInsightHtml(report));
          printText(`Wrote ${file}\n`);
        } else printText(reportText(report));
      } finally {
        await app.close();
      }
    });
}
