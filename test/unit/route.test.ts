import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { routingSchema } from '../../src/config/routing.js';
import { regionOf } from '../../src/core/regions.js';
import type { RoutingConfig } from '../../src/config/routing.js';
import type { Contact } from '../../src/domain/types.js';
import { resolveUsers, route, segmentOf } from '../../src/core/route.js';
import type { ResolvedUser, RouteContext, RouteInput, SalesforceUserRow } from '../../src/core/route.js';
import { contact } from '../helpers/contact.js';

const CONFIG_DIR = join(import.meta.dirname, '..', '..', 'config');

/** A routing.yaml as an admin would write it: two NA teams split at 1,000 employees, EMEA, everyone else. */
const routing: RoutingConfig = routingSchema.parse(
  parse(`
teams:
  - name: na-enterprise
    timeZone: America/New_York
    calendar: default
    members: [olivia.bennett@acme-sales.example, marcus.reid@acme-sales.example]
  - name: na-commercial
    timeZone: America/Los_Angeles
    calendar: default
    members: [Sofia.Alvarez@Acme-Sales.example, ethan.cole@acme-sales.example, grace.kim@acme-sales.example]
  - name: emea
    timeZone: Europe/London
    calendar: emea
    members: [amelia.hughes@acme-sales.example, lukas.becker@acme-sales.example]
  - name: rest-of-world
    timeZone: America/New_York
    members: [noah.tan@acme-sales.example]
territories:
  - { id: na-enterprise, label: North America enterprise, when: { region: [NA], segment: [enterprise] }, team: na-enterprise }
  - { id: na-commercial, label: North America commercial, when: { region: [NA] }, team: na-commercial }
  - { id: emea, label: EMEA, when: { region: [EMEA] }, team: emea }
  - { id: rest, label: Everyone else, when: {}, team: rest-of-world }
fallback:
  user: olivia.bennett@acme-sales.example
  timeZone: America/New_York
`),
);

function sfUser(id: string, address: string, opts: { active?: boolean; zone?: string; username?: string } = {}): SalesforceUserRow {
  return { Id: id, Username: opts.username ?? address, Email: address, IsActive: opts.active ?? true, TimeZoneSidKey: opts.zone ?? 'America/New_York' };
}

const ROWS: SalesforceUserRow[] = [
  sfUser('005OLIVIA', 'olivia.bennett@acme-sales.example'),
  sfUser('005MARCUS', 'marcus.reid@acme-sales.example'),
  // Salesforce usernames are often the email with a sandbox or org suffix.
  sfUser('005SOFIA', 'sofia.alvarez@acme-sales.example', { zone: 'America/Los_Angeles' }),
  sfUser('005ETHAN', 'ethan.cole@acme-sales.example', { zone: 'America/Los_Angeles' }),
  sfUser('005GRACE', 'grace.kim@acme-sales.example', { zone: 'America/Los_Angeles' }),
  sfUser('005AMELIA', 'amelia.hughes@acme-sales.example', { zone: 'Europe/London' }),
  sfUser('005LUKAS', 'lukas.becker@acme-sales.example', { zone: 'Europe/Berlin' }),
  sfUser('005NOAH', 'noah.tan@acme-sales.example', { zone: 'Asia/Singapore' }),
  sfUser('005PRIYA', 'priya.shah@acme-sales.example', { zone: 'Asia/Kolkata' }),
  sfUser('005GONE', 'former.rep@acme-sales.example', { active: false }),
];

function usersFrom(rows: SalesforceUserRow[]): ResolvedUser[] {
  return rows.map((u) => ({ id: u.Id, username: u.Username, email: u.Email, isActive: u.IsActive, timeZone: u.TimeZoneSidKey }));
}
const USERS = usersFrom(ROWS);

function withInactive(ids: string[]): ResolvedUser[] {
  return USERS.map((u) => (ids.includes(u.id) ? { ...u, isActive: false } : u));
}

function lead(c: Partial<Contact> = {}, owners: Partial<Omit<RouteInput, 'contact'>> = {}): RouteInput {
  return { contact: contact({ hubspotId: '1', ...c }), existingOwnerId: null, accountOwnerId: null, ...owners };
}

function ctx(overrides: Partial<RouteContext> = {}): RouteContext {
  return { routing, users: USERS, pointers: {}, ...overrides };
}

const rules = (reasons: { rule: string }[]): string[] => reasons.map((r) => r.rule);

