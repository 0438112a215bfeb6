import type { Command } from 'commander';
import { App, clockFromConfig } from '../../app.js';
import type { DoctorReport } from '../../../domain/doctor.js';
import { runDoctor } from '../../../jobs/doctor/run-doctor.js';
import { SalesforceOrgProbe } from '../../../adapters/salesforce/org-probe.js';
import { HubSpotAccountProbe } from '../../../adapters/hubspot/account-probe.js';
import { channelProbe } from '../../../adapters/alerts/channel-probe.js';
import { EXIT } from '../../exit-codes.js';
import { cliLogger, loadCliConfig, printJson } from '../runtime.js';
import { printText } from '../terminal.js';

const MARK = { ok: 'ok  ', warn: 'warn', fail: 'FAIL' } as const;

export function doctorText(r: DoctorReport): string {
  const lines = r.checks.flatMap((c) => [`${MARK[c.status]}  ${c.id.padEnd(50)} ${c.message}`, ...(c.fix ? [`      ${''.padEnd(50)} fix: ${c.fix}`] : [])]);
  const { ok, warn, fail } = r.summary;
  lines.push('', `${ok} ok, ${warn} warning${warn === 1 ? '' : 's'}, ${fail} failed${fail > 0 ? ': fix the FAIL lines, then run handoff doctor again' : ''}`);
  return `${lines.join('\n')}\n`;
}

export function registerDoctor(program: Command): void {
  program
    .command('doctor')
    .description('Check the setup against the live systems, as the integration user: credentials, fields, rules, budgets, users, calendars, channels')
    .option('--json', 'print {checks, summary} as one JSON object')
    .option('--send-test', 'send a test message through each alert channel')
    .addHelpText('after', '\nEach line is ok, warn or FAIL with its fix. Exit 0 when nothing failed, 1 when a check failed, 2 for a configuration error.')
    .action(async (opts: { json?: boolean; sendTest?: boolean }) => {
      const config = loadCliConfig();
      const logger = cliLogger(config);
      const clock = await clockFromConfig(config);
      const app = new App({ config, logger, clock, retry: { retries: 1 } });
      const sf = config.connections.salesforce;
      const report = await runDoctor(
        {
          config,
          now: new Date(clock.now()),
          salesforce: async () => new SalesforceOrgProbe(await app.salesforce(), !sf.accessToken && Boolean(sf.clientId && sf.clientSecret)),
          hubspot: () => new HubSpotAccountProbe(app.hubspot(), config.connections.hubspot.accessToken ?? ''),
          channels: channelProbe({ handoff: config.handoff, env: process.env, logger, fetch: globalThis.fetch, now: () => clock.now() }),
        },
        { sendTest: opts.sendTest === true },
      );
      if (opts.json) printJson(report);
      else printText(doctorText(report));
      process.exitCode = report.summary.fail > 0 ? EXIT.RUN_FAILED : EXIT.OK;
    });
}
