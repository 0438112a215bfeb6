import type { Command } from 'commander';
import { printJson } from '../runtime.js';
import { packageInfo } from '../package-info.js';
import { printText } from '../terminal.js';

export function registerVersion(program: Command): void {
  program
    .command('version')
    .description('Print the Handoff and Node.js versions')
    .option('--json', 'print one JSON object')
    .action((opts: { json?: boolean }) => {
      const info = { handoff: packageInfo.version, node: process.versions.node };
      if (opts.json) printJson(info);
      else printText(`handoff ${info.handoff} (node ${info.node})\n`);
    });
}
