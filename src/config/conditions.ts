import { z } from 'zod';

/**
 * A small condition language over normalized contact fields, shared by scoring and routing:
 * `{ field, op, value }`. Fields are dotted paths into the Contact (e.g. seniority, country,
 * employees, email.freeMail).
 */
export const CONDITION_FIELDS = [
  'seniority',
  'jobFunction',
  'country',
  'state',
  'industry',
  'employees',
  'lifecycleStage',
  'leadSource',
  'companyDomain',
  'email.valid',
  'email.freeMail',
  'email.disposable',
  'phone.e164',
  'conversions.count',
] as const;
export type ConditionField = (typeof CONDITION_FIELDS)[number];

const scalar = z.union([z.string(), z.number(), z.boolean()]);

export const conditionSchema = z
  .object({
    field: z.enum(CONDITION_FIELDS),
    op: z.enum(['eq', 'neq', 'in', 'notIn', 'gte', 'lte', 'between', 'exists', 'isTrue', 'isFalse']),
    value: z.union([scalar, z.array(scalar)]).optional(),
  })
  .strict()
  .superRefine((c, ctx) => {
    const needsList = c.op === 'in' || c.op === 'notIn' || c.op === 'between';
    const needsNone = c.op === 'exists' || c.op === 'isTrue' || c.op === 'isFalse';
    if (needsList && !Array.isArray(c.value)) ctx.addIssue({ code: 'custom', path: ['value'], message: `op ${c.op} needs a list value` });
    if (c.op === 'between' && Array.isArray(c.value) && c.value.length !== 2) ctx.addIssue({ code: 'custom', path: ['value'], message: 'between needs [low, high]' });
    if (!needsList && !needsNone && (c.value === undefined || Array.isArray(c.value))) {
      ctx.addIssue({ code: 'custom', path: ['value'], message: `op ${c.op} needs a single value` });
    }
  });
export type Condition = z.infer<typeof conditionSchema>;

type Value = string | number | boolean | null | undefined;

export function fieldValue(contact: object, field: ConditionField): Value {
  let v: unknown = contact;
  for (const part of field.split('.')) v = v === null || v === undefined ? undefined : (v as Record<string, unknown>)[part];
  return v as Value;
}

const eq = (a: Value, b: unknown): boolean =>
  typeof a === 'string' && typeof b === 'string' ? a.toLowerCase() === b.toLowerCase() : a === b;

/** Compiles a condition into a predicate once, so hot loops don't re-interpret it. */
export function compileCondition(c: Condition): (contact: object) => boolean {
  const list = Array.isArray(c.value) ? c.value : [c.value];
  switch (c.op) {
    case 'eq':
      return (x) => eq(fieldValue(x, c.field), c.value);
    case 'neq':
      return (x) => !eq(fieldValue(x, c.field), c.value);
    case 'in':
      return (x) => list.some((v) => eq(fieldValue(x, c.field), v));
    case 'notIn':
      return (x) => !list.some((v) => eq(fieldValue(x, c.field), v));
    case 'gte':
      return (x) => {
        const v = fieldValue(x, c.field);
        return typeof v === 'number' && v >= Number(c.value);
      };
    case 'lte':
      return (x) => {
        const v = fieldValue(x, c.field);
        return typeof v === 'number' && v <= Number(c.value);
      };
    case 'between':
      return (x) => {
        const v = fieldValue(x, c.field);
        return typeof v === 'number' && v >= Number(list[0]) && v <= Number(list[1]);
      };
    case 'exists':
      return (x) => {
        const v = fieldValue(x, c.field);
        return v !== null && v !== undefined && v !== '';
      };
    case 'isTrue':
      return (x) => fieldValue(x, c.field) === true;
    case 'isFalse':
      return (x) => fieldValue(x, c.field) === false;
  }
}
