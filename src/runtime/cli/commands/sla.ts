import type { Command } from 'commander';
import { App, clockFromConfig } from '../../app.js';
import { deliverMessages } from '../../../jobs/notify/deliver.js';
import type { DeliveryReport } from '../../../jobs/notify/deliver.js';
import { runSlaWatch } from '../../../jobs/sla/watch.js';
import type { StepReport, WatchReport } from '../../../jobs/sla/watch.js';
import { withWriterLock } from '../../lease/writer-lock.js';
import { cliLogger, loadCliConfig, printJson } from '../runtime.js';
import { printText } from '../terminal.js';
import { asConfigProblem } from './reconcile.js';

function stepLines(title: string, steps: readonly StepReport[]): string[] {
  if (steps.length === 0) return [];
  return [
    `${title}:`,
    ...steps.map((s) => `  ${s.handoffKey.padEnd(16)} to ${s.recipientId ?? '(nobody found)'}${s.toOwnerId === null ? '' : `, owner ${s.fromOwnerId ?? '-'} → ${s.toOwnerId}`}${s.sendAfter === null ? '' : `, message from ${s.sendAfter}`}`),
  ];
}

export function slaText(r: WatchReport, delivery: DeliveryReport | null): string {
  const lines = [
    `SLA watch${r.dryRun ? ' (dry run: nothing written, nothing sent)' : ''}: ${r.overdue} open handoff Task${r.overdue === 1 ? '' : 's'} past due, ${r.touched} touched since the handoff`,
    `  reminders ${r.reminders.length}, escalations ${r.escalations.length}, reassignments ${r.reassignments.length}, messages queued ${r.messagesQueued}`,
    ...(delivery === null ? [] : [`  messages sent ${delivery.sent}, to retry ${delivery.retrying}, failed ${delivery.failed}`]),
    ...stepLines('Reminders', r.reminders),
    ...stepLines('Escalations', r.escalations),
    ...stepLines('Reassignments', r.reassignments),
  ];
  return `${lines.join('\n')}\n`;
}

export function registerSla(program: Command): void {
  program
    .command('sla')
    .description('Run one pass of the SLA watch: remind, escalate and reassign overdue handoff Tasks nobody touched, then send the messages that are due')
    .option('--once', 'run a single pass and exit (the default; the daemon runs it on sla.cron)')
    .option('--dry-run', 'report the steps the pass would take; write and send nothing')
    .option('--json', 'print the result as one JSON object')
    .action(async (opts: { once?: boolean; dryRun?: boolean; json?: boolean }) => {
      const config = loadCliConfig();
      const app = new App({ config, logger: cliLogger(config), clock: await clockFromConfig(config) });
      try {
        const { report, delivery } = await (opts.dryRun
          ? runSlaWatch(await app.deps(), { dryRun: true }).then((report) => ({ report, delivery: null }))
          : withWriterLock(app, 'sla', async (fence) => {
              const deps = await app.deps();
              const report = await runSlaWatch(deps, { fence });
              return { report, delivery: await deliverMessages(deps, { fence }) };
            })
        ).catch((err: unknown) => {
          throw asConfigProblem(err);
        });
        if (opts.json) printJson({ ...report, ...(delivery === null ? {} : { delivery }) });
        else printText(slaText(report, delivery));
      } finally {
        await app.close();
      }
    });
}
