import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { slaSchema } from '../../src/config/sla.js';
import type { SlaConfig } from '../../src/config/sla.js';
import type { Activity, Contact, Reason, Score } from '../../src/domain/types.js';
import { DESCRIPTION_MAX, SUBJECT_MAX, buildTask } from '../../src/core/task-content.js';
import type { TaskInput } from '../../src/core/task-content.js';
import { contact } from '../helpers/contact.js';

const CONFIG_DIR = join(import.meta.dirname, '..', '..', 'config');
const shippedSla: SlaConfig = slaSchema.parse(parse(readFileSync(join(CONFIG_DIR, 'sla.yaml'), 'utf8')));

const NY = 'America/New_York';
const LA = 'America/Los_Angeles';
const SYDNEY = 'Australia/Sydney';

/** A small sla.yaml, so the expectations below don't move when the shipped one is tuned. */
const sla: SlaConfig = slaSchema.parse(
  parse(`
tiers:
  - { name: hot, responseBusinessHours: 4, priority: High, reminderBeforeMinutes: 60 }
  - { name: warm, responseBusinessHours: 8, priority: Normal, reminderBeforeMinutes: 60 }
  - { name: cool, responseBusinessHours: 24, priority: Low, reminderBeforeMinutes: 120 }
  - { name: flash, responseBusinessHours: 0.25, priority: High, reminderBeforeMinutes: 60 }
calendars:
  default:
    timeZone: America/New_York
    workingDays: [1, 2, 3, 4, 5]
    hours: { start: "09:00", end: "17:00" }
    holidays: { country: US, extra: ["2026-12-24"] }
  anz:
    timeZone: Australia/Sydney
    workingDays: [1, 2, 3, 4, 5]
    hours: { start: "09:00", end: "17:00" }
maxAssets: 3
assets:
  - id: roi-calculator
    title: RevOps ROI calculator
    url: https://example.com/assets/roi-calculator
    when: { seniority: [c_level, vp] }
  - id: marketing-playbook
    title: "Playbook: marketing-to-sales handoff"
    url: https://example.com/assets/handoff-playbook
    when: { jobFunction: [marketing] }
  - id: fintech-case-study
    title: "Case study: fintech"
    url: https://example.com/assets/fintech
    when: { industry: [FINANCIAL_SERVICES, Financial Services] }
  - id: security-brief
    title: Security brief
    url: https://example.com/assets/security-brief
    when: { jobFunction: [it, engineering] }
  - id: exec-marketing-briefing
    title: CMO briefing
    url: https://example.com/assets/cmo-briefing
    when: { jobFunction: [marketing], seniority: [c_level, vp] }
  - id: buyer-guide
    title: Buyer guide
    url: https://example.com/assets/buyer-guide
    when: { lifecycleStage: [marketingqualifiedlead] }
  - id: product-tour
    title: 10-minute product tour
    url: https://example.com/assets/product-tour
`),
);

function score(overrides: Partial<Score> = {}): Score {
  const reasons: Reason[] = overrides.reasons ?? [
    { rule: 'engagement.meeting.completed', label: 'Attended a meeting', points: 25 },
    { rule: 'fit.seniority.vp', label: 'Vice president', points: 15 },
    { rule: 'fit.email.freemail', label: 'Uses a free-mail address', points: -10 },
    { rule: 'engagement.email.reply', label: 'Replied to an email ×2', points: 12.4 },
  ];
  return { total: 84.5, fit: 35, engagement: 49.5, grade: 'A', qualified: true, modelVersion: '2026.11-1', reasons, ...overrides };
}

function activity(id: string, occurredAt: string, type: Activity['type'], outcome: string | null, title: string | null): Activity {
  return { id, type, contactId: '501', occurredAt, outcome, title };
}

function input(overrides: Partial<TaskInput> = {}): TaskInput {
  return {
    contact: contact({ hubspotId: '501' }),
    score: score(),
    tier: 'hot',
    activities: [],
    sla,
    calendar: 'default',
    timeZone: NY,
    now: DateTime.fromISO('2026-11-20T15:00', { zone: NY }).toJSDate(),
    ...overrides,
  };
}

const descriptionLines = (task: { Description: string }): string[] => task.Description.split('\n');

