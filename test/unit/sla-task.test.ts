import { describe, expect, it } from 'vitest';
import { slaSchema } from '../../src/config/sla.js';
import type { Activity, Contact, Score } from '../../src/domain/types.js';
import { DESCRIPTION_MAX, SUBJECT_MAX, buildTask, recommendAssets, taskSubject } from '../../src/core/task-content.js';
import type { TaskInput } from '../../src/core/task-content.js';
import { contact } from '../helpers/contact.js';

const SLA = slaSchema.parse({
  tiers: [
    { name: 'hot', responseBusinessHours: 4, priority: 'High', reminderBeforeMinutes: 30 },
    { name: 'warm', responseBusinessHours: 8, priority: 'Normal', reminderBeforeMinutes: 60 },
    { name: 'cool', responseBusinessHours: 24, priority: 'Low', reminderBeforeMinutes: 600 },
  ],
  calendars: {
    default: { timeZone: 'America/New_York', workingDays: [1, 2, 3, 4, 5], hours: { start: '09:00', end: '17:00' }, holidays: { country: 'US' } },
    dach: { timeZone: 'Europe/Berlin', workingDays: [1, 2, 3, 4, 5], hours: { start: '08:30', end: '17:00' }, holidays: { country: 'DE' } },
  },
  maxAssets: 3,
  assets: [
    { id: 'generic', title: 'Product tour', url: 'https://example.com/tour' },
    { id: 'exec', title: 'ROI calculator', url: 'https://example.com/roi', when: { seniority: ['c_level', 'vp'] } },
    { id: 'mkt-vp', title: 'Marketing leader playbook', url: 'https://example.com/mkt-vp', when: { jobFunction: ['Marketing'], seniority: ['vp'] } },
    { id: 'fin', title: 'Fintech case study', url: 'https://example.com/fin', when: { industry: ['FINANCIAL_SERVICES'] } },
    { id: 'eng', title: 'Security brief', url: 'https://example.com/sec', when: { jobFunction: ['engineering'] } },
    { id: 'mql', title: 'Buyer guide', url: 'https://example.com/guide', when: { lifecycleStage: ['marketingqualifiedlead'] } },
  ],
});

const SCORE: Score = {
  total: 87.5,
  fit: 40,
  engagement: 47.5,
  grade: 'A',
  qualified: true,
  modelVersion: '2026.11-1',
  reasons: [
    { rule: 'engagement.meeting.completed', label: 'Attended a meeting ×2', points: 47.5 },
    { rule: 'fit.seniority.vp', label: 'Vice president', points: 15 },
    { rule: 'fit.email.freemail', label: 'Uses a free-mail address', points: -10 },
  ],
};

const activity = (id: string, type: Activity['type'], occurredAt: string, title: string | null, outcome: string | null = null): Activity => ({ id, type, contactId: '42', occurredAt, outcome, title });

// Friday 2026-11-06 17:55 in New York.
const NOW = new Date('2026-11-06T22:55:00.000Z');
const input = (over: Partial<TaskInput> = {}): TaskInput => ({
  contact: contact({ hubspotId: '42', firstName: 'Dana', lastName: 'Scully', company: 'Acme Corp', seniority: 'vp', jobFunction: 'marketing', industry: 'FINANCIAL_SERVICES' }),
  score: SCORE,
  tier: 'hot',
  activities: [
    activity('m1', 'meeting', '2026-11-02T15:00:00.000Z', 'Discovery call', 'COMPLETED'),
    activity('e1', 'email', '2026-11-05T13:00:00.000Z', 'Re: pricing', 'INCOMING_EMAIL'),
    activity('f1', 'form', '2026-10-01T10:00:00.000Z', 'Demo request'),
    activity('m2', 'meeting', '2026-11-06T03:30:00.000Z', 'Technical deep dive', 'COMPLETED'),
  ],
  sla: SLA,
  calendar: 'default',
  timeZone: 'America/New_York',
  now: NOW,
  ...over,
});

