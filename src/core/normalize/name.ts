import { cleanText, hasLetter } from './text.js';

/**
 * Surname particles written in lower case inside a full name ("Ludwig van der Rohe"). They are
 * lowered only between two words: first ("Van der Berg" as a bare surname) and last ("Anh Le", where
 * Le is the Vietnamese surname) keep a capital. Single letters ("y", "e") are left out on purpose:
 * in "JOHN E SMITH" the E is an initial.
 */
const PARTICLES: ReadonlySet<string> = new Set([
  'van', 'von', 'der', 'den', 'de', 'del', 'della', 'dei', 'di', 'da', 'das', 'dos', 'du',
  'la', 'le', 'zu', 'zur', 'bin', 'binti', 'ibn', 'ten', 'ter',
]);

/** Generational suffixes; after the first word only, so the given name "Vi" stays a name. */
const ROMAN: ReadonlySet<string> = new Set(['ii', 'iii', 'iv', 'vi', 'vii', 'viii', 'ix']);

/** Post-nominals that people type into name fields, in their conventional casing. */
const POST_NOMINALS: ReadonlyMap<string, string> = new Map([
  ['phd', 'PhD'],
  ['md', 'MD'],
  ['mba', 'MBA'],
  ['cpa', 'CPA'],
]);

// "j.r.r." / "j.r.r" / "j." — initials are all capitals.
const INITIALS = /^(?:\p{L}\.)+\p{L}?$/u;
// One letter, then an apostrophe: O'Brien, D'Angelo, L'Écuyer. Straight or typographic apostrophe.
const ELIDED_PREFIX = /^(\p{L})(['’])(\p{L}.*)$/u;
// Mc is always a prefix. Mac is deliberately NOT handled: Mack, Macy, Macias, Machado are whole
// names, and "Macdonald" is itself a correct spelling, so guessing would mangle more than it fixes.
const MC_PREFIX = /^mc(\p{L}{2,})$/u;
const ARABIC_ARTICLE = /^al-(?=\p{L})/u;

function capitalize(segment: string): string {
  const elided = ELIDED_PREFIX.exec(segment);
  if (elided) return `${elided[1]?.toUpperCase()}${elided[2]}${capitalize(elided[3] ?? '')}`;
  const mc = MC_PREFIX.exec(segment);
  if (mc) return `Mc${capitalize(mc[1] ?? '')}`;
  return segment.charAt(0).toUpperCase() + segment.slice(1);
}

/** Each part of a double-barrelled name gets its own capital: Jean-Luc, Smith-Jones. */
function capitalizeHyphenated(word: string): string {
  return word.includes('-') ? word.split('-').map(capitalize).join('-') : capitalize(word);
}

/** Re-cases one already lower-cased word of a name. */
function recaseWord(word: string, index: number, count: number): string {
  const inner = index > 0 && index < count - 1;
  if (inner && PARTICLES.has(word)) return word;
  if (index > 0) {
    if (ROMAN.has(word)) return word.toUpperCase();
    const postNominal = POST_NOMINALS.get(word);
    if (postNominal !== undefined) return postNominal;
    // "al-" is the article of the next word: lower case after the first word (Omar al-Rashid).
    if (ARABIC_ARTICLE.test(word)) return `al-${capitalizeHyphenated(word.slice(3))}`;
  }
  if (INITIALS.test(word)) return word.toUpperCase();
  return capitalizeHyphenated(word);
}

/**
 * Trims and collapses whitespace, and re-cases a name only when it arrived all lower-case or all
 * upper-case: mixed casing ("deMarco", "McKenzie", "van Gogh") is someone's deliberate spelling and
 * is never touched. A value without any letter ("-", ".", "123") is a placeholder, so → null.
 */
export function normalizeName(raw: string | null | undefined): string | null {
  const value = cleanText(raw);
  if (value === null || !hasLetter(value)) return null;
  const lower = value.toLowerCase();
  // ß has no one-letter upper case in toUpperCase() ("SS"), and Caps Lock leaves it as ß: "GROßMANN" is all caps.
  const capital = value.replace(/ß/g, 'ẞ');
  if (value !== lower && capital !== capital.toUpperCase()) return value;
  const words = lower.split(' ');
  return words.map((word, i) => recaseWord(word, i, words.length)).join(' ');
}
