import { DateTime } from 'luxon';
import type { SlaCalendar } from '../../config/sla.js';
import { isHoliday, isValidZone } from '../sla-clock.js';

function at(day: DateTime, hhmm: string): DateTime {
  const [h = 0, m = 0] = hhmm.split(':').map(Number);
  return day.set({ hour: h, minute: m, second: 0, millisecond: 0 });
}

// Longer than any response worth measuring in business time; stops a pathological calendar from spinning.
const MAX_DAYS = 3660;

/**
 * The business minutes between two instants by the SLA calendar's rules (slaDue's inverse): only
 * opening hours on working days that are not holidays count, read in `timeZone` (the calendar's when
 * that zone is unknown). An end before the start is 0. Whole minutes are kept with their fraction.
 */
export function businessMinutesBetween(start: Date, end: Date, calendar: SlaCalendar, timeZone: string): number {
  if (end.getTime() <= start.getTime()) return 0;
  const zone = isValidZone(timeZone) ? timeZone : calendar.timeZone;
  const stop = end.getTime();
  let t: DateTime = DateTime.fromJSDate(start, { zone });
  let ms = 0;
  for (let i = 0; i < MAX_DAYS && t.toMillis() < stop; i++) {
    const day = t.startOf('day');
    const open = at(day, calendar.hours.start);
    const close = at(day, calendar.hours.end);
    if (t < close && calendar.workingDays.includes(day.weekday) && !isHoliday(day, calendar)) {
      const from = Math.max(t.toMillis(), open.toMillis());
      const to = Math.min(close.toMillis(), stop);
      if (to > from) ms += to - from;
    }
    t = at(day.plus({ days: 1 }), calendar.hours.start).startOf('day');
  }
  return Math.round(ms / 600) / 100;
}