describe('route: owners that already exist', () => {
  it('keeps the active owner of the matched Lead or Contact, without touching round robin', () => {
    const pointers = Object.freeze({ 'na-commercial': 2 });
    const { decision, pointers: after } = route(lead({ country: 'US', employees: 50 }, { existingOwnerId: '005PRIYA', accountOwnerId: '005MARCUS' }), ctx({ pointers }));
    expect(decision).toMatchObject({ ownerId: '005PRIYA', ownerKind: 'user', team: null, timeZone: 'Asia/Kolkata' });
    expect(rules(decision.reasons)).toEqual(['route.existing-owner']);
    // Round robin did not advance: the very same pointers object comes back.
    expect(after).toBe(pointers);
  });

  it("an existing owner who is a team member gets the team's calendar, in the owner's own zone", () => {
    const { decision } = route(lead({ country: 'US', employees: 50 }, { existingOwnerId: '005LUKAS' }), ctx());
    expect(decision).toMatchObject({ ownerId: '005LUKAS', ownerKind: 'user', team: null, timeZone: 'Europe/Berlin', calendar: 'emea' });
  });

  it('keeps a queue that owns the matched record', () => {
    const { decision } = route(lead({}, { existingOwnerId: '00G5e000001AbCd' }), ctx());
    expect(decision).toMatchObject({ ownerId: '00G5e000001AbCd', ownerKind: 'queue' });
    expect(rules(decision.reasons)).toEqual(['route.existing-owner']);
  });

  it.each([
    { name: 'an inactive existing owner', existing: '005GONE' },
    { name: 'an existing owner Id that is no user (deleted, other org)', existing: '005XXXXXXXXXXXX' },
  ])('$name falls through to the account owner', ({ existing }) => {
    const { decision } = route(lead({}, { existingOwnerId: existing, accountOwnerId: '005MARCUS' }), ctx());
    expect(decision.ownerId).toBe('005MARCUS');
    expect(rules(decision.reasons)).toEqual(['route.existing-owner.inactive', 'route.account-owner']);
  });

  it.each([
    { name: 'an inactive existing owner', existing: '005GONE' },
    { name: 'an existing owner Id that is no user', existing: '005XXXXXXXXXXXX' },
  ])('$name and no account owner falls through to the territory', ({ existing }) => {
    const { decision } = route(lead({ country: 'DE', employees: 40 }, { existingOwnerId: existing }), ctx());
    expect(decision).toMatchObject({ ownerId: '005AMELIA', team: 'emea' });
    expect(rules(decision.reasons)).toEqual(['route.existing-owner.inactive', 'route.territory.emea', 'route.round-robin']);
  });

  it('with keepExistingOwner off, the existing owner is not considered at all', () => {
    const { decision } = route(lead({ country: 'DE', employees: 40 }, { existingOwnerId: '005PRIYA' }), ctx({ routing: { ...routing, keepExistingOwner: false } }));
    expect(decision.ownerId).toBe('005AMELIA');
    expect(rules(decision.reasons)).not.toContain('route.existing-owner');
  });

  it('with keepExistingOwner and useAccountOwner off, neither owner is considered', () => {
    const off = { ...routing, keepExistingOwner: false, useAccountOwner: false };
    const { decision } = route(lead({ country: 'DE', employees: 40 }, { existingOwnerId: '005PRIYA', accountOwnerId: '005NOAH' }), ctx({ routing: off }));
    expect(decision.ownerId).toBe('005AMELIA');
    expect(rules(decision.reasons)).toEqual(['route.territory.emea', 'route.round-robin']);
  });

  it('the account owner wins over the territory and uses the owner zone', () => {
    const { decision } = route(lead({ country: 'US', employees: 50, companyDomain: 'globex.com' }, { accountOwnerId: '005NOAH' }), ctx());
    expect(decision).toMatchObject({ ownerId: '005NOAH', team: null, timeZone: 'Asia/Singapore' });
    expect(decision.reasons[0]?.label).toContain('globex.com');
    expect(rules(decision.reasons)).toEqual(['route.account-owner']);
  });

  it('an inactive account owner falls through to round robin', () => {
    const { decision } = route(lead({ country: 'US', employees: 50 }, { accountOwnerId: '005GONE' }), ctx());
    expect(decision).toMatchObject({ ownerId: '005SOFIA', team: 'na-commercial' });
    expect(rules(decision.reasons)).toEqual(['route.account-owner.inactive', 'route.territory.na-commercial', 'route.round-robin']);
  });
});

