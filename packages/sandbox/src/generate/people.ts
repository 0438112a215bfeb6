import type { Faker } from '@faker-js/faker';
import type { Company } from './companies.js';
import type { LocaleKey, LocaleSpec } from './locales.js';
import { DISPOSABLE_MAIL, GLOBAL_FREE_MAIL } from './locales.js';
import type { Rng } from './random.js';
import { slug } from './text.js';

export type EmailKind = 'business' | 'free' | 'disposable';

export interface Person {
  locale: LocaleSpec;
  firstName: string;
  lastName: string;
  /** Lowercase, valid address: what a normalizer should arrive at. */
  email: string;
  emailKind: EmailKind;
}

/** Surname shapes with particles and prefixes, per locale: [share of people, how to build the surname]. */
const PARTICLES: Partial<Record<LocaleKey, readonly [number, (last: string, rng: Rng) => string]>> = {
  en_US: [0.04, (_l, rng) => rng.pick(["O'Brien", "O'Connor", 'McDonald', 'MacLeod', 'McKenzie', "O'Neill", 'DeVito', 'Van Buren'])],
  en_GB: [0.05, (_l, rng) => rng.pick(["O'Brien", 'McDonald', 'MacLeod', "O'Sullivan", 'McAllister', 'St. John'])],
  en_AU: [0.03, (_l, rng) => rng.pick(["O'Connor", 'McDonald', "O'Keefe"])],
  nl: [0.3, (l, rng) => `${rng.pick(['van', 'van der', 'de', 'van den', 'ten', 'van de'])} ${l}`],
  de: [0.03, (l, rng) => `${rng.pick(['von', 'von der', 'zu'])} ${l}`],
  fr: [0.05, (l, rng) => `${rng.pick(['de', 'de la', 'Le', 'du'])} ${l}`],
  es: [0.06, (l, rng) => rng.pick([`de la ${l}`, `del ${l}`, `${l} de la Fuente`, `de ${l}`])],
  pt_BR: [0.1, (l, rng) => rng.pick([`da Silva`, 'dos Santos', `de Oliveira`, `${l} da Costa`])],
  it: [0.05, (l, rng) => rng.pick([`De ${l}`, `Di ${l}`, "D'Angelo", 'Dell\'Acqua'])],
};

function localPart(rng: Rng, faker: Faker, first: string, last: string, kind: EmailKind): string {
  const f = slug(first);
  const l = slug(last);
  // Non-Latin names: mailbox names are romanized or arbitrary, as Faker's own usernames are.
  if (!f || !l) return slug(faker.internet.username()) || `user${rng.int(100, 9999)}`;
  if (kind === 'business') {
    const r = rng.next();
    if (r < 0.45) return `${f}.${l}`;
    if (r < 0.6) return `${f.charAt(0)}${l}`;
    if (r < 0.7) return f;
    if (r < 0.78) return `${f}${l}`;
    if (r < 0.84) return `${f.charAt(0)}.${l}`;
    if (r < 0.9) return `${f}_${l}`;
    if (r < 0.93) return `${l}.${f}`;
    return rng.pick(['info', 'sales', 'contact', 'office', 'marketing', 'hello']);
  }
  const r = rng.next();
  const year = String(rng.int(1965, 2004));
  if (r < 0.3) return `${f}.${l}`;
  if (r < 0.5) return `${f}${l}${rng.int(1, 99)}`;
  if (r < 0.65) return `${f}.${l}${year.slice(2)}`;
  if (r < 0.75) return `${f.charAt(0)}${l}${year}`;
  if (r < 0.85) return `${f}_${l}`;
  return `${f.charAt(0)}${l}${rng.int(1, 999)}`;
}

/** A person at a company (or at home: students, freelancers and gated-content tourists use free mail). */
export function makePerson(rng: Rng, faker: Faker, locale: LocaleSpec, company: Company): Person {
  const sex = rng.chance(0.5) ? 'female' : 'male';
  const firstName = faker.person.firstName(sex);
  let lastName = faker.person.lastName(sex);
  const particle = PARTICLES[locale.key];
  if (particle && rng.chance(particle[0])) lastName = particle[1](lastName, rng);
  const r = rng.next();
  const emailKind: EmailKind = r < 0.7 ? 'business' : r < 0.975 ? 'free' : 'disposable';
  const domain =
    emailKind === 'business'
      ? company.emailDomain
      : emailKind === 'disposable'
        ? rng.pick(DISPOSABLE_MAIL)
        : locale.freeMail.length > 0 && rng.chance(0.35)
          ? rng.pick(locale.freeMail)
          : rng.weighted(GLOBAL_FREE_MAIL);
  const email = `${localPart(rng, faker, firstName, lastName, emailKind)}@${domain}`;
  return { locale, firstName, lastName, email, emailKind };
}

/** A name as stored: mostly as typed, some shouted, some lower-cased, stray spaces. */
export function messyName(rng: Rng, value: string): string {
  const r = rng.next();
  if (r < 0.03) return value.toUpperCase();
  if (r < 0.07) return value.toLowerCase();
  if (r < 0.085) return ` ${value}`;
  if (r < 0.1) return `${value}  `;
  if (r < 0.11 && value.includes(' ')) return value.replace(' ', '  ');
  return value;
}

/** Addresses that fail validation; forms without validation collect them. */
const INVALID: readonly ((local: string, domain: string) => string)[] = [
  (l) => `${l}@`,
  () => 'n/a',
  () => 'none',
  (l, d) => `${l}@${d.split('.')[0] ?? d}`,
  (l, d) => `${l.replace('.', ' ')}@${d}`,
  (l, d) => `${l}@@${d}`,
  (l, d) => `${l}${d}`,
  () => 'test',
];

export type EmailShape = 'clean' | 'case' | 'whitespace' | 'invalid' | 'missing';

/** The email field as stored in HubSpot, from the person's clean address. */
export function messyEmail(rng: Rng, email: string, shape: EmailShape): string | null {
  const at = email.indexOf('@');
  const local = email.slice(0, at);
  const domain = email.slice(at + 1);
  switch (shape) {
    case 'clean':
      return email;
    case 'missing':
      return null;
    case 'invalid':
      return rng.pick(INVALID)(local, domain);
    case 'case':
      return strayCase(rng, email);
    case 'whitespace': {
      const cased = rng.chance(0.5) ? strayCase(rng, email) : email;
      return rng.pick([` ${cased} `, `${cased} `, ` ${cased}`, `${cased}\t`]);
    }
  }
}

export function strayCase(rng: Rng, email: string): string {
  const at = email.indexOf('@');
  const local = email.slice(0, at);
  const domain = email.slice(at + 1);
  const r = rng.next();
  if (r < 0.2) return email.toUpperCase();
  const titled = local.replace(/(^|[._-])([a-z])/g, (_m, sep: string, ch: string) => sep + ch.toUpperCase());
  const dot = domain.lastIndexOf('.');
  const host = domain.slice(0, dot);
  const tld = domain.slice(dot);
  const messyDomain = r < 0.6 ? `${host.charAt(0).toUpperCase()}${host.slice(1)}${tld.toUpperCase()}` : domain;
  return `${titled === local ? local.toUpperCase() : titled}@${messyDomain}`;
}
