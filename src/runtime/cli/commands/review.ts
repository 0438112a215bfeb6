import type { Command } from 'commander';
import { App, clockFromConfig } from '../../app.js';
import { listReviews, resolveReview } from '../../../jobs/review.js';
import type { ResolveOutcome } from '../../../jobs/review.js';
import { UsageError } from '../../../domain/errors.js';
import { JOB_LEASES, withJobLease } from '../../lease/writer-lock.js';
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
            ['id', 'hubspotId', 'handoffKey', 'task', 'picked', 'alternatives', 'resolved', 'at'],
            items.map((i) => [
              String(i.id),
              i.hubspotId,
              i.handoffKey ?? (i.held ? 'held' : '-'),
              i.taskId ?? '-',
              `${i.picked.object} ${i.picked.id}`,
              i.alternatives.map((a) => `${a.object} ${a.id}`).join(', '),
              i.resolved ? `${i.resolved.to.object} ${i.resolved.to.id}${i.resolved.accepted ? ' (accepted)' : ''}` : '-',
              i.at,
            ]),
          ),
        );
      } finally {
        await app.close();
      }
    });
  review
    .command('resolve <id>')
    .description('Move the handoff of an ambiguous match to the record picked: its Task is re-parented, the first pick loses the HubSpot key (a contact matching.strict held is handed off to it); naming the record it is on accepts the pick')
    .requiredOption('--pick <sfid>', 'the Salesforce Id of the Lead or Contact to move to: the pick or one of the alternatives review list shows')
    .option('--json', 'print the outcome as one JSON object')
    .action(async (idText: string, opts: { pick: string; json?: boolean }) => {
      if (!/^[1-9]\d{0,15}$/.test(idText)) throw new UsageError(`"${idText}" is not a review id: \`handoff review list\` shows them`);
      const config = loadCliConfig();
      const app = new App({ config, logger: cliLogger(config), clock: await clockFromConfig(config) });
      try {
        const out = await withJobLease(app, JOB_LEASES.review, 'review resolve', async (fence) => resolveReview(await app.deps(), { id: Number(idText), pick: opts.pick.trim(), fence }));
        if (opts.json) return printJson(out);
        printText(resolveText(out));
      } finally {
        await app.close();
      }
    });
}

function resolveText(o: ResolveOutcome): string {
  const to = `${o.to.object} ${o.to.id}`;
  if (o.accepted) return `Review ${o.review}: handoff ${String(o.handoffKey)} accepted as picked on ${to}; review resolved, nothing written to Salesforce.\n`;
  if (o.alreadyDone) return `Review ${o.review}: handoff ${String(o.handoffKey)} is on ${to} already; nothing written.\n`;
  if (o.from === null) return `Review ${o.review}: contact ${o.hubspotId} handed off to ${to} (Task ${String(o.taskId)}, handoff ${String(o.handoffKey)}).\n`;
  const lines = [`Review ${o.review}: handoff ${String(o.handoffKey)} moved from ${o.from.object} ${o.from.id} to ${to}; Task ${String(o.taskId)} re-parented.`];
  if (o.keyCleared) lines.push(`HubSpot_Contact_Id__c cleared on Lead ${o.keyCleared}.`);
  if (o.overwritten.length > 0) lines.push(`Fields Handoff had written on ${o.from.object} ${o.from.id}, not restored: ${o.overwritten.join(', ')}.`);
  return `${lines.join('\n')}\n`;
}
