import Holidays from 'date-holidays';
import { DateTime } from 'luxon';
import type { SlaCalendar } from '../../config/sla.js';
import { isHoliday } from '../sla-clock.js';

export interface ClosedDay {
  date: string;
  name: string;
}

/**
 * The days a calendar is closed from `from` for `days` days, with their names: the public holidays
 * the SLA clock skips (sla-clock.ts decides; this only names them) and the extra closed days.
 */
export function closedDays(calendar: SlaCalendar, from: Date, days = 365): ClosedDay[] {
  const start = DateTime.fromJSDate(from, { zone: calendar.timeZone }).startOf('day');
  const end = start.plus({ days });
  const names = new Map<string, string>();
  const { country, state } = calendar.holidays;
  if (country !== undefined) {
    const hd = state === undefined ? new Holidays(country, { languages: ['en'] }) : new Holidays(country, state, { languages: ['en'] });
    for (const year of [start.year, end.year]) {
      for (const h of hd.getHolidays(year) || []) if (h.type === 'public' && !names.has(h.date.slice(0, 10))) names.set(h.date.slice(0, 10), h.name);
    }
  }
  for (const d of calendar.holidays.extra) names.set(d, names.get(d) ?? 'closed (extra day)');
  const out: ClosedDay[] = [];
  for (const [date, name] of names) {
    const day = DateTime.fromISO(date, { zone: calendar.timeZone });
    if (day < start || day >= end) continue;
    if (isHoliday(day, calendar)) out.push({ date, name });
  }
  return out.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}