describe('route: territories, first match wins', () => {
  it.each([
    { name: 'US, 1,000 employees: enterprise starts at 1,000', c: { country: 'US', employees: 1000 }, team: 'na-enterprise', zone: 'America/New_York' },
    { name: 'US, 999 employees: commercial', c: { country: 'US', employees: 999 }, team: 'na-commercial', zone: 'America/Los_Angeles' },
    { name: 'Canada, 25,000 employees', c: { country: 'CA', employees: 25000 }, team: 'na-enterprise', zone: 'America/New_York' },
    // Unknown size has no segment, so it never lands in the enterprise team by accident.
    { name: 'US, unknown size', c: { country: 'US', employees: null }, team: 'na-commercial', zone: 'America/Los_Angeles' },
    { name: 'Germany goes to EMEA', c: { country: 'DE', employees: 5000 }, team: 'emea', zone: 'Europe/London' },
    { name: 'South Africa is EMEA too', c: { country: 'ZA', employees: 80 }, team: 'emea', zone: 'Europe/London' },
    { name: 'Japan has no territory of its own', c: { country: 'JP', employees: 5000 }, team: 'rest-of-world', zone: 'America/New_York' },
    { name: 'Brazil (LATAM) has no territory of its own', c: { country: 'BR', employees: 300 }, team: 'rest-of-world', zone: 'America/New_York' },
    { name: 'no country at all', c: { country: null, state: null, employees: 300 }, team: 'rest-of-world', zone: 'America/New_York' },
  ])('$name → $team', ({ c, team, zone }) => {
    const { decision } = route(lead(c), ctx());
    expect(decision.team).toBe(team);
    expect(decision.timeZone).toBe(zone);
    expect(decision.ownerKind).toBe('user');
    expect(rules(decision.reasons)).toEqual([`route.territory.${team === 'rest-of-world' ? 'rest' : team}`, 'route.round-robin']);
  });

  it('the EMEA team brings its own calendar', () => {
    expect(route(lead({ country: 'FR', employees: 10 }), ctx()).decision.calendar).toBe('emea');
  });

  it.each([
    { name: 'a US state list with the country prefix', state: ['US-CA'], c: { country: 'US', state: 'CA' }, hit: true },
    { name: 'a bare state code', state: ['WA', 'CA'], c: { country: 'US', state: 'CA' }, hit: true },
    { name: 'a state the contact is not in', state: ['WA'], c: { country: 'US', state: 'NY' }, hit: false },
    { name: 'no state on the contact', state: ['CA'], c: { country: 'US', state: null }, hit: false },
  ])('state criteria: $name', ({ state, c, hit }) => {
    const west = routingSchema.parse({
      ...structuredClone(routing),
      territories: [{ id: 'west', label: 'West', when: { region: ['NA'], state }, team: 'na-commercial' }, ...routing.territories.slice(2)],
    });
    const { decision } = route(lead({ employees: 10, ...c }), ctx({ routing: west }));
    expect(decision.team === 'na-commercial').toBe(hit);
  });

  describe('country list and employee range', () => {
    const dach = routingSchema.parse({
      ...structuredClone(routing),
      territories: [{ id: 'dach', label: 'DACH', when: { country: ['de', 'AT', 'CH'], employeesMin: 50, employeesMax: 5000 }, team: 'emea' }],
    });

    it('a German company of 50, the bottom of the range, is in the territory', () => {
      const { decision } = route(lead({ country: 'DE', state: null, employees: 50 }), ctx({ routing: dach }));
      expect(rules(decision.reasons)).toEqual(['route.territory.dach', 'route.round-robin']);
      expect(decision).toMatchObject({ team: 'emea', timeZone: 'Europe/London', calendar: 'emea', ownerKind: 'user' });
    });

    it.each([
      { name: 'employees above employeesMax', c: { country: 'DE', employees: 5001 } },
      { name: 'unknown employee count', c: { country: 'AT', employees: null } },
      { name: 'no country', c: { country: null, state: null, employees: 300 } },
    ])('no territory ($name): the fallback user, in the fallback zone', ({ c }) => {
      const { decision } = route(lead(c), ctx({ routing: dach }));
      expect(rules(decision.reasons)).toEqual(['route.territory.none', 'route.fallback.user']);
      expect(decision).toMatchObject({ ownerId: '005OLIVIA', team: null, timeZone: 'America/New_York', calendar: 'default' });
    });
  });
});

