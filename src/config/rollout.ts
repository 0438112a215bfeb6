import { z } from 'zod';

/**
 * `rollout:` in handoff.yaml: which qualified contacts Handoff hands off while a pilot runs. A
 * contact is inside when it matches at least one segment (or no segment is listed) and its id falls
 * in the sample share. Contacts outside are evaluated and recorded (decision `outside-rollout`),
 * never handed off; widening the rollout hands them off by a sweep (docs/governance.md).
 */
const values = (example: string) => z.array(z.string().trim().min(1), { error: `a list, e.g. ${example}` }).min(1);

const segmentSchema = z
  .object({
    /** ISO 3166-1 alpha-2 codes, as the normalized contact holds them. */
    country: z
      .array(z.string().regex(/^[A-Za-z]{2}$/, 'an ISO 3166-1 alpha-2 country code, e.g. US').transform((c) => c.toUpperCase()), { error: 'a list, e.g. [US, CA]' })
      .min(1)
      .optional(),
    /** routing.yaml team names: the team the contact's territory picks. */
    team: values('[emea]').optional(),
    /** HubSpot's original source (hs_analytics_source), e.g. ORGANIC_SEARCH. */
    source: values('[ORGANIC_SEARCH, PAID_SEARCH]').optional(),
    /** HubSpot lifecycle stage, e.g. lead. */
    lifecycleStage: values('[lead, marketingqualifiedlead]').optional(),
    /** Any HubSpot contact property and the values that put a contact inside (compared case-insensitively). */
    property: z
      .object({
        name: z.string().regex(/^[a-z0-9_]+$/, 'a HubSpot property internal name, e.g. pilot_region'),
        values: values('["true"]'),
      })
      .strict()
      .optional(),
    /**
     * A HubSpot contact list, by its list id (ILS id): its members are inside. Needs the crm.lists.read
     * scope and costs one lists memberships read per 250 members per cycle (docs/governance.md).
     */
    list: z
      .union([z.string().trim().regex(/^\d{1,18}$/, 'a HubSpot list id, e.g. 123'), z.number().int().positive()], { error: 'a HubSpot list id, e.g. 123' })
      .transform((id) => String(id))
      .optional(),
  })
  .strict()
  .refine((s) => Object.values(s).some((v) => v !== undefined), { error: 'a segment needs at least one of country, team, source, lifecycleStage, property, list' });

export const rolloutSchema = z
  .object({
    /** Share of contacts (0 to 1) inside, chosen by a stable hash of the contact id; widening keeps everyone already inside. */
    share: z.number().min(0, 'between 0 and 1').max(1, 'between 0 and 1').default(1),
    /** A contact inside any one segment (every criterion of it holding) is in the pilot; none listed: everyone. */
    segments: z.array(segmentSchema).default([]),
  })
  .strict()
  .prefault({});

export type RolloutConfig = z.infer<typeof rolloutSchema>;
export type RolloutSegment = RolloutConfig['segments'][number];
