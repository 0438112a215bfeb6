import { z } from 'zod';
import type { RawContact } from '../../domain/types.js';
import type { RejectedRecord } from '../../ports/hubspot.js';
import { sanitizeDeep, sanitizeText } from '../../lib/text.js';

/**
 * Raw HubSpot objects as the SDK hands them over (dates already parsed into Date by its models).
 * Validated at the edge: a malformed record is dead-lettered, the page goes on. Every string is
 * sanitized here (lib/text.ts), so no control character, bidi control or lone surrogate reaches the
 * state store, Salesforce or an operator's terminal. Line breaks are kept: some properties are
 * multi-line, and the normalizer folds them in the one-line fields it reads.
 */
const dateLike = z
  .union([z.date(), z.string().min(1)])
  .refine((d) => !Number.isNaN(new Date(d).getTime()), 'not a date')
  .transform((d) => (d instanceof Date ? d.toISOString() : d));

export const rawObjectSchema = z.object({
  id: z.string().regex(/^\d+$/, 'id must be a numeric string'),
  properties: z.record(z.string(), z.string().nullable()).transform(sanitizeProperties),
  createdAt: dateLike,
  updatedAt: dateLike,
  archived: z.boolean().optional(),
});

function sanitizeProperties(props: Record<string, string | null>): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  for (const [k, v] of Object.entries(props)) out[sanitizeText(k, { lineBreaks: true })] = v === null ? null : sanitizeText(v, { lineBreaks: true });
  return out;
}

export type RawObject = z.output<typeof rawObjectSchema>;

export type Rejected = RejectedRecord;

/** Splits a page into valid records and rejects with readable reasons. */
export function parsePage(items: readonly unknown[]): { ok: RawObject[]; rejected: Rejected[] } {
  const ok: RawObject[] = [];
  const rejected: Rejected[] = [];
  for (const item of items) {
    const res = rawObjectSchema.safeParse(item);
    if (res.success) ok.push(res.data);
    else {
      const id = typeof (item as { id?: unknown })?.id === 'string' ? sanitizeText((item as { id: string }).id) : null;
      const reason = res.error.issues.map((i) => `${i.path.join('.') || '(record)'}: ${i.message}`).join('; ');
      rejected.push({ id, reason: sanitizeText(reason), payload: sanitizeDeep(item) });
    }
  }
  return { ok, rejected };
}

export function toRawContact(o: RawObject): RawContact {
  return { id: o.id, properties: o.properties, createdAt: o.createdAt, updatedAt: o.updatedAt, archived: o.archived ?? false };
}
