import { createRequire } from 'node:module';
import { Buffer } from 'node:buffer';
import validator from 'validator';
import type { NormalizedEmail } from '../../domain/types.js';
import { cleanText } from './text.js';

// The domain lists are large JSON arrays (the disposable one has >100k entries). Loading them through
// require keeps them out of the type checker, and building the Sets once makes each lookup O(1).
const require = createRequire(import.meta.url);
const FREE_MAIL: ReadonlySet<string> = new Set(require('email-providers/all.json') as string[]);
const DISPOSABLE: ReadonlySet<string> = new Set(require('disposable-email-domains/index.json') as string[]);
// Services that hand out any subdomain ("anything.33mail.com"), so a parent-domain match counts.
const DISPOSABLE_PARENTS: ReadonlySet<string> = new Set(require('disposable-email-domains/wildcard.json') as string[]);

const MAILTO = /^mailto:/i;
const QUERY = /\?.*$/;
const ANGLE_ADDRESS = /<([^<>]*)>/;
// Quotes and brackets around the address, and sentence punctuation pasted after it.
const WRAPPING_START = /^["'`([{\s]+/;
const WRAPPING_END = /["'`)\]}\s.,;:]+$/;

/** True for throwaway-inbox domains, including subdomains of catch-all disposable services. */
export function isDisposableDomain(domain: string): boolean {
  if (DISPOSABLE.has(domain)) return true;
  for (let dot = domain.indexOf('.'); dot !== -1; dot = domain.indexOf('.', dot + 1)) {
    if (DISPOSABLE_PARENTS.has(domain.slice(dot + 1))) return true;
  }
  return false;
}

/** True for free consumer mailbox providers (gmail.com, web.de, yahoo.co.uk…). */
export function isFreeMailDomain(domain: string): boolean {
  return FREE_MAIL.has(domain);
}

// validator measures the byte lengths of an address by splitting its URI-encoded form into an
// array of characters, which made it most of this stage's cost; the same limits are checked below
// without allocating.
const EMAIL_OPTIONS = { ignore_max_length: true } as const;
const MAX_ADDRESS = 254;
const MAX_LOCAL_BYTES = 64;
const MAX_DOMAIN_BYTES = 254;
const MAX_LABEL = 63;

/** validator's length limits (RFC 5321): address, local part and domain in UTF-8 bytes, each label. */
function withinLengths(value: string): boolean {
  const at = value.lastIndexOf('@');
  const domain = value.slice(at + 1);
  return (
    value.length <= MAX_ADDRESS &&
    Buffer.byteLength(value.slice(0, at)) <= MAX_LOCAL_BYTES &&
    Buffer.byteLength(domain) <= MAX_DOMAIN_BYTES &&
    domain.split('.').every((label) => label.length <= MAX_LABEL)
  );
}

/** The bare address inside whatever a form or a CSV wrapped it in. */
function unwrap(value: string): string {
  let v = value;
  // "Jane Doe <jane@acme.com>" and "<jane@acme.com>": the angle address is the address.
  const angle = ANGLE_ADDRESS.exec(v);
  if (angle?.[1] !== undefined) v = angle[1];
  v = v.replace(WRAPPING_START, '');
  if (MAILTO.test(v)) v = v.slice('mailto:'.length).replace(QUERY, '');
  return v.replace(WRAPPING_END, '');
}

function empty(original: string | null, value: string | null): NormalizedEmail {
  return { original, value, valid: false, domain: null, freeMail: false, disposable: false };
}

/**
 * Cleans and classifies an email address. The value is lower-cased as a whole (mailbox providers
 * treat local parts case-insensitively in practice) but otherwise not rewritten: no Gmail dot or
 * "+tag" folding, because the value is written to Salesforce and must still reach the person.
 * `value` is kept even when invalid so people can see what was typed; `domain`, `freeMail` and
 * `disposable` are only set for valid addresses.
 */
export function normalizeEmail(raw: string | null | undefined): NormalizedEmail {
  const original = raw ?? null;
  const cleaned = cleanText(raw);
  if (cleaned === null) return empty(original, null);
  const value = unwrap(cleaned).toLowerCase();
  if (value === '') return empty(original, null);
  if (!validator.isEmail(value, EMAIL_OPTIONS) || !withinLengths(value)) return empty(original, value);
  const domain = value.slice(value.lastIndexOf('@') + 1);
  return {
    original,
    value,
    valid: true,
    domain,
    freeMail: isFreeMailDomain(domain),
    disposable: isDisposableDomain(domain),
  };
}
