import { z } from 'zod';
import { conditionSchema } from './conditions.js';

const ruleId = z.string().regex(/^[a-z0-9_.-]+$/, 'use lower-case letters, digits, dots, dashes or underscores');

const fitRuleSchema = z
  .object({
    id: ruleId,
    label: z.string().min(1),
    /** Every condition must hold. */
    when: z.array(conditionSchema).min(1),
    points: z.number(),
  })
  .strict();

const engagementRuleSchema = z
  .object({
    id: ruleId,
    label: z.string().min(1),
    type: z.enum(['email', 'call', 'meeting', 'note', 'form']),
    /** Outcomes that match (email direction, call status, meeting outcome, form name); omit for any. */
    outcomes: z.array(z.string()).optional(),
    points: z.number(),
    /** At most this many activities count for the rule. */
    maxCount: z.number().int().positive().optional(),
  })
  .strict();

export const scoringSchema = z
  .object({
    version: z.string().min(1).max(40),
    fit: z.array(fitRuleSchema),
    engagement: z
      .object({
        /** Points halve every halfLifeDays of age. */
        halfLifeDays: z.number().positive(),
        /** Activities older than this are ignored. */
        maxAgeDays: z.number().positive().default(365),
        rules: z.array(engagementRuleSchema),
      })
      .strict(),
    caps: z
      .object({
        fit: z.object({ min: z.number().default(-100), max: z.number().default(100) }).strict().prefault({}),
        engagement: z.object({ max: z.number().default(100) }).strict().prefault({}),
      })
      .strict()
      .prefault({}),
    mqlThreshold: z.number(),
    /** Grade bands, highest first by `min`; each names the SLA tier it selects. */
    grades: z
      .array(z.object({ grade: z.string().min(1).max(5), min: z.number(), tier: z.string().min(1) }).strict())
      .min(1),
  })
  .strict()
  .superRefine((m, ctx) => {
    const seen = new Set<string>();
    const ids = [...m.fit.map((r, i) => ({ id: r.id, path: ['fit', i, 'id'] })), ...m.engagement.rules.map((r, i) => ({ id: r.id, path: ['engagement', 'rules', i, 'id'] }))];
    for (const { id, path } of ids) {
      if (seen.has(id)) ctx.addIssue({ code: 'custom', path, message: `rule id "${id}" is used twice` });
      seen.add(id);
    }
    for (let i = 1; i < m.grades.length; i++) {
      if ((m.grades[i]?.min ?? 0) >= (m.grades[i - 1]?.min ?? 0)) {
        ctx.addIssue({ code: 'custom', path: ['grades', i, 'min'], message: 'grade bands must be listed from the highest min down' });
      }
    }
  });

export type ScoringConfig = z.output<typeof scoringSchema>;
