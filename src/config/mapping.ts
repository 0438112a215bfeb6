import { z } from 'zod';

/**
 * config/mapping.yaml: which value lands in which Salesforce field.
 * `from` names a normalized contact field (firstName, email, …) or a raw HubSpot property as
 * `hubspot.<property>`. `update: false` sets the field only when the Lead is created; reps own it after.
 */
export const CONTACT_FIELDS = [
  'firstName',
  'lastName',
  'email',
  'phone',
  'company',
  'companyDomain',
  'title',
  'country',
  'state',
  'city',
  'industry',
  'employees',
  'leadSource',
] as const;

const source = z
  .string()
  .refine(
    (s) => (CONTACT_FIELDS as readonly string[]).includes(s) || /^hubspot\.[a-z0-9_]+$/.test(s),
    { message: `must be one of ${CONTACT_FIELDS.join(', ')} or hubspot.<property>` },
  );

const fieldMapSchema = z
  .object({
    from: source,
    to: z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/, 'must be a Salesforce field API name'),
    update: z.boolean().default(true),
  })
  .strict();

export const mappingSchema = z
  .object({
    lead: z.array(fieldMapSchema).min(1),
    /** Constant values set on every created Lead, e.g. Status or LeadSource. */
    leadDefaults: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).default({}),
  })
  .strict()
  .superRefine((m, ctx) => {
    const seen = new Map<string, number>();
    m.lead.forEach((f, i) => {
      const prev = seen.get(f.to);
      if (prev !== undefined) {
        ctx.addIssue({ code: 'custom', path: ['lead', i, 'to'], message: `${f.to} is already mapped at lead.${prev}` });
      }
      seen.set(f.to, i);
    });
  });

export type MappingConfig = z.output<typeof mappingSchema>;
export type FieldMap = MappingConfig['lead'][number];
