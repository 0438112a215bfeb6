import { z } from 'zod';
import { BOOLEAN_FIELDS, CONDITION_FIELDS, NUMBER_FIELDS } from '../domain/condition-fields.js';
import type { ConditionField } from '../domain/condition-fields.js';
import { ACTIVITY_TYPES, SENIORITIES } from '../domain/types.js';

// The condition language fit rules use: `{ field, op, value }` over the Contact fields in domain/condition-fields.ts.

export const CONDITION_OPS = ['eq', 'in', 'notIn', 'gte', 'lte', 'between', 'exists', 'isTrue', 'isFalse'] as const;

const kindOf = (field: ConditionField): 'text' | 'number' | 'boolean' =>
  (NUMBER_FIELDS as readonly string[]).includes(field) ? 'number' : (BOOLEAN_FIELDS as readonly string[]).includes(field) ? 'boolean' : 'text';

const OPS_BY_KIND = {
  text: ['eq', 'in', 'notIn', 'exists'],
  number: ['eq', 'in', 'notIn', 'gte', 'lte', 'between', 'exists'],
  boolean: ['eq', 'isTrue', 'isFalse', 'exists'],
} as const;

export const conditionSchema = z
  .object({
    field: z.enum(CONDITION_FIELDS),
    op: z.enum(CONDITION_OPS),
    value: z.union([z.string(), z.number(), z.boolean(), z.array(z.union([z.string(), z.number()]))]).optional(),
  })
  .strict()
  .superRefine((c, ctx) => {
    const kind = kindOf(c.field);
    const allowed: readonly string[] = OPS_BY_KIND[kind];
    if (!allowed.includes(c.op)) {
      ctx.addIssue({ code: 'custom', path: ['op'], message: `op "${c.op}" does not apply to ${c.field} (${kind}); use ${allowed.join(', ')}` });
      return;
    }
    const bad = (message: string): void => ctx.addIssue({ code: 'custom', path: ['value'], message });
    const v = c.value;
    const scalarType = kind === 'text' ? 'string' : kind;
    switch (c.op) {
      case 'exists':
      case 'isTrue':
      case 'isFalse':
        if (v !== undefined) bad(`op "${c.op}" takes no value`);
        return;
      case 'eq':
      case 'gte':
      case 'lte':
        if (typeof v !== scalarType) bad(`op "${c.op}" on ${c.field} needs one ${kind === 'text' ? 'text' : kind} value`);
        break;
      case 'in':
      case 'notIn':
        if (!Array.isArray(v) || v.length === 0 || v.some((x) => typeof x !== scalarType)) bad(`op "${c.op}" on ${c.field} needs a non-empty list of ${kind} values`);
        break;
      case 'between':
        if (!Array.isArray(v) || v.length !== 2 || v.some((x) => typeof x !== 'number')) bad('op "between" needs [low, high]');
        else if ((v[0] as number) > (v[1] as number)) bad(`between [${v.join(', ')}]: low is above high`);
        break;
    }
    if (c.field === 'seniority') {
      const values = Array.isArray(v) ? v : [v];
      const unknown = values.filter((x) => !(SENIORITIES as readonly unknown[]).includes(x));
      if (unknown.length > 0) bad(`seniority is one of ${SENIORITIES.join(', ')}; not ${unknown.join(', ')}`);
    }
  });
export type Condition = z.infer<typeof conditionSchema>;

const ruleId = z.string().regex(/^[a-z0-9_.-]+$/, 'use lower-case letters, digits, dots, dashes or underscores');

const fitRuleSchema = z
  .object({
    id: ruleId,
    label: z.string().min(1).max(120),
    /** Every condition must hold. */
    when: z.array(conditionSchema, { error: 'a list of conditions that must all hold, e.g. [{ field: seniority, op: eq, value: vp }]' }).min(1),
    points: z.number(),
  })
  .strict();

const pattern = z.string().refine(
  (p) => {
    try {
      new RegExp(p, 'i');
      return true;
    } catch {
      return false;
    }
  },
  { error: (iss) => `not a valid regular expression: ${String(iss.input)}` },
);

const engagementRuleSchema = z
  .object({
    id: ruleId,
    label: z.string().min(1).max(120),
    type: z.enum(ACTIVITY_TYPES),
    /** Outcomes that match, case-insensitive (email direction, call outcome or status, meeting outcome, form name); omit for any. */
    outcomes: z.array(z.string().min(1), { error: 'a list, e.g. [COMPLETED]' }).min(1).optional(),
    /** Activities whose title (email subject, meeting title) matches one of these patterns don't count, e.g. auto-replies. */
    ignoreTitles: z.array(pattern).min(1).optional(),
    /** Full points for an activity today; they halve every halfLifeDays. */
    points: z.number(),
    /** Only the most recent maxCount matching activities count. */
    maxCount: z.number().int().positive().optional(),
    /** The rule adds at most this many points in total. */
    maxPoints: z.number().positive().optional(),
  })
  .strict();

