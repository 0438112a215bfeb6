import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { calendarSchema, slaSchema } from '../../src/config/sla.js';
import { calendarFor, isHoliday, slaDue } from '../../src/core/sla-clock.js';

const NY = calendarSchema.parse({
  timeZone: 'America/New_York',
  workingDays: [1, 2, 3, 4, 5],
  hours: { start: '09:00', end: '17:00' },
  holidays: { country: 'US', extra: ['2026-12-24'] },
});
const BERLIN = calendarSchema.parse({
  timeZone: 'Europe/Berlin',
  workingDays: [1, 2, 3, 4, 5],
  hours: { start: '08:30', end: '17:00' },
  holidays: { country: 'DE', state: 'BE' },
});

/** A wall-clock time in a zone, as the instant it is. */
const local = (iso: string, zone: string): Date => DateTime.fromISO(iso, { zone }).toJSDate();
const inZone = (d: Date, zone: string): string => DateTime.fromJSDate(d, { zone }).toFormat("ccc yyyy-MM-dd'T'HH:mm");

describe('slaDue', () => {
  it.each([
    // The key case: Friday 17:55 is after closing, so 4 hours start Monday 09:00.
    { name: 'Friday 17:55 + 4h', start: '2026-11-06T17:55', hours: 4, due: 'Mon 2026-11-09T13:00' },
    { name: 'Friday 15:00 + 4h carries 2h over the weekend', start: '2026-11-06T15:00', hours: 4, due: 'Mon 2026-11-09T11:00' },
    { name: 'due exactly at closing stays that day', start: '2026-11-06T13:00', hours: 4, due: 'Fri 2026-11-06T17:00' },
    { name: 'starting exactly at closing rolls over', start: '2026-11-06T17:00', hours: 1, due: 'Mon 2026-11-09T10:00' },
    { name: 'before opening starts at opening', start: '2026-11-09T07:30', hours: 2, due: 'Mon 2026-11-09T11:00' },
    { name: 'on a Saturday starts Monday', start: '2026-11-07T10:00', hours: 4, due: 'Mon 2026-11-09T13:00' },
    { name: 'within the day', start: '2026-11-10T10:15', hours: 0.5, due: 'Tue 2026-11-10T10:45' },
    { name: 'several days', start: '2026-11-16T09:00', hours: 24, due: 'Wed 2026-11-18T17:00' },
    { name: 'Veterans Day is a public holiday', start: '2026-11-10T16:00', hours: 2, due: 'Thu 2026-11-12T10:00' },
    { name: 'holiday Monday (Labor Day) → Tuesday', start: '2026-09-04T15:00', hours: 4, due: 'Tue 2026-09-08T11:00' },
    { name: 'holiday Monday (MLK Day) → Tuesday', start: '2026-01-16T16:00', hours: 4, due: 'Tue 2026-01-20T12:00' },
    { name: 'observed holiday (July 4 falls on Saturday, Friday is off)', start: '2026-07-02T16:00', hours: 4, due: 'Mon 2026-07-06T12:00' },
    { name: 'extra closed day, then Christmas, then the weekend', start: '2026-12-23T15:00', hours: 4, due: 'Mon 2026-12-28T11:00' },
    { name: 'DST starts over the weekend', start: '2026-03-06T16:00', hours: 4, due: 'Mon 2026-03-09T12:00' },
    { name: 'DST ends over the weekend', start: '2026-10-30T16:00', hours: 4, due: 'Mon 2026-11-02T12:00' },
  ])('New York: $name', ({ start, hours, due }) => {
    expect(inZone(slaDue(local(start, NY.timeZone), hours, NY, NY.timeZone), NY.timeZone)).toBe(due);
  });

  it('counts real elapsed hours across DST: 4 business hours are 4 hours of UTC time within a day', () => {
    const start = local('2026-03-09T09:00', NY.timeZone);
    expect(slaDue(start, 4, NY, NY.timeZone).getTime() - start.getTime()).toBe(4 * 3_600_000);
    // Friday 16:00 EST (21:00Z) to Monday 12:00 EDT (16:00Z): the clock change is not counted as an hour.
    expect(slaDue(local('2026-03-06T16:00', NY.timeZone), 4, NY, NY.timeZone).toISOString()).toBe('2026-03-09T16:00:00.000Z');
  });

  it.each([
    { name: 'a Berlin team across Ascension Day (a Thursday)', start: '2026-05-13T15:00', hours: 4, due: 'Fri 2026-05-15T10:30' },
    { name: 'a Berlin team: state holiday (Women’s Day falls on a Sunday in 2026; 2027 on a Monday)', start: '2027-03-05T16:00', hours: 2, due: 'Tue 2027-03-09T09:30' },
    { name: 'a Berlin team: Christmas Eve is not a public holiday', start: '2026-12-24T16:00', hours: 2, due: 'Mon 2026-12-28T09:30' },
  ])('Berlin: $name', ({ start, hours, due }) => {
    expect(inZone(slaDue(local(start, 'Europe/Berlin'), hours, BERLIN, 'Europe/Berlin'), 'Europe/Berlin')).toBe(due);
  });

  it("reads opening hours in the team's zone, not the calendar's", () => {
    // Friday 17:55 in Berlin is 11:55 in New York: still open there, but closed for a Berlin team.
    const start = local('2026-11-06T17:55', 'Europe/Berlin');
    expect(inZone(slaDue(start, 4, NY, 'Europe/Berlin'), 'Europe/Berlin')).toBe('Mon 2026-11-09T13:00');
    expect(inZone(slaDue(start, 4, NY, NY.timeZone), NY.timeZone)).toBe('Fri 2026-11-06T15:55');
  });

  it("falls back to the calendar's zone for a zone luxon does not know", () => {
    const start = local('2026-11-06T17:55', NY.timeZone);
    expect(slaDue(start, 4, NY, 'Not/AZone')).toEqual(slaDue(start, 4, NY, NY.timeZone));
  });

  it('refuses a calendar with no working time instead of looping', () => {
    const never = { ...NY, workingDays: [] };
    expect(() => slaDue(new Date('2026-11-06T12:00:00Z'), 1, never, 'UTC')).toThrow(RangeError);
  });
});

