/**
 * Salesforce wire formats. REST returns datetimes as `2026-01-01T00:00:00.000+0000` and dates as
 * `2026-01-01` ("Valid Date and DateTime Formats", SOQL and SOSL Reference). The sandbox org runs in UTC.
 */
export function sfDateTime(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '+0000');
}

export function sfDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}:?\d{2})?$/;

/** Parses an ISO date or datetime as Salesforce accepts it; undefined when invalid. */
export function parseSfDateTime(value: string): number | undefined {
  if (!DATE_ONLY.test(value) && !DATETIME.test(value)) return undefined;
  // Date.parse understands "+0000" only as "+00:00".
  const normalized = value.replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
  const withZone = DATE_ONLY.test(value) || /(?:Z|[+-]\d{2}:\d{2})$/.test(normalized) ? normalized : `${normalized}Z`;
  const ms = Date.parse(DATE_ONLY.test(value) ? `${value}T00:00:00Z` : withZone);
  return Number.isNaN(ms) ? undefined : ms;
}

export function startOfUtcDay(ms: number): number {
  const d = new Date(ms);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
}

export const DAY_MS = 86_400_000;
