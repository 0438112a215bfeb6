import type { Faker } from '@faker-js/faker';
import type { HubSpotOwner } from '../shared/dataset.js';
import type { Rng } from './random.js';
import type { SalesforceIds } from './salesforce-id.js';
import { slug } from './text.js';
import { DAY_MS, daysAgo, iso } from './time.js';

export const SALES_DOMAIN = 'acme-sales.example';
const REP_COUNT = 8;
/** The rep who left: still a HubSpot owner with contacts, but a deactivated Salesforce user. */
const DEPARTED_REP = 6;

const TEAMS = [
  { id: '4101', name: 'Inbound SDR', zones: ['America/New_York', 'America/Los_Angeles'], manager: ['Morgan', 'Reyes'] },
  { id: '4102', name: 'North America AE', zones: ['America/New_York', 'America/Los_Angeles'], manager: ['Dana', 'Whitfield'] },
  { id: '4103', name: 'EMEA Sales', zones: ['Europe/London', 'Europe/Berlin'], manager: ['Sasha', 'Lindqvist'] },
] as const;
/** The head of sales, whom the team managers report to. */
const HEAD_OF_SALES = ['Jordan', 'Okafor'] as const;

export interface Rep {
  ownerId: string;
  userId: string;
  active: boolean;
  /** Relative share of records this rep owns. */
  weight: number;
}

export interface SalesTeam {
  owners: HubSpotOwner[];
  users: Record<string, unknown>[];
  integrationUserId: string;
  reps: Rep[];
  /** The team managers' and the head of sales' User ids (Salesforce only: they own no records). */
  managerIds: string[];
}

/** HubSpot owners and the same people as Salesforce Users, plus the integration user Handoff runs as. */
export function buildSalesTeam(rng: Rng, faker: Faker, ids: SalesforceIds, nowMs: number): SalesTeam {
  const integrationUserId = ids.next('005');
  const orgCreated = daysAgo(rng, nowMs, 900, 1500);
  const users: Record<string, unknown>[] = [
    {
      Id: integrationUserId,
      Username: `handoff.integration@${SALES_DOMAIN}`,
      Email: `revops@${SALES_DOMAIN}`,
      FirstName: 'Handoff',
      LastName: 'Integration',
      Name: 'Handoff Integration',
      IsActive: true,
      TimeZoneSidKey: 'America/New_York',
      Department: 'Revenue Operations',
      CreatedDate: iso(daysAgo(rng, nowMs, 20, 60)),
    },
  ];
  const owners: HubSpotOwner[] = [];
  const reps: Rep[] = [];
  const ownerBase = 40_000_000 + rng.int(0, 9_000_000);
  const userBase = 9_000_000 + rng.int(0, 900_000);
  const seen = new Set<string>();
  let nextOwnerId = ownerBase;
  for (let i = 0; i < REP_COUNT; i += 1) {
    let firstName = faker.person.firstName();
    let lastName = faker.person.lastName();
    while (seen.has(`${firstName} ${lastName}`)) {
      firstName = faker.person.firstName();
      lastName = faker.person.lastName();
    }
    seen.add(`${firstName} ${lastName}`);
    const email = `${slug(firstName)}.${slug(lastName)}@${SALES_DOMAIN}`;
    const team = TEAMS[i % TEAMS.length] ?? TEAMS[0];
    const created = Math.floor(orgCreated + rng.next() * 700 * DAY_MS);
    nextOwnerId += rng.int(3, 977);
    const ownerId = String(nextOwnerId);
    owners.push({
      id: ownerId,
      email,
      firstName,
      lastName,
      userId: userBase + i * 17,
      userIdIncludingInactive: userBase + i * 17,
      type: 'PERSON',
      teams: [{ id: team.id, name: team.name, primary: true }],
      archived: false,
      createdAt: iso(created),
      updatedAt: iso(Math.floor(created + rng.next() * 200 * DAY_MS)),
    });
    const userId = ids.next('005');
    const active = i !== DEPARTED_REP;
    users.push({
      Id: userId,
      Username: email,
      // One rep's address differs in case between the systems, as hand-provisioned users do.
      Email: i === 2 ? email.replace(/^./, (c) => c.toUpperCase()).replace(SALES_DOMAIN, 'Acme-Sales.example') : email,
      FirstName: firstName,
      LastName: lastName,
      Name: `${firstName} ${lastName}`,
      IsActive: active,
      TimeZoneSidKey: rng.pick(team.zones),
      Department: team.name,
      CreatedDate: iso(created),
    });
    reps.push({ ownerId, userId, active, weight: i === 0 ? 3 : active ? 2 : 1 });
  }
  const managerIds = addManagers(users, ids, orgCreated);
  return { owners, users, integrationUserId, reps, managerIds };
}

/**
 * A manager per team (each rep's `ManagerId`) and a head of sales above them, so escalations have someone to
 * go to. Added after the reps and drawn from no random stream, so the rest of a seed's dataset is unchanged.
 */
function addManagers(users: Record<string, unknown>[], ids: SalesforceIds, orgCreated: number): string[] {
  const person = ([first, last]: readonly [string, string], title: string, zone: string, department: string): Record<string, unknown> => {
    const email = `${slug(first)}.${slug(last)}@${SALES_DOMAIN}`;
    return {
      Id: ids.next('005'), Username: email, Email: email, FirstName: first, LastName: last, Name: `${first} ${last}`, Title: title,
      IsActive: true, TimeZoneSidKey: zone, Department: department, CreatedDate: iso(orgCreated),
    };
  };
  const head = person(HEAD_OF_SALES, 'VP Sales', 'America/New_York', 'Sales');
  const managers: Record<string, unknown>[] = TEAMS.map((t) => ({ ...person(t.manager, `${t.name} Manager`, t.zones[0], t.name), ManagerId: head.Id }));
  for (const u of users) {
    const team = TEAMS.find((t) => t.name === u.Department);
    if (team) u.ManagerId = managers[TEAMS.indexOf(team)]?.Id;
  }
  users.push(head, ...managers);
  return [String(head.Id), ...managers.map((m) => String(m.Id))];
}
