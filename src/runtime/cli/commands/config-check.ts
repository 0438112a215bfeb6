import type { Command } from 'commander';
import { CONFIG_FILES, missingCredentials } from '../../../config/load.js';
import { EXIT } from '../../exit-codes.js';
import { loadCliConfig, printJson } from '../runtime.js';
import { printText } from '../terminal.js';

export function registerConfigCheck(program: Command): void {
  const config = program.command('config').description('Inspect the configuration');
  config
    .command('check')
    .description('Validate config/*.yaml and the environment; print one summary line per file')
    .option('--json', 'print one JSON object instead of text')
    .action((opts: { json?: boolean }) => {
      const cfg = loadCliConfig();
      const credentials = {
        hubspot: cfg.connections.hubspot.accessToken ? 'access token set' : 'HUBSPOT_ACCESS_TOKEN not set',
        salesforce: cfg.connections.salesforce.accessToken
          ? 'access token set (SALESFORCE_INSTANCE_URL mode)'
          : cfg.connections.salesforce.clientId && cfg.connections.salesforce.clientSecret
            ? 'client credentials set'
            : 'no Salesforce credentials set',
      };
      // Files are what this command checks, so missing credentials are listed but keep exit 0.
      const missing = missingCredentials(cfg.connections);
      if (opts.json) {
        printJson({ ok: true, dir: cfg.dir, files: cfg.summaries, sources: cfg.sources, credentials, missingCredentials: missing });
        process.exitCode = EXIT.OK;
        return;
      }
      const lines: string[] = [];
      for (const key of Object.keys(CONFIG_FILES) as (keyof typeof CONFIG_FILES)[]) {
        lines.push(`ok  ${CONFIG_FILES[key].padEnd(13)} ${cfg.summaries[key]}`);
      }
      lines.push('', 'settings:');
      for (const s of cfg.sources) lines.push(`  ${s.key.padEnd(22)} ${s.value}  (${s.source}: ${s.from})`);
      lines.push('', 'credentials:');
      lines.push(`  hubspot     ${credentials.hubspot}`, `  salesforce  ${credentials.salesforce}`);
      for (const name of missing) lines.push(`  missing     ${name}`);
      if (missing.length > 0) lines.push('  (set them in the environment or .env before running sync or the daemon)');
      printText(`${lines.join('\n')}\n`);
    });
}
