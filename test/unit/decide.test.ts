import { join } from 'node:path';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import type { Config } from '../../src/config/load.js';
import type { Contact, Score } from '../../src/domain/types.js';
import { decide } from '../../src/core/decide.js';
import type { DecideInput } from '../../src/core/decide.js';
import type { Match } from '../../src/core/match.js';
import { tierForGrade } from '../../src/core/score.js';
import { calendarFor, slaDue } from '../../src/core/sla-clock.js';
import type { Evaluated } from '../../src/core/triage.js';
import type { SalesforceUser } from '../../src/domain/salesforce.js';
import { contact } from '../helpers/contact.js';

const config: Config = loadConfig({ env: {}, dir: join(import.meta.dirname, '..', '..', 'config') });

/** One active Salesforce user per address routing.yaml names, plus a rep who has left. */
const refs = [...config.routing.teams.flatMap((t) => t.members), ...(config.routing.fallback.user ? [config.routing.fallback.user] : [])];
const addresses = [...new Set(refs.map((r) => (Object.hasOwn(config.routing.users, r) ? (config.routing.users[r] ?? r) : r).toLowerCase()))];
const USERS: SalesforceUser[] = [
  ...addresses.map((a, i) => ({ Id: `005R${String(i).padStart(11, '0')}`, Username: a, Email: a, IsActive: true, TimeZoneSidKey: 'America/New_York' })),
  { Id: '005LEFT00000001', Username: 'departed.rep@acme-sales.example', Email: 'departed.rep@acme-sales.example', IsActive: false, TimeZoneSidKey: 'America/Chicago' },
  // An account executive in Denver who is in no routing team.
  { Id: '005ACCT00000001', Username: 'kai.mendes@acme-sales.example', Email: 'kai.mendes@acme-sales.example', IsActive: true, TimeZoneSidKey: 'America/Denver' },
];

const NOW = DateTime.fromISO('2026-11-20T15:00', { zone: 'America/New_York' }).toJSDate();

function score(grade: string): Score {
  return { total: 88, fit: 40, engagement: 48, grade, qualified: true, modelVersion: config.scoring.version, reasons: [] };
}

function item(id: string, c: Partial<Contact> = {}, grade = config.scoring.grades[0]?.grade ?? 'A'): Evaluated {
  return { contact: contact({ hubspotId: id, ...c }), score: score(grade), fingerprint: `fp-${id}`, prior: null, activities: [] };
}

const NONE: Match = { kind: 'none', reasons: ['no Lead or Contact in Salesforce'] };
const leadOwnedBy = (ownerId: string): Match => ({ kind: 'lead', leadId: '00Q000000000001', ownerId, keyed: true, rekeyFrom: null, reasons: ['keyed'] });

function run(items: DecideInput['items'], over: Partial<DecideInput> = {}): ReturnType<typeof decide> {
  return decide({ items, accountOwner: () => null, config, users: USERS, pointers: {}, now: NOW, createTasks: true, ...over });
}

