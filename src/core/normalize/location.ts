import { createRequire } from 'node:module';
import countries from 'i18n-iso-countries';
import type { LocaleData } from 'i18n-iso-countries';
import { BoundedCache } from '../../lib/bounded-cache.js';
import { cleanText, lookupKey } from './text.js';

export { normalizeState } from './subdivision.js';

/**
 * Languages whose country names are recognised: people often type their own country in their own
 * language ("Deutschland", "Sverige", "日本"), so the main markets' languages are all loaded.
 */
const LANGUAGES = ['en', 'de', 'fr', 'es', 'it', 'nl', 'pt', 'sv', 'da', 'no', 'fi', 'pl', 'cs', 'tr', 'ru', 'ja', 'zh', 'ko'] as const;

/**
 * Spellings no locale file carries: constituent countries, colloquial and former names. Keys are
 * lookup keys (folded, dots dropped, so "U.S.A." and "usa" are the same key).
 */
const ALIASES: Readonly<Record<string, string>> = {
  america: 'US',
  'etats unis': 'US',
  britain: 'GB',
  england: 'GB',
  scotland: 'GB',
  wales: 'GB',
  'northern ireland': 'GB',
  holland: 'NL',
  korea: 'KR',
  'republic of ireland': 'IE',
  eire: 'IE',
  prc: 'CN',
  'mainland china': 'CN',
  'hong kong sar': 'HK',
  burma: 'MM',
  swaziland: 'SZ',
  macedonia: 'MK',
  vatican: 'VA',
  'vatican city': 'VA',
  oesterreich: 'AT',
  // Official long forms that the locale files leave out.
  'bundesrepublik deutschland': 'DE',
  'federal republic of germany': 'DE',
  'republique francaise': 'FR',
  'french republic': 'FR',
  'reino de espana': 'ES',
  'kingdom of spain': 'ES',
  'republik osterreich': 'AT',
  'schweizerische eidgenossenschaft': 'CH',
  'confederation suisse': 'CH',
  'swiss confederation': 'CH',
};

const require = createRequire(import.meta.url);

/** Every known name and code → alpha-2, built once. Names claimed by two countries are left out. */
function buildIndex(): ReadonlyMap<string, string> {
  const byName = new Map<string, string>();
  const ambiguous = new Set<string>();
  for (const lang of LANGUAGES) {
    countries.registerLocale(require(`i18n-iso-countries/langs/${lang}.json`) as LocaleData);
    for (const [code, names] of Object.entries(countries.getNames(lang, { select: 'all' }))) {
      for (const name of names) {
        const key = lookupKey(name);
        const known = byName.get(key);
        // "Congo" names two countries; guessing would silently route a contact to the wrong one.
        if (known !== undefined && known !== code) ambiguous.add(key);
        else byName.set(key, code);
      }
    }
  }
  for (const key of ambiguous) byName.delete(key);
  for (const [alias, code] of Object.entries(ALIASES)) byName.set(alias, code);
  // Codes win over names: "DE" is Germany, "IND" is India, whatever a locale calls anything.
  for (const [alpha3, alpha2] of Object.entries(countries.getAlpha3Codes())) {
    byName.set(alpha2.toLowerCase(), alpha2);
    byName.set(alpha3.toLowerCase(), alpha2);
  }
  // Not ISO, but what people write; "UK" is reserved for the United Kingdom in ISO 3166-1.
  byName.set('uk', 'GB');
  return byName;
}

const INDEX = buildIndex();
const LEADING_ARTICLE = /^the /;

/** Raw value → result. Distinct raw spellings are few, so the cache stays small; the bound guards junk. */
const cache = new BoundedCache<string, string | null>();

function resolve(value: string): string | null {
  const key = lookupKey(value);
  return INDEX.get(key) ?? INDEX.get(key.replace(LEADING_ARTICLE, '')) ?? null;
}

function countryCode(raw: string): string | null {
  const value = cleanText(raw);
  return value === null ? null : resolve(value);
}

/**
 * Country as typed → ISO 3166-1 alpha-2: alpha-2 and alpha-3 codes, names in the languages above
 * (official and common forms, with or without accents and dots: "U.S.A.", "Deutschland",
 * "États-Unis", "Países Bajos", "日本"), plus aliases such as England → GB and Holland → NL.
 * Unknown or ambiguous → null; the raw value stays in the properties.
 */
export function normalizeCountry(raw: string | null | undefined): string | null {
  if (raw == null) return null;
  return cache.getOrCompute(raw, countryCode);
}
