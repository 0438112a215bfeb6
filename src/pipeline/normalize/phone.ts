import { parsePhoneNumberFromString } from 'libphonenumber-js';
import type { CountryCode } from 'libphonenumber-js';
import type { NormalizedPhone } from '../../domain/types.js';

const EXTENSION = /\s*(?:ext\.?|extension|x|#)\s*\d{1,6}\s*$/i;

/**
 * E.164 via libphonenumber-js, with the contact's country as the default region. A number must be
 * valid for its country (not merely possible), so "123" or "ask reception" keep only their original.
 */
export function normalizePhone(raw: string | null | undefined, defaultCountry: string | null): NormalizedPhone {
  const original = raw ?? null;
  if (!raw || !/\d/.test(raw)) return { original, e164: null };
  const cleaned = raw.replace(EXTENSION, '').trim();
  try {
    const parsed = parsePhoneNumberFromString(cleaned, (defaultCountry ?? undefined) as CountryCode | undefined);
    if (parsed && parsed.isValid()) return { original, e164: parsed.number };
  } catch {
    // libphonenumber throws on some malformed input; the original is kept below.
  }
  return { original, e164: null };
}