describe('route: round robin', () => {
  function assign(n: number, contacts: (i: number) => Partial<Contact>, context: RouteContext): { owners: string[]; pointers: Record<string, number> } {
    let pointers: Record<string, number> = { ...context.pointers };
    const owners: string[] = [];
    for (let i = 0; i < n; i++) {
      const routed = route(lead(contacts(i)), { ...context, pointers });
      owners.push(routed.decision.ownerId ?? 'none');
      pointers = routed.pointers;
    }
    return { owners, pointers };
  }

  it('9 leads over 3 members: 3 each, in member order, when the returned pointers are fed back', () => {
    const { owners, pointers } = assign(9, () => ({ country: 'US', employees: 120 }), ctx());
    expect(owners).toEqual(['005SOFIA', '005ETHAN', '005GRACE', '005SOFIA', '005ETHAN', '005GRACE', '005SOFIA', '005ETHAN', '005GRACE']);
    expect(pointers).toEqual({ 'na-commercial': 0 });
  });

  it('a persisted pointer continues the rotation in the next run', () => {
    const first = assign(2, () => ({ country: 'US', employees: 120 }), ctx());
    expect(first.pointers).toEqual({ 'na-commercial': 2 });
    const second = assign(2, () => ({ country: 'US', employees: 120 }), ctx({ pointers: first.pointers }));
    expect(second.owners).toEqual(['005GRACE', '005SOFIA']);
  });

  it('each team rotates on its own; other teams keep their pointers', () => {
    const { owners, pointers } = assign(5, (i) => (i % 2 === 0 ? { country: 'US', employees: 120 } : { country: 'GB', employees: 40 }), ctx({ pointers: { 'na-enterprise': 1 } }));
    expect(owners).toEqual(['005SOFIA', '005AMELIA', '005ETHAN', '005LUKAS', '005GRACE']);
    expect(pointers).toEqual({ 'na-enterprise': 1, 'na-commercial': 0, emea: 0 });
  });

  it('an inactive member is skipped and the rotation stays fair between the others', () => {
    const { owners } = assign(6, () => ({ country: 'US', employees: 120 }), ctx({ users: withInactive(['005ETHAN']) }));
    expect(owners).toEqual(['005SOFIA', '005GRACE', '005SOFIA', '005GRACE', '005SOFIA', '005GRACE']);
  });

  it('a member with no Salesforce user is skipped like an inactive one', () => {
    const { owners } = assign(4, () => ({ country: 'US', employees: 120 }), ctx({ users: USERS.filter((u) => u.id !== '005GRACE') }));
    expect(owners).toEqual(['005SOFIA', '005ETHAN', '005SOFIA', '005ETHAN']);
  });

  it('a pointer left over from a bigger team wraps around instead of failing', () => {
    const { decision, pointers } = route(lead({ country: 'US', employees: 120 }), ctx({ pointers: { 'na-commercial': 7 } }));
    expect(decision.ownerId).toBe('005ETHAN');
    expect(pointers['na-commercial']).toBe(2);
  });

  it('never mutates the pointers it was given', () => {
    const given = Object.freeze({ 'na-commercial': 1 });
    const { pointers } = route(lead({ country: 'US', employees: 120 }), ctx({ pointers: given }));
    expect(given).toEqual({ 'na-commercial': 1 });
    expect(pointers).toEqual({ 'na-commercial': 2 });
  });
});

