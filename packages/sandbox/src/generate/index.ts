import type { Dataset } from '../shared/dataset.js';
import { buildCompanies } from './companies.js';
import { buildContactRecords } from './contact-records.js';
import { draftContacts } from './contacts.js';
import { buildEngagements } from './engagements.js';
import { FakerPool, localeByKey } from './locales.js';
import { buildSalesTeam } from './owners.js';
import { Rng, hashSeed } from './random.js';
import { SalesforceIds } from './salesforce-id.js';
import { buildSalesforce } from './salesforce.js';
import { defaultNow } from './time.js';

export { salesforceId } from './salesforce-id.js';
export { readDataset, writeDataset } from './io.js';
export { CALL_OUTCOMES } from './engagement-content.js';

export interface GenerateOptions {
  /** Number of HubSpot contacts listed (duplicates and archived ones included; merged-away ones not). */
  contacts: number;
  seed: number;
  /** Reference instant every timestamp is relative to. Default: start of the current UTC day. */
  now?: Date;
  /** Average engagements per contact; default 3. */
  activitiesPerContact?: number;
  /** Share of HubSpot contacts that already exist as Salesforce Leads; default 0.1. */
  leadOverlap?: number;
  /** Share of HubSpot contacts that already exist as Salesforce Contacts; default 0.05. */
  contactOverlap?: number;
}

function checkShare(name: string, value: number): void {
  if (!Number.isFinite(value) || value < 0 || value > 1) throw new RangeError(`generateDataset: ${name} must be between 0 and 1, got ${value}`);
}

/**
 * A realistic, messy HubSpot portal and Salesforce org as one version-1 dataset (docs/sandbox.md, "Datasets").
 * The same options give a byte-identical dataset: all randomness comes from the seed.
 */
export function generateDataset(options: GenerateOptions): Dataset {
  const { contacts: count, seed } = options;
  if (!Number.isInteger(count) || count < 0) throw new RangeError(`generateDataset: contacts must be a non-negative integer, got ${count}`);
  if (!Number.isInteger(seed)) throw new RangeError(`generateDataset: seed must be an integer, got ${seed}`);
  const average = options.activitiesPerContact ?? 3;
  if (!Number.isFinite(average) || average < 0) throw new RangeError(`generateDataset: activitiesPerContact must be ≥ 0, got ${average}`);
  const leadOverlap = options.leadOverlap ?? 0.1;
  const contactOverlap = options.contactOverlap ?? 0.05;
  checkShare('leadOverlap', leadOverlap);
  checkShare('contactOverlap', contactOverlap);
  const nowMs = (options.now ?? defaultNow()).getTime();
  if (Number.isNaN(nowMs)) throw new RangeError('generateDataset: now is an invalid date');

  // Independent streams per stage: changing how one stage draws leaves the others' output alone.
  const stream = (label: string): Rng => Rng.derive(seed, label);
  const fakers = new FakerPool(seed);
  const sfIds = new SalesforceIds((hashSeed(seed, 'salesforce-ids') % 900_000 + 100_000) * 1_000_000);

  const team = buildSalesTeam(stream('team'), fakers.get(localeByKey('en_US')), sfIds, nowMs);
  const companies = buildCompanies(stream('companies'), fakers, Math.max(20, Math.round(count / 3.5)));
  const drafts = draftContacts({ rng: stream('contacts'), fakers, companies, reps: team.reps, nowMs }, count);
  const records = buildContactRecords(stream('contact-ids'), drafts);
  const engagements = buildEngagements(stream('engagements'), drafts, records.ids, team.reps, nowMs, average);
  const salesforce = buildSalesforce({
    rng: stream('salesforce'), ids: sfIds, fakers, team, companies, drafts, losers: records.losers, nowMs, leadOverlap, contactOverlap,
  });

  return {
    version: 1,
    hubspot: {
      contacts: records.contacts,
      emails: engagements.emails,
      calls: engagements.calls,
      meetings: engagements.meetings,
      notes: engagements.notes,
      tasks: [],
      associations: engagements.associations,
      owners: team.owners,
    },
    salesforce,
  };
}
