import { DateTime } from 'luxon';

/**
 * A rep's working week on the sales floor: Monday to Friday, 09:00 to 17:00 in the User's
 * TimeZoneSidKey (no holidays). Every rep action falls inside it.
 */
export const OPEN_HOUR = 9;
export const CLOSE_HOUR = 17;
const MINUTE = 60_000;

const local = (ms: number, zone: string): DateTime => DateTime.fromMillis(ms, { zone });

export function isBusinessTime(ms: number, zone: string): boolean {
  const t = local(ms, zone);
  return t.weekday <= 5 && t.hour >= OPEN_HOUR && t.hour < CLOSE_HOUR;
}

/** The instant itself when it is in business hours, else the next opening. */
export function nextBusinessTime(ms: number, zone: string): number {
  let t = local(ms, zone);
  for (let i = 0; i < 8; i += 1) {
    if (t.weekday <= 5 && t.hour < CLOSE_HOUR) {
      const open = t.set({ hour: OPEN_HOUR, minute: 0, second: 0, millisecond: 0 });
      return Math.max(t.toMillis(), open.toMillis());
    }
    t = t.plus({ days: 1 }).set({ hour: 0, minute: 0, second: 0, millisecond: 0 });
  }
  throw new Error(`no business hours within a week of ${new Date(ms).toISOString()} in ${zone}`);
}

/** The instant `minutes` business minutes after `ms` (from the next opening when `ms` is outside hours). */
export function addBusinessMinutes(ms: number, minutes: number, zone: string): number {
  let at = nextBusinessTime(ms, zone);
  let left = Math.max(0, minutes) * MINUTE;
  for (;;) {
    const close = local(at, zone).set({ hour: CLOSE_HOUR, minute: 0, second: 0, millisecond: 0 }).toMillis();
    // Strictly inside the day: an action never lands on the closing minute itself.
    if (at + left < close) return Math.floor((at + left) / 1000) * 1000;
    left -= close - at;
    at = nextBusinessTime(close, zone);
  }
}

/** A business day's length in minutes, for expressing delays in days. */
export const BUSINESS_DAY_MINUTES = (CLOSE_HOUR - OPEN_HOUR) * 60;