describe('route: reps who are away (routing.yaml availability)', () => {
  const awayCtx = (ids: string[], over: Partial<RouteContext> = {}): RouteContext => ctx({ away: new Set(ids), ...over });

  it('round robin passes over an away member without spending their turn: the others stay even, and the rotation resumes where it was when they return', () => {
    let pointers: Record<string, number> = {};
    const owners: string[] = [];
    for (let i = 0; i < 6; i++) {
      const routed = route(lead({ country: 'US', employees: 120 }), awayCtx(['005ETHAN'], { pointers }));
      owners.push(routed.decision.ownerId ?? 'none');
      pointers = routed.pointers;
    }
    expect(owners).toEqual(['005SOFIA', '005GRACE', '005SOFIA', '005GRACE', '005SOFIA', '005GRACE']);
    const skipped = route(lead({ country: 'US', employees: 120 }), awayCtx(['005ETHAN'], { pointers: { 'na-commercial': 1 } })).decision;
    expect(skipped.reasons.find((r) => r.rule === 'route.round-robin')?.label).toBe('Round robin in na-commercial: member 3 of 3, 1 inactive, away or unknown skipped (005GRACE)');
    // Back from leave: no catch-up burst, they simply take their next turn.
    const back: string[] = [];
    for (let i = 0; i < 3; i++) {
      const routed = route(lead({ country: 'US', employees: 120 }), ctx({ pointers }));
      back.push(routed.decision.ownerId ?? 'none');
      pointers = routed.pointers;
    }
    expect(back).toEqual(['005SOFIA', '005ETHAN', '005GRACE']);
  });

  it('an away account owner: the account rule is passed over and the territory decides, as for an inactive one', () => {
    const { decision } = route(lead({ country: 'US', employees: 120 }, { accountOwnerId: '005MARCUS' }), awayCtx(['005MARCUS']));
    expect(decision).toMatchObject({ ownerId: '005SOFIA', team: 'na-commercial' });
    expect(rules(decision.reasons)).toEqual(['route.account-owner.away', 'route.territory.na-commercial', 'route.round-robin']);
  });

  it('an away owner of the matched record gets no new handoff: routing goes on (the Lead then follows its Task)', () => {
    const { decision } = route(lead({ country: 'GB', employees: 40 }, { existingOwnerId: '005PRIYA' }), awayCtx(['005PRIYA']));
    expect(decision).toMatchObject({ ownerId: '005AMELIA', team: 'emea' });
    expect(rules(decision.reasons)).toEqual(['route.existing-owner.away', 'route.territory.emea', 'route.round-robin']);
  });

  it('a team all away goes to the fallback user; an away fallback user to the queue; an owner reserved earlier who is now away is not kept', () => {
    const allAway = route(lead({ country: 'GB', employees: 40 }), awayCtx(['005AMELIA', '005LUKAS']));
    expect(allAway.decision.ownerId).toBe('005OLIVIA');
    expect(rules(allAway.decision.reasons)).toEqual(['route.territory.emea', 'route.team.no-active-member', 'route.fallback.user']);
    const withQueue = routingSchema.parse({ ...structuredClone(routing), fallback: { user: 'olivia.bennett@acme-sales.example', queue: 'Unassigned_Leads', timeZone: 'UTC' } });
    const toQueue = route(lead({ country: 'GB', employees: 40 }), {
      routing: withQueue,
      users: USERS,
      away: new Set(['005OLIVIA', '005AMELIA', '005LUKAS']),
      queues: [{ id: '00G000000000001', name: 'Unassigned leads', developerName: 'Unassigned_Leads' }],
      pointers: {},
    });
    expect(toQueue.decision.ownerId).toBe('00G000000000001');
    expect(rules(toQueue.decision.reasons)).toContain('route.fallback.user.unavailable');
    const reserved = route(lead({ country: 'GB', employees: 40 }, { reservedOwner: { ownerId: '005AMELIA', team: 'emea' } }), awayCtx(['005AMELIA']));
    expect(reserved.decision.ownerId).toBe('005LUKAS');
  });
});

