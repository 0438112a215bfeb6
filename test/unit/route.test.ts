import { describe, expect, it } from 'vitest';
import { regionOf, routingSchema } from '../../src/config/routing.js';
import type { Contact } from '../../src/domain/types.js';
import { resolveUsers, route, segmentOf } from '../../src/core/route.js';
import type { ResolvedUser, RouteContext } from '../../src/core/route.js';
import { contact } from '../helpers/contact.js';

const ROUTING = routingSchema.parse({
  users: { ana: 'ana@acme.example' },
  teams: [
    { name: 'na-ent', timeZone: 'America/New_York', members: ['ana', 'ben@acme.example', 'cy@acme.example'] },
    { name: 'na-west', timeZone: 'America/Los_Angeles', calendar: 'west', members: ['dee@acme.example'] },
    { name: 'dach', timeZone: 'Europe/Berlin', calendar: 'dach', members: ['eva@acme.example', 'fritz@acme.example'] },
    { name: 'ghosts', timeZone: 'UTC', members: ['gone@acme.example'] },
  ],
  territories: [
    { id: 'na-ent', label: 'NA enterprise', when: { region: ['NA'], segment: ['enterprise'] }, team: 'na-ent' },
    { id: 'na-west', label: 'NA west', when: { country: ['us'], state: ['CA', 'US-WA'] }, team: 'na-west' },
    { id: 'dach', label: 'DACH', when: { country: ['DE', 'AT', 'CH'], employeesMin: 50, employeesMax: 5000 }, team: 'dach' },
    { id: 'antarctica', label: 'Nobody active', when: { country: ['AQ'] }, team: 'ghosts' },
  ],
  fallback: { user: 'zed@acme.example', queue: 'Unassigned_Leads', timeZone: 'America/Chicago' },
});

const user = (id: string, name: string, isActive = true, timeZone = 'America/New_York'): ResolvedUser => ({ id, username: `${name}@acme.example`, email: `${name}@acme.example`, isActive, timeZone });
const USERS: ResolvedUser[] = [
  user('005A', 'ana'),
  user('005B', 'ben'),
  user('005C', 'cy'),
  user('005D', 'dee', true, 'America/Los_Angeles'),
  user('005E', 'eva', true, 'Europe/Berlin'),
  user('005F', 'fritz', true, 'Europe/Berlin'),
  user('005G', 'gone', false),
  user('005O', 'old', false),
  user('005Z', 'zed', true, 'America/Chicago'),
  user('005X', 'account.exec', true, 'America/Denver'),
];
const QUEUES = [{ id: '00GQ', name: 'Unassigned Leads', developerName: 'Unassigned_Leads' }];

const who = (over: Partial<Contact> = {}): Contact => contact({ hubspotId: '1', country: 'US', state: 'NY', employees: 5000, ...over });
const ctx = (over: Partial<RouteContext> = {}): RouteContext => ({ routing: ROUTING, users: USERS, queues: QUEUES, pointers: {}, ...over });
const none = { existingOwnerId: null, accountOwnerId: null };

describe('route: owner precedence', () => {
  it.each([
    { name: 'keeps an active existing owner', input: { existingOwnerId: '005D', accountOwnerId: '005X' }, owner: '005D', rules: ['route.existing-owner'] },
    { name: 'keeps a queue that owns the existing record', input: { existingOwnerId: '00GQ', accountOwnerId: null }, owner: '00GQ', rules: ['route.existing-owner'] },
    {
      name: 'an inactive existing owner falls through to the account owner',
      input: { existingOwnerId: '005O', accountOwnerId: '005X' },
      owner: '005X',
      rules: ['route.existing-owner.inactive', 'route.account-owner'],
    },
    {
      name: 'an unknown existing owner falls through to the territory',
      input: { existingOwnerId: '005NOPE', accountOwnerId: null },
      owner: '005A',
      rules: ['route.existing-owner.inactive', 'route.territory.na-ent', 'route.round-robin'],
    },
    { name: 'the account owner when there is no existing owner', input: { existingOwnerId: null, accountOwnerId: '005X' }, owner: '005X', rules: ['route.account-owner'] },
    {
      name: 'an inactive account owner falls through to the territory',
      input: { existingOwnerId: null, accountOwnerId: '005O' },
      owner: '005A',
      rules: ['route.account-owner.inactive', 'route.territory.na-ent', 'route.round-robin'],
    },
  ])('$name', ({ input, owner, rules }) => {
    const { decision } = route({ contact: who(), ...input }, ctx());
    expect(decision.ownerId).toBe(owner);
    expect(decision.reasons.map((r) => r.rule)).toEqual(rules);
  });

  it('ignores existing and account owners when the config says so', () => {
    const routing = { ...ROUTING, keepExistingOwner: false, useAccountOwner: false };
    const { decision } = route({ contact: who(), existingOwnerId: '005D', accountOwnerId: '005X' }, ctx({ routing }));
    expect(decision.ownerId).toBe('005A');
  });

  it("uses the owner's own zone and their team's calendar outside round robin", () => {
    const { decision } = route({ contact: who(), existingOwnerId: '005E', accountOwnerId: null }, ctx());
    expect(decision).toMatchObject({ ownerKind: 'user', team: null, timeZone: 'Europe/Berlin', calendar: 'dach' });
  });
});