describe('buildTask: the fields Salesforce gets', () => {
  it('a hot lead on Friday 15:00 in New York: due Monday 11:00, reminder an hour before', () => {
    const task = buildTask(input());
    expect(task).toMatchObject({
      Subject: '[hot SLA] Follow up with Ada Lovelace (Acme)',
      Priority: 'High',
      Status: 'Not Started',
      IsReminderSet: true,
      ActivityDate: '2026-11-23',
      Handoff_SLA_Due__c: '2026-11-23T16:00:00.000Z',
      ReminderDateTime: '2026-11-23T15:00:00.000Z',
      Handoff_SLA_Tier__c: 'hot',
    });
  });

  it.each([
    { tier: 'hot', priority: 'High', due: '2026-11-23T16:00:00.000Z', reminder: '2026-11-23T15:00:00.000Z' },
    { tier: 'warm', priority: 'Normal', due: '2026-11-23T20:00:00.000Z', reminder: '2026-11-23T19:00:00.000Z' },
    // 24 business hours from Friday 15:00: 2 + 8 (Mon) + 8 (Tue) + 6 (Wed) → Wednesday 15:00.
    { tier: 'cool', priority: 'Low', due: '2026-11-25T20:00:00.000Z', reminder: '2026-11-25T18:00:00.000Z' },
  ])('tier $tier → Priority $priority, due $due', ({ tier, priority, due, reminder }) => {
    const task = buildTask(input({ tier }));
    expect(task.Priority).toBe(priority);
    expect(task.Handoff_SLA_Tier__c).toBe(tier);
    expect(task.Handoff_SLA_Due__c).toBe(due);
    expect(task.ReminderDateTime).toBe(reminder);
  });

  it.each([
    { tier: 'hot', priority: 'High' },
    { tier: 'warm', priority: 'Normal' },
    { tier: 'cool', priority: 'Low' },
  ])('the shipped sla.yaml gives tier $tier Priority $priority', ({ tier, priority }) => {
    expect(buildTask(input({ sla: shippedSla, tier })).Priority).toBe(priority);
  });

  it('a reminder that would fall before the lead qualified fires when the Task lands instead', () => {
    // A 15-minute SLA with a 60-minute reminder: due − 60 min is 45 minutes in the past.
    const now = DateTime.fromISO('2026-11-18T10:00', { zone: NY }).toJSDate();
    const task = buildTask(input({ tier: 'flash', now }));
    expect(task.Handoff_SLA_Due__c).toBe('2026-11-18T15:15:00.000Z');
    expect(task.ReminderDateTime).toBe(now.toISOString());
  });

  it('an unknown tier is refused rather than silently given some priority', () => {
    expect(() => buildTask(input({ tier: 'platinum' }))).toThrow(/no tier "platinum"/);
  });

  it.each([
    // Due 17:00 Friday in Los Angeles is 01:00 UTC on Saturday: the Task is still due on Friday.
    { name: 'Los Angeles owner, due at closing', zone: LA, calendar: 'default', start: '2026-11-20T13:00', activityDate: '2026-11-20', dueUtc: '2026-11-21T01:00:00.000Z' },
    // Due 10:00 Monday in Sydney is 23:00 UTC on Sunday: the Task is due on Monday.
    { name: 'Sydney owner, due Monday morning', zone: SYDNEY, calendar: 'anz', start: '2026-11-20T14:00', activityDate: '2026-11-23', dueUtc: '2026-11-22T23:00:00.000Z' },
  ])('ActivityDate is the due day in the owner zone: $name', ({ zone, calendar, start, activityDate, dueUtc }) => {
    const task = buildTask(input({ timeZone: zone, calendar, now: DateTime.fromISO(start, { zone }).toJSDate() }));
    expect(task.Handoff_SLA_Due__c).toBe(dueUtc);
    expect(task.ActivityDate).toBe(activityDate);
  });

  it('an owner zone Salesforce allows but the time library does not know falls back to the calendar zone', () => {
    const task = buildTask(input({ timeZone: 'GMT+05:30 India' }));
    expect(task.Handoff_SLA_Due__c).toBe('2026-11-23T16:00:00.000Z');
    expect(task.ActivityDate).toBe('2026-11-23');
  });
});