describe('route: fallback', () => {
  it('a team with nobody active goes to the fallback user', () => {
    const { decision } = route(lead({ country: 'GB', employees: 40 }), ctx({ users: withInactive(['005AMELIA', '005LUKAS']) }));
    expect(decision).toMatchObject({ ownerId: '005OLIVIA', team: null });
    expect(rules(decision.reasons)).toEqual(['route.territory.emea', 'route.team.no-active-member', 'route.fallback.user']);
  });

  it('no owner at all when the fallback user does not exist in Salesforce', () => {
    const users = usersFrom(ROWS.filter((u) => !['005OLIVIA', '005AMELIA', '005LUKAS'].includes(u.Id)));
    const { decision } = route(lead({ country: 'GB', employees: 40 }), ctx({ users }));
    expect(decision.ownerId).toBeNull();
    expect(decision.timeZone).toBe('America/New_York');
    expect(rules(decision.reasons).at(-1)).toBe('route.no-owner');
  });

  it('an inactive fallback user hands over to the fallback queue', () => {
    const withQueue = routingSchema.parse({ ...structuredClone(routing), fallback: { user: 'olivia.bennett@acme-sales.example', queue: 'Unassigned_Leads', timeZone: 'UTC' } });
    const { decision } = route(lead({ country: 'GB', employees: 40 }), {
      routing: withQueue,
      users: withInactive(['005OLIVIA', '005AMELIA', '005LUKAS']),
      queues: [{ id: '00G000000000001', name: 'Unassigned leads', developerName: 'Unassigned_Leads' }],
      pointers: {},
    });
    expect(decision).toMatchObject({ ownerId: '00G000000000001', ownerKind: 'queue', timeZone: 'UTC', calendar: 'default' });
    expect(rules(decision.reasons).at(-1)).toBe('route.fallback.queue');
  });

  it('an inactive fallback user and a fallback queue Salesforce does not have: no owner, with every reason', () => {
    const withQueue = routingSchema.parse({ ...structuredClone(routing), fallback: { user: 'olivia.bennett@acme-sales.example', queue: 'Unassigned_Leads', timeZone: 'UTC' } });
    const { decision } = route(lead({ country: 'GB', employees: 40 }), {
      routing: withQueue,
      users: withInactive(['005OLIVIA', '005AMELIA', '005LUKAS']),
      queues: [],
      pointers: {},
    });
    expect(decision.ownerId).toBeNull();
    expect(rules(decision.reasons)).toEqual([
      'route.territory.emea',
      'route.team.no-active-member',
      'route.fallback.user.unavailable',
      'route.fallback.queue.unknown',
      'route.no-owner',
    ]);
    expect(decision.reasons.at(-1)?.label).toMatch(/^No owner/);
  });

  describe('a queue as the only fallback, with the Lead queues Salesforce returned', () => {
    const LEAD_QUEUES = [
      { Id: '00G00000000000A', Name: 'West Leads', DeveloperName: 'West_Leads' },
      { Id: '00G00000000000B', Name: 'Handoff Unassigned Leads', DeveloperName: 'Handoff_Unassigned_Leads' },
    ];
    const queueOnly = (queue: string): RoutingConfig =>
      routingSchema.parse({ ...structuredClone(routing), territories: [], fallback: { queue, timeZone: 'Europe/London' } });

    it.each(['Handoff_Unassigned_Leads', 'handoff unassigned leads'])('no territory matches: the queue named %s owns the lead, with its reason', (name) => {
      const cfg = queueOnly(name);
      const resolved = resolveUsers(cfg, ROWS, LEAD_QUEUES);
      expect(resolved.problems).toEqual([]);
      const { decision, pointers } = route(lead({ country: 'US', employees: 5000 }), { routing: cfg, users: resolved.users, queues: resolved.queues, pointers: {} });
      expect(decision).toMatchObject({ ownerId: '00G00000000000B', ownerKind: 'queue', team: null, timeZone: 'Europe/London', calendar: 'default' });
      expect(decision.reasons).toEqual([
        { rule: 'route.territory.none', label: 'No territory matched' },
        { rule: 'route.fallback.queue', label: 'Fallback queue Handoff Unassigned Leads (00G00000000000B)' },
      ]);
      expect(pointers).toEqual({});
    });

    it("queueTaskOwner gets the queue's SLA Task when active; inactive, the Task stays with the integration user", () => {
      const cfg = routingSchema.parse({ ...structuredClone(routing), territories: [], fallback: { queue: 'Handoff_Unassigned_Leads', timeZone: 'Europe/London' }, queueTaskOwner: 'olivia.bennett@acme-sales.example' });
      const resolved = resolveUsers(cfg, ROWS, LEAD_QUEUES);
      expect(resolved.problems).toEqual([]);
      const active = route(lead({ country: 'US' }), { routing: cfg, users: resolved.users, queues: resolved.queues, pointers: {} }).decision;
      expect(active).toMatchObject({ ownerId: '00G00000000000B', ownerKind: 'queue', taskOwnerId: '005OLIVIA' });
      expect(rules(active.reasons)).toEqual(['route.territory.none', 'route.fallback.queue', 'route.queue-task-owner']);
      const users = resolved.users.map((u) => (u.id === '005OLIVIA' ? { ...u, isActive: false } : u));
      const inactive = route(lead({ country: 'US' }), { routing: cfg, users, queues: resolved.queues, pointers: {} }).decision;
      expect(inactive).toMatchObject({ ownerId: '00G00000000000B', taskOwnerId: null });
      expect(rules(inactive.reasons)).toEqual(['route.territory.none', 'route.fallback.queue', 'route.queue-task-owner.unavailable']);
      // A queue that already owns the matching Lead hands its Task to the same user.
      const kept = route(lead({}, { existingOwnerId: '00G5e000001AbCd' }), { routing: cfg, users: resolved.users, queues: resolved.queues, pointers: {} }).decision;
      expect(kept).toMatchObject({ ownerId: '00G5e000001AbCd', ownerKind: 'queue', taskOwnerId: '005OLIVIA' });
    });

    it('an unknown queueTaskOwner is a routing problem', () => {
      const cfg = routingSchema.parse({ ...structuredClone(routing), queueTaskOwner: 'nobody@acme-sales.example' });
      expect(resolveUsers(cfg, ROWS, LEAD_QUEUES).located).toEqual([
        { file: 'routing.yaml', where: 'queueTaskOwner', message: 'routing.yaml queueTaskOwner names "nobody@acme-sales.example", but no Salesforce user has that username or email' },
      ]);
    });

    it('a queue Salesforce did not return as a Lead queue is a problem, and the lead has no owner', () => {
      const cfg = queueOnly('Support_Cases');
      const resolved = resolveUsers(cfg, ROWS, LEAD_QUEUES);
      expect(resolved.problems).toEqual(['routing.yaml fallback.queue names "Support_Cases", but no Salesforce Lead queue has that name']);
      const { decision } = route(lead({ country: 'US' }), { routing: cfg, users: resolved.users, queues: resolved.queues, pointers: {} });
      expect(decision.ownerId).toBeNull();
      expect(rules(decision.reasons)).toEqual(['route.territory.none', 'route.fallback.queue.unknown', 'route.no-owner']);
    });
  });
});

