import type { Command } from 'commander';
import { UsageError } from '../../../domain/errors.js';
import { routingUsers } from '../routing-users.js';
import type { RoutingUser } from '../routing-users.js';
import { loadCliConfig } from '../runtime.js';
import { loadSandbox } from '../sandbox-package.js';
import type { SandboxPackage } from '../sandbox-package.js';

type Dataset = Awaited<ReturnType<SandboxPackage['readDataset']>>;

interface SandboxOpts {
  dataset?: string;
  generate?: string;
  seed: string;
  activitiesPerContact?: string;
  write?: string;
  hubspotPort: string;
  salesforcePort: string;
  tier: string;
  rateLimits: boolean;
  org: string;
  salesFloor?: boolean;
  salesSeed?: string;
}

const ORG_STATES = ['complete', 'bare', 'conflict'] as const;

function port(value: string, flag: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new UsageError(`${flag} must be a port number (0 picks a free one), got "${value}"`);
  return n;
}

/** `--activities-per-contact`: any non-negative number, a mean (0.2: one engagement for every five contacts). */
function activitiesPerContact(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0) {
    throw new UsageError(`--activities-per-contact must be a non-negative number (the mean engagements per contact), got "${value}"`);
  }
  return n;
}

function configuredUsers(): RoutingUser[] {
  try {
    return routingUsers(loadCliConfig().routing);
  } catch {
    return []; // no usable configuration here: serve the dataset as it is
  }
}

