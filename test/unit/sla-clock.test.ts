import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { slaSchema } from '../../src/config/sla.js';
import type { SlaCalendar, SlaConfig } from '../../src/config/sla.js';
import { calendarFor, isHoliday, slaDue } from '../../src/core/sla-clock.js';

const CONFIG_DIR = join(import.meta.dirname, '..', '..', 'config');
const sla: SlaConfig = slaSchema.parse(parse(readFileSync(join(CONFIG_DIR, 'sla.yaml'), 'utf8')));

function calendar(name: string): SlaCalendar {
  const cal = sla.calendars[name];
  if (cal === undefined) throw new Error(`sla.yaml has no calendar ${name}`);
  return cal;
}

/** A calendar written the way an admin would in sla.yaml, validated by the real schema. */
function inlineCalendar(raw: Record<string, unknown>): SlaCalendar {
  const parsed = slaSchema.parse({ tiers: [{ name: 'hot', responseBusinessHours: 4, priority: 'High' }], calendars: { default: raw } });
  return parsed.calendars.default as SlaCalendar;
}

/** An instant given as local wall-clock time in a zone. */
function local(iso: string, zone: string): Date {
  const dt = DateTime.fromISO(iso, { zone });
  if (!dt.isValid) throw new Error(`bad local time ${iso} in ${zone}`);
  return dt.toJSDate();
}

/** The instant shown as wall-clock time in a zone, e.g. "Mon 2026-11-23 13:00". */
function wall(d: Date, zone: string): string {
  return DateTime.fromJSDate(d, { zone }).toFormat('ccc yyyy-MM-dd HH:mm');
}

const NY = 'America/New_York';

const WEEK = [1, 2, 3, 4, 5];
/** The calendar a US sales team runs on: New York, Mon–Fri 09:00–17:00, US public holidays, two closed days. */
const newYork = inlineCalendar({
  timeZone: NY,
  workingDays: WEEK,
  hours: { start: '09:00', end: '17:00' },
  holidays: { country: 'US', extra: ['2026-12-24', '2026-12-31'] },
});

/** A Berlin team's calendar: Mon–Fri 08:30–17:00, German public holidays plus Berlin's own. */
const berlin = inlineCalendar({
  timeZone: 'Europe/Berlin',
  workingDays: WEEK,
  hours: { start: '08:30', end: '17:00' },
  holidays: { country: 'DE', state: 'BE' },
});

describe('slaDue on the shipped default calendar', () => {
  const cal = calendar('default');

  it.each([
    { name: 'Friday 17:55 + 4 business hours is Monday 13:00', start: '2026-11-20T17:55', due: 'Mon 2026-11-23 13:00' },
    { name: 'Friday 15:00 + 4 business hours is Monday 11:00', start: '2026-11-20T15:00', due: 'Mon 2026-11-23 11:00' },
    { name: 'Labor Day (Mon 2026-09-07) moves a Friday 15:00 lead to Tuesday 11:00', start: '2026-09-04T15:00', due: 'Tue 2026-09-08 11:00' },
  ])('$name', ({ start, due }) => {
    expect(wall(slaDue(local(start, NY), 4, cal, NY), NY)).toBe(due);
  });
});

