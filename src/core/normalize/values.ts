import { cleanText } from './text.js';

const NUMBER_TOKEN = /(\d(?:[\d.,']*\d)?)\s*(k|m|mio|million|thousand)?\b/i;
const THOUSANDS_GROUPED = /^\d{1,3}(?:[.,']\d{3})+$/;
const GROUP_SEPARATORS = /[.,']/g;
const DECIMAL_COMMA = /,/;
const MULTIPLIERS: Readonly<Record<string, number>> = { k: 1e3, thousand: 1e3, m: 1e6, mio: 1e6, million: 1e6 };

/**
 * Employee count from HubSpot's `numemployees`: a number ("250", "1,000", "1.000", "10k") or one of
 * its ranges ("51-200", "1000+"). A range yields its LOWER bound: it never overstates a company's
 * size, so a size-based route or score is only applied when the company certainly qualifies, and
 * "1000+" has no other number to offer anyway.
 */
export function parseEmployees(raw: string | null | undefined): number | null {
  const value = cleanText(raw);
  if (value === null) return null;
  const match = NUMBER_TOKEN.exec(value);
  const token = match?.[1];
  if (token === undefined) return null;
  const plain = THOUSANDS_GROUPED.test(token) ? token.replace(GROUP_SEPARATORS, '') : token.replace(DECIMAL_COMMA, '.');
  const unit = match?.[2]?.toLowerCase();
  const n = Number(plain) * (unit === undefined ? 1 : (MULTIPLIERS[unit] ?? 1));
  return Number.isFinite(n) ? Math.floor(n) : null;
}

/** A non-negative whole count ("3", "3.0"); anything else → 0. */
export function parseCount(raw: string | null | undefined): number {
  const n = Number(cleanText(raw) ?? 0);
  return Number.isFinite(n) && n > 0 ? Math.floor(n) : 0;
}

const DIGITS = /^\d+$/;
// ISO 8601 date or date-time. A date-time without an offset is read as UTC: reading it in the
// process's time zone would make the result depend on where the code runs.
const ISO_DATE = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)(Z|[+-]\d{2}:?\d{2})?)?$/i;
// Below this an epoch value is in seconds: in milliseconds it would be before March 1973.
const EPOCH_SECONDS_LIMIT = 1e11;

/**
 * HubSpot datetimes → ISO 8601 UTC: epoch milliseconds ("1714557600000"), epoch seconds from
 * imports, or ISO strings. Other formats ("05/01/2024") are ambiguous between locales → null.
 */
export function toIsoTimestamp(raw: string | null | undefined): string | null {
  const value = cleanText(raw);
  if (value === null) return null;
  let ms: number;
  if (DIGITS.test(value)) {
    const n = Number(value);
    ms = n < EPOCH_SECONDS_LIMIT ? n * 1000 : n;
  } else {
    const iso = ISO_DATE.exec(value);
    if (!iso) return null;
    const [, date, time, zone] = iso;
    ms = Date.parse(time === undefined ? `${date}T00:00:00Z` : `${date}T${time}${zone ?? 'Z'}`);
  }
  const d = new Date(ms);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

const ID_SEPARATORS = /[;,\s]+/;

/**
 * `hs_merged_object_ids` ("101;202") → the ids merged into this contact, without blanks,
 * duplicates or the contact's own id. HubSpot record ids are numeric; anything else is noise.
 */
export function parseMergedIds(raw: string | null | undefined, ownId: string): string[] {
  const value = cleanText(raw);
  if (value === null) return [];
  const ids = new Set<string>();
  for (const id of value.split(ID_SEPARATORS)) if (DIGITS.test(id) && id !== ownId) ids.add(id);
  return [...ids];
}
