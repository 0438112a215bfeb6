import type { Command } from 'commander';
import { App, clockFromConfig } from '../../app.js';
import { UsageError } from '../../../domain/errors.js';
import { isContactId } from '../../../domain/ids.js';
import { forgetTotal } from '../../../jobs/privacy-sweep.js';
import type { ForgetCounts } from '../../../ports/state.js';
import { EXIT } from '../../exit-codes.js';
import { withWriterLock } from '../../lease/writer-lock.js';
import { claimEach } from '../../../jobs/claims.js';
import { cliLogger, loadCliConfig, printJson } from '../runtime.js';
import { formatTable } from './dlq.js';
import { printText } from '../terminal.js';

interface ForgetOpts {
  contact?: string;
  email?: string;
  json?: boolean;
}

/** What was erased, table by table; never the address it was asked about. */
export function forgetText(who: string, counts: ForgetCounts): string {
  if (forgetTotal(counts) === 0) return `Nothing held for ${who}: no personal data to erase.\n`;
  const table = formatTable(
    ['  table', 'rows erased'],
    [
      ['  dead_letters', String(counts.deadLetters)],
      ['  ledger', String(counts.ledger)],
      ['  activities', String(counts.activities)],
      ['  decisions', String(counts.decisions)],
    ],
  );
  return `Erased the personal data held for ${who}:\n${table}Ids, keys, codes and counts stay, so reconcile still adds up.\n`;
}

function parseRequest(opts: ForgetOpts): { hubspotIds: string[]; emails: string[] } {
  const contact = opts.contact?.trim();
  const email = opts.email?.trim();
  if (contact === undefined && email === undefined) throw new UsageError('forget needs --contact <HubSpot contact id>, --email <address>, or both');
  if (contact !== undefined && !isContactId(contact)) throw new UsageError(`--contact takes a HubSpot contact id (digits), got "${contact}"`);
  if (email !== undefined && !/^[^\s@]+@[^\s@]+$/.test(email)) throw new UsageError('--email takes an email address');
  return { hubspotIds: contact === undefined ? [] : [contact], emails: email === undefined ? [] : [email] };
}

export function registerForget(program: Command): void {
  program
    .command('forget')
    .description("Erase a person's personal data from the state (a contact deleted in HubSpot); ids and counts stay")
    .option('--contact <id>', 'the HubSpot contact id')
    .option('--email <address>', 'also erase rows that name this address (e.g. a dead letter that came without an id)')
    .option('--json', 'print the counts as one JSON object')
    .action(async (opts: ForgetOpts) => {
      const request = parseRequest(opts);
      const config = loadCliConfig();
      const app = new App({ config, logger: cliLogger(config), clock: await clockFromConfig(config) });
      try {
        const store = await app.store();
        const deps = await app.deps();
        // Claimed like any job's contacts, so no sync or backfill writes this person's rows meanwhile.
        const counts = await withWriterLock(app, 'forget', async (fence) => {
          let erased: Awaited<ReturnType<typeof store.forgetContacts>> | undefined;
          await claimEach(deps, request.hubspotIds, { fence }, async (part) => {
            if (part.last) erased = await store.forgetContacts(request, { fence });
            await store.claims.release(fence, part.ids);
          });
          return erased ?? (await store.forgetContacts(request, { fence }));
        });
        // The id is a record id; the address never reaches the log.
        app.logger.info('personal data erased', { hubspotId: request.hubspotIds[0] ?? null, byEmail: request.emails.length > 0, ...counts });
        const who = [request.hubspotIds.length > 0 ? `contact ${request.hubspotIds[0]}` : null, request.emails.length > 0 ? 'the given email' : null]
          .filter((x) => x !== null)
          .join(' and ');
        if (opts.json) printJson({ erased: counts, total: forgetTotal(counts) });
        else printText(forgetText(who, counts));
        process.exitCode = EXIT.OK;
      } finally {
        await app.close();
      }
    });
}