describe('resolveUsers', () => {
  it('finds every configured name, whatever its case', () => {
    const { problems, users } = resolveUsers(routing, ROWS);
    expect(problems).toEqual([]);
    expect(users).toHaveLength(ROWS.length);
  });

  it('matches a name by email when the username carries a sandbox suffix', () => {
    const rows = ROWS.map((r) => (r.Id === '005SOFIA' ? { ...r, Username: 'sofia.alvarez@acme-sales.example.uat' } : r));
    expect(resolveUsers(routing, rows).problems).toEqual([]);
    const { decision } = route(lead({ country: 'US', employees: 120 }), ctx({ users: usersFrom(rows) }));
    expect(decision.ownerId).toBe('005SOFIA');
  });

  it('lists each name with no Salesforce user, and only those', () => {
    const rows = ROWS.filter((r) => !['005ETHAN', '005NOAH'].includes(r.Id));
    const { problems } = resolveUsers(routing, rows);
    expect(problems).toHaveLength(2);
    expect(problems.some((p) => p.includes('"ethan.cole@acme-sales.example"'))).toBe(true);
    expect(problems.some((p) => p.includes('"noah.tan@acme-sales.example"'))).toBe(true);
  });

  it('a missing fallback user is a problem too', () => {
    const { problems } = resolveUsers(routing, ROWS.filter((r) => r.Id !== '005OLIVIA'));
    // Olivia is both a team member and the fallback: both references are reported.
    expect(problems).toHaveLength(2);
    expect(problems.some((p) => p.includes('fallback'))).toBe(true);
  });

  it('matches aliases, usernames and emails case-insensitively, with the exact problem for a name with no user', () => {
    const small = routingSchema.parse({
      users: { boss: 'Boss@Acme.example' },
      teams: [{ name: 't', timeZone: 'UTC', members: ['ANA@acme.example', 'ben.sfdc@acme.example.prod', 'nobody@acme.example'] }],
      fallback: { user: 'boss' },
    });
    const { users, problems } = resolveUsers(small, [
      sfUser('005A', 'ana@acme.example', { username: 'ana.sfdc@acme.example.prod' }),
      sfUser('005B', 'ben@acme.example', { username: 'Ben.Sfdc@Acme.example.prod' }),
      sfUser('005K', 'boss@acme.example'),
    ]);
    expect(users.map((u) => u.id)).toEqual(['005A', '005B', '005K']);
    expect(problems).toEqual(['routing.yaml team t names "nobody@acme.example", but no Salesforce user has that username or email']);
    const everyone = { ...small, territories: [{ id: 'all', label: 'All', when: {}, team: 't' }] };
    expect(route(lead({ country: 'FR' }), { routing: everyone, users, pointers: {} }).decision.ownerId).toBe('005A');
  });

  it('an email shared by several active users is ambiguous; one active and one inactive is not', () => {
    const shared = routingSchema.parse({ teams: [{ name: 't', timeZone: 'UTC', members: ['shared@acme.example'] }], fallback: { queue: 'Q' } });
    const twoActive = resolveUsers(shared, [sfUser('005A', 'shared@acme.example', { username: 'a@acme.example' }), sfUser('005B', 'shared@acme.example', { username: 'b@acme.example' })]);
    expect(twoActive.problems).toEqual([expect.stringMatching(/several active Salesforce users/)]);
    const oneActive = resolveUsers(shared, [
      sfUser('005A', 'shared@acme.example', { username: 'a@acme.example', active: false }),
      sfUser('005B', 'shared@acme.example', { username: 'b@acme.example' }),
    ]);
    expect(oneActive.problems).toEqual([]);
  });

  it("a team's lead must be a known, active user: each problem with its file and key path", () => {
    const withLeads = routingSchema.parse({
      ...structuredClone(routing),
      teams: routing.teams.map((t, i) => ({ ...t, lead: ['priya.shah@acme-sales.example', 'nobody.lead@acme-sales.example', 'former.rep@acme-sales.example'][i] })),
    });
    const emea = withLeads.teams.findIndex((t) => t.name === 'emea');
    expect(resolveUsers(withLeads, ROWS).located).toEqual([
      { file: 'routing.yaml', where: 'teams[1].lead', message: 'routing.yaml teams[1].lead (team na-commercial) names "nobody.lead@acme-sales.example", but no Salesforce user has that username or email' },
      {
        file: 'routing.yaml',
        where: `teams[${emea}].lead`,
        message: `routing.yaml teams[${emea}].lead (team emea) names "former.rep@acme-sales.example", an inactive Salesforce user: escalations in team emea reach nobody when the owner has no active manager`,
      },
    ]);
    // An inactive team member is no problem: round robin skips them.
    expect(resolveUsers({ ...withLeads, teams: withLeads.teams.map((t) => ({ ...t, lead: undefined, members: [...t.members, 'former.rep@acme-sales.example'] })) }, ROWS).located).toEqual([]);
  });

  it("handoff.yaml's sla.reassign.user must be a known, active user", () => {
    expect(resolveUsers(routing, ROWS, undefined, { reassignUser: 'priya.shah@acme-sales.example' }).located).toEqual([]);
    expect(resolveUsers(routing, ROWS, undefined, { reassignUser: 'ghost@acme-sales.example' }).located).toEqual([
      { file: 'handoff.yaml', where: 'sla.reassign.user', message: 'handoff.yaml sla.reassign.user names "ghost@acme-sales.example", but no Salesforce user has that username or email' },
    ]);
    expect(resolveUsers(routing, ROWS, undefined, { reassignUser: 'Former.Rep@acme-sales.example' }).located).toEqual([
      {
        file: 'handoff.yaml',
        where: 'sla.reassign.user',
        message: 'handoff.yaml sla.reassign.user names "Former.Rep@acme-sales.example", an inactive Salesforce user: no overdue Task is reassigned until the user is active again or the setting changes',
      },
    ]);
  });

  it('reports an unknown fallback queue only when queues were looked up', () => {
    const missing = routingSchema.parse({ teams: [{ name: 't', timeZone: 'UTC', members: ['a@acme.example'] }], fallback: { queue: 'Missing' } });
    const rows = [sfUser('005A', 'a@acme.example')];
    expect(resolveUsers(missing, rows).problems).toEqual([]);
    expect(resolveUsers(missing, rows, []).problems).toEqual([expect.stringMatching(/fallback.queue names "Missing"/)]);
  });
});

