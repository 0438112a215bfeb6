import { isSupportedCountry, parsePhoneNumberFromString } from 'libphonenumber-js/max';
import type { CountryCode, PhoneNumber } from 'libphonenumber-js/max';
import type { NormalizedPhone } from '../../domain/types.js';
import { cleanText } from './text.js';

const DIGIT = /\d/;
// A trailing extension: "ext. 12", "extension 12", "x12", "#12".
const EXTENSION = /\s*(?:ext(?:ension)?\.?:?|x|#)\s*\d{1,7}#?$/i;
// Digits with the usual separators and at most a leading "+": the shape of nearly every stored number.
const PLAIN_NUMBER = /^\+?[\d\s().\-/]+$/;
const NOT_DIGIT_OR_PLUS = /[^\d+]/g;
const NOT_DIGIT = /\D/g;
// Full international numbers stored without their "+" ("4930123456789", "14155552671"): 11–15 digits.
const BARE_INTERNATIONAL = /^\d{11,15}$/;
// "00" + country code + number: the international call prefix of most countries, so an explicit mark.
const DIALLED_INTERNATIONAL = /^00(\d{8,15})$/;

/** The contact's country as a libphonenumber region, or undefined when it has no numbering plan. */
function region(country: string | null): CountryCode | undefined {
  if (country === null) return undefined;
  const code = country.toUpperCase();
  return isSupportedCountry(code) ? code : undefined;
}

/**
 * A number counts only when libphonenumber (full "max" metadata) says it is VALID, not merely
 * POSSIBLE. "Possible" only checks the length, so "(123) 456-7890" or "555-555-5555" would pass and
 * a wrong E.164 would land in Salesforce and in dialers; a rejected number keeps its original text,
 * which loses nothing.
 */
function parseValid(text: string, defaultRegion: CountryCode | undefined): PhoneNumber | undefined {
  try {
    const parsed = parsePhoneNumberFromString(text, defaultRegion);
    return parsed?.isValid() ? parsed : undefined;
  } catch {
    // The parser throws on a few malformed inputs; those are simply not phone numbers.
    return undefined;
  }
}

/**
 * The number without its extension and, when it is plain digits and separators, compacted to
 * digits: the parser reads the compact form about a third faster, and it is the bulk of the stage's
 * cost. Anything unusual (letters, "(0)" trunk prefixes, several "+") goes to the parser as typed.
 */
function prepare(text: string): { input: string; digits: string | null } {
  const withoutExtension = text.replace(EXTENSION, '');
  if (!PLAIN_NUMBER.test(withoutExtension) || withoutExtension.includes('(0)')) return { input: text, digits: null };
  const compact = withoutExtension.replace(NOT_DIGIT_OR_PLUS, '');
  // Only an extension-free number may be re-read as international below.
  const digits = withoutExtension === text ? compact.replace(NOT_DIGIT, '') : null;
  return { input: compact, digits: compact.startsWith('+') ? null : digits };
}

/**
 * E.164 for a free-text phone number, reading national formats with the contact's country as the
 * default region ("030 123456" in DE → +4930123456). International formats ("+44 …", "0044 …")
 * parse regardless of the country. Extensions ("ext. 12", "x12", "#12") are left out of the E.164
 * value. Unparseable input keeps only its original.
 */
export function normalizePhone(raw: string | null | undefined, defaultCountry: string | null): NormalizedPhone {
  const text = cleanText(raw);
  if (text === null) return { original: null, e164: null };
  const original = raw ?? null;
  if (!DIGIT.test(text)) return { original, e164: null };
  const { input, digits } = prepare(text);
  const defaultRegion = region(defaultCountry);
  // Without a region only a "+" number can be read; skipping the doomed attempt also skips the
  // error the parser throws and catches inside, which costs more than a successful parse.
  const parsed = defaultRegion !== undefined || input.includes('+') ? parseValid(input, defaultRegion) : undefined;
  if (parsed) return { original, e164: parsed.number };
  const international = digits === null ? undefined : internationalDigits(digits);
  const reread = international === undefined ? undefined : parseValid(`+${international}`, undefined);
  return { original, e164: reread?.number ?? null };
}

/**
 * Digits that read as a full international number once a "+" is put in front: "0044 20 7946 0958"
 * (dialled with the common "00" prefix) or "442079460958" (stored without its "+"). Only tried
 * after the national reading failed, so a valid national number is never re-read as foreign.
 */
function internationalDigits(digits: string): string | undefined {
  const dialled = DIALLED_INTERNATIONAL.exec(digits);
  if (dialled) return dialled[1];
  return BARE_INTERNATIONAL.test(digits) ? digits : undefined;
}
