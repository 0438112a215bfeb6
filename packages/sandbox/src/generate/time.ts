import type { Rng } from './random.js';

export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;
export const YEAR_MS = 365 * DAY_MS;

export function iso(ms: number): string {
  return new Date(ms).toISOString();
}

export function isoDate(ms: number): string {
  return iso(ms).slice(0, 10);
}

/** Start of the current UTC day: stable all day, so same-day runs give identical datasets and nothing lies ahead of the real clock. */
export function defaultNow(): Date {
  const today = new Date();
  return new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate()));
}

/**
 * Age of a contact's last modification. About 40% fall in the last 30 days (a first run with the default
 * 30-day lookback sees a real workload), the rest thin out towards a year.
 */
export function recentAgeMs(rng: Rng): number {
  if (rng.chance(0.4)) {
    // Within the month, the last week is busiest.
    return rng.chance(0.45) ? rng.next() * 7 * DAY_MS : (7 + rng.next() * 23) * DAY_MS;
  }
  // Squaring a uniform skews towards 30 days rather than 365.
  const u = rng.next();
  // Capped just inside a year so engagements logged before the last change stay within the past year.
  return (30 + u * u * 334) * DAY_MS;
}

/** Uniform instant in [from, to], whole milliseconds. */
export function between(rng: Rng, from: number, to: number): number {
  return Math.floor(from + rng.next() * Math.max(0, to - from));
}

/** An instant between `minDays` and `maxDays` before now, at any time of day. */
export function daysAgo(rng: Rng, nowMs: number, minDays: number, maxDays: number): number {
  return Math.floor(nowMs - (minDays + rng.next() * (maxDays - minDays)) * DAY_MS);
}
