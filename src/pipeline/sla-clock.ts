import Holidays from 'date-holidays';
import { DateTime } from 'luxon';
import type { SlaCalendar } from '../config/sla.js';

const holidayCache = new Map<string, boolean>();
const calendars = new Map<string, Holidays>();

/** Public holidays from date-holidays (cached per country, state and day), plus the calendar's extra days. */
function isHoliday(day: DateTime, cal: SlaCalendar): boolean {
  const date = day.toISODate() ?? '';
  if (cal.holidays.extra.includes(date)) return true;
  const country = cal.holidays.country;
  if (!country) return false;
  const key = `${country}|${cal.holidays.state ?? ''}|${date}`;
  const hit = holidayCache.get(key);
  if (hit !== undefined) return hit;
  const ck = `${country}|${cal.holidays.state ?? ''}`;
  let hd = calendars.get(ck);
  if (!hd) {
    hd = cal.holidays.state ? new Holidays(country, cal.holidays.state) : new Holidays(country);
    calendars.set(ck, hd);
  }
  // Ask about local noon so the holiday's own time zone can't shift it to a neighbouring day.
  const found = hd.isHoliday(new Date(`${date}T12:00:00`));
  const result = Array.isArray(found) && found.some((h) => h.type === 'public');
  holidayCache.set(key, result);
  return result;
}

function at(day: DateTime, hhmm: string): DateTime {
  const [h, m] = hhmm.split(':').map(Number);
  return day.set({ hour: h ?? 0, minute: m ?? 0, second: 0, millisecond: 0 });
}

/**
 * When an SLA of `businessHours` that starts at `start` runs out, counting only working hours on
 * working days that aren't holidays, in `timeZone` (the owner's or team's; the calendar's by default).
 * Friday 17:55 with 4 hours and a 09:00–17:00 week is due Monday 13:00, not Friday night.
 */
export function slaDue(start: Date, businessHours: number, cal: SlaCalendar, timeZone?: string): Date {
  const zone = timeZone ?? cal.timeZone;
  let t: DateTime = DateTime.fromJSDate(start, { zone });
  if (!t.isValid) t = DateTime.fromJSDate(start, { zone: cal.timeZone });
  let remaining = Math.round(businessHours * 60 * 60_000);
  for (let guard = 0; guard < 3660; guard++) {
    const day = t.startOf('day');
    const open = at(day, cal.hours.start);
    const close = at(day, cal.hours.end);
    const working = cal.workingDays.includes(day.weekday) && !isHoliday(day, cal);
    if (!working || t >= close) {
      t = at(day.plus({ days: 1 }), cal.hours.start);
      continue;
    }
    if (t < open) t = open;
    const available = close.toMillis() - t.toMillis();
    if (remaining <= available) return t.plus({ milliseconds: remaining }).toJSDate();
    remaining -= available;
    t = at(day.plus({ days: 1 }), cal.hours.start);
  }
  throw new RangeError('SLA calendar has no working time within ten years');
}
