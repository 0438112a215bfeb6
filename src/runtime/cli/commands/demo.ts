import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import { App } from '../../app.js';
import { loadConfig } from '../../../config/load.js';
import { UsageError } from '../../../domain/errors.js';
import { runSync } from '../../../jobs/sync/run-sync.js';
import { EXIT } from '../../exit-codes.js';
import { routingUsers } from '../routing-users.js';
import { cliLogger, loadDotenv, printJson } from '../runtime.js';
import { loadSandbox } from '../sandbox-package.js';
import { summaryLines } from './sync.js';
import { demoSummary, finishDemoDays, serveDemoDashboard, writeDemoReport } from '../demo-insight.js';
import { demoDays } from './demo-days.js';
import { printText } from '../terminal.js';

interface DemoOpts {
  contacts: string;
  seed: string;
  days: string;
  json?: boolean;
  serve?: boolean;
  port: string;
}

/**
 * The first-contact experience: a sandbox HubSpot and Salesforce in this process, a realistic
 * generated dataset, the shipped configuration, a fresh state, and one full cycle.
 */
export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('See Handoff work: one full cycle against a built-in sandbox with generated data')
    .option('--contacts <n>', 'contacts in the generated dataset', '2000')
    .option('--seed <s>', 'dataset seed', '1')
    .option('--days <n>', 'simulated days of the sales floor after the handoff, with the sync and feedback running on the simulated clock (0: the single cycle)', '5')
    .option('--json', 'print the run report as one JSON object')
    .option('--serve', 'then keep the dashboard up on 127.0.0.1 until Ctrl-C')
    .option('--port <port>', 'the dashboard port with --serve', '9464')
    .action(async (opts: DemoOpts) => {
      const n = Number(opts.contacts);
      const seed = Number(opts.seed);
      if (!Number.isInteger(n) || n < 1 || n > 200_000) throw new UsageError(`--contacts must be a whole number from 1 to 200000, got "${opts.contacts}"`);
      if (!Number.isInteger(seed)) throw new UsageError(`--seed must be an integer, got "${opts.seed}"`);
      const port = Number(opts.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be a port number, got "${opts.port}"`);
      const days = Number(opts.days);
      if (!Number.isInteger(days) || days < 0 || days > 365) throw new UsageError(`--days must be a whole number from 0 to 365, got "${opts.days}"`);
      // A package of its own, loaded on demand: production installs leave it out.
      const sandboxPackage = await loadSandbox('demo');
      const { generateDataset, startSandbox } = sandboxPackage;
      loadDotenv();
      const dir = process.env.HANDOFF_CONFIG_DIR || './config';
      if (days > 0) {
        const sim = await demoDays({ sandbox: sandboxPackage, days, seed, contacts: n, configDir: dir, json: opts.json === true });
        await finishDemoDays({ configDir: dir, ...sim, json: opts.json === true, serve: opts.serve === true, port });
        process.exitCode = EXIT.OK;
        return;
      }
      const base = loadConfig({ env: {}, dir });
      const out = (s: string) => void (opts.json ? undefined : printText(`${s}
`));

      out(`Generating ${n} HubSpot contacts with a year of activity (seed ${seed})…`);
      const dataset = generateDataset({ contacts: n, seed });
      const sandbox = await startSandbox({ dataset, users: routingUsers(base.routing) });
      const stateDir = mkdtempSync(join(tmpdir(), 'handoff-demo-'));
      const dbFile = join(stateDir, 'handoff.db');
      try {
        const config = loadConfig({ env: { ...sandbox.env, HANDOFF_DATABASE_URL: `sqlite:${dbFile}` }, dir });
        out(`Sandbox HubSpot at ${sandbox.hubspotUrl}, Salesforce at ${sandbox.salesforceUrl}`);
        out('Running one handoff cycle with the shipped configuration…\n');
        const app = new App({ config, logger: cliLogger(config) });
        const demoStart = new Date(app.clock.now()).toISOString();
        const { report, error } = await runSync(await app.deps());
        if (opts.json) {
          printJson({ ...report, stateFile: dbFile });
        } else {
          out(summaryLines(report));
          const sf = sandbox.control.salesforce;
          const users = new Map(sf.query('SELECT Id, Username FROM User').map((u) => [String(u.Id), String(u.Username)]));
          const tasks = sf.query(
            'SELECT Subject, OwnerId, Priority, Handoff_SLA_Due__c, Handoff_SLA_Tier__c, Description FROM Task WHERE Handoff_Key__c != null ORDER BY Handoff_SLA_Due__c LIMIT 5',
          );
          if (tasks.length > 0) out('\nA sample of the SLA tasks sales now sees in Salesforce:');
          for (const t of tasks) {
            const why = String(t.Description ?? '')
              .split('Why this lead:\n')[1]
              ?.split('\n')
              .slice(0, 3)
              .join('; ');
            out(`\n  ${String(t.Subject)}`);
            out(`    owner ${users.get(String(t.OwnerId)) ?? String(t.OwnerId)} · ${String(t.Priority)} priority · due ${String(t.Handoff_SLA_Due__c)} (${String(t.Handoff_SLA_Tier__c)} tier)`);
            if (why) out(`    why: ${why}`);
          }
          const insight = await writeDemoReport({ config, clock: app.clock, state: await app.store() }, stateDir, demoStart);
          out(`\n${demoSummary(insight.report)}`);
          out(`\nThe report (handoff report --html) is in ${insight.htmlFile}`);
          out(`State (cursor, ledger, dead letters) is in ${dbFile}`);
          out('Run `handoff sync --once` against your own accounts once .env is filled in (see README).');
        }
        process.exitCode = error ? EXIT.RUN_FAILED : EXIT.OK;
        if (opts.serve) {
          await serveDemoDashboard({ config, clock: app.clock, state: await app.store(), logger: app.logger, port }, (url) =>
            printText(`\nThe dashboard is at ${url} (Ctrl-C to stop)\n`),
          );
        }
        await app.close();
      } finally {
        await sandbox.stop();
      }
    });
}
