import { createRequire } from 'node:module';
import { BoundedCache } from '../../lib/bounded-cache.js';
import { SUBDIVISION_ALIASES } from './subdivision-aliases.js';
import { cleanText, lookupKey } from './text.js';

/** The part of the iso-3166-2 package used here (the package ships no types). */
interface SubdivisionData {
  country(code: string): { sub: Record<string, { type: string; name: string }> } | null;
}

const require = createRequire(import.meta.url);
const iso31662 = require('iso-3166-2') as SubdivisionData;

/** Per country: lookup key (code, name or alias) → subdivision code. Built on first use. */
const indexes = new BoundedCache<string, ReadonlyMap<string, string>>();

function buildIndex(country: string): ReadonlyMap<string, string> {
  const index = new Map<string, string>();
  const subdivisions = Object.entries(iso31662.country(country)?.sub ?? {});
  const heads: [string, string][] = [];
  for (const [isoCode, { name }] of subdivisions) {
    const code = isoCode.slice(isoCode.indexOf('-') + 1);
    index.set(lookupKey(name), code);
    // The data lists some names inverted ("Madrid, Comunidad de", "Bristol, City of"); people
    // write them the other way round, or just the head ("Bristol").
    const comma = name.indexOf(', ');
    if (comma > 0) {
      index.set(lookupKey(`${name.slice(comma + 2)} ${name.slice(0, comma)}`), code);
      heads.push([lookupKey(name.slice(0, comma)), code]);
    }
  }
  // A head only where no subdivision has that very name (the province of Madrid keeps "Madrid").
  for (const [head, code] of heads) if (!index.has(head)) index.set(head, code);
  for (const [alias, code] of Object.entries(SUBDIVISION_ALIASES[country] ?? {})) index.set(alias, code);
  // Codes last: a typed code ("CA", "ON", "BY") always means that code, never a look-alike name.
  for (const [isoCode] of subdivisions) {
    const code = isoCode.slice(isoCode.indexOf('-') + 1);
    index.set(code.toLowerCase(), code);
  }
  return index;
}

function indexFor(country: string): ReadonlyMap<string, string> {
  return indexes.getOrCompute(country, buildIndex);
}

const ALPHA2 = /^[A-Z]{2}$/;
const STATE_OF = /^(?:state of|province of|provincia de|estado de|land|canton of|canton de) /;

/**
 * A state, province or Land, as typed, → its ISO 3166-2 code without the country prefix:
 * "California", "calif.", "CA" and "US-CA" → "CA" for US; "Ontario" → "ON"; "Bayern" or "Bavaria"
 * → "BY". Needs the contact's ISO country, since "CA" or "Georgia" mean different things elsewhere.
 * Anything unresolvable → null; the raw value stays available in the contact's properties.
 */
export function normalizeState(raw: string | null | undefined, country: string | null): string | null {
  const value = cleanText(raw);
  const iso = country?.toUpperCase();
  if (value === null || iso === undefined || !ALPHA2.test(iso)) return null;
  const index = indexFor(iso);
  const key = lookupKey(value);
  const direct = index.get(key);
  if (direct !== undefined) return direct;
  // "US-CA", "US CA": an ISO 3166-2 code typed with its prefix.
  const prefix = `${iso.toLowerCase()} `;
  if (key.startsWith(prefix)) return index.get(key.slice(prefix.length)) ?? null;
  return index.get(key.replace(STATE_OF, '')) ?? null;
}
