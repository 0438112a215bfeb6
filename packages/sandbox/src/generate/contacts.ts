import type { Company } from './companies.js';
import { messyCompanyName, messyHeadcount, messyIndustry, messyWebsite, pickCompany } from './companies.js';
import { pickLocation } from './geo.js';
import type { FakerPool } from './locales.js';
import { LOCALE_WEIGHTS } from './locales.js';
import type { Rep } from './owners.js';
import type { EmailShape, Person } from './people.js';
import { makePerson, messyEmail, messyName } from './people.js';
import { messyPhone, randomNumber } from './phones.js';
import type { Rng, Weighted } from './random.js';
import { pickTitle } from './titles.js';
import { DAY_MS, YEAR_MS, between, iso, recentAgeMs } from './time.js';

/** How much sales activity a contact attracts; drives engagement volume, outcomes and lifecycle stage. */
export type Segment = 'cold' | 'warm' | 'engaged';
export const SEGMENTS: Weighted<Segment> = [['cold', 55], ['warm', 33], ['engaged', 12]];

export type Props = Record<string, string | null>;

export interface ContactDraft {
  person: Person;
  company: Company;
  segment: Segment;
  emailShape: EmailShape;
  props: Props;
  createdMs: number;
  modifiedMs: number;
  archived: boolean;
  ownerId: string | null;
  /** Index of the contact this one duplicates. */
  duplicateOf: number | null;
  /** Contacts merged into this one and gone from the portal. */
  mergedLosers: number;
}

export interface ContactContext {
  rng: Rng;
  fakers: FakerPool;
  companies: readonly Company[];
  reps: readonly Rep[];
  nowMs: number;
}

const EMAIL_SHAPES: Weighted<EmailShape> = [['clean', 83], ['case', 8], ['whitespace', 3.5], ['invalid', 3.5], ['missing', 2]];
const LIFECYCLE: Record<Segment, Weighted<string | null>> = {
  cold: [['subscriber', 45], ['lead', 40], ['marketingqualifiedlead', 8], ['salesqualifiedlead', 2], ['opportunity', 1], ['customer', 3], [null, 1]],
  warm: [['subscriber', 15], ['lead', 40], ['marketingqualifiedlead', 25], ['salesqualifiedlead', 10], ['opportunity', 5], ['customer', 5]],
  engaged: [['subscriber', 3], ['lead', 20], ['marketingqualifiedlead', 30], ['salesqualifiedlead', 22], ['opportunity', 15], ['customer', 10]],
};
const SOURCES: Weighted<string> = [
  ['ORGANIC_SEARCH', 28], ['PAID_SEARCH', 15], ['EMAIL_MARKETING', 10], ['SOCIAL_MEDIA', 10], ['REFERRALS', 8], ['DIRECT_TRAFFIC', 17], ['OFFLINE', 12],
];
const CONVERSIONS: Record<Segment, Weighted<readonly [number, number]>> = {
  cold: [[[0, 0], 55], [[1, 1], 35], [[2, 3], 10]],
  warm: [[[0, 0], 20], [[1, 2], 55], [[3, 5], 25]],
  engaged: [[[1, 2], 35], [[3, 6], 45], [[7, 14], 20]],
};
const FORMS: Record<Segment, Weighted<string>> = {
  cold: [['Ebook: State of RevOps', 30], ['Newsletter signup', 30], ['Webinar registration', 25], ['Contact us', 5], ['Demo request', 4], ['Pricing page contact', 6]],
  warm: [['Ebook: State of RevOps', 20], ['Webinar registration', 25], ['Free trial signup', 15], ['Contact us', 15], ['Demo request', 12], ['Pricing page contact', 13]],
  engaged: [['Demo request', 35], ['Pricing page contact', 25], ['Free trial signup', 15], ['Contact us', 10], ['Webinar registration', 15]],
};
const OWNED: Record<Segment, number> = { cold: 0.5, warm: 0.75, engaged: 0.92 };
const NOT_A_COMPANY = ['Self-employed', 'Freelance', 'N/A', '-', 'none', 'Student', 'Private'];

function pickOwner(rng: Rng, reps: readonly Rep[]): string {
  return rng.weighted(reps.map((r) => [r.ownerId, r.weight] as const));
}

/** Newer contacts are likelier to have been touched recently; the last modification follows creation. */
function lifetime(rng: Rng, nowMs: number, segment: Segment): { createdMs: number; modifiedMs: number } {
  const age = segment === 'engaged' ? Math.min(recentAgeMs(rng), recentAgeMs(rng)) : recentAgeMs(rng);
  const modifiedMs = Math.floor(nowMs - age);
  const span = rng.chance(0.3) ? rng.next() * 14 * DAY_MS : rng.next() * 2 * YEAR_MS;
  return { createdMs: Math.floor(modifiedMs - span), modifiedMs };
}

function conversions(rng: Rng, props: Props, segment: Segment, from: number, to: number): void {
  const [min, max] = rng.weighted(CONVERSIONS[segment]);
  const count = rng.int(min, max);
  if (count === 0) {
    props.num_conversion_events = rng.chance(0.5) ? '0' : null;
    props.recent_conversion_date = null;
    props.recent_conversion_event_name = null;
    return;
  }
  const first = between(rng, from, to);
  const recent = count === 1 ? first : between(rng, first, to);
  const firstName = rng.weighted(FORMS.cold);
  props.num_conversion_events = String(count);
  props.first_conversion_date = iso(first);
  props.first_conversion_event_name = firstName;
  props.recent_conversion_date = iso(recent);
  props.recent_conversion_event_name = count === 1 ? firstName : rng.weighted(FORMS[segment]);
}

