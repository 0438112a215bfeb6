import type { Dialect } from '../../../domain/state.js';

/** Conversions between what the drivers return and the store's ISO-string / parsed-JSON shapes. */

/** Normalises to `YYYY-MM-DDTHH:mm:ss.sssZ`, which sorts as text in the same order as time. */
export function iso(value: string | number | Date): string {
  const date = value instanceof Date ? value : new Date(value);
  const ms = date.getTime();
  if (Number.isNaN(ms)) throw new RangeError(`Not a timestamp: ${String(value)}`);
  return date.toISOString();
}

export function isoOrNull(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  return iso(value as string | Date);
}

/** JSON text for a TEXT/JSON column; undefined is stored as SQL NULL. */
export function jsonText(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  return JSON.stringify(value);
}

export function parseJsonText(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  return JSON.parse(String(value)) as unknown;
}

export function str(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  throw new TypeError(`Expected text from the database, got ${typeof value}`);
}

export function strOrNull(value: unknown): string | null {
  return value === null || value === undefined ? null : str(value);
}

/** bigint columns come back as strings from pg and as numbers (or bigints) from node:sqlite. */
export function num(value: unknown): number {
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isFinite(n)) throw new TypeError(`Expected a number from the database, got ${String(value)}`);
  return n;
}

export function numOrNull(value: unknown): number | null {
  return value === null || value === undefined ? null : num(value);
}

/** A time column as epoch milliseconds, computed by the database (NULL stays NULL). */
export function epochMsSql(style: Dialect, column: string): string {
  // SQLite keeps ISO text; julianday() parses it to whole milliseconds internally, so rounding
  // the product gives them back exactly. PostgreSQL's EXTRACT(EPOCH) of a timestamptz is exact.
  return style === 'postgres' ? `(EXTRACT(EPOCH FROM ${column}) * 1000)::float8` : `CAST(ROUND((julianday(${column}) - 2440587.5) * 86400000.0) AS INTEGER)`;
}

