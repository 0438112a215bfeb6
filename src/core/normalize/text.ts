import { sanitizeText } from '../../lib/text.js';

/**
 * Text clean-up shared by the normalizers. CRM values arrive through web forms, CSV imports and
 * copy-paste, so they carry invisible characters, non-breaking spaces, doubled whitespace and, now
 * and then, control characters (see lib/text.ts).
 */

// Zero-width space/joiners, word joiner, BOM and soft hyphen: invisible, yet they break equality.
const INVISIBLE = /[\u200B-\u200D\u2060\uFEFF\u00AD]/g;
// JS `\s` already covers NBSP (U+00A0), the U+2000 spaces, narrow NBSP and the ideographic space.
const WHITESPACE = /\s+/g;
const NEEDS_CLEANING = /[\u200B-\u200D\u2060\uFEFF\u00AD]|\s\s|[^\S ]/;
const NON_ASCII = /[^\p{ASCII}]/u;
const COMBINING_MARKS = /[\u0300-\u036F]/g;
const SHARP_S = /ß/g;

/** Removes controls and invisible characters, collapses whitespace and trims; blank → null. */
export function cleanText(raw: string | null | undefined): string | null {
  if (raw == null) return null;
  const safe = sanitizeText(raw);
  // Fast path: most values are already clean, and this runs for every property of every contact.
  const v = NEEDS_CLEANING.test(safe) ? safe.replace(INVISIBLE, '').replace(WHITESPACE, ' ').trim() : safe.trim();
  return v === '' ? null : v;
}

/**
 * Lower-case and strip diacritics ("Québec" → "quebec", "Straße" → "strasse") so lookups match
 * however a value was typed. Only for lookup keys; never shown to anyone.
 */
export function fold(value: string): string {
  const lower = value.toLowerCase();
  if (!NON_ASCII.test(lower)) return lower;
  return lower.normalize('NFD').replace(COMBINING_MARKS, '').replace(SHARP_S, 'ss');
}

const PUNCTUATION_RUN = /[^\p{L}\p{N}]+/gu;
const DOT = /\./g;

/**
 * A lookup key: folded, dots removed ("U.S.A." → "usa", "Calif." → "calif"), every other run of
 * punctuation or space turned into one space ("Korea, Republic of" → "korea republic of").
 */
export function lookupKey(value: string): string {
  return fold(value).replace(DOT, '').replace(PUNCTUATION_RUN, ' ').trim();
}

const LETTER = /\p{L}/u;

/** True when the value holds at least one letter in any script. */
export function hasLetter(value: string): boolean {
  return LETTER.test(value);
}
