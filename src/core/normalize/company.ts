import { parse } from 'tldts';
import { isDisposableDomain, isFreeMailDomain } from './email.js';
import { cleanText, hasLetter, lookupKey } from './text.js';

/** What forms get when a company is required but the person has none. */
const PLACEHOLDERS: ReadonlySet<string> = new Set(['n a', 'na', 'none', 'null', 'unknown', 'not applicable', 'tbd']);
// "Not applicable." with its punctuation and spacing: no placeholder as typed is longer than this.
const PLACEHOLDER_MAX_LENGTH = 24;

/** Abbreviations whose final dot belongs to the name ("Acme Inc.", "Smith & Co."). */
const DOTTED_ABBREVIATIONS: ReadonlySet<string> = new Set([
  'inc', 'ltd', 'co', 'corp', 'bros', 'assoc', 'intl', 'mfg', 'plc', 'pty', 'pvt', 'cie', 'cia', 'ste', 'mbh',
]);

const NO_LETTER_OR_DIGIT = /^[^\p{L}\p{N}]*$/u;
const WRAPPING_QUOTES = /^["'“”„«»](.+)["'“”»]$/u;
const SPACE_BEFORE_COMMA = /\s+,/g;
const COMMA_BEFORE_WORD = /,(?=\p{L})/gu;
// "S. A.", "e. V.", "N. V." at the end → "S.A.", "e.V.", "N.V.": one spelling per legal form.
const SPACED_INITIALISM = /(?<=\s)(?:\p{L}\.\s)+\p{L}\.$/u;
const INNER_SPACE = /\s/g;
// "GmbH&Co.KG", "GmbH & Co.KG" → "GmbH & Co. KG".
const CO_KG = /\s*&\s*Co\.\s*KG\b/i;
const LEADING_PUNCTUATION = /^[\s,;:.\-–—*|/]+/;
// Not "!": it belongs to names such as "Yahoo!".
const TRAILING_PUNCTUATION = /[\s,;:\-–—*|/?_]+$/;
const TRAILING_DOTS = /\.{2,}$/;
const INITIALISM = /^(?:\p{L}\.)+$/u;

/** Drops a trailing dot unless it ends an abbreviation: "Acme Solutions." → no dot, "Acme Inc." keeps it. */
function trimTrailing(value: string): string {
  const v = value.replace(TRAILING_PUNCTUATION, '').replace(TRAILING_DOTS, '');
  if (!v.endsWith('.')) return v;
  const lastWord = v.slice(v.lastIndexOf(' ') + 1);
  if (INITIALISM.test(lastWord) || DOTTED_ABBREVIATIONS.has(lastWord.slice(0, -1).toLowerCase())) return v;
  return trimTrailing(v.slice(0, -1));
}

/**
 * Trims, collapses whitespace, strips wrapping quotes and stray trailing punctuation, and tidies the
 * spacing of legal suffixes ("Acme , Inc" → "Acme, Inc", "Foo S. A." → "Foo S.A.") while keeping
 * them: "Acme Inc" and "Acme" may be different legal entities. Casing is never changed (brands such
 * as "IBM" or "eBay" are deliberate). Placeholders ("n/a", "none", "-") → null.
 */
export function normalizeCompanyName(raw: string | null | undefined): string | null {
  let v = cleanText(raw);
  if (v === null) return null;
  v = WRAPPING_QUOTES.exec(v)?.[1]?.trim() ?? v;
  v = v.replace(SPACE_BEFORE_COMMA, ',').replace(COMMA_BEFORE_WORD, ', ').replace(CO_KG, ' & Co. KG');
  v = v.replace(SPACED_INITIALISM, (initials) => initials.replace(INNER_SPACE, ''));
  v = trimTrailing(v.replace(LEADING_PUNCTUATION, ''));
  // Every placeholder is short; a longer name need not be folded to be told apart from one.
  if (NO_LETTER_OR_DIGIT.test(v) || (v.length <= PLACEHOLDER_MAX_LENGTH && PLACEHOLDERS.has(lookupKey(v)))) return null;
  return v;
}

/**
 * Hosts that people paste as "the website" but that name no company of theirs: profile pages and
 * link shorteners. Their registrable domain would merge unrelated companies into one.
 */
const PLATFORM_DOMAINS: ReadonlySet<string> = new Set([
  'linkedin.com', 'xing.com', 'facebook.com', 'fb.com', 'instagram.com', 'twitter.com', 'x.com',
  'youtube.com', 'tiktok.com', 'linktr.ee', 'bit.ly', 'goo.gl', 'wa.me',
]);

// Private suffixes count ("acme.github.io", "shop.myshopify.com"): each is its own organisation.
const TLD_OPTIONS = { allowPrivateDomains: true } as const;
const LIST_SEPARATOR = /[\s,;|]+/;

/** Host and registrable domain of a URL or host; IPs, bare hosts ("localhost") and platforms → null. */
function parseDomain(value: string | null | undefined): { host: string; domain: string } | null {
  const v = cleanText(value);
  if (v === null || !hasLetter(v)) return null;
  // "acme.com, acme.de": the first one is the main site.
  const first = v.toLowerCase().split(LIST_SEPARATOR)[0] ?? '';
  const { hostname, domain, isIp } = parse(first, TLD_OPTIONS);
  if (isIp === true || hostname === null || domain === null || PLATFORM_DOMAINS.has(domain)) return null;
  return { host: hostname, domain };
}

/** Registrable domain of a URL or host; IPs, bare hosts ("localhost") and platforms → null. */
export function registrableDomain(value: string | null | undefined): string | null {
  return parseDomain(value)?.domain ?? null;
}

/** Free-mail and disposable mailbox providers: an address or a website there names no employer. */
function isMailboxProvider(domain: string): boolean {
  return isFreeMailDomain(domain) || isDisposableDomain(domain);
}

/**
 * Registrable domain of a website or an email domain when it can name an organisation: as
 * `registrableDomain`, and also null for free-mail and disposable providers ("gmail.com",
 * "mailinator.com"). Accounts are indexed, and contacts matched to them, by this domain only.
 */
export function orgDomain(value: string | null | undefined): string | null {
  const parsed = parseDomain(value);
  if (parsed === null || isMailboxProvider(parsed.host) || isMailboxProvider(parsed.domain)) return null;
  return parsed.domain;
}

/**
 * The company's domain: from its website ("https://www.acme.co.uk/about" → "acme.co.uk"), else
 * from the contact's email when that is a business address. Free-mail and disposable domains say
 * nothing about the employer, so they never count.
 */
export function companyDomain(
  website: string | null | undefined,
  emailDomain: string | null,
  freeMail: boolean,
): string | null {
  return registrableDomain(website) ?? (freeMail ? null : orgDomain(emailDomain));
}