describe('route: territories', () => {
  it.each([
    { name: 'region and segment', over: {}, territory: 'na-ent', team: 'na-ent', tz: 'America/New_York', calendar: 'default' },
    { name: 'first match wins (CA enterprise is na-ent, not na-west)', over: { state: 'CA' }, territory: 'na-ent', team: 'na-ent', tz: 'America/New_York', calendar: 'default' },
    { name: 'state without prefix', over: { state: 'CA', employees: 300 }, territory: 'na-west', team: 'na-west', tz: 'America/Los_Angeles', calendar: 'west' },
    { name: 'state with country prefix', over: { state: 'WA', employees: 300 }, territory: 'na-west', team: 'na-west', tz: 'America/Los_Angeles', calendar: 'west' },
    { name: 'country and employee range', over: { country: 'DE', state: null, employees: 50 }, territory: 'dach', team: 'dach', tz: 'Europe/Berlin', calendar: 'dach' },
  ])('$name', ({ over, territory, team, tz, calendar }) => {
    const { decision } = route({ contact: who(over), ...none }, ctx());
    expect(decision.reasons[0]?.rule).toBe(`route.territory.${territory}`);
    expect(decision).toMatchObject({ team, timeZone: tz, calendar, ownerKind: 'user' });
  });

  it.each([
    { name: 'employees above employeesMax', over: { country: 'DE', employees: 5001 } },
    { name: 'unknown employee count', over: { country: 'AT', employees: null } },
    { name: 'segment needs an employee count', over: { employees: null } },
    { name: 'no country', over: { country: null, state: null } },
  ])('no territory: $name → fallback user', ({ over }) => {
    const { decision } = route({ contact: who(over), ...none }, ctx());
    expect(decision.reasons.map((r) => r.rule)).toEqual(['route.territory.none', 'route.fallback.user']);
    expect(decision).toMatchObject({ ownerId: '005Z', team: null, timeZone: 'America/Chicago', calendar: 'default' });
  });
});

describe('route: round robin', () => {
  const assign = (n: number, c: RouteContext) => {
    let pointers = c.pointers;
    const owners: string[] = [];
    for (let i = 0; i < n; i++) {
      const r = route({ contact: who(), ...none }, { ...c, pointers });
      owners.push(r.decision.ownerId ?? '-');
      pointers = r.pointers;
    }
    return { owners, pointers };
  };

  it('gives 9 leads over 3 members 3 each, in member order', () => {
    const { owners, pointers } = assign(9, ctx());
    expect(owners).toEqual(['005A', '005B', '005C', '005A', '005B', '005C', '005A', '005B', '005C']);
    expect(pointers).toEqual({ 'na-ent': 0 });
  });

  it('skips an inactive member and stays fair between the others', () => {
    const users = USERS.map((u) => (u.id === '005B' ? { ...u, isActive: false } : u));
    const { owners } = assign(6, ctx({ users }));
    expect(owners).toEqual(['005A', '005C', '005A', '005C', '005A', '005C']);
  });

  it('skips a member with no Salesforce user', () => {
    const users = USERS.filter((u) => u.id !== '005C');
    expect(assign(4, ctx({ users })).owners).toEqual(['005A', '005B', '005A', '005B']);
  });

  it('resumes from the persisted pointer, and never mutates the one it was given', () => {
    const pointers = Object.freeze({ 'na-ent': 2, other: 7 });
    const r = route({ contact: who(), ...none }, ctx({ pointers }));
    expect(r.decision.ownerId).toBe('005C');
    expect(r.pointers).toEqual({ 'na-ent': 0, other: 7 });
    expect(pointers).toEqual({ 'na-ent': 2, other: 7 });
  });

  it('wraps a pointer left over from a larger team', () => {
    expect(route({ contact: who(), ...none }, ctx({ pointers: { 'na-ent': 4 } })).decision.ownerId).toBe('005B');
  });

  it('returns the same pointers object when round robin did not advance', () => {
    const pointers = { 'na-ent': 1 };
    const r = route({ contact: who(), existingOwnerId: '005D', accountOwnerId: null }, ctx({ pointers }));
    expect(r.pointers).toBe(pointers);
  });

  it('keeps a pointer per team', () => {
    let pointers: Record<string, number> = {};
    for (const c of [who(), who({ country: 'DE', employees: 100 }), who(), who({ country: 'DE', employees: 100 })]) {
      pointers = route({ contact: c, ...none }, ctx({ pointers })).pointers;
    }
    expect(pointers).toEqual({ 'na-ent': 2, dach: 0 });
  });
});

