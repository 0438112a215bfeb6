import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { clockFromConfig } from '../../app.js';
import { UsageError } from '../../../domain/errors.js';
import { buildGlossary } from '../../../core/glossary/build.js';
import { renderHtml, renderMarkdown, renderText } from '../../../core/glossary/render.js';
import { loadCliConfig, printJson } from '../runtime.js';
import { printText } from '../terminal.js';

/** The shared definitions, from the configuration in force, in words sales and marketing read. */
export function registerGlossary(program: Command): void {
  program
    .command('glossary')
    .description('The shared definitions (qualification, grades, service levels, calendars, routing) from the running configuration, in plain words')
    .option('--md', 'print Markdown instead of text')
    .option('--html <file>', 'write a self-contained HTML page to this file')
    .option('--json', 'print the glossary as one JSON object')
    .action(async (opts: { md?: boolean; html?: string; json?: boolean }) => {
      if ([opts.md, opts.html !== undefined, opts.json].filter(Boolean).length > 1) throw new UsageError('choose one of --md, --html FILE and --json');
      const config = loadCliConfig();
      const clock = await clockFromConfig(config);
      const glossary = buildGlossary(config, new Date(clock.now()));
      if (opts.json) return printJson(glossary);
      if (opts.md) return printText(renderMarkdown(glossary));
      if (opts.html !== undefined) {
        try {
          writeFileSync(opts.html, renderHtml(glossary));
        } catch (err) {
          throw new UsageError(`cannot write ${opts.html}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
        }
        printText(`glossary written to ${opts.html}\n`);
        return;
      }
      printText(renderText(glossary));
    });
}
