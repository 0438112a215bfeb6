import { SfError } from './errors.js';
import type { FieldDef } from './fields.js';
import { DAY_MS, parseSfDateTime, startOfUtcDay } from './format.js';
import { normalizeId } from './ids.js';

/** A compiled literal: comparable scalar, null, or a half-open time range [start, end) for date/datetime fields. */
export type Literal =
  | { kind: 'null' }
  | { kind: 'scalar'; value: string | number | boolean }
  | { kind: 'range'; start: number; end: number };

const malformed = (message: string): SfError => new SfError(400, 'MALFORMED_QUERY', message);

/** Strips SOQL quotes and resolves escapes ("Quoted String Escape Sequences", SOQL and SOSL Reference). */
export function unquote(raw: string): string {
  const inner = raw.startsWith("'") && raw.endsWith("'") ? raw.slice(1, -1) : raw;
  return inner.replace(/\\(.)/g, (_m, ch: string) => {
    switch (ch) {
      case 'n':
        return '\n';
      case 't':
        return '\t';
      case 'r':
        return '\r';
      case 'b':
        return '\b';
      case 'f':
        return '\f';
      // \% and \_ stay escaped so LIKE can tell them from wildcards.
      case '%':
      case '_':
        return `\\${ch}`;
      default:
        return ch;
    }
  });
}

function monthStart(ms: number, deltaMonths: number): number {
  const d = new Date(ms);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + deltaMonths, 1);
}

/**
 * Date literals ("Date Formats and Date Literals", SOQL and SOSL Reference), relative to the sandbox clock;
 * the sandbox org's time zone is UTC and weeks start on Sunday (en_US locale).
 */
export function dateLiteralRange(literal: string, n: number | undefined, nowMs: number): { start: number; end: number } {
  const today = startOfUtcDay(nowMs);
  const days = n ?? 0;
  const weekStart = today - new Date(today).getUTCDay() * DAY_MS;
  const year = new Date(today).getUTCFullYear();
  switch (literal.toUpperCase()) {
    case 'TODAY':
      return { start: today, end: today + DAY_MS };
    case 'YESTERDAY':
      return { start: today - DAY_MS, end: today };
    case 'TOMORROW':
      return { start: today + DAY_MS, end: today + 2 * DAY_MS };
    case 'LAST_N_DAYS':
      return { start: today - days * DAY_MS, end: today + DAY_MS };
    case 'NEXT_N_DAYS':
      return { start: today + DAY_MS, end: today + (days + 1) * DAY_MS };
    case 'N_DAYS_AGO':
      return { start: today - days * DAY_MS, end: today - (days - 1) * DAY_MS };
    case 'LAST_90_DAYS':
      return { start: today - 90 * DAY_MS, end: today + DAY_MS };
    case 'NEXT_90_DAYS':
      return { start: today + DAY_MS, end: today + 91 * DAY_MS };
    case 'THIS_WEEK':
      return { start: weekStart, end: weekStart + 7 * DAY_MS };
    case 'LAST_WEEK':
      return { start: weekStart - 7 * DAY_MS, end: weekStart };
    case 'NEXT_WEEK':
      return { start: weekStart + 7 * DAY_MS, end: weekStart + 14 * DAY_MS };
    case 'THIS_MONTH':
      return { start: monthStart(today, 0), end: monthStart(today, 1) };
    case 'LAST_MONTH':
      return { start: monthStart(today, -1), end: monthStart(today, 0) };
    case 'NEXT_MONTH':
      return { start: monthStart(today, 1), end: monthStart(today, 2) };
    case 'THIS_YEAR':
      return { start: Date.UTC(year, 0, 1), end: Date.UTC(year + 1, 0, 1) };
    case 'LAST_YEAR':
      return { start: Date.UTC(year - 1, 0, 1), end: Date.UTC(year, 0, 1) };
    case 'NEXT_YEAR':
      return { start: Date.UTC(year + 1, 0, 1), end: Date.UTC(year + 2, 0, 1) };
    default:
      throw malformed(`date literal ${literal} is not supported by the sandbox`);
  }
}

const TEMPORAL = new Set(['date', 'datetime']);

/** Compiles one literal as the field's type expects it. */
export function compileLiteral(f: FieldDef, raw: string, literalType: string | undefined, n: number | undefined, nowMs: number): Literal {
  const type = literalType ?? 'STRING';
  if (type === 'NULL') return { kind: 'null' };
  if (type === 'DATE_LITERAL' || type === 'DATE_N_LITERAL') {
    if (!TEMPORAL.has(f.type)) throw malformed(`value of filter criterion for field '${f.name}' must be of type ${f.type}`);
    return { kind: 'range', ...dateLiteralRange(raw.split(':')[0] ?? raw, n, nowMs) };
  }
  if (TEMPORAL.has(f.type)) {
    const ms = parseSfDateTime(raw);
    if (ms === undefined || (type !== 'DATE' && type !== 'DATETIME')) {
      throw malformed(`value of filter criterion for field '${f.name}' must be of type ${f.type} and should not be enclosed in quotes`);
    }
    const dayRange = type === 'DATE' || f.type === 'date';
    return { kind: 'range', start: dayRange ? startOfUtcDay(ms) : ms, end: dayRange ? startOfUtcDay(ms) + DAY_MS : ms + 1 };
  }
  switch (f.type) {
    case 'boolean':
      if (type !== 'BOOLEAN') throw malformed(`value of filter criterion for field '${f.name}' must be of type boolean and should not be enclosed in quotes`);
      return { kind: 'scalar', value: raw.toUpperCase() === 'TRUE' };
    case 'double':
    case 'currency':
    case 'int': {
      const value = Number(raw);
      if (type === 'STRING' || Number.isNaN(value)) throw malformed(`value of filter criterion for field '${f.name}' must be of type ${f.type} and should not be enclosed in quotes`);
      return { kind: 'scalar', value };
    }
    case 'id':
    case 'reference': {
      const text = unquote(raw);
      const id = normalizeId(text);
      if (!id) throw new SfError(400, 'INVALID_QUERY_FILTER_OPERATOR', `invalid ID field: ${text}`);
      return { kind: 'scalar', value: id };
    }
    default:
      if (type !== 'STRING') throw malformed(`value of filter criterion for field '${f.name}' must be of type string and should be enclosed in quotes`);
      return { kind: 'scalar', value: unquote(raw).toLowerCase() };
  }
}