describe('slaDue on a New York Mon–Fri 09:00–17:00 calendar with US holidays', () => {
  const cal = newYork;

  it.each([
    // The case sales complains about: a lead at 17:55 on Friday is not due Friday night.
    { name: 'Friday 17:55 + 4h waits for Monday morning', start: '2026-11-20T17:55', hours: 4, due: 'Mon 2026-11-23 13:00' },
    { name: 'Friday 15:00 + 4h: 2h Friday, 2h Monday', start: '2026-11-20T15:00', hours: 4, due: 'Mon 2026-11-23 11:00' },
    { name: 'Friday exactly at closing time counts nothing on Friday', start: '2026-11-20T17:00', hours: 4, due: 'Mon 2026-11-23 13:00' },
    { name: 'a lead that fits before closing is due exactly at closing, not next morning', start: '2026-11-20T13:00', hours: 4, due: 'Fri 2026-11-20 17:00' },
    { name: 'a start before opening starts the clock at 09:00', start: '2026-11-17T07:30', hours: 4, due: 'Tue 2026-11-17 13:00' },
    { name: 'a start at 02:00 after midnight is the same as before opening', start: '2026-11-18T02:00', hours: 1, due: 'Wed 2026-11-18 10:00' },
    { name: 'a Saturday lead starts on Monday', start: '2026-11-21T10:00', hours: 4, due: 'Mon 2026-11-23 13:00' },
    { name: 'a Sunday-night lead starts on Monday', start: '2026-11-22T23:30', hours: 4, due: 'Mon 2026-11-23 13:00' },
    { name: 'half an hour is thirty minutes of opening time', start: '2026-11-17T16:45', hours: 0.5, due: 'Wed 2026-11-18 09:15' },
    { name: 'minutes are kept, not rounded to the hour', start: '2026-11-17T10:17', hours: 4, due: 'Tue 2026-11-17 14:17' },
    // 24 business hours = three full 8-hour days: Monday 09:00 is due at Wednesday's close, not Thursday 09:00.
    { name: '24h from Monday opening ends at Wednesday closing', start: '2026-11-16T09:00', hours: 24, due: 'Wed 2026-11-18 17:00' },
    { name: '24h from Monday 13:00 spans Tue, Wed and ends Thursday 13:00', start: '2026-11-16T13:00', hours: 24, due: 'Thu 2026-11-19 13:00' },
    { name: '24h from Thursday 10:00 skips the weekend', start: '2026-11-12T10:00', hours: 24, due: 'Tue 2026-11-17 10:00' },
    // US public holidays from date-holidays.
    { name: 'Labor Day Monday (2026-09-07) pushes a Friday lead to Tuesday', start: '2026-09-04T15:00', hours: 4, due: 'Tue 2026-09-08 11:00' },
    { name: 'a lead that arrives on Labor Day itself starts on Tuesday', start: '2026-09-07T10:00', hours: 4, due: 'Tue 2026-09-08 13:00' },
    { name: 'Thanksgiving Thursday is closed; the day after is only an observance', start: '2026-11-25T16:00', hours: 4, due: 'Fri 2026-11-27 12:00' },
    { name: 'Independence Day observed on Friday 2026-07-03', start: '2026-07-02T15:00', hours: 4, due: 'Mon 2026-07-06 11:00' },
    // Calendar extra days: Christmas Eve is only "optional" in date-holidays, the calendar closes it.
    { name: 'extra closed day (Dec 24), then Christmas, then a weekend', start: '2026-12-23T15:00', hours: 4, due: 'Mon 2026-12-28 11:00' },
    { name: 'extra closed day Dec 31 (an observance only), then New Year', start: '2026-12-30T16:00', hours: 4, due: 'Mon 2027-01-04 12:00' },
  ])('$name', ({ start, hours, due }) => {
    expect(wall(slaDue(local(start, NY), hours, cal, NY), NY)).toBe(due);
  });

  it('within a day, 4 business hours are 4 hours of elapsed time, also on the Monday after the clocks change', () => {
    const start = local('2026-03-09T09:00', NY);
    expect(slaDue(start, 4, cal, NY).getTime() - start.getTime()).toBe(4 * 3_600_000);
  });

  it('refuses a calendar with no working time instead of looping', () => {
    const never = { ...cal, workingDays: [] };
    expect(() => slaDue(new Date('2026-11-06T12:00:00Z'), 1, never, 'UTC')).toThrow(RangeError);
  });

  it('Christmas Eve is closed only because the calendar lists it as an extra day', () => {
    const withoutExtra = inlineCalendar({ timeZone: NY, workingDays: WEEK, hours: { start: '09:00', end: '17:00' }, holidays: { country: 'US' } });
    expect(wall(slaDue(local('2026-12-23T15:00', NY), 4, withoutExtra, NY), NY)).toBe('Thu 2026-12-24 11:00');
  });

  it.each([
    // US daylight saving starts Sunday 2026-03-08 (02:00 → 03:00) and ends Sunday 2026-11-01.
    { name: 'spring forward weekend: still 11:00 local on Monday', start: '2026-03-06T15:00', due: 'Mon 2026-03-09 11:00', utc: '2026-03-09T15:00:00.000Z' },
    { name: 'fall back weekend: still 11:00 local on Monday', start: '2026-10-30T15:00', due: 'Mon 2026-11-02 11:00', utc: '2026-11-02T16:00:00.000Z' },
  ])('$name', ({ start, due, utc }) => {
    const d = slaDue(local(start, NY), 4, cal, NY);
    expect(wall(d, NY)).toBe(due);
    // The weekend is 71 or 73 wall hours long; only opening hours are counted, so the UTC instant shifts.
    expect(d.toISOString()).toBe(utc);
  });

  it('a 24/7 calendar counts real elapsed time across the spring-forward night', () => {
    const always = inlineCalendar({ timeZone: NY, workingDays: [1, 2, 3, 4, 5, 6, 7], hours: { start: '00:00', end: '23:59' } });
    // Sunday 2026-03-08 00:30 EST + 3h: 01:30 EST, then 02:00 EST is 03:00 EDT, so 3 hours later is 04:30 EDT.
    const d = slaDue(local('2026-03-08T00:30', NY), 3, always, NY);
    expect(d.toISOString()).toBe('2026-03-08T08:30:00.000Z');
    expect(wall(d, NY)).toBe('Sun 2026-03-08 04:30');
  });
});

