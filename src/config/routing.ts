import { z } from 'zod';
import { timeZoneSchema } from './sla.js';

export const REGIONS = ['NA', 'LATAM', 'EMEA', 'APAC'] as const;
export type Region = (typeof REGIONS)[number];
export const SEGMENTS = ['enterprise', 'midmarket', 'smb'] as const;
export type Segment = (typeof SEGMENTS)[number];

/** Salesforce usernames are email-shaped, so anything without "@" must be an alias from `users`. */
const userRef = z.string().trim().min(1, 'a Salesforce username, email or an alias from users');
const isAddress = (ref: string): boolean => ref.includes('@');

const list = <T extends z.ZodType>(item: T, example: string) => z.array(item, { error: `a list, e.g. ${example}` }).min(1);
const countryCode = z
  .string()
  .regex(/^[A-Za-z]{2}$/, 'an ISO 3166-1 alpha-2 country code, e.g. US')
  .transform((c) => c.toUpperCase());
// "CA" matches the state alone, "US-CA" the country and state together.
const stateCode = z
  .string()
  .regex(/^([A-Za-z]{2}-)?[A-Za-z0-9]{1,3}$/, 'a subdivision code, e.g. CA or US-CA')
  .transform((c) => c.toUpperCase());

const teamSchema = z
  .object({
    name: z.string().regex(/^[a-z0-9-]+$/, 'lower-case letters, digits and dashes'),
    /** SLA due times for the team's leads are computed in this zone. */
    timeZone: timeZoneSchema,
    /** The business calendar (sla.yaml) for the team's leads. */
    calendar: z.string().min(1).default('default'),
    /** Usernames, emails or aliases; round robin goes through them in this order. */
    members: list(userRef, '[ana@acme.example]'),
    /** Told when a member's lead is escalated and the Salesforce user has no ManagerId. */
    lead: userRef.optional(),
  })
  .strict();

const territorySchema = z
  .object({
    id: z.string().regex(/^[a-z0-9_.-]+$/, 'lower-case letters, digits, dots, dashes or underscores'),
    label: z.string().min(1).max(120),
    /** Every listed criterion must hold; an empty `when` matches everyone (a catch-all). */
    when: z
      .object({
        country: list(countryCode, '[US, CA]').optional(),
        region: list(z.enum(REGIONS), '[NA]').optional(),
        state: list(stateCode, '[CA, WA]').optional(),
        segment: list(z.enum(SEGMENTS), '[enterprise]').optional(),
        employeesMin: z.number().int().nonnegative().optional(),
        employeesMax: z.number().int().nonnegative().optional(),
      })
      .strict()
      .refine((w) => w.employeesMin === undefined || w.employeesMax === undefined || w.employeesMin <= w.employeesMax, {
        error: 'employeesMax is below employeesMin',
        path: ['employeesMax'],
      }),
    team: z.string().min(1),
  })
  .strict();

const segmentBand = (minEmployees: number) => z.object({ minEmployees: z.number().int().nonnegative().default(minEmployees) }).strict().prefault({});

