import type { Command } from 'commander';
import { App, clockFromConfig } from '../../app.js';
import type { Config } from '../../../config/load.js';
import { setupSucceeded } from '../../../domain/setup.js';
import { runSetup } from '../../../jobs/setup/run-setup.js';
import { SalesforceOrgSetup } from '../../../adapters/salesforce/org-setup.js';
import { HubSpotPropertySetup } from '../../../adapters/hubspot/property-setup.js';
import { EXIT } from '../../exit-codes.js';
import { cliLogger, loadCliConfig, printJson } from '../runtime.js';
import { printText } from '../terminal.js';
import { setupText } from './setup-text.js';

/**
 * The admin connection settings from SALESFORCE_ADMIN_*: client credentials against the same login URL,
 * or a token with SALESFORCE_INSTANCE_URL. Null without them (setup then runs as the integration user).
 * They live in this process only: nothing writes them anywhere.
 */
export function adminSettings(config: Config): Config['connections']['salesforce'] | null {
  const env = config.env;
  const sf = config.connections.salesforce;
  if (env.SALESFORCE_ADMIN_CLIENT_ID && env.SALESFORCE_ADMIN_CLIENT_SECRET) {
    return { ...sf, clientId: env.SALESFORCE_ADMIN_CLIENT_ID, clientSecret: env.SALESFORCE_ADMIN_CLIENT_SECRET, accessToken: undefined, instanceUrl: undefined };
  }
  if (env.SALESFORCE_ADMIN_ACCESS_TOKEN && sf.instanceUrl) {
    return { ...sf, accessToken: env.SALESFORCE_ADMIN_ACCESS_TOKEN, clientId: undefined, clientSecret: undefined };
  }
  return null;
}

export function registerSetup(program: Command): void {
  program
    .command('setup')
    .description('Create the Salesforce custom fields, the integration permission set and the HubSpot properties Handoff needs (idempotent)')
    .option('--dry-run', 'print the plan and change nothing')
    .option('--json', 'print the report as one JSON object')
    .addHelpText(
      'after',
      '\nSalesforce changes need admin rights: set SALESFORCE_ADMIN_CLIENT_ID and SALESFORCE_ADMIN_CLIENT_SECRET (or SALESFORCE_ADMIN_ACCESS_TOKEN\n' +
        'with SALESFORCE_INSTANCE_URL) for this command; without them each step the integration user may not do is reported as failed.\n' +
        'Existing fields that differ are reported, never changed. Exit 0 when nothing is left to do, 1 with a conflict or a failed step.',
    )
    .action(async (opts: { dryRun?: boolean; json?: boolean }) => {
      const config = loadCliConfig();
      const logger = cliLogger(config);
      const app = new App({ config, logger, clock: await clockFromConfig(config), retry: { retries: 2 } });
      const admin = adminSettings(config);
      const report = await runSetup(
        {
          config,
          ranAs: admin ? 'admin' : 'integration',
          salesforce: async () => {
            const integration = await app.salesforce();
            return new SalesforceOrgSetup(admin ? await app.salesforceAs(admin) : integration, integration);
          },
          hubspot: () => new HubSpotPropertySetup(app.hubspot()),
        },
        { dryRun: opts.dryRun === true },
      );
      if (opts.json) printJson(report);
      else printText(setupText(report));
      process.exitCode = setupSucceeded(report) ? EXIT.OK : EXIT.RUN_FAILED;
    });
}
