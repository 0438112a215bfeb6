import { createRequire } from 'node:module';
import validator from 'validator';
import type { NormalizedEmail } from '../../domain/types.js';

const require = createRequire(import.meta.url);
// Lists kept by maintained packages, loaded once into Sets.
const FREE = new Set<string>((require('email-providers/all.json') as string[]).map((d) => d.toLowerCase()));
const DISPOSABLE = new Set<string>((require('disposable-email-domains/index.json') as string[]).map((d) => d.toLowerCase()));

// Zero-width characters and non-breaking spaces arrive from copy-paste and form autofill.
const INVISIBLE = /[\u200B-\u200D\uFEFF\u00A0]/g;

/** Trim, strip `mailto:` and angle brackets, lowercase and validate; the original is kept. */
export function normalizeEmail(raw: string | null | undefined): NormalizedEmail {
  const original = raw ?? null;
  if (!raw) return { original, value: null, valid: false, domain: null, freeMail: false, disposable: false };
  let v = raw.replace(INVISIBLE, ' ').trim();
  v = v.replace(/^mailto:/i, '').replace(/^<(.*)>$/, '$1').trim().toLowerCase();
  if (!v) return { original, value: null, valid: false, domain: null, freeMail: false, disposable: false };
  const valid = validator.isEmail(v, { allow_utf8_local_part: true, require_tld: true });
  const at = v.lastIndexOf('@');
  const domain = at > 0 ? v.slice(at + 1) : null;
  return {
    original,
    value: v,
    valid,
    domain,
    freeMail: domain !== null && FREE.has(domain),
    disposable: domain !== null && DISPOSABLE.has(domain),
  };
}
