import { z } from 'zod';
import { HandoffError } from '../../domain/errors.js';
import type { SalesforceObject } from '../../domain/salesforce.js';
import { REQUIRED_FIELDS, SETUP_DOC } from './custom-fields.js';

/** The part of a describe result Handoff uses. */
export const fieldMetaSchema = z.object({
  name: z.string(),
  type: z.string(),
  length: z.number().optional().default(0),
  /** int: the most digits a value may have. */
  digits: z.number().optional().default(0),
  /** double, currency, percent: total digits, and how many of them follow the decimal point. */
  precision: z.number().optional().default(0),
  scale: z.number().optional().default(0),
  nillable: z.boolean().optional().default(true),
  createable: z.boolean().optional().default(true),
  updateable: z.boolean().optional().default(true),
  defaultedOnCreate: z.boolean().optional().default(false),
  externalId: z.boolean().optional().default(false),
  unique: z.boolean().optional().default(false),
  restrictedPicklist: z.boolean().optional().default(false),
  picklistValues: z
    .array(z.object({ value: z.string(), active: z.boolean().optional().default(true), defaultValue: z.boolean().optional().default(false) }))
    .optional()
    .default([]),
});
export type FieldMeta = z.output<typeof fieldMetaSchema>;

export const objectMetaSchema = z.object({ name: z.string(), fields: z.array(fieldMetaSchema) });
export type ObjectMeta = z.output<typeof objectMetaSchema>;

export type Describes = Record<SalesforceObject, ObjectMeta>;

export function fieldsByName(meta: ObjectMeta): Map<string, FieldMeta> {
  return new Map(meta.fields.map((f) => [f.name, f]));
}

/** Every missing or misconfigured custom field, as readable lines. Empty when all is well. */
export function customFieldProblems(describes: Describes): string[] {
  const problems: string[] = [];
  for (const req of REQUIRED_FIELDS) {
    const field = describes[req.object].fields.find((f) => f.name === req.name);
    if (!field) {
      problems.push(`${req.object}.${req.name} is missing (create it as ${req.type}${req.externalId ? ', External ID' : ''}${req.unique ? ', Unique' : ''})`);
      continue;
    }
    if (req.externalId && !field.externalId) problems.push(`${req.object}.${req.name} must be marked External ID`);
    if (req.unique && !field.unique) problems.push(`${req.object}.${req.name} must be marked Unique`);
  }
  return problems;
}

export function assertCustomFields(describes: Describes): void {
  const problems = customFieldProblems(describes);
  if (problems.length > 0) {
    throw new HandoffError(
      'CUSTOM_FIELDS_MISSING',
      `Salesforce is missing fields Handoff needs:\n  ${problems.join('\n  ')}\nRun \`handoff setup\` to create them (or see ${SETUP_DOC}), then \`handoff doctor\`.`,
    );
  }
}
