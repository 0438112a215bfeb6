import type { Command } from 'commander';
import { App, clockFromConfig } from '../../app.js';
import { purgeExpiredDeadLetters } from '../../../jobs/dead-letter-retention.js';
import { parseSince } from '../../../jobs/reconcile/since.js';
import type { DeadLetter, DeadLetterFilter } from '../../../ports/state.js';
import { EXIT } from '../../exit-codes.js';
import { cliLogger, loadCliConfig, printJson } from '../runtime.js';
import { printable, printText } from '../terminal.js';

interface ListOpts {
  json?: boolean;
  code?: string;
  stage?: string;
  since?: string;
  all?: boolean;
}

/** `2026-03-01T09:30:05.123Z` → `2026-03-01 09:30:05` (UTC). */
export function shortTime(iso: string | null): string {
  return iso ? iso.replace('T', ' ').replace(/\.\d+Z$|Z$/, '') : '-';
}

/** Left-aligned columns, two spaces apart; the last column is never padded. Cells print as one line each, non-printables escaped. */
export function formatTable(headers: readonly string[], rawRows: readonly (readonly string[])[]): string {
  const rows = rawRows.map((r) => r.map(printable));
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return `${[line(headers), ...rows.map(line)].join('\n')}\n`;
}

const oneLine = (s: string): string => s.replace(/\s+/g, ' ').trim();

/** The dead letters as a table for the operator's eyes (on stdout: messages may name people). */
export function deadLetterTable(items: readonly DeadLetter[], withResolved: boolean): string {
  const headers = ['id', 'stage', 'code', 'vendorCode', 'hubspotId', 'attempts', 'firstSeen', 'lastSeen', ...(withResolved ? ['resolved'] : []), 'message'];
  const rows = items.map((d) => [
    String(d.id),
    d.stage,
    d.code,
    d.vendorCode ?? '-',
    d.hubspotId,
    String(d.attempts),
    shortTime(d.firstSeen),
    shortTime(d.lastSeen),
    ...(withResolved ? [shortTime(d.resolvedAt)] : []),
    oneLine(d.message),
  ]);
  return formatTable(headers, rows);
}

function registerList(dlq: Command): void {
  dlq
    .command('list')
    .description('List dead letters, unresolved ones unless --all (the payload only with --json)')
    .option('--json', 'print one JSON object, payloads included')
    .option('--code <code>', "only this error code, ours or the vendor's, e.g. VALIDATION or NUMBER_OUTSIDE_VALID_RANGE")
    .option('--stage <stage>', 'only this pipeline stage, e.g. lead.write')
    .option('--since <date>', 'last seen at or after: 2026-03-01, an ISO date-time, or an age like 7d')
    .option('--all', 'include resolved dead letters')
    .action(async (opts: ListOpts) => {
      const config = loadCliConfig();
      const app = new App({ config, logger: cliLogger(config), clock: await clockFromConfig(config) });
      try {
        const filter: DeadLetterFilter = {
          unresolvedOnly: !opts.all,
          ...(opts.code ? { code: opts.code } : {}),
          ...(opts.stage ? { stage: opts.stage } : {}),
          ...(opts.since ? { since: parseSince(opts.since, app.clock.now()) } : {}),
        };
        const items = await (await app.store()).listDeadLetters(filter);
        if (opts.json) {
          printJson({ count: items.length, deadLetters: items });
        } else if (items.length === 0) {
          printText(opts.all ? 'No dead letters match.\n' : 'No unresolved dead letters match.\n');
        } else {
          printText(deadLetterTable(items, opts.all === true));
          const open = items.filter((d) => d.resolvedAt === null).length;
          printText(`\n${items.length} dead letter${items.length === 1 ? '' : 's'}${opts.all ? `, ${open} unresolved` : ''}. \`handoff replay --id <id>\` tries one again.\n`);
        }
        process.exitCode = EXIT.OK;
      } finally {
        await app.close();
      }
    });
}

function registerPurge(dlq: Command): void {
  dlq
    .command('purge')
    .description('Delete dead letters last seen longer ago than deadLetters.retentionDays (their payloads hold personal data)')
    .option('--json', 'print one JSON object')
    .action(async (opts: { json?: boolean }) => {
      const config = loadCliConfig();
      const app = new App({ config, logger: cliLogger(config), clock: await clockFromConfig(config) });
      try {
        const days = config.handoff.deadLetters.retentionDays;
        const { purged, before } = await purgeExpiredDeadLetters(await app.store(), days, app.clock.now());
        app.logger.info('dead letters purged', { purged, retentionDays: days });
        if (opts.json) printJson({ purged, before, retentionDays: days });
        else printText(`Purged ${purged} dead letter${purged === 1 ? '' : 's'} last seen before ${shortTime(before)} UTC (retention ${days} days).\n`);
        process.exitCode = EXIT.OK;
      } finally {
        await app.close();
      }
    });
}

export function registerDlq(program: Command): void {
  const dlq = program.command('dlq').description('Inspect and tidy the dead-letter queue');
  registerList(dlq);
  registerPurge(dlq);
}