describe('buildTask: Subject', () => {
  const long = (s: string, n: number): string => s.repeat(Math.ceil(n / s.length)).slice(0, n);

  it.each([
    { name: 'name and company', c: contact({ hubspotId: '7' }), subject: '[hot SLA] Follow up with Ada Lovelace (Acme)' },
    { name: 'no company: no empty parentheses', c: contact({ hubspotId: '7', company: null }), subject: '[hot SLA] Follow up with Ada Lovelace' },
    { name: 'only a first name', c: contact({ hubspotId: '7', firstName: 'Byers', lastName: null, company: 'Lone Gunmen' }), subject: '[hot SLA] Follow up with Byers (Lone Gunmen)' },
    { name: 'only a last name', c: contact({ hubspotId: '7', firstName: null, lastName: 'Nakamura', company: 'Sony Europe B.V.' }), subject: '[hot SLA] Follow up with Nakamura (Sony Europe B.V.)' },
    { name: 'no name: the email address', c: contact({ hubspotId: '7', firstName: null, lastName: null, company: null }), subject: '[hot SLA] Follow up with p7@acme.com' },
    {
      name: 'no name and no valid email: the HubSpot id',
      c: contact({ hubspotId: '7', firstName: null, lastName: null, company: null, email: { original: null, value: null, valid: false, domain: null, freeMail: false, disposable: false } }),
      subject: '[hot SLA] Follow up with HubSpot contact 7',
    },
  ])('$name', ({ c, subject }) => {
    expect(buildTask(input({ contact: c })).Subject).toBe(subject);
  });

  it('a 300-character company name is cut so the Subject fits 255 characters and the person name survives', () => {
    const company = long('Internationale Handelsgesellschaft für Maschinenbau ', 300);
    const { Subject } = buildTask(input({ contact: contact({ hubspotId: '7', firstName: 'Jean-Luc', lastName: 'Picard', company }) }));
    expect(Array.from(Subject).length).toBeLessThanOrEqual(255);
    expect(Subject.startsWith('[hot SLA] Follow up with Jean-Luc Picard (Internationale Handelsgesellschaft')).toBe(true);
    expect(Subject.endsWith('…)')).toBe(true);
  });

  it('a 300-character name without a company is cut to 255 characters', () => {
    const { Subject } = buildTask(input({ contact: contact({ hubspotId: '7', firstName: long('Wolfeschlegelsteinhausenbergerdorff ', 300), lastName: null, company: null }) }));
    expect(Array.from(Subject).length).toBe(255);
    expect(Subject.startsWith('[hot SLA] Follow up with Wolfeschlegelsteinhausenbergerdorff')).toBe(true);
  });

  it.each([
    { name: 'a long name with a short company', c: { firstName: 'D'.repeat(300), lastName: 'Scully', company: 'Acme' } },
    { name: 'a long name and a long company', c: { firstName: 'D'.repeat(300), lastName: 'S', company: 'C'.repeat(300) } },
  ])(`stays within ${SUBJECT_MAX} characters: $name`, ({ c }) => {
    const { Subject } = buildTask(input({ contact: contact({ hubspotId: '7', ...c }) }));
    expect(Array.from(Subject).length).toBeLessThanOrEqual(SUBJECT_MAX);
    expect(Subject.startsWith('[hot SLA] Follow up with ')).toBe(true);
  });

  it('emoji at the cut are never split into half a surrogate pair', () => {
    const { Subject } = buildTask(input({ contact: contact({ hubspotId: '7', company: '🚀'.repeat(300) }) }));
    expect(Array.from(Subject).length).toBeLessThanOrEqual(255);
    // With the u flag a surrogate only matches when it is alone, i.e. half of a cut pair.
    expect(/[\uD800-\uDFFF]/u.test(Subject)).toBe(false);
    expect(Subject).toContain('Ada Lovelace (🚀');
  });
});