export const routingSchema = z
  .object({
    /** handoff: Handoff picks owners and Lead writes send Sforce-Auto-Assign: FALSE. salesforce: assignment rules decide. */
    assignment: z.object({ mode: z.enum(['handoff', 'salesforce']).default('handoff') }).strict().prefault({}),
    /** A Lead or Contact that already exists keeps its active owner. */
    keepExistingOwner: z.boolean().default(true),
    /** Otherwise the active owner of the Account with the contact's company domain. */
    useAccountOwner: z.boolean().default(true),
    /** Short names for Salesforce users (alias: username or email), usable in teams and fallback. */
    users: z.record(z.string().regex(/^[a-z0-9][a-z0-9._-]*$/, 'aliases: lower-case letters, digits, dots, dashes'), userRef).default({}),
    /** A contact's segment is the largest whose minEmployees its company reaches. */
    segments: z.object({ enterprise: segmentBand(1000), midmarket: segmentBand(200), smb: segmentBand(0) }).strict().prefault({}),
    teams: z.array(teamSchema).min(1, 'define at least one team'),
    /** Evaluated in order; the first match picks the team. */
    territories: z.array(territorySchema).default([]),
    /**
     * Who gets the SLA Task of a Lead a queue owns (the fallback queue, or a queue that already owns
     * the matching Lead): a Task can't be owned by a queue. Unset or inactive: the integration user.
     */
    queueTaskOwner: userRef.optional(),
    /**
     * Reps who are away get no new handoffs and no reassignments; their overdue handoffs follow the
     * SLA watch's policy. `away`: date ranges (inclusive, in the rep's calendar days); `userField`: a
     * Salesforce User checkbox the admin names (true = away), read with the users.
     */
    availability: z
      .object({
        away: z
          .array(
            z
              .object({
                user: userRef,
                from: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as "YYYY-MM-DD"'),
                to: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as "YYYY-MM-DD"'),
              })
              .strict()
              .refine((a) => a.from <= a.to, { error: 'to is before from', path: ['to'] }),
          )
          .default([]),
        userField: z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/, 'a User field API name, e.g. Away__c').nullable().default(null),
      })
      .strict()
      .prefault({}),
    /** Used when no territory matches or its team has no active member: a user first, then a queue. */
    fallback: z
      .object({
        user: userRef.optional(),
        /** A Lead queue by its name or API name. */
        queue: z.string().min(1).optional(),
        /** The zone SLA times use when the lead goes to the queue. */
        timeZone: timeZoneSchema.default('UTC'),
      })
      .strict()
      .refine((f) => f.user !== undefined || f.queue !== undefined, { error: 'name a fallback user or queue, so no qualified lead is left without an owner' }),
  })
  .strict()
  .superRefine((r, ctx) => {
    Object.entries(r.users).forEach(([alias, ref]) => {
      if (!isAddress(ref)) ctx.addIssue({ code: 'custom', path: ['users', alias], message: `"${ref}" is not a username or email (they contain @)` });
    });
    const checkRef = (ref: string, path: (string | number)[]): void => {
      if (!isAddress(ref) && !Object.hasOwn(r.users, ref)) ctx.addIssue({ code: 'custom', path, message: `"${ref}" is not a username or email, and users defines no alias "${ref}"` });
    };
    const teams = new Set<string>();
    r.teams.forEach((t, i) => {
      if (teams.has(t.name)) ctx.addIssue({ code: 'custom', path: ['teams', i, 'name'], message: `team "${t.name}" is defined twice` });
      teams.add(t.name);
      const members = new Set<string>();
      t.members.forEach((m, j) => {
        checkRef(m, ['teams', i, 'members', j]);
        if (members.has(m.toLowerCase())) ctx.addIssue({ code: 'custom', path: ['teams', i, 'members', j], message: `"${m}" is listed twice; round robin would favour them` });
        members.add(m.toLowerCase());
      });
    });
    const territories = new Set<string>();
    r.territories.forEach((t, i) => {
      if (territories.has(t.id)) ctx.addIssue({ code: 'custom', path: ['territories', i, 'id'], message: `territory "${t.id}" is defined twice` });
      territories.add(t.id);
      if (!teams.has(t.team)) ctx.addIssue({ code: 'custom', path: ['territories', i, 'team'], message: `no team named "${t.team}" (teams: ${[...teams].join(', ')})` });
    });
    if (r.fallback.user !== undefined) checkRef(r.fallback.user, ['fallback', 'user']);
    if (r.queueTaskOwner !== undefined) checkRef(r.queueTaskOwner, ['queueTaskOwner']);
    r.teams.forEach((t, i) => {
      if (t.lead !== undefined) checkRef(t.lead, ['teams', i, 'lead']);
    });
    r.availability.away.forEach((a, i) => checkRef(a.user, ['availability', 'away', i, 'user']));
    const { enterprise, midmarket, smb } = r.segments;
    if (midmarket.minEmployees >= enterprise.minEmployees) {
      ctx.addIssue({ code: 'custom', path: ['segments', 'midmarket', 'minEmployees'], message: `must be below segments.enterprise.minEmployees (${enterprise.minEmployees})` });
    }
    if (smb.minEmployees >= midmarket.minEmployees) {
      ctx.addIssue({ code: 'custom', path: ['segments', 'smb', 'minEmployees'], message: `must be below segments.midmarket.minEmployees (${midmarket.minEmployees})` });
    }
  });

export type RoutingConfig = z.infer<typeof routingSchema>;
export type RoutingTeam = RoutingConfig['teams'][number];
export type Territory = RoutingConfig['territories'][number];
