import { z } from 'zod';

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'use HH:MM (24-hour)');
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'use YYYY-MM-DD');

const calendarSchema = z
  .object({
    timeZone: z.string().min(1),
    /** ISO weekdays: 1 = Monday … 7 = Sunday. */
    workingDays: z.array(z.number().int().min(1).max(7)).min(1),
    hours: z.object({ start: hhmm, end: hhmm }).strict(),
    holidays: z
      .object({
        /** Public holidays from date-holidays for this country (and state). */
        country: z.string().length(2).optional(),
        state: z.string().optional(),
        /** Extra closed days. */
        extra: z.array(isoDate).default([]),
      })
      .strict()
      .prefault({}),
  })
  .strict()
  .superRefine((c, ctx) => {
    if (c.hours.start >= c.hours.end) ctx.addIssue({ code: 'custom', path: ['hours', 'end'], message: 'must be after hours.start' });
  });

const assetSchema = z
  .object({
    id: z.string().min(1),
    title: z.string().min(1),
    url: z.url(),
    when: z
      .object({
        jobFunction: z.array(z.string()).optional(),
        seniority: z.array(z.string()).optional(),
        industry: z.array(z.string()).optional(),
        lifecycleStage: z.array(z.string()).optional(),
      })
      .strict()
      .default({}),
  })
  .strict();

export const slaSchema = z
  .object({
    tiers: z
      .array(
        z
          .object({
            name: z.string().regex(/^[a-z0-9-]+$/).max(20),
            responseBusinessHours: z.number().positive(),
            priority: z.enum(['High', 'Normal', 'Low']),
            reminderBeforeMinutes: z.number().int().nonnegative().default(30),
          })
          .strict(),
      )
      .min(1),
    calendars: z.record(z.string(), calendarSchema).refine((c) => 'default' in c, { message: 'a calendar named "default" is required' }),
    /** Recommended content in each Task's description, by persona, industry and stage. */
    assets: z.array(assetSchema).default([]),
    /** How many assets a Task recommends at most. */
    maxAssets: z.number().int().nonnegative().default(3),
  })
  .strict()
  .superRefine((s, ctx) => {
    const seen = new Set<string>();
    s.tiers.forEach((t, i) => {
      if (seen.has(t.name)) ctx.addIssue({ code: 'custom', path: ['tiers', i, 'name'], message: `tier "${t.name}" is defined twice` });
      seen.add(t.name);
    });
  });

export type SlaConfig = z.output<typeof slaSchema>;
export type SlaCalendar = SlaConfig['calendars'][string];
export type SlaTier = SlaConfig['tiers'][number];