describe('holidays', () => {
  it.each([
    { date: '2026-12-25', cal: NY, holiday: true },
    { date: '2026-12-24', cal: NY, holiday: true }, // extra
    { date: '2026-11-26', cal: NY, holiday: true }, // Thanksgiving
    { date: '2026-11-27', cal: NY, holiday: false },
    { date: '2026-02-14', cal: NY, holiday: false }, // Valentine's Day: an observance only
    { date: '2026-10-03', cal: BERLIN, holiday: true },
    { date: '2026-12-24', cal: BERLIN, holiday: false }, // a "bank" half-day in date-holidays
    { date: '2027-03-08', cal: BERLIN, holiday: true }, // Berlin only
  ])('$date', ({ date, cal, holiday }) => {
    expect(isHoliday(DateTime.fromISO(date, { zone: cal.timeZone }), cal)).toBe(holiday);
  });
});

describe('holidays: except', () => {
  const worksVeteransDay = calendarSchema.parse({ ...NY, holidays: { country: 'US', except: ['veterans day', 'Independence Day'] } });
  it.each([
    { date: '2026-11-11', holiday: false },
    { date: '2026-07-03', holiday: false }, // the substitute day follows its holiday
    { date: '2026-07-04', holiday: false },
    { date: '2026-12-25', holiday: true },
  ])('$date', ({ date, holiday }) => {
    expect(isHoliday(DateTime.fromISO(date, { zone: NY.timeZone }), worksVeteransDay)).toBe(holiday);
  });

  it('moves the due time accordingly', () => {
    expect(inZone(slaDue(local('2026-11-10T16:00', NY.timeZone), 2, worksVeteransDay, NY.timeZone), NY.timeZone)).toBe('Wed 2026-11-11T10:00');
  });
});

describe('calendarFor', () => {
  const sla = slaSchema.parse({
    tiers: [{ name: 'hot', responseBusinessHours: 4, priority: 'High' }],
    calendars: { default: NY, dach: BERLIN },
  });
  it('finds a named calendar and falls back to default', () => {
    expect(calendarFor(sla, 'dach').timeZone).toBe('Europe/Berlin');
    expect(calendarFor(sla, 'nope').timeZone).toBe('America/New_York');
    expect(calendarFor(sla, 'toString').timeZone).toBe('America/New_York');
  });
});
