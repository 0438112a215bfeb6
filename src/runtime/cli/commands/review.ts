import type { Command } from 'commander';
import { App, clockFromConfig } from '../../app.js';
import { listReviews } from '../../../jobs/review.js';
import { parseSince } from '../../../jobs/reconcile/since.js';
import { cliLogger, loadCliConfig, printJson } from '../runtime.js';
import { formatTable } from './dlq.js';
import { printText } from '../terminal.js';

/** `handoff review list`: handoffs whose email matched several Salesforce records, with the pick and the alternatives. */
export function registerReview(program: Command): void {
  const review = program.command('review').description('Handoffs whose email matched several Salesforce Leads or Contacts: the record picked and the ones passed over');
  review
    .command('list')
    .description('List the ambiguous matches, oldest first (from the state; no API call)')
    .option('--since <date>', 'recorded since: 2026-03-01, an ISO date-time, or an age like 7d')
    .option('--json', 'print the list as one JSON array')
    .action(async (opts: { since?: string; json?: boolean }) => {
      const config = loadCliConfig();
      const app = new App({ config, logger: cliLogger(config), clock: await clockFromConfig(config) });
      try {
        const since = opts.since ? parseSince(opts.since, app.clock.now()) : undefined;
        const items = await listReviews(await app.deps(), since ? { since } : {});
        if (opts.json) return printJson(items);
        if (items.length === 0) return printText('No ambiguous matches.\n');
        printText(
          formatTable(
            ['id', 'hubspotId', 'handoffKey', 'task', 'picked', 'alternatives', 'at'],
            items.map((i) => [String(i.id), i.hubspotId, i.handoffKey ?? '-', i.taskId ?? '-', `${i.picked.object} ${i.picked.id}`, i.alternatives.map((a) => `${a.object} ${a.id}`).join(', '), i.at]),
          ),
        );
      } finally {
        await app.close();
      }
    });
}
