import { createRequire } from 'node:module';
import countries from 'i18n-iso-countries';

const require = createRequire(import.meta.url);
const LANGS = ['en', 'de', 'fr', 'es', 'it', 'nl', 'pt', 'sv', 'ja'] as const;
for (const lang of LANGS) countries.registerLocale(require(`i18n-iso-countries/langs/${lang}.json`));

interface Subdivisions {
  country(code: string): { sub: Record<string, { type: string; name: string }> } | null;
}
const iso31662 = require('iso-3166-2') as Subdivisions;

/** Spellings no locale file has: abbreviations, constituent countries, old names. */
const ALIASES: Record<string, string> = {
  usa: 'US',
  'u.s.a.': 'US',
  'u.s.a': 'US',
  'u.s.': 'US',
  'u.s': 'US',
  us: 'US',
  america: 'US',
  'united states of america': 'US',
  uk: 'GB',
  'u.k.': 'GB',
  'great britain': 'GB',
  britain: 'GB',
  england: 'GB',
  scotland: 'GB',
  wales: 'GB',
  'northern ireland': 'GB',
  holland: 'NL',
  'the netherlands': 'NL',
  'south korea': 'KR',
  korea: 'KR',
  russia: 'RU',
  uae: 'AE',
  'czech republic': 'CZ',
  deutschland: 'DE',
  schweiz: 'CH',
  suisse: 'CH',
  españa: 'ES',
  méxico: 'MX',
  brasil: 'BR',
};

const cache = new Map<string, string | null>();

/** Country name, alpha-2 or alpha-3 code in several languages → ISO 3166-1 alpha-2. */
export function normalizeCountry(raw: string | null | undefined): string | null {
  if (!raw) return null;
  const key = raw.replace(/\s+/g, ' ').trim().toLowerCase();
  if (!key) return null;
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  let code: string | null = ALIASES[key] ?? null;
  if (!code && /^[a-z]{2}$/.test(key) && countries.isValid(key.toUpperCase())) code = key.toUpperCase();
  if (!code && /^[a-z]{3}$/.test(key)) code = countries.alpha3ToAlpha2(key.toUpperCase()) ?? null;
  if (!code) {
    const stripped = key.replace(/\./g, '');
    for (const lang of LANGS) {
      const found = countries.getAlpha2Code(stripped, lang);
      if (found) {
        code = found;
        break;
      }
    }
  }
  cache.set(key, code);
  return code;
}

const STATE_ABBREVIATIONS: Record<string, string> = { calif: 'CA', cali: 'CA', 'n.y.': 'NY', mass: 'MA', penn: 'PA', wash: 'WA', bavaria: 'BY' };
const subdivisionIndex = new Map<string, Map<string, string>>();

function indexFor(country: string): Map<string, string> {
  let idx = subdivisionIndex.get(country);
  if (idx) return idx;
  idx = new Map();
  const data = iso31662.country(country);
  for (const [code, sub] of Object.entries(data?.sub ?? {})) {
    const short = code.split('-')[1] ?? code;
    idx.set(short.toLowerCase(), short);
    idx.set(sub.name.toLowerCase(), short);
  }
  subdivisionIndex.set(country, idx);
  return idx;
}

/** State or province name or code → its ISO 3166-2 code without the country prefix ("California" → "CA"). */
export function normalizeState(raw: string | null | undefined, country: string | null): string | null {
  if (!raw) return null;
  const v = raw.replace(/\s+/g, ' ').trim();
  if (!v) return null;
  if (!country) return v;
  const key = v.toLowerCase().replace(/\.$/, '');
  const idx = indexFor(country);
  const alias = STATE_ABBREVIATIONS[key];
  if (alias && idx.has(alias.toLowerCase())) return alias;
  return idx.get(key) ?? idx.get(key.replace(/^state of /, '')) ?? v;
}