export function registerSandbox(program: Command): void {
  program
    .command('sandbox')
    .description('Run local HubSpot and Salesforce APIs (for trying Handoff, tests and benchmarks)')
    .option('--dataset <file>', 'load a dataset file (docs/sandbox.md)')
    .option('--generate <n>', 'generate a realistic, messy dataset of N contacts')
    .option('--seed <s>', 'seed for --generate; the same seed gives the same dataset', '1')
    .option('--activities-per-contact <x>', 'with --generate: mean engagements (emails, calls, meetings, notes) per contact, any number >= 0 (default 3)')
    .option('--write <file>', 'with --generate: save the dataset to FILE instead of serving it')
    .option('--hubspot-port <p>', 'HubSpot port (0 = any free port)', '4010')
    .option('--salesforce-port <p>', 'Salesforce port (0 = any free port)', '4020')
    .option('--tier <tier>', 'HubSpot rate-limit tier: starter, professional, enterprise, oauth', 'professional')
    .option('--no-rate-limits', 'switch HubSpot rate limits off')
    .option(
      '--org <state>',
      "Salesforce org state: complete (Handoff's fields in place), bare (none of them, an API-only integration user: try handoff setup), conflict (bare plus a differing Lead.Handoff_Score__c)",
      'complete',
    )
    .option('--sales-floor', 'simulated reps work the handoffs in Salesforce as the sandbox clock moves (docs/sandbox.md)')
    .option('--sales-seed <s>', 'seed for --sales-floor; the same seed gives the same reps and actions', '1')
    .addHelpText(
      'after',
      '\nThe first line on stdout is one JSON object: {"hubspotUrl", "salesforceUrl", "env"}.\n' +
        'Put `env` in your environment (or .env) to point Handoff at the sandbox. Runs until SIGINT or SIGTERM.',
    )
    .action(async (opts: SandboxOpts) => {
      if (opts.dataset && opts.generate) throw new UsageError('use either --dataset or --generate, not both');
      if (opts.write && !opts.generate) throw new UsageError('--write needs --generate');
      if (opts.activitiesPerContact !== undefined && !opts.generate) throw new UsageError('--activities-per-contact needs --generate');
      const perContact = opts.activitiesPerContact === undefined ? undefined : activitiesPerContact(opts.activitiesPerContact);
      if (!['starter', 'professional', 'enterprise', 'oauth'].includes(opts.tier)) throw new UsageError(`unknown --tier "${opts.tier}"`);
      const org = ORG_STATES.find((s) => s === opts.org);
      if (!org) throw new UsageError(`unknown --org "${opts.org}": use ${ORG_STATES.join(', ')}`);
      const salesSeed = Number(opts.salesSeed ?? '1');
      if (!Number.isInteger(salesSeed)) throw new UsageError(`--sales-seed must be an integer, got "${opts.salesSeed ?? ''}"`);
      // A package of its own, loaded on demand: production installs leave it out.
      const { DatasetFileError, generateDataset, readDataset, startSandbox, writeDataset } = await loadSandbox('sandbox');
      let dataset: Dataset | undefined;
      if (opts.generate) {
        const n = Number(opts.generate);
        if (!Number.isInteger(n) || n < 0) throw new UsageError(`--generate needs a whole number of contacts, got "${opts.generate}"`);
        const seed = Number(opts.seed);
        if (!Number.isInteger(seed)) throw new UsageError(`--seed must be an integer, got "${opts.seed}"`);
        dataset = generateDataset({ contacts: n, seed, ...(perContact === undefined ? {} : { activitiesPerContact: perContact }) });
        if (opts.write) {
          await writeDataset(dataset, opts.write);
          process.stderr.write(`wrote ${n} contacts to ${opts.write}\n`);
          return;
        }
      } else if (opts.dataset) {
        try {
          dataset = await readDataset(opts.dataset);
        } catch (err) {
          if (err instanceof DatasetFileError) throw new UsageError(err.message);
          throw err;
        }
      }
      const sandbox = await startSandbox({
        // The org gets the users routing.yaml names, so the configuration routes against it as it would in production.
        ...(dataset ? { dataset, users: configuredUsers() } : {}),
        hubspotPort: port(opts.hubspotPort, '--hubspot-port'),
        salesforcePort: port(opts.salesforcePort, '--salesforce-port'),
        tier: opts.tier as 'starter' | 'professional' | 'enterprise' | 'oauth',
        rateLimits: opts.rateLimits,
        ...(opts.salesFloor ? { salesFloor: { seed: salesSeed } } : {}),
      });
      sandbox.control.salesforce.setOrgState(org);
      process.stdout.write(`${JSON.stringify({ hubspotUrl: sandbox.hubspotUrl, salesforceUrl: sandbox.salesforceUrl, env: sandbox.env })}\n`);
      process.stderr.write(
        [
          `HubSpot sandbox:    ${sandbox.hubspotUrl}  (control API: ${sandbox.hubspotUrl}/__sandbox/)`,
          `Salesforce sandbox: ${sandbox.salesforceUrl}  (control API: ${sandbox.salesforceUrl}/__sandbox/)`,
          dataset ? `Loaded ${dataset.hubspot.contacts.length} HubSpot contacts and ${dataset.salesforce.Lead.length} Salesforce Leads.` : 'No dataset loaded.',
          `Salesforce org: ${org}${org === 'complete' ? '' : " (Handoff's custom fields are missing: run handoff setup)"}.`,
          `Integration credentials: SALESFORCE_CLIENT_ID=${sandbox.env.SALESFORCE_CLIENT_ID ?? ''} SALESFORCE_CLIENT_SECRET=${sandbox.env.SALESFORCE_CLIENT_SECRET ?? ''}`,
          `Admin credentials (handoff setup only): SALESFORCE_ADMIN_CLIENT_ID=${sandbox.env.SALESFORCE_ADMIN_CLIENT_ID ?? ''} SALESFORCE_ADMIN_CLIENT_SECRET=${sandbox.env.SALESFORCE_ADMIN_CLIENT_SECRET ?? ''}`,
          ...(opts.salesFloor ? [`Sales floor on (seed ${salesSeed}): reps work the handoffs as the clock moves; truth at ${sandbox.salesforceUrl}/__sandbox/salesfloor/truth`] : []),
          'Point Handoff at it with the "env" variables from the first line. Ctrl-C stops.',
          '',
        ].join('\n'),
      );
      await new Promise<void>((resolve) => {
        const stop = (): void => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          void sandbox.stop().then(resolve);
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
    });
}