const capSchema = (min: number, max: number) =>
  z
    .object({ min: z.number().default(min), max: z.number().default(max) })
    .strict()
    .refine((c) => c.min < c.max, { error: 'min must be below max', path: ['max'] })
    .prefault({});

const gradeSchema = z
  .object({
    /** Written to Handoff_Grade__c, a Text(5) field. */
    grade: z.string().min(1).max(5, 'at most 5 characters (Handoff_Grade__c is Text(5))'),
    /** Lowest total (inclusive) in the band; omit on the last band to catch everything below. */
    min: z.number().optional(),
    /** The SLA tier (sla.yaml) a lead in this band gets. */
    tier: z.string().min(1),
  })
  .strict();

export const scoringSchema = z
  .object({
    /** Written on the Lead when a handoff episode starts (Handoff_Model_Version__c, Text(40), create-only); change it with every change. */
    version: z
      .string({ error: (iss) => (iss.input === undefined ? 'required' : 'must be text; quote it, e.g. version: "2026.11-1"') })
      .min(1)
      .max(40, 'at most 40 characters (Handoff_Model_Version__c is Text(40))'),
    fit: z.array(fitRuleSchema),
    engagement: z
      .object({
        halfLifeDays: z.number().positive(),
        /** Older activities count nothing. */
        maxAgeDays: z.number().positive().default(365),
        rules: z.array(engagementRuleSchema),
      })
      .strict(),
    caps: z
      .object({ fit: capSchema(-100, 100), engagement: capSchema(0, 100) })
      .strict()
      .prefault({}),
    /** Marketing-qualified at or above this total. */
    mqlThreshold: z.number(),
    /** Highest band first; each selects an SLA tier. */
    grades: z.array(gradeSchema).min(1, 'define at least one grade band'),
  })
  .strict()
  .superRefine((m, ctx) => {
    const seen = new Set<string>();
    const ids = [
      ...m.fit.map((r, i) => ({ id: r.id, path: ['fit', i, 'id'] })),
      ...m.engagement.rules.map((r, i) => ({ id: r.id, path: ['engagement', 'rules', i, 'id'] })),
    ];
    for (const { id, path } of ids) {
      if (seen.has(id)) ctx.addIssue({ code: 'custom', path, message: `rule id "${id}" is used twice` });
      if (id.startsWith('caps.')) ctx.addIssue({ code: 'custom', path, message: '"caps." ids are reserved for the cap reasons' });
      seen.add(id);
    }

    const lowest = m.caps.fit.min + m.caps.engagement.min;
    const highest = m.caps.fit.max + m.caps.engagement.max;
    if (m.mqlThreshold > highest) {
      ctx.addIssue({ code: 'custom', path: ['mqlThreshold'], message: `no lead can qualify: the highest possible score is ${highest} (caps.fit.max + caps.engagement.max)` });
    }
    const grades = new Set<string>();
    m.grades.forEach((g, i) => {
      const path = ['grades', i];
      if (grades.has(g.grade)) ctx.addIssue({ code: 'custom', path: [...path, 'grade'], message: `grade "${g.grade}" is defined twice` });
      grades.add(g.grade);
      const last = i === m.grades.length - 1;
      if (g.min === undefined) {
        if (!last) ctx.addIssue({ code: 'custom', path, message: 'only the last (lowest) band may omit min' });
        return;
      }
      const above = m.grades[i - 1]?.min;
      if (above !== undefined && g.min >= above) {
        ctx.addIssue({ code: 'custom', path: [...path, 'min'], message: `bands must be listed highest first without overlap; ${g.min} is not below ${above}` });
      }
      if (g.min > highest) ctx.addIssue({ code: 'custom', path: [...path, 'min'], message: `grade ${g.grade} can never be reached: the highest possible score is ${highest}` });
      if (last && g.min > lowest) {
        ctx.addIssue({ code: 'custom', path: [...path, 'min'], message: `scores from ${lowest} up to ${g.min} fall in no band; lower this min to ${lowest} or omit it` });
      }
    });
  });

export type ScoringConfig = z.infer<typeof scoringSchema>;
export type EngagementRule = ScoringConfig['engagement']['rules'][number];
export type GradeBand = ScoringConfig['grades'][number];
