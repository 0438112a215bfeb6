import type { Company } from './companies.js';
import { pickCompany } from './companies.js';
import type { ContactDraft } from './contacts.js';
import type { FakerPool } from './locales.js';
import { LOCALE_WEIGHTS } from './locales.js';
import type { Rep, SalesTeam } from './owners.js';
import { makePerson, strayCase } from './people.js';
import { messyPhone } from './phones.js';
import type { Rng } from './random.js';
import type { SalesforceIds } from './salesforce-id.js';
import type { SfRecord } from './sf-accounts.js';
import { AccountBook } from './sf-accounts.js';
import { DAY_MS, between, daysAgo, iso, isoDate } from './time.js';

export interface SalesforceInput {
  rng: Rng;
  ids: SalesforceIds;
  fakers: FakerPool;
  team: SalesTeam;
  companies: readonly Company[];
  drafts: readonly ContactDraft[];
  /** Ids merged away into each draft. */
  losers: readonly (readonly string[])[];
  nowMs: number;
  leadOverlap: number;
  contactOverlap: number;
}

export interface SalesforceRecords {
  User: SfRecord[];
  Lead: SfRecord[];
  Contact: SfRecord[];
  Account: SfRecord[];
  Task: SfRecord[];
}

const LEAD_SOURCE: Record<string, string> = {
  ORGANIC_SEARCH: 'Web', PAID_SEARCH: 'Advertisement', EMAIL_MARKETING: 'Web', SOCIAL_MEDIA: 'Web',
  REFERRALS: 'Partner Referral', DIRECT_TRAFFIC: 'Web', OFFLINE: 'Purchased List',
};

function clean(value: string | null | undefined): string | null {
  const trimmed = value?.trim();
  return trimmed ? trimmed : null;
}

/** The address as a rep typed it into Salesforce: valid, sometimes cased differently from HubSpot's. */
function sfEmail(rng: Rng, email: string): string {
  return rng.chance(0.2) ? strayCase(rng, email) : email;
}

function repOwner(rng: Rng, reps: readonly Rep[]): string {
  return rng.weighted(reps.map((r) => [r.userId, r.active ? r.weight : 0.5] as const));
}

interface LeadContext {
  input: SalesforceInput;
  accounts: AccountBook;
}

function personFields(rng: Rng, d: ContactDraft): SfRecord {
  return {
    FirstName: clean(d.props.firstname) ?? (rng.chance(0.5) ? clean(d.person.firstName) : null),
    LastName: clean(d.props.lastname) ?? '[not provided]',
    Email: sfEmail(rng, d.person.email),
    Phone: clean(d.props.phone),
    Title: clean(d.props.jobtitle),
    LeadSource: LEAD_SOURCE[d.props.hs_analytics_source ?? ''] ?? 'Other',
  };
}

function makeLead({ input, accounts }: LeadContext, d: ContactDraft, status: string): SfRecord {
  const { rng, nowMs, team } = input;
  const created = between(rng, Math.max(d.createdMs - 300 * DAY_MS, nowMs - 1400 * DAY_MS), nowMs - DAY_MS);
  return {
    ...personFields(rng, d),
    Company: clean(d.props.company) ?? '[not provided]',
    Status: status,
    OwnerId: rng.chance(0.9) ? repOwner(rng, team.reps) : accounts.pickOwner(),
    Website: rng.chance(0.4) ? d.props.website : null,
    Country: clean(d.props.country),
    State: clean(d.props.state),
    City: clean(d.props.city),
    Industry: rng.chance(0.6) ? d.company.sfIndustry : null,
    NumberOfEmployees: rng.chance(0.5) ? d.company.employees : null,
    CreatedDate: iso(created),
    LastModifiedDate: iso(between(rng, created, nowMs)),
  };
}

function makeContact({ input, accounts }: LeadContext, d: ContactDraft, createdMs: number): SfRecord {
  const { rng, nowMs, team } = input;
  const account = accounts.get(d.company);
  return {
    Id: input.ids.next('003'),
    ...personFields(rng, d),
    AccountId: account.Id,
    OwnerId: rng.chance(0.85) ? account.OwnerId : repOwner(rng, team.reps),
    MailingCountry: clean(d.props.country),
    MailingCity: clean(d.props.city),
    CreatedDate: iso(createdMs),
    LastModifiedDate: iso(between(rng, createdMs, nowMs)),
  };
}

/**
 * What the org already holds: Leads for `leadOverlap` of HubSpot contacts (a fifth of them converted, so their
 * Contacts count towards `contactOverlap`), further Contacts under Accounts, Accounts for a share of companies,
 * and some Leads HubSpot has never seen.
 */
