/** Lower-case particles inside a name (not at its start). */
const PARTICLES = new Set(['van', 'der', 'den', 'de', 'del', 'della', 'di', 'da', 'dos', 'das', 'du', 'la', 'le', 'von', 'zu', 'bin', 'ibn', 'al', 'y', 'ten', 'ter']);
const ROMAN = /^(ii|iii|iv|vi|vii|viii|ix)$/i;

function capitalize(part: string): string {
  if (!part) return part;
  if (ROMAN.test(part)) return part.toUpperCase();
  // O'Brien, D'Angelo
  const apos = /^([a-z])'([a-z].*)$/i.exec(part);
  if (apos) return `${apos[1]?.toUpperCase()}'${capitalize(apos[2] ?? '')}`;
  // McDonald (Mac is left alone: Mack, Macy, Macias are not Mac-prefixed)
  const mc = /^mc([a-z])(.*)$/i.exec(part);
  if (mc) return `Mc${mc[1]?.toUpperCase()}${mc[2]?.toLowerCase()}`;
  // Initials: j.r.r. → J.R.R.
  if (/^([a-z]\.)+$/i.test(part)) return part.toUpperCase();
  return part.charAt(0).toUpperCase() + part.slice(1).toLowerCase();
}

/**
 * Trims and collapses whitespace; re-cases a name only when it arrived all lower-case or all
 * upper-case, so deliberate casing ("deMarco", "McKenzie") is never mangled.
 */
export function normalizeName(raw: string | null | undefined): string | null {
  if (!raw) return null;
  const v = raw.replace(/[\u00A0\u200B-\u200D\uFEFF]/g, ' ').replace(/\s+/g, ' ').trim();
  if (!v) return null;
  const letters = v.replace(/[^\p{L}]/gu, '');
  const allLower = letters === letters.toLowerCase();
  const allUpper = letters === letters.toUpperCase();
  if (!(allLower || allUpper) || letters.length === 0) return v;
  return v
    .split(' ')
    .map((word, i) =>
      PARTICLES.has(word.toLowerCase()) && i > 0
        ? word.toLowerCase()
        : word
            .split('-')
            .map((p) => capitalize(p))
            .join('-'),
    )
    .join(' ');
}