function contactProps(ctx: ContactContext, person: Person, company: Company, segment: Segment, shape: EmailShape, times: { createdMs: number; modifiedMs: number }): { props: Props; ownerId: string | null } {
  const { rng } = ctx;
  const country = person.locale.country;
  const place = pickLocation(rng, country);
  const noCompany = person.emailKind !== 'business' && rng.chance(0.35);
  const ownerId = rng.chance(OWNED[segment]) ? pickOwner(rng, ctx.reps) : null;
  const props: Props = {
    email: messyEmail(rng, person.email, shape),
    firstname: rng.chance(0.02) ? null : messyName(rng, person.firstName),
    lastname: rng.chance(0.01) ? null : messyName(rng, person.lastName),
    phone: rng.chance(0.12) ? null : messyPhone(rng, country),
    mobilephone: rng.chance(0.15) ? randomNumber(rng, country).formatInternational() : null,
    company: noCompany ? (rng.chance(0.5) ? null : rng.pick(NOT_A_COMPANY)) : messyCompanyName(rng, company),
    website: noCompany ? null : messyWebsite(rng, company.domain, 'contact'),
    jobtitle: pickTitle(rng, person.locale.key),
    country: rng.chance(0.08) ? null : rng.weighted(person.locale.countryNames),
    state: place.state,
    city: rng.chance(0.1) ? null : place.city,
    industry: noCompany ? null : messyIndustry(rng, company),
    numemployees: noCompany ? null : messyHeadcount(rng, company.employees),
    lifecyclestage: rng.weighted(LIFECYCLE[segment]),
    hs_analytics_source: rng.weighted(SOURCES),
    hubspot_owner_id: ownerId,
  };
  conversions(rng, props, segment, times.createdMs, times.modifiedMs);
  return { props, ownerId };
}

/** A second record of an existing person: same address typed differently, newer, usually colder. */
function duplicate(ctx: ContactContext, original: ContactDraft, index: number, usedRaw: Set<string>): ContactDraft {
  const { rng } = ctx;
  const createdMs = between(rng, original.createdMs, ctx.nowMs);
  const times = { createdMs, modifiedMs: Math.max(createdMs, Math.floor(ctx.nowMs - recentAgeMs(rng))) };
  const shape: EmailShape = rng.chance(0.6) ? 'case' : 'whitespace';
  const { props, ownerId } = contactProps(ctx, original.person, original.company, 'cold', shape, times);
  // Each record must hold a distinct string, or it would not be a case/whitespace duplicate.
  let email = props.email ?? original.person.email;
  for (let pad = 1; usedRaw.has(email); pad += 1) email = `${' '.repeat(pad)}${original.person.email.toUpperCase()}`;
  usedRaw.add(email);
  props.email = email;
  if (rng.chance(0.6)) props.phone = original.props.phone ?? null;
  return { ...original, segment: 'cold', emailShape: shape, props, ...times, archived: false, ownerId, duplicateOf: index, mergedLosers: 0 };
}

/** HubSpot keeps one contact per address, so distinct people get distinct addresses. */
function uniqueAddress(rng: Rng, person: Person, used: Set<string>): void {
  while (used.has(person.email)) {
    const at = person.email.indexOf('@');
    person.email = `${person.email.slice(0, at)}${rng.int(2, 99)}${person.email.slice(at)}`;
  }
  used.add(person.email);
}

/**
 * Contact drafts without ids: ~3% duplicates of earlier contacts, ~1% merge winners (their losers are
 * allocated ids later and never listed), ~1% archived.
 */
export function draftContacts(ctx: ContactContext, count: number): ContactDraft[] {
  const { rng } = ctx;
  const drafts: ContactDraft[] = [];
  const usedEmails = new Set<string>();
  const usedRaw = new Set<string>();
  for (let i = 0; i < count; i += 1) {
    if (i >= 20 && rng.chance(0.03)) {
      const index = findDuplicable(rng, drafts);
      const original = index === null ? undefined : drafts[index];
      if (original && index !== null) {
        drafts.push(duplicate(ctx, original, index, usedRaw));
        continue;
      }
    }
    const company = pickCompany(rng, ctx.companies);
    const locale = rng.chance(0.85) ? company.locale : rng.weighted(LOCALE_WEIGHTS);
    const person = makePerson(rng, ctx.fakers.get(locale), locale, company);
    uniqueAddress(rng, person, usedEmails);
    const segment = rng.weighted(SEGMENTS);
    const emailShape = rng.weighted(EMAIL_SHAPES);
    const times = lifetime(rng, ctx.nowMs, segment);
    const { props, ownerId } = contactProps(ctx, person, company, segment, emailShape, times);
    if (props.email) usedRaw.add(props.email);
    const r = rng.next();
    const mergedLosers = r < 0.008 ? 1 : r < 0.011 ? 2 : 0;
    const archived = mergedLosers === 0 && rng.chance(0.01);
    drafts.push({ person, company, segment, emailShape, props, ...times, archived, ownerId, duplicateOf: null, mergedLosers });
  }
  return drafts;
}

function findDuplicable(rng: Rng, drafts: readonly ContactDraft[]): number | null {
  for (let attempt = 0; attempt < 5; attempt += 1) {
    const index = rng.int(0, drafts.length - 1);
    const d = drafts[index];
    if (d && d.duplicateOf === null && !d.archived && (d.emailShape === 'clean' || d.emailShape === 'case')) return index;
  }
  return null;
}