export function buildSalesforce(input: SalesforceInput): SalesforceRecords {
  const { rng, drafts, nowMs } = input;
  const accounts = new AccountBook(rng, input.ids, input.team.reps, nowMs);
  const ctx: LeadContext = { input, accounts };
  const eligible = rng.shuffle(
    drafts.map((_, i) => i).filter((i) => {
      const d = drafts[i];
      return d !== undefined && !d.archived && d.duplicateOf === null && d.emailShape !== 'invalid' && d.emailShape !== 'missing';
    }),
  );
  const leadCount = Math.min(eligible.length, Math.round(input.leadOverlap * drafts.length));
  const contactCount = Math.min(eligible.length - leadCount, Math.round(input.contactOverlap * drafts.length));
  const convertedCount = Math.min(Math.round(leadCount * 0.2), contactCount);
  const leadSet = eligible.slice(0, leadCount);
  const contactSet = [...leadSet.slice(0, convertedCount), ...eligible.slice(leadCount, leadCount + contactCount - convertedCount)];

  const contacts: SfRecord[] = [];
  const contactByDraft = new Map<number, SfRecord>();
  for (const i of contactSet) {
    const d = drafts[i] as ContactDraft;
    const record = makeContact(ctx, d, daysAgo(rng, nowMs, 2, 900));
    contacts.push(record);
    contactByDraft.set(i, record);
  }

  const leads: SfRecord[] = [];
  leadSet.forEach((i, n) => {
    const d = drafts[i] as ContactDraft;
    const converted = n < convertedCount ? contactByDraft.get(i) : undefined;
    const status = converted ? 'Closed - Converted' : rng.weighted<string>([['Open - Not Contacted', 50], ['Working - Contacted', 38], ['Closed - Not Converted', 12]]);
    const lead = makeLead(ctx, d, status);
    if (converted) {
      const convertedMs = Date.parse(String(converted.CreatedDate));
      Object.assign(lead, { IsConverted: true, ConvertedContactId: converted.Id, ConvertedAccountId: converted.AccountId, ConvertedDate: isoDate(convertedMs) });
      lead.CreatedDate = iso(Math.min(Date.parse(String(lead.CreatedDate)), convertedMs - DAY_MS));
      lead.LastModifiedDate = iso(convertedMs);
    }
    // A Lead written by an earlier sync still carries the id of a contact that has since been merged away.
    const merged = input.losers[i] ?? [];
    if (merged.length > 0 && rng.chance(0.5)) lead.HubSpot_Contact_Id__c = merged[0];
    leads.push(lead);
    // Orgs without duplicate rules collect a second, older lead for the same person.
    if (!converted && rng.chance(0.03)) leads.push({ ...makeLead(ctx, d, 'Closed - Not Converted'), Email: strayCase(rng, d.person.email) });
  });

  // Accounts for a share of the companies people work at, so routing by email domain finds owners.
  for (const company of input.companies) if (!accounts.has(company) && rng.chance(0.3)) accounts.get(company);

  const known = new Set(drafts.map((d) => d.person.email));
  const strangers = Math.round(leadCount * 0.25);
  for (let n = 0; n < strangers; n += 1) {
    const company = pickCompany(rng, input.companies);
    const locale = rng.chance(0.85) ? company.locale : rng.weighted(LOCALE_WEIGHTS);
    const person = makePerson(rng, input.fakers.get(locale), locale, company);
    if (known.has(person.email)) continue;
    const created = daysAgo(rng, nowMs, 1, 1400);
    leads.push({
      FirstName: person.firstName, LastName: person.lastName, Company: company.name, Email: person.email,
      Phone: rng.chance(0.7) ? messyPhone(rng, locale.country) : null,
      Status: rng.weighted<string>([['Open - Not Contacted', 40], ['Working - Contacted', 30], ['Closed - Not Converted', 30]]),
      LeadSource: rng.pick(['Phone Inquiry', 'Partner Referral', 'Purchased List', 'Other']),
      OwnerId: repOwner(rng, input.team.reps), Country: rng.weighted(locale.countryNames),
      CreatedDate: iso(created), LastModifiedDate: iso(between(rng, created, nowMs)),
    });
  }

  // Ids grow with creation time, as the org's own would.
  leads.sort((a, b) => String(a.CreatedDate).localeCompare(String(b.CreatedDate)));
  const Lead = leads.map((lead) => ({ Id: input.ids.next('00Q'), ...lead }));
  return { User: input.team.users, Lead, Contact: contacts, Account: accounts.records, Task: [] };
}