describe('buildTask', () => {
  it('builds the hot-tier Task due Monday 13:00 in the owner zone', () => {
    const t = buildTask(input());
    expect(t).toMatchObject({
      Subject: '[hot SLA] Follow up with Dana Scully (Acme Corp)',
      Priority: 'High',
      Status: 'Not Started',
      ActivityDate: '2026-11-09',
      IsReminderSet: true,
      Handoff_SLA_Due__c: '2026-11-09T18:00:00.000Z',
      ReminderDateTime: '2026-11-09T17:30:00.000Z',
      Handoff_SLA_Tier__c: 'hot',
    });
  });

  it.each([
    { tier: 'hot', priority: 'High' },
    { tier: 'warm', priority: 'Normal' },
    { tier: 'cool', priority: 'Low' },
  ])('priority for $tier is $priority', ({ tier, priority }) => {
    expect(buildTask(input({ tier })).Priority).toBe(priority);
  });

  it('refuses a tier sla.yaml does not define', () => {
    expect(() => buildTask(input({ tier: 'lukewarm' }))).toThrow(/no tier "lukewarm"/);
  });

  it("dates the Task in the owner's zone, not UTC", () => {
    // A Los Angeles owner due at 16:30 local: already Tuesday in UTC.
    const t = buildTask(input({ timeZone: 'America/Los_Angeles', now: new Date('2026-11-09T20:30:00.000Z'), tier: 'hot' }));
    expect(t.Handoff_SLA_Due__c).toBe('2026-11-10T00:30:00.000Z');
    expect(t.ActivityDate).toBe('2026-11-09');
  });

  it('uses the named calendar and the team zone', () => {
    const t = buildTask(input({ calendar: 'dach', timeZone: 'Europe/Berlin', now: new Date('2026-11-06T16:55:00.000Z') }));
    // Friday 17:55 in Berlin: 4 hours from Monday 08:30.
    expect(t.Handoff_SLA_Due__c).toBe('2026-11-09T11:30:00.000Z');
  });

  it('never sets the reminder before the Task exists', () => {
    // warm from Monday 09:00 is due 17:00, reminder at 16:00; a 30-minute SLA with a 60-minute reminder is clamped.
    const monday = new Date('2026-11-09T14:00:00.000Z');
    const warm = buildTask(input({ tier: 'warm', now: monday }));
    expect(warm.ReminderDateTime).toBe('2026-11-09T21:00:00.000Z');
    const tight = buildTask(input({ tier: 'cool', now: new Date('2026-11-09T14:00:00.000Z') }));
    expect(Date.parse(tight.ReminderDateTime)).toBe(Date.parse(tight.Handoff_SLA_Due__c) - 600 * 60_000);
    const sla = slaSchema.parse({ ...SLA, tiers: [{ name: 'hot', responseBusinessHours: 0.5, priority: 'High', reminderBeforeMinutes: 60 }] });
    expect(buildTask(input({ sla, now: monday })).ReminderDateTime).toBe(monday.toISOString());
  });

  it('describes the score, every reason, the latest 3 activities and the assets', () => {
    const d = buildTask(input()).Description;
    expect(d).toContain('Grade A: score 87.5 (fit 40, engagement 47.5)');
    expect(d).toContain('model 2026.11-1');
    expect(d).toContain('by Mon 9 Nov 2026 13:00 EST');
    for (const line of ['+47.5 Attended a meeting ×2', '+15 Vice president', '-10 Uses a free-mail address']) expect(d).toContain(line);
    const latest = d.split('Latest activity:\n')[1]?.split('\n\n')[0];
    expect(latest).toBe(
      ['- 2026-11-05 meeting (COMPLETED): Technical deep dive', '- 2026-11-05 email (INCOMING_EMAIL): Re: pricing', '- 2026-11-02 meeting (COMPLETED): Discovery call'].join('\n'),
    );
    expect(d).not.toContain('Demo request');
    expect(d).toContain('- Marketing leader playbook: https://example.com/mkt-vp');
  });

  it('leaves out the activity section when there is none', () => {
    expect(buildTask(input({ activities: [] })).Description).not.toContain('Latest activity');
  });

  it(`truncates the description to ${DESCRIPTION_MAX} characters`, () => {
    const reasons = Array.from({ length: 2000 }, (_, i) => ({ rule: `fit.r${i}`, label: `A long reason label number ${i} `.repeat(2), points: 1 }));
    const d = buildTask(input({ score: { ...SCORE, reasons } })).Description;
    expect(d.length).toBe(DESCRIPTION_MAX);
    expect(d.endsWith('… (truncated)')).toBe(true);
  });
});