describe('regionOf', () => {
  it.each([
    ['US', 'NA'],
    ['CA', 'NA'],
    ['MX', 'LATAM'],
    ['BR', 'LATAM'],
    ['DE', 'EMEA'],
    ['AE', 'EMEA'],
    ['ZA', 'EMEA'],
    ['JP', 'APAC'],
    ['IN', 'APAC'],
    ['AU', 'APAC'],
    ['de', 'EMEA'],
    ['XX', null],
    [null, null],
  ] as const)('%s → %s', (country, region) => {
    expect(regionOf(country)).toBe(region);
  });
});

describe('segmentOf', () => {
  it.each([
    [1000, 'enterprise'],
    [999, 'midmarket'],
    [200, 'midmarket'],
    [199, 'smb'],
    [0, 'smb'],
    [null, null],
  ] as const)('%s employees → %s', (employees, segment) => {
    expect(segmentOf(employees, routing)).toBe(segment);
  });
});

describe('route with the shipped routing.yaml', () => {
  const shipped: RoutingConfig = routingSchema.parse(parse(readFileSync(join(CONFIG_DIR, 'routing.yaml'), 'utf8')));
  const refs = [...shipped.teams.flatMap((t) => t.members), ...(shipped.fallback.user ? [shipped.fallback.user] : [])];
  const addresses = [...new Set(refs.map((r) => (Object.hasOwn(shipped.users, r) ? (shipped.users[r] ?? r) : r).toLowerCase()))];
  const rows = addresses.map((a, i) => sfUser(`005SHIP${String(i).padStart(3, '0')}`, a));
  const users = usersFrom(rows);
  const teamOf = (c: Partial<Contact>): string | null => route(lead(c), { routing: shipped, users, pointers: {} }).decision.team;

  it('every name in it resolves when Salesforce has those users', () => {
    expect(resolveUsers(shipped, rows).problems).toEqual([]);
  });

  it.each([
    { name: 'US enterprise', c: { country: 'US', state: 'NY', employees: 5000 }, team: 'na-enterprise' },
    { name: 'Japan', c: { country: 'JP', state: null, employees: 5000 }, team: 'rest-of-world' },
    { name: 'UK mid-market', c: { country: 'GB', state: null, employees: 400 }, team: 'emea' },
  ])('$name → $team', ({ c, team }) => {
    expect(teamOf(c)).toBe(team);
  });

  it('US mid-market is not enterprise, and a German small business is handled in EMEA', () => {
    expect(teamOf({ country: 'US', state: 'NY', employees: 999 })).not.toBe('na-enterprise');
    expect(teamOf({ country: 'US', state: 'NY', employees: 999 })).toMatch(/^na-/);
    expect(teamOf({ country: 'DE', state: 'BY', employees: 30 })).toBe('emea');
  });
});