describe('buildTask: Description', () => {
  it('lists every score reason with its signed points', () => {
    const lines = descriptionLines(buildTask(input()));
    const why = lines.indexOf('Why this lead:');
    expect(why).toBeGreaterThan(0);
    expect(lines.slice(why + 1, why + 5)).toEqual(['+25 Attended a meeting', '+15 Vice president', '-10 Uses a free-mail address', '+12.4 Replied to an email ×2']);
    expect(lines[0]).toMatch(/^Grade A: score 84\.5 \(fit 35, engagement 49\.5\), .*model 2026\.11-1\.$/);
  });

  it('shows the due time in the owner zone', () => {
    const task = buildTask(input({ timeZone: LA, now: DateTime.fromISO('2026-11-20T13:00', { zone: LA }).toJSDate() }));
    expect(task.Description).toMatch(/by Fri 20 Nov 2026 17:00 PST\./);
  });

  it('shows the three latest activities, newest first, whatever order they arrive in', () => {
    const activities = [
      activity('e1', '2026-08-02T14:00:00.000Z', 'email', 'INCOMING_EMAIL', 'Re: pricing for 40 seats'),
      activity('m1', '2026-11-18T16:30:00.000Z', 'meeting', 'COMPLETED', 'Discovery call'),
      activity('f1', '2026-10-01T09:12:00.000Z', 'form', 'Demo request', 'Demo request'),
      activity('c1', '2026-11-19T20:05:00.000Z', 'call', 'CONNECTED', null),
      activity('e2', '2026-06-30T08:00:00.000Z', 'email', 'EMAIL', 'Welcome to the webinar'),
    ];
    const lines = descriptionLines(buildTask(input({ activities })));
    const start = lines.indexOf('Latest activity:');
    expect(start).toBeGreaterThan(0);
    expect(lines.slice(start + 1, start + 4)).toEqual([
      '- 2026-11-19 call (CONNECTED)',
      '- 2026-11-18 meeting (COMPLETED): Discovery call',
      '- 2026-10-01 form (Demo request): Demo request',
    ]);
    expect(lines[start + 4]).not.toMatch(/^- /);
    expect(lines.join('\n')).not.toContain('pricing for 40 seats');
  });

  it('dates an activity by the owner zone: 02:00 UTC is still the previous evening in Los Angeles', () => {
    const activities = [activity('m1', '2026-11-19T02:00:00.000Z', 'meeting', 'COMPLETED', 'Demo')];
    const task = buildTask(input({ timeZone: LA, activities, now: DateTime.fromISO('2026-11-20T10:00', { zone: LA }).toJSDate() }));
    expect(task.Description).toContain('- 2026-11-18 meeting (COMPLETED): Demo');
  });

  it('has no activity section when there is no activity', () => {
    expect(buildTask(input({ activities: [] })).Description).not.toContain('Latest activity');
  });

  const assetIds = (description: string): string[] => {
    const titles: Record<string, string> = Object.fromEntries(sla.assets.map((a) => [a.title, a.id]));
    return description
      .split('\n')
      .filter((l) => l.startsWith('- ') && l.includes('https://example.com/assets/'))
      .map((l) => titles[l.slice(2, l.lastIndexOf(': '))] ?? l);
  };

  it.each([
    {
      name: 'VP Marketing at a fintech: the most specific asset first, capped at 3, the generic tour left out',
      c: contact({ hubspotId: '9', seniority: 'vp', jobFunction: 'marketing', industry: 'financial services' }),
      assets: ['exec-marketing-briefing', 'roi-calculator', 'marketing-playbook'],
    },
    {
      name: 'an engineer with no industry: the security brief, then the generic tour',
      c: contact({ hubspotId: '9', seniority: 'individual', jobFunction: 'engineering', industry: null }),
      assets: ['security-brief', 'product-tour'],
    },
    {
      name: 'HubSpot industry enum value matches too',
      c: contact({ hubspotId: '9', seniority: 'manager', jobFunction: 'finance', industry: 'FINANCIAL_SERVICES' }),
      assets: ['fintech-case-study', 'product-tour'],
    },
    {
      name: 'a director of marketing: the marketing playbook, but not the briefing that also needs a VP or C-level',
      c: contact({ hubspotId: '9', seniority: 'director', jobFunction: 'marketing', industry: null }),
      assets: ['marketing-playbook', 'product-tour'],
    },
    {
      name: 'a marketing-qualified lead: the buyer guide',
      c: contact({ hubspotId: '9', seniority: 'individual', jobFunction: null, industry: null, lifecycleStage: 'marketingqualifiedlead' }),
      assets: ['buyer-guide', 'product-tour'],
    },
    {
      name: 'unknown title: only the asset for everyone',
      c: contact({ hubspotId: '9', title: null, seniority: 'unknown', jobFunction: null, industry: null }),
      assets: ['product-tour'],
    },
  ])('recommends by job function, seniority and industry: $name', ({ c, assets }) => {
    expect(assetIds(buildTask(input({ contact: c })).Description)).toEqual(assets);
  });

  it('maxAssets 0 means no recommendation section at all', () => {
    const task = buildTask(input({ sla: { ...sla, maxAssets: 0 } }));
    expect(task.Description).not.toContain('https://example.com/assets/');
  });

  it('a description over 32,000 characters is cut to 32,000 and says so', () => {
    const reasons: Reason[] = Array.from({ length: 400 }, (_, i) => ({ rule: `fit.r${i}`, label: `Rule number ${i} ${'x'.repeat(90)}`, points: 1 }));
    const task = buildTask(input({ score: score({ reasons }) }));
    expect(task.Description.length).toBe(DESCRIPTION_MAX);
    expect(task.Description.endsWith('… (truncated)')).toBe(true);
    expect(task.Description.startsWith('Grade A')).toBe(true);
  });

  it('a normal description is not marked as truncated and ends with the HubSpot id', () => {
    const c: Contact = contact({ hubspotId: '88001' });
    const task = buildTask(input({ contact: c }));
    expect(task.Description).not.toContain('truncated');
    expect(task.Description).toContain('HubSpot contact 88001');
  });
});