describe('taskSubject', () => {
  const c = (over: Partial<Contact>): Contact => contact({ hubspotId: '7', ...over });
  it.each([
    { name: 'name and company', over: { firstName: 'Dana', lastName: 'Scully', company: 'Acme' }, want: '[warm SLA] Follow up with Dana Scully (Acme)' },
    { name: 'no company', over: { firstName: 'Dana', lastName: 'Scully', company: null }, want: '[warm SLA] Follow up with Dana Scully' },
    { name: 'first name only', over: { firstName: 'Byers', lastName: null, company: 'Lone Gunmen' }, want: '[warm SLA] Follow up with Byers (Lone Gunmen)' },
    {
      name: 'no name: the email',
      over: { firstName: null, lastName: null, company: null, email: { original: 'x@y.example', value: 'x@y.example', valid: true, domain: 'y.example', freeMail: false, disposable: false } },
      want: '[warm SLA] Follow up with x@y.example',
    },
    {
      name: 'no name, no email: the HubSpot id',
      over: { firstName: null, lastName: null, company: null, email: { original: null, value: null, valid: false, domain: null, freeMail: false, disposable: false } },
      want: '[warm SLA] Follow up with HubSpot contact 7',
    },
  ])('$name', ({ over, want }) => {
    expect(taskSubject('warm', c(over))).toBe(want);
  });

  it.each([
    { name: 'a very long company', over: { firstName: 'Dana', lastName: 'Scully', company: 'C'.repeat(400) } },
    { name: 'a very long name', over: { firstName: 'D'.repeat(300), lastName: 'Scully', company: 'Acme' } },
    { name: 'both long', over: { firstName: 'D'.repeat(300), lastName: 'S', company: 'C'.repeat(300) } },
    { name: 'emoji at the cut', over: { firstName: '😀'.repeat(300), lastName: null, company: null } },
  ])(`stays within ${SUBJECT_MAX} characters: $name`, ({ over }) => {
    const s = taskSubject('hot', c(over));
    expect(Array.from(s).length).toBeLessThanOrEqual(SUBJECT_MAX);
    expect(s.startsWith('[hot SLA] Follow up with ')).toBe(true);
    expect(s).not.toMatch(/[\uD800-\uDBFF]$/);
  });

  it('keeps the whole name when only the company is long', () => {
    expect(taskSubject('hot', c({ firstName: 'Dana', lastName: 'Scully', company: 'C'.repeat(400) }))).toMatch(/^\[hot SLA\] Follow up with Dana Scully \(C+…\)$/);
  });
});

describe('recommendAssets', () => {
  const who = (over: Partial<Contact>): Contact => contact({ hubspotId: '9', seniority: 'manager', jobFunction: 'sales', industry: null, lifecycleStage: 'lead', ...over });
  it.each([
    { name: 'no criteria match: only the generic asset', over: {}, ids: ['generic'] },
    { name: 'seniority', over: { seniority: 'c_level' as const }, ids: ['exec', 'generic'] },
    { name: 'most specific first', over: { seniority: 'vp' as const, jobFunction: 'marketing' }, ids: ['mkt-vp', 'exec', 'generic'] },
    { name: 'every criterion must match', over: { seniority: 'director' as const, jobFunction: 'marketing' }, ids: ['generic'] },
    { name: 'industry, case-insensitive', over: { industry: 'financial_services' }, ids: ['fin', 'generic'] },
    { name: 'lifecycle stage', over: { lifecycleStage: 'marketingqualifiedlead' }, ids: ['mql', 'generic'] },
    { name: 'capped at maxAssets', over: { seniority: 'vp' as const, jobFunction: 'marketing', industry: 'FINANCIAL_SERVICES' }, ids: ['mkt-vp', 'exec', 'fin'] },
  ])('$name', ({ over, ids }) => {
    expect(recommendAssets(who(over), SLA.assets, SLA.maxAssets).map((a) => a.id)).toEqual(ids);
  });
});
