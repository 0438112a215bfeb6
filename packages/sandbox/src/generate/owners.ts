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
  { id: '4101', name: 'Inbound SDR', zones: ['America/New_York', 'America/Los_Angeles'] },
  { id: '4102', name: 'North America AE', zones: ['America/New_York', 'America/Los_Angeles'] },
  { id: '4103', name: 'EMEA Sales', zones: ['Europe/London', 'Europe/Berlin'] },
] as const;

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
  return { owners, users, integrationUserId, reps };
}
