import { z } from 'zod';

const userRef = z.string().min(3, 'a Salesforce username or email');

export const REGIONS = ['NA', 'LATAM', 'EMEA', 'APAC'] as const;
export const SEGMENTS = ['enterprise', 'midmarket', 'smb'] as const;

export const routingSchema = z
  .object({
    /** handoff: Handoff picks owners and sends Sforce-Auto-Assign: FALSE. salesforce: assignment rules decide. */
    assignment: z.object({ mode: z.enum(['handoff', 'salesforce']).default('handoff') }).strict().prefault({}),
    /** A Lead or Contact that already exists keeps its (active) owner. */
    keepExistingOwner: z.boolean().default(true),
    /** Otherwise the owner of the Account with the contact's company domain, if active. */
    useAccountOwner: z.boolean().default(true),
    /** Employee bands that define segments (smb is everything below midmarket). */
    segments: z
      .object({ enterprise: z.number().int().positive().default(1000), midmarket: z.number().int().positive().default(200) })
      .strict()
      .prefault({}),
    teams: z
      .array(
        z
          .object({
            name: z.string().regex(/^[a-z0-9-]+$/, 'lower-case letters, digits and dashes'),
            /** SLA due times are computed in this zone. */
            timeZone: z.string().min(1),
            /** Calendar name from sla.yaml. */
            calendar: z.string().default('default'),
            members: z.array(userRef).min(1),
          })
          .strict(),
      )
      .min(1),
    territories: z.array(
      z
        .object({
          id: z.string().min(1),
          label: z.string().min(1),
          when: z
            .object({
              country: z.array(z.string().length(2)).optional(),
              region: z.array(z.enum(REGIONS)).optional(),
              state: z.array(z.string()).optional(),
              segment: z.array(z.enum(SEGMENTS)).optional(),
              employeesMin: z.number().int().nonnegative().optional(),
              employeesMax: z.number().int().nonnegative().optional(),
            })
            .strict(),
          team: z.string(),
        })
        .strict(),
    ),
    fallback: z.object({ user: userRef, timeZone: z.string().default('UTC') }).strict(),
  })
  .strict()
  .superRefine((r, ctx) => {
    const teams = new Set(r.teams.map((t) => t.name));
    r.territories.forEach((t, i) => {
      if (!teams.has(t.team)) ctx.addIssue({ code: 'custom', path: ['territories', i, 'team'], message: `no team named "${t.team}"` });
    });
    if (r.segments.midmarket >= r.segments.enterprise) {
      ctx.addIssue({ code: 'custom', path: ['segments', 'midmarket'], message: 'must be below segments.enterprise' });
    }
  });

export type RoutingConfig = z.output<typeof routingSchema>;