describe('route: fallback and no owner', () => {
  it('a team with nobody active goes to the fallback user', () => {
    const { decision } = route({ contact: who({ country: 'AQ' }), ...none }, ctx());
    expect(decision.reasons.map((r) => r.rule)).toEqual(['route.territory.antarctica', 'route.team.no-active-member', 'route.fallback.user']);
    expect(decision.ownerId).toBe('005Z');
  });

  it('an inactive fallback user gives way to the fallback queue', () => {
    const users = USERS.map((u) => (u.id === '005Z' ? { ...u, isActive: false } : u));
    const { decision } = route({ contact: who({ country: 'AQ' }), ...none }, ctx({ users }));
    expect(decision).toMatchObject({ ownerId: '00GQ', ownerKind: 'queue', timeZone: 'America/Chicago', calendar: 'default' });
    expect(decision.reasons.at(-1)?.rule).toBe('route.fallback.queue');
  });

  it('no active user and no known queue: no owner, with the reason', () => {
    const users = USERS.map((u) => (u.id === '005Z' ? { ...u, isActive: false } : u));
    const { decision } = route({ contact: who({ country: 'AQ' }), ...none }, ctx({ users, queues: [] }));
    expect(decision.ownerId).toBeNull();
    expect(decision.reasons.map((r) => r.rule)).toEqual([
      'route.territory.antarctica',
      'route.team.no-active-member',
      'route.fallback.user.unavailable',
      'route.fallback.queue.unknown',
      'route.no-owner',
    ]);
    expect(decision.reasons.at(-1)?.label).toMatch(/^No owner/);
  });
});

describe('resolveUsers', () => {
  const sf = (Id: string, Username: string, Email: string, IsActive = true) => ({ Id, Username, Email, IsActive, TimeZoneSidKey: 'America/New_York' });

  it('matches usernames and emails case-insensitively and reports names with no user', () => {
    const routing = routingSchema.parse({
      users: { boss: 'Boss@Acme.example' },
      teams: [{ name: 't', timeZone: 'UTC', members: ['ANA@acme.example', 'ben.sfdc@acme.example.prod', 'nobody@acme.example'] }],
      fallback: { user: 'boss' },
    });
    const { users, problems } = resolveUsers(routing, [
      sf('005A', 'ana.sfdc@acme.example.prod', 'ana@acme.example'),
      sf('005B', 'Ben.Sfdc@Acme.example.prod', 'ben@acme.example'),
      sf('005K', 'boss@acme.example', 'boss@acme.example'),
    ]);
    expect(users.map((u) => u.id)).toEqual(['005A', '005B', '005K']);
    expect(problems).toEqual(['routing.yaml team t names "nobody@acme.example", but no Salesforce user has that username or email']);
    const r = route({ contact: who({ country: 'FR' }), ...none }, { routing: { ...routing, territories: [{ id: 'all', label: 'All', when: {}, team: 't' }] }, users, pointers: {} });
    expect(r.decision.ownerId).toBe('005A');
  });

  it('reports an email shared by several active users, and resolves it when only one is active', () => {
    const routing = routingSchema.parse({ teams: [{ name: 't', timeZone: 'UTC', members: ['shared@acme.example'] }], fallback: { queue: 'Q' } });
    const twoActive = resolveUsers(routing, [sf('005A', 'a@acme.example', 'shared@acme.example'), sf('005B', 'b@acme.example', 'shared@acme.example')]);
    expect(twoActive.problems).toEqual([expect.stringMatching(/several active Salesforce users/)]);
    const oneActive = resolveUsers(routing, [sf('005A', 'a@acme.example', 'shared@acme.example', false), sf('005B', 'b@acme.example', 'shared@acme.example')]);
    expect(oneActive.problems).toEqual([]);
  });

  it('reports an unknown fallback queue only when queues were looked up', () => {
    const routing = routingSchema.parse({ teams: [{ name: 't', timeZone: 'UTC', members: ['a@acme.example'] }], fallback: { queue: 'Missing' } });
    const users = [sf('005A', 'a@acme.example', 'a@acme.example')];
    expect(resolveUsers(routing, users).problems).toEqual([]);
    expect(resolveUsers(routing, users, []).problems).toEqual([expect.stringMatching(/fallback.queue names "Missing"/)]);
  });
});

describe('regions and segments', () => {
  it.each([
    ['US', 'NA'],
    ['ca', 'NA'],
    ['MX', 'LATAM'],
    ['BR', 'LATAM'],
    ['DE', 'EMEA'],
    ['AE', 'EMEA'],
    ['ZA', 'EMEA'],
    ['JP', 'APAC'],
    ['AU', 'APAC'],
    ['ZZ', null],
    [null, null],
  ] as const)('%s → %s', (country, region) => {
    expect(regionOf(country)).toBe(region);
  });

  it.each([
    [1000, 'enterprise'],
    [999, 'midmarket'],
    [200, 'midmarket'],
    [199, 'smb'],
    [0, 'smb'],
    [null, null],
  ] as const)('%s employees → %s', (employees, segment) => {
    expect(segmentOf(employees, ROUTING)).toBe(segment);
  });
});