describe('slaDue with a team time zone that is not the calendar zone', () => {
  const BERLIN = 'Europe/Berlin';

  it('reads the opening hours in the team zone (Europe/Berlin) instead of the calendar zone (New York)', () => {
    const start = local('2026-11-20T16:00', BERLIN); // 10:00 in New York
    const cal = newYork;
    // In Berlin: one hour left on Friday, three on Monday.
    expect(wall(slaDue(start, 4, cal, BERLIN), BERLIN)).toBe('Mon 2026-11-23 12:00');
    // The same instant in the calendar's own zone is due the same afternoon.
    expect(wall(slaDue(start, 4, cal, NY), NY)).toBe('Fri 2026-11-20 14:00');
  });

  it('a Berlin team on a London calendar opens at 09:00 Berlin time and closes at 17:30 Berlin time', () => {
    const cal = inlineCalendar({ timeZone: 'Europe/London', workingDays: WEEK, hours: { start: '09:00', end: '17:30' }, holidays: { country: 'GB' } });
    const d = slaDue(local('2026-11-19T16:30', BERLIN), 2, cal, BERLIN);
    expect(wall(d, BERLIN)).toBe('Fri 2026-11-20 10:00');
  });

  it('a zone Salesforce knows but the time library does not falls back to the calendar zone', () => {
    const start = local('2026-11-20T15:00', NY);
    // Read in UTC instead, 15:00 New York would be 20:00, after closing: due Monday 08:00 New York.
    expect(wall(slaDue(start, 4, newYork, 'Not/AZone'), NY)).toBe('Mon 2026-11-23 11:00');
  });

  it('German state holidays apply only with the state: Epiphany (6 Jan) is closed in Bavaria, open in Berlin', () => {
    const base = { timeZone: BERLIN, workingDays: WEEK, hours: { start: '08:30', end: '17:00' } };
    const bavaria = inlineCalendar({ ...base, holidays: { country: 'DE', state: 'BY' } });
    const germany = inlineCalendar({ ...base, holidays: { country: 'DE' } });
    const start = local('2027-01-05T16:00', BERLIN); // Tuesday
    expect(wall(slaDue(start, 2, bavaria, BERLIN), BERLIN)).toBe('Thu 2027-01-07 09:30');
    expect(wall(slaDue(start, 2, germany, BERLIN), BERLIN)).toBe('Wed 2027-01-06 09:30');
  });

  it('the UK Boxing Day substitute (Mon 28 Dec 2026) is closed on the London calendar', () => {
    const LONDON = 'Europe/London';
    const london = inlineCalendar({ timeZone: LONDON, workingDays: WEEK, hours: { start: '09:00', end: '17:30' }, holidays: { country: 'GB', state: 'ENG' } });
    const d = slaDue(local('2026-12-24T16:30', LONDON), 4, london, LONDON);
    // Thu 24th: one hour; Fri 25th Christmas, Sat/Sun, Mon 28th substitute Boxing Day → Tue 29th 12:00.
    expect(wall(d, LONDON)).toBe('Tue 2026-12-29 12:00');
  });
});

describe('slaDue on a Berlin calendar with German and Berlin holidays', () => {
  const BERLIN = 'Europe/Berlin';

  it.each([
    { name: 'across Ascension Day (a Thursday)', start: '2026-05-13T15:00', hours: 4, due: 'Fri 2026-05-15 10:30' },
    { name: 'Christmas Eve is not a public holiday in Germany (date-holidays lists it as a bank half-day)', start: '2026-12-24T16:00', hours: 2, due: 'Mon 2026-12-28 09:30' },
  ])('$name', ({ start, hours, due }) => {
    expect(wall(slaDue(local(start, BERLIN), hours, berlin, BERLIN), BERLIN)).toBe(due);
  });
});

