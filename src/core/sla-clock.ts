import Holidays from 'date-holidays';
import { DateTime, IANAZone } from 'luxon';
import type { SlaCalendar, SlaConfig } from '../config/sla.js';
import { BoundedCache } from '../lib/bounded-cache.js';

// Public holiday dates ("YYYY-MM-DD", local to the country) per country, state and year. Holiday
// rules don't change while the process runs, so this memo never needs invalidating.
const publicHolidays = new BoundedCache<string, ReadonlySet<string>>();
const extraDays = new WeakMap<SlaCalendar, ReadonlySet<string>>();

function holidaysOf(calendar: SlaCalendar, country: string, year: number): ReadonlySet<string> {
  const { state, except } = calendar.holidays;
  const key = `${country}|${state ?? ''}|${year}|${except.join('|')}`;
  return publicHolidays.getOrCompute(key, () => publicHolidaysOf(country, state, except, year));
}

function publicHolidaysOf(country: string, state: string | undefined, except: readonly string[], year: number): ReadonlySet<string> {
  // English names, so `except` reads the same for every country.
  const hd = state === undefined ? new Holidays(country, { languages: ['en'] }) : new Holidays(country, state, { languages: ['en'] });
  const worked = except.map((n) => n.toLowerCase());
  const found = new Set<string>();
  for (const h of hd.getHolidays(year) || []) {
    // Bank holidays and observances (e.g. Christmas Eve afternoon in Germany) leave sales working.
    if (h.type !== 'public') continue;
    // "Independence Day (substitute day)" follows "Independence Day".
    const name = h.name.toLowerCase();
    if (worked.some((w) => name === w || name.startsWith(`${w} (`))) continue;
    const first = DateTime.fromISO(h.date.slice(0, 10));
    const span = Math.max(1, Math.round((h.end.getTime() - h.start.getTime()) / 86_400_000));
    for (let d = 0; d < span; d++) found.add(first.plus({ days: d }).toISODate() ?? '');
  }
  return found;
}

/** Whether a local day is closed: a public holiday of the calendar's country (less `except`), or an extra closed day. */
export function isHoliday(day: DateTime, calendar: SlaCalendar): boolean {
  const date = day.toISODate() ?? '';
  let extra = extraDays.get(calendar);
  if (extra === undefined) {
    extra = new Set(calendar.holidays.extra);
    extraDays.set(calendar, extra);
  }
  if (extra.has(date)) return true;
  const { country } = calendar.holidays;
  return country !== undefined && holidaysOf(calendar, country, day.year).has(date);
}

function at(day: DateTime, hhmm: string): DateTime {
  const [h = 0, m = 0] = hhmm.split(':').map(Number);
  return day.set({ hour: h, minute: m, second: 0, millisecond: 0 });
}

// More than any real calendar needs to find its next open day; stops a pathological one from spinning.
const MAX_DAYS = 3660;

/**
 * When an SLA of `businessHours` that starts at `start` runs out, counting only opening hours on
 * working days that aren't holidays, read in `timeZone` (the team's or owner's; the calendar's when
 * that zone is unknown). Time is counted as it elapses, so a DST change costs or adds nothing.
 * A start outside opening hours starts at the next opening: Friday 17:55 plus 4 hours on a
 * 09:00–17:00 week is due Monday 13:00.
 */
export function slaDue(start: Date, businessHours: number, calendar: SlaCalendar, timeZone: string): Date {
  // Every handoff of a cycle shares its start, so the same few answers are asked for thousands of
  // times: remember them (per calendar object, so a changed configuration never sees stale ones).
  let memo = dueMemo.get(calendar);
  if (!memo) {
    memo = new BoundedCache();
    dueMemo.set(calendar, memo);
  }
  const key = `${start.getTime()}|${businessHours}|${timeZone}`;
  return new Date(memo.getOrCompute(key, () => computeDue(start, businessHours, calendar, timeZone).getTime()));
}

const dueMemo = new WeakMap<SlaCalendar, BoundedCache<string, number>>();
const zoneValidity = new BoundedCache<string, boolean>();

/** luxon builds an Intl formatter to check a zone name; checking once per name is enough. */
export function isValidZone(name: string): boolean {
  return zoneValidity.getOrCompute(name, (zone) => IANAZone.isValidZone(zone));
}

function computeDue(start: Date, businessHours: number, calendar: SlaCalendar, timeZone: string): Date {
  const zone = isValidZone(timeZone) ? timeZone : calendar.timeZone;
  let t: DateTime = DateTime.fromJSDate(start, { zone });
  let remaining = Math.round(businessHours * 3_600_000);
  for (let i = 0; i < MAX_DAYS; i++) {
    const day = t.startOf('day');
    const open = at(day, calendar.hours.start);
    const close = at(day, calendar.hours.end);
    if (t < close && calendar.workingDays.includes(day.weekday) && !isHoliday(day, calendar)) {
      if (t < open) t = open;
      const available = close.toMillis() - t.toMillis();
      // Due exactly at closing time stays today rather than rolling over to the next opening.
      if (remaining <= available) return new Date(t.toMillis() + remaining);
      remaining -= available;
    }
    t = at(day.plus({ days: 1 }), calendar.hours.start);
  }
  throw new RangeError(`the SLA calendar has no working time within ${MAX_DAYS} days`);
}

/** The named calendar, or `default` when the name is unknown (cross-checked at load, so only in tests). */
export function calendarFor(sla: SlaConfig, name: string): SlaCalendar {
  const cal = (Object.hasOwn(sla.calendars, name) ? sla.calendars[name] : undefined) ?? sla.calendars.default;
  if (cal === undefined) throw new RangeError('sla.yaml has no default calendar');
  return cal;
}
