import { z } from 'zod';
import { cronExpression } from './cron.js';

/**
 * handoff.yaml `feedback:`: how Handoff reads what sales did with a handoff and reports it back
 * (docs/sla-and-feedback.md). Lead Status meaning is configuration because orgs name their values
 * differently and LeadStatus has no "closed" flag a connector can read.
 */
const statusList = z.array(z.string().min(1)).default([]);

export const feedbackSchema = z
  .object({
    /** When the daemon runs a feedback pass; null: only `handoff feedback --once`. */
    cron: cronExpression.nullable().default('*/15 * * * *'),
    /** Re-read this far behind each object's SystemModstamp cursor (Salesforce commits lag their stamps). */
    overlapSeconds: z.number().int().nonnegative().default(300),
    leadStatus: z
      .object({
        /** Lead Status values that mean a rep accepted the lead (a touch). */
        accepted: statusList,
        /** Lead Status values that mean a rep is working it (a touch). */
        working: z.array(z.string().min(1)).default(['Working - Contacted']),
        /** Lead Status values that close the episode without a sale. */
        disqualified: z.array(z.string().min(1)).default(['Closed - Not Converted']),
        /** Lead Status values, or values of `reasonField`, that return the contact to nurture. */
        recyclable: statusList,
        /** The Status a recycled Lead gets when its contact qualifies again (the one Lead Status write after creation). */
        reopenTo: z.string().min(1).default('Open - Not Contacted'),
      })
      .strict()
      .prefault({}),
    /** A Lead field holding the disqualification reason (e.g. Disqualification_Reason__c); null: none. */
    reasonField: z
      .string()
      .regex(/^[A-Za-z][A-Za-z0-9_]*$/, 'must be a Lead field API name')
      .nullable()
      .default(null),
    /** HubSpot lifecycle stage option values to move the contact forward to; each null: left alone (the default). */
    lifecycle: z
      .object({
        accepted: z.string().min(1).nullable().default(null),
        opportunity: z.string().min(1).nullable().default(null),
        won: z.string().min(1).nullable().default(null),
      })
      .strict()
      .prefault({}),
    recycle: z
      .object({
        /** A recycled contact that qualifies again opens a new episode only this many days after it was recycled. */
        coolOffDays: z.number().int().nonnegative().default(30),
        /** hs_lead_status set on the HubSpot contact when it is recycled; null: left alone. */
        hubspotLeadStatus: z.string().min(1).nullable().default('BAD_TIMING'),
      })
      .strict()
      .prefault({}),
  })
  .strict();

export type FeedbackConfig = z.output<typeof feedbackSchema>;

/** The lifecycle stages the scoring model or the SLA content read: feedback must never move a contact into one. */
export function lifecycleProblems(feedback: FeedbackConfig, readStages: ReadonlySet<string>): { path: (string | number)[]; message: string }[] {
  const out: { path: (string | number)[]; message: string }[] = [];
  for (const step of ['accepted', 'opportunity', 'won'] as const) {
    const stage = feedback.lifecycle[step];
    if (stage !== null && readStages.has(stage.toLowerCase())) {
      out.push({
        path: ['feedback', 'lifecycle', step],
        message: `lifecycle stage "${stage}" is read by scoring.yaml or sla.yaml; feedback moving contacts into it would change their scores or SLA content`,
      });
    }
  }
  return out;
}
