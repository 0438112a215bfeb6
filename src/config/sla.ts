import Holidays from 'date-holidays';
import { IANAZone } from 'luxon';
import { z } from 'zod';
import { SENIORITIES } from '../domain/types.js';

/** An IANA zone name luxon can compute with; Salesforce TimeZoneSidKey values are IANA names too. */
export const timeZoneSchema = z
  .string({ error: 'an IANA time zone name, e.g. America/New_York' })
  .refine((tz) => IANAZone.isValidZone(tz), { error: (iss) => `"${String(iss.input)}" is not an IANA time zone name (e.g. America/New_York, Europe/Berlin)` });

const hhmm = z.string({ error: 'a time as "HH:MM" (24-hour, quoted)' }).regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'use "HH:MM" (24-hour), e.g. "09:00"');

const isoDate = z
  .string({ error: 'a date as "YYYY-MM-DD" (quoted)' })
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'use "YYYY-MM-DD"')
  .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), 'not a calendar date');

// One instance only to list what date-holidays knows; validation needs no per-country state.
const holidayCatalog = new Holidays();

const holidaysSchema = z
  .object({
    /** Public holidays (type "public" only) from date-holidays for this ISO country... */
    country: z.string().regex(/^[A-Z]{2}$/, 'an upper-case ISO 3166-1 alpha-2 code, e.g. US').optional(),
    /** ...and, where holidays differ by region, this subdivision code (e.g. BY for Bavaria). */
    state: z.string().regex(/^[A-Z0-9]{1,3}$/, 'a subdivision code without the country prefix, e.g. CA').optional(),
    /** Public holidays the team works anyway, by their English name in date-holidays (e.g. Columbus Day); substitute days follow. */
    except: z.array(z.string().min(1), { error: 'a list of holiday names, e.g. [Columbus Day]' }).default([]),
    /** Extra closed days: company shutdowns, local bridge days. */
    extra: z.array(isoDate).default([]),
  })
  .strict()
  .superRefine((h, ctx) => {
    if (h.country === undefined) {
      if (h.state !== undefined) ctx.addIssue({ code: 'custom', path: ['state'], message: 'state needs a country' });
      if (h.except.length > 0) ctx.addIssue({ code: 'custom', path: ['except'], message: 'except needs a country' });
      return;
    }
    if (!(h.country in holidayCatalog.getCountries())) {
      ctx.addIssue({ code: 'custom', path: ['country'], message: `date-holidays has no holidays for country "${h.country}"` });
      return;
    }
    if (h.state !== undefined && !(h.state in (holidayCatalog.getStates(h.country) ?? {}))) {
      ctx.addIssue({ code: 'custom', path: ['state'], message: `date-holidays has no state "${h.state}" in ${h.country}` });
      return;
    }
    // Checked against this year and the next, so a typo can't silently keep a holiday closed.
    const local = h.state === undefined ? new Holidays(h.country, { languages: ['en'] }) : new Holidays(h.country, h.state, { languages: ['en'] });
    const year = new Date().getUTCFullYear();
    const names = new Set([year, year + 1].flatMap((y) => (local.getHolidays(y) || []).filter((x) => x.type === 'public').map((x) => x.name.toLowerCase())));
    h.except.forEach((name, i) => {
      if (!names.has(name.toLowerCase())) ctx.addIssue({ code: 'custom', path: ['except', i], message: `"${name}" is not a public holiday in ${h.country}${h.state ? `-${h.state}` : ''} (use the English name, e.g. Columbus Day)` });
    });
  });

export const calendarSchema = z
  .object({
    /** The zone the opening hours are read in, unless the owner's team names another. */
    timeZone: timeZoneSchema,
    /** ISO weekdays: 1 = Monday … 7 = Sunday. */
    workingDays: z.array(z.number().int().min(1, 'ISO weekday 1 (Monday) to 7 (Sunday)').max(7, 'ISO weekday 1 (Monday) to 7 (Sunday)')).min(1, 'at least one working day'),
    hours: z.object({ start: hhmm, end: hhmm }).strict(),
    holidays: holidaysSchema.prefault({}),
  })
  .strict()
  .superRefine((c, ctx) => {
    if (c.hours.start >= c.hours.end) ctx.addIssue({ code: 'custom', path: ['hours', 'end'], message: `must be after hours.start (${c.hours.start}); overnight hours are not supported` });
    const seen = new Set<number>();
    c.workingDays.forEach((d, i) => {
      if (seen.has(d)) ctx.addIssue({ code: 'custom', path: ['workingDays', i], message: `weekday ${d} is listed twice` });
      seen.add(d);
    });
  });

/** Salesforce's standard Task Priority picklist values. */
export const TASK_PRIORITIES = ['High', 'Normal', 'Low'] as const;
export type TaskPriority = (typeof TASK_PRIORITIES)[number];

const tierSchema = z
  .object({
    /** Written to Handoff_SLA_Tier__c, a Text(20) field. */
    name: z.string().regex(/^[a-z0-9-]{1,20}$/, 'lower-case letters, digits and dashes, at most 20 characters'),
    /** Working hours (in the owner's calendar) the owner has to follow up. */
    responseBusinessHours: z.number().positive('must be more than 0').max(2000, 'at most 2000 business hours'),
    /** Salesforce Task Priority picklist value. */
    priority: z.enum(TASK_PRIORITIES),
    /** The Task reminder fires this long before the SLA runs out. */
    reminderBeforeMinutes: z.number().int().nonnegative().default(30),
  })
  .strict();

const listOfText = z.array(z.string().min(1), { error: 'a list, e.g. [marketing]' }).min(1);

const assetSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9-]+$/, 'lower-case letters, digits and dashes'),
    title: z.string().min(1).max(200),
    url: z.url({ error: 'an absolute URL, e.g. https://example.com/guide' }),
    /** Every listed criterion must match the contact (case-insensitive); none listed: for everyone. */
    when: z
      .object({
        jobFunction: listOfText.optional(),
        seniority: z.array(z.enum(SENIORITIES)).min(1).optional(),
        industry: listOfText.optional(),
        lifecycleStage: listOfText.optional(),
      })
      .strict()
      .default({}),
  })
  .strict();

export const slaSchema = z
  .object({
    tiers: z.array(tierSchema).min(1, 'define at least one tier'),
    calendars: z.record(z.string().regex(/^[a-z0-9-]+$/, 'calendar names: lower-case letters, digits and dashes'), calendarSchema),
    /** Recommended content listed in each Task's description, most specific match first. */
    assets: z.array(assetSchema).default([]),
    /** At most this many assets per Task. */
    maxAssets: z.number().int().nonnegative().default(3),
  })
  .strict()
  .superRefine((s, ctx) => {
    const tiers = new Set<string>();
    s.tiers.forEach((t, i) => {
      if (tiers.has(t.name)) ctx.addIssue({ code: 'custom', path: ['tiers', i, 'name'], message: `tier "${t.name}" is defined twice` });
      tiers.add(t.name);
    });
    if (!('default' in s.calendars)) {
      ctx.addIssue({ code: 'custom', path: ['calendars'], message: 'a calendar named "default" is required: owners outside any team use it' });
    }
    const assets = new Set<string>();
    s.assets.forEach((a, i) => {
      if (assets.has(a.id)) ctx.addIssue({ code: 'custom', path: ['assets', i, 'id'], message: `asset "${a.id}" is defined twice` });
      assets.add(a.id);
    });
  });

export type SlaConfig = z.infer<typeof slaSchema>;
export type SlaCalendar = z.infer<typeof calendarSchema>;
export type SlaAsset = SlaConfig['assets'][number];