describe('isHoliday', () => {
  it.each([
    { date: '2026-12-25', cal: newYork, holiday: true },
    { date: '2026-12-24', cal: newYork, holiday: true }, // an extra day of the calendar
    { date: '2026-11-26', cal: newYork, holiday: true }, // Thanksgiving
    { date: '2026-11-27', cal: newYork, holiday: false },
    { date: '2026-02-14', cal: newYork, holiday: false }, // Valentine's Day: an observance only
    { date: '2026-10-03', cal: berlin, holiday: true },
    { date: '2026-12-24', cal: berlin, holiday: false }, // a "bank" half-day in date-holidays
    { date: '2027-03-08', cal: berlin, holiday: true }, // Women's Day, in Berlin only
  ])('$date in $cal.timeZone → $holiday', ({ date, cal, holiday }) => {
    expect(isHoliday(DateTime.fromISO(date, { zone: cal.timeZone }), cal)).toBe(holiday);
  });

  describe('with holidays the team works (except)', () => {
    const worksVeteransDay = inlineCalendar({ ...newYork, holidays: { country: 'US', except: ['veterans day', 'Independence Day'] } });

    it.each([
      { date: '2026-11-11', holiday: false },
      { date: '2026-07-03', holiday: false }, // the substitute day follows its holiday
      { date: '2026-07-04', holiday: false },
      { date: '2026-12-25', holiday: true },
    ])('$date → $holiday', ({ date, holiday }) => {
      expect(isHoliday(DateTime.fromISO(date, { zone: NY }), worksVeteransDay)).toBe(holiday);
    });

    it('moves the due time: Veterans Day (Wed 2026-11-11) is closed by default, open once excepted', () => {
      const start = local('2026-11-10T16:00', NY);
      expect(wall(slaDue(start, 2, newYork, NY), NY)).toBe('Thu 2026-11-12 10:00');
      expect(wall(slaDue(start, 2, worksVeteransDay, NY), NY)).toBe('Wed 2026-11-11 10:00');
    });
  });
});

describe('slaDue does not depend on the server time zone', () => {
  const saved = process.env.TZ;
  beforeAll(() => {
    // A server in Tokyo: local noon there is the previous evening in New York.
    process.env.TZ = 'Asia/Tokyo';
  });
  afterAll(() => {
    if (saved === undefined) delete process.env.TZ;
    else process.env.TZ = saved;
  });

  it.each([
    { name: 'Memorial Day 2027 (Mon 31 May)', start: '2027-05-28T15:00', due: 'Tue 2027-06-01 11:00' },
    { name: 'Labor Day 2027 (Mon 6 Sep)', start: '2027-09-03T15:00', due: 'Tue 2027-09-07 11:00' },
  ])('$name is still a New York holiday', ({ start, due }) => {
    expect(new Date(2027, 0, 1).getTimezoneOffset()).toBe(-540);
    expect(wall(slaDue(local(start, NY), 4, newYork, NY), NY)).toBe(due);
  });
});

describe('calendarFor', () => {
  it.each([
    { name: 'emea', zone: 'Europe/London' },
    { name: 'dach', zone: 'Europe/Berlin' },
    { name: 'default', zone: NY },
    // Unknown names are refused at load (cross-check); at run time they use the default calendar.
    { name: 'apac', zone: NY },
    { name: 'toString', zone: NY },
  ])('$name → a calendar in $zone', ({ name, zone }) => {
    expect(calendarFor(sla, name).timeZone).toBe(zone);
  });
});

describe('the calendar schema refuses calendars the clock cannot work with', () => {
  it.each([
    { name: 'closing before opening', raw: { timeZone: NY, workingDays: [1], hours: { start: '17:00', end: '09:00' } } },
    { name: 'a time zone that does not exist', raw: { timeZone: 'America/Springfield', workingDays: [1], hours: { start: '09:00', end: '17:00' } } },
    { name: 'weekday 0 (Sunday in JavaScript, not ISO)', raw: { timeZone: NY, workingDays: [0, 1], hours: { start: '09:00', end: '17:00' } } },
    { name: 'an unquoted-looking time "9:00"', raw: { timeZone: NY, workingDays: [1], hours: { start: '9:00', end: '17:00' } } },
    { name: 'an extra day that is not a date', raw: { timeZone: NY, workingDays: [1], hours: { start: '09:00', end: '17:00' }, holidays: { extra: ['2026-02-30'] } } },
  ])('$name', ({ raw }) => {
    expect(() => inlineCalendar(raw)).toThrow();
  });
});
