import { SandboxClock } from '../src/shared/clock.js';
import { startSalesforceSandbox } from '../src/salesforce/index.js';
import type { SalesforceSandbox } from '../src/salesforce/index.js';
import { createRecord } from '../src/salesforce/dml.js';
import { CLIENT_ID, CLIENT_SECRET, STATIC_TOKEN } from './salesforce-helpers.js';

/** A sales team in three time zones (one rep has left), reporting to one manager. */
export const FLOOR_USERS = [
  { Id: '005000000000001AAA', Username: 'integration@acme.test', Email: 'integration@acme.test', LastName: 'Integration', IsActive: true },
  { Id: '005000000000010AAA', Username: 'manager@acme.test', Email: 'manager@acme.test', FirstName: 'Mia', LastName: 'Manager', IsActive: true, TimeZoneSidKey: 'America/New_York' },
  { Id: '005000000000011AAA', Username: 'ny@acme.test', Email: 'ny@acme.test', FirstName: 'Nora', LastName: 'York', IsActive: true, TimeZoneSidKey: 'America/New_York', ManagerId: '005000000000010AAA' },
  { Id: '005000000000012AAA', Username: 'la@acme.test', Email: 'la@acme.test', FirstName: 'Luis', LastName: 'Angeles', IsActive: true, TimeZoneSidKey: 'America/Los_Angeles', ManagerId: '005000000000010AAA' },
  { Id: '005000000000013AAA', Username: 'berlin@acme.test', Email: 'berlin@acme.test', FirstName: 'Bea', LastName: 'Berlin', IsActive: true, TimeZoneSidKey: 'Europe/Berlin', ManagerId: '005000000000010AAA' },
  { Id: '005000000000014AAA', Username: 'gone@acme.test', Email: 'gone@acme.test', FirstName: 'Gus', LastName: 'Gone', IsActive: false, TimeZoneSidKey: 'Europe/London' },
];
export const REPS = ['005000000000011AAA', '005000000000012AAA', '005000000000013AAA'] as const;
export const GONE_REP = '005000000000014AAA';
export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
/** Monday 2026-03-02 06:00 UTC. */
export const MONDAY = Date.parse('2026-03-02T06:00:00Z');

export async function floorSandbox(): Promise<SalesforceSandbox> {
  const sandbox = await startSalesforceSandbox({ clock: new SandboxClock(), clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, accessToken: STATIC_TOKEN });
  sandbox.clock.set(MONDAY, true);
  sandbox.load({ User: FLOOR_USERS });
  return sandbox;
}

const SYSTEM = { autoAssign: false, allowSave: true, version: '64.0' };

/**
 * What Handoff's sync writes for a qualified contact: a Lead (or, for a matched Contact, nothing) with its
 * score, and the handoff Task owned by the routed rep. Written in-process, at the clock's instant.
 */
export function handOff(sandbox: SalesforceSandbox, i: number, opts: { score: number; ownerId: string; contact?: boolean }): { whoId: string; taskId: string } {
  const { store } = sandbox;
  // As over HTTP: the floor has caught up with the clock before the org takes a write.
  sandbox.salesFloor.catchUp();
  const whoId = opts.contact
    ? createRecord(store, 'Contact', { LastName: `Contact${i}`, Email: `c${i}@example.com`, OwnerId: opts.ownerId }, SYSTEM).id
    : createRecord(store, 'Lead', { LastName: `Last${i}`, Company: `Company ${i}`, Email: `l${i}@example.com`, OwnerId: opts.ownerId, Handoff_Score__c: opts.score, HubSpot_Contact_Id__c: String(1000 + i) }, SYSTEM).id;
  const tier = opts.score >= 80 ? 'hot' : opts.score >= 65 ? 'warm' : 'cool';
  const taskId = createRecord(store, 'Task', {
    WhoId: whoId, OwnerId: opts.ownerId, Subject: `Follow up: ${tier} lead`, Priority: 'Normal', Status: 'Not Started',
    Handoff_Key__c: `${1000 + i}:1`, Handoff_SLA_Tier__c: tier, Handoff_SLA_Due__c: new Date(store.clock.now() + 4 * HOUR).toISOString(),
  }, SYSTEM).id;
  return { whoId, taskId };
}

/** `n` handoffs over `days` days from the clock's instant, scores 50–120 and owners in turn; the clock ends past the last. */
export function handOffMany(sandbox: SalesforceSandbox, n: number, days: number, seedOffset = 0): void {
  for (let i = 0; i < n; i += 1) {
    sandbox.clock.advance(Math.floor((days * DAY) / n));
    const score = 50 + ((i * 37 + seedOffset) % 71);
    handOff(sandbox, i, { score, ownerId: REPS[i % REPS.length] ?? REPS[0], contact: i % 7 === 3 });
  }
}
