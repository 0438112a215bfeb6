import type { Command } from 'commander';
import { App, clockFromConfig } from '../../app.js';
import { HandoffError, UsageError } from '../../../domain/errors.js';
import { isContactId } from '../../../domain/ids.js';
import { normalizeContact } from '../../../core/normalize/contact.js';
import { formActivities } from '../../../core/scoring-run.js';
import { compileModel, tierForGrade } from '../../../core/score.js';
import { readContactActivities } from '../../../adapters/hubspot/contact-activity.js';
import { contactPropertyList } from '../../../adapters/hubspot/reader.js';
import { parsePage, toRawContact } from '../../../adapters/hubspot/schemas.js';
import { mappedProperties } from '../../../jobs/sync/run-sync.js';
import { cliLogger, loadCliConfig, printJson } from '../runtime.js';
import { printText } from '../terminal.js';

/** Prints one contact's score breakdown on stdout (it names the person: never logged). */
export function registerScore(program: Command): void {
  program
    .command('score')
    .description("Explain one contact's score under the shared model, rule by rule")
    .requiredOption('--contact <id>', 'HubSpot contact id')
    .option('--json', 'print the breakdown as one JSON object')
    .action(async (opts: { contact: string; json?: boolean }) => {
      if (!isContactId(opts.contact)) throw new UsageError(`--contact takes a HubSpot contact id (digits), got "${opts.contact}"`);
      const config = loadCliConfig();
      const app = new App({ config, logger: cliLogger(config), clock: await clockFromConfig(config) });
      try {
        const hubspot = app.hubspot();
        const parsed = parsePage(await hubspot.batchRead('contacts', [opts.contact], contactPropertyList(mappedProperties(app))));
        const raw = parsed.ok[0];
        if (!raw) throw new HandoffError('NOT_FOUND', `HubSpot has no contact ${opts.contact} (or it is archived)`);
        const contact = normalizeContact(toRawContact(raw));
        const activities = [...(await readContactActivities(hubspot, [contact.hubspotId])).activities, ...formActivities(contact)];
        const now = new Date(app.clock.now());
        const score = compileModel(config.scoring)(contact, activities, now);
        const tier = tierForGrade(config.scoring, score.grade);
        if (opts.json) {
          printJson({ hubspotId: contact.hubspotId, ...score, tier, threshold: config.scoring.mqlThreshold, activities: activities.length, at: now.toISOString() });
          return;
        }
        const name = [contact.firstName, contact.lastName].filter(Boolean).join(' ') || '(no name)';
        const lines = [
          `${name} <${contact.email.value ?? contact.email.original ?? 'no email'}>  HubSpot ${contact.hubspotId}`,
          `Score ${score.total} = fit ${score.fit} + engagement ${score.engagement}  · grade ${score.grade}${tier ? ` (${tier} tier)` : ''} · ${score.qualified ? 'QUALIFIED' : 'not qualified'} (MQL at ${config.scoring.mqlThreshold}) · model ${score.modelVersion}`,
          '',
          ...score.reasons.map((r) => `  ${(r.points >= 0 ? '+' : '') + String(r.points)}`.padEnd(10) + `${r.label}  [${r.rule}]`),
          '',
          `${activities.length} activities considered; seniority ${contact.seniority}, function ${contact.jobFunction ?? '-'}, country ${contact.country ?? '-'}, employees ${contact.employees ?? '-'}`,
        ];
        printText(`${lines.join('\n')}\n`);
      } finally {
        await app.close();
      }
    });
}