describe('decide', () => {
  it('a Lead whose owner has left goes to the active owner of its account, not to round robin', () => {
    const out = run([{ item: item('1', { companyDomain: 'globex.com' }), match: leadOwnedBy('005LEFT00000001') }], {
      accountOwner: (c) => (c.companyDomain === 'globex.com' ? '005ACCT00000001' : null),
    });
    expect(out.decisions[0]?.owner).toEqual({ id: '005ACCT00000001', kind: 'user' });
    expect(out.pointers).toEqual({});
  });

  it('with keepExistingOwner off, an existing record still goes to its account owner', () => {
    const routing = { ...config.routing, keepExistingOwner: false };
    const out = run([{ item: item('2', { companyDomain: 'globex.com' }), match: leadOwnedBy('005R00000000001') }], {
      config: { ...config, routing },
      accountOwner: () => '005ACCT00000001',
    });
    expect(out.decisions[0]?.owner?.id).toBe('005ACCT00000001');
  });

  it('an active existing owner is kept even when the account belongs to someone else', () => {
    const out = run([{ item: item('3'), match: leadOwnedBy('005R00000000001') }], { accountOwner: () => '005ACCT00000001' });
    expect(out.decisions[0]?.owner?.id).toBe('005R00000000001');
  });

  it('round robin advances in input order and the pointers come back for the caller to persist', () => {
    const na = { country: 'US', state: 'NY', employees: 5000 };
    const out = run([1, 2, 3].map((i) => ({ item: item(String(i), na), match: NONE })));
    const owners = out.decisions.map((d) => d.owner?.id);
    const team = config.routing.teams.find((t) => t.name === 'na-enterprise');
    expect(team?.members.length).toBe(2);
    expect(owners[0]).not.toBe(owners[1]);
    expect(owners[2]).toBe(owners[0]);
    expect(out.pointers).toEqual({ 'na-enterprise': 1 });
  });

  it('a conflict is skipped before routing and moves no pointer', () => {
    const out = run([{ item: item('4', { country: 'US', state: 'NY', employees: 5000 }), match: { kind: 'conflict', reasons: ['another HubSpot contact owns this Lead'] } }]);
    expect(out.decisions).toEqual([]);
    expect(out.skips).toEqual([{ hubspotId: '4', kind: 'conflict', reason: 'another HubSpot contact owns this Lead' }]);
    expect(out.pointers).toEqual({});
  });

  it('nobody to own the lead: dead-lettered with the routing reasons', () => {
    const out = run([{ item: item('5', { country: 'GB', employees: 40 }), match: NONE }], { users: USERS.map((u) => ({ ...u, IsActive: false })) });
    expect(out.decisions).toEqual([]);
    expect(out.deadLetters).toEqual([expect.objectContaining({ hubspotId: '5', stage: 'route', code: 'NO_OWNER' })]);
    expect(out.deadLetters[0]?.message).toMatch(/no active/i);
  });

  it("the Task is due by the owner team's calendar and zone", () => {
    const out = run([{ item: item('6', { country: 'GB', state: null, employees: 40 }), match: NONE }]);
    const team = config.routing.teams.find((t) => t.name === 'emea');
    expect(team).toBeDefined();
    if (team === undefined) return;
    const tier = config.sla.tiers.find((t) => t.name === tierForGrade(config.scoring, score('A').grade));
    const expected = slaDue(NOW, tier?.responseBusinessHours ?? 0, calendarFor(config.sla, team.calendar), team.timeZone);
    const task = out.decisions[0]?.task;
    expect(task?.Handoff_SLA_Due__c).toBe(expected.toISOString());
    expect(task?.Handoff_SLA_Tier__c).toBe(tier?.name);
    // Not what New York's default calendar would say for the same lead.
    expect(expected.toISOString()).not.toBe(slaDue(NOW, tier?.responseBusinessHours ?? 0, calendarFor(config.sla, 'default'), 'America/New_York').toISOString());
  });

  it("an owner outside every team gets the default calendar read in the owner's own zone", () => {
    const out = run([{ item: item('7'), match: NONE }], { accountOwner: () => '005ACCT00000001' });
    expect(out.decisions[0]?.owner?.id).toBe('005ACCT00000001');
    const tier = config.sla.tiers.find((t) => t.name === tierForGrade(config.scoring, 'A'));
    const due = slaDue(NOW, tier?.responseBusinessHours ?? 0, calendarFor(config.sla, 'default'), 'America/Denver');
    expect(out.decisions[0]?.task?.Handoff_SLA_Due__c).toBe(due.toISOString());
    expect(out.decisions[0]?.task?.ActivityDate).toBe(DateTime.fromJSDate(due, { zone: 'America/Denver' }).toISODate());
  });

  it('a historical backfill gets owners but no Tasks', () => {
    const out = run([{ item: item('8', { country: 'DE', employees: 50 }), match: NONE }], { createTasks: false });
    expect(out.decisions[0]?.owner?.kind).toBe('user');
    expect(out.decisions[0]?.task).toBeNull();
  });

  describe('a fallback queue and no fallback user', () => {
    const routing = { ...config.routing, territories: [], fallback: { queue: 'Handoff_Unassigned_Leads', timeZone: 'America/Chicago' } };
    const queues = [{ Id: '00G000000000042', Name: 'Handoff Unassigned Leads', DeveloperName: 'Handoff_Unassigned_Leads' }];

    it('the Lead queues from the org metadata reach routing: the queue owns the lead and the Task is still planned', () => {
      const out = run([{ item: item('11', { country: 'US', employees: 5000 }), match: NONE }], { config: { ...config, routing }, queues });
      expect(out.deadLetters).toEqual([]);
      expect(out.decisions[0]?.owner).toEqual({ id: '00G000000000042', kind: 'queue' });
      expect(out.decisions[0]?.reasons).toEqual(['No territory matched', 'Fallback queue Handoff Unassigned Leads (00G000000000042)']);
      const tier = config.sla.tiers.find((t) => t.name === tierForGrade(config.scoring, 'A'));
      const due = slaDue(NOW, tier?.responseBusinessHours ?? 0, calendarFor(config.sla, 'default'), 'America/Chicago');
      expect(out.decisions[0]?.task?.Handoff_SLA_Due__c).toBe(due.toISOString());
    });

    it('without the queues the lead is dead-lettered as NO_OWNER, naming the queue it could not find', () => {
      const out = run([{ item: item('12', { country: 'US', employees: 5000 }), match: NONE }], { config: { ...config, routing } });
      expect(out.decisions).toEqual([]);
      expect(out.deadLetters).toEqual([expect.objectContaining({ hubspotId: '12', code: 'NO_OWNER', message: expect.stringContaining('No Salesforce queue named Handoff_Unassigned_Leads') as unknown })]);
    });
  });

  it('the episode of an earlier handoff is kept; a first handoff is episode 1', () => {
    const recycled: Evaluated = { ...item('9'), prior: { hubspotId: '9', episode: 2, status: 'skipped', fingerprint: null, score: null, salesforceLeadId: null, salesforceContactId: null, salesforceTaskId: null } };
    const out = run([{ item: recycled, match: NONE }, { item: item('10'), match: NONE }]);
    expect(out.decisions.map((d) => d.episode)).toEqual([2, 1]);
  });
});
