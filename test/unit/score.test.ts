import { describe, expect, it } from 'vitest';
import { scoringSchema } from '../../src/config/scoring.js';
import type { Condition } from '../../src/config/scoring.js';
import type { Activity, ActivityType, Contact } from '../../src/domain/types.js';
import { compileCondition, compileModel, gradeFor, isoMs, score, tierForGrade } from '../../src/core/score.js';
import { contact } from '../helpers/contact.js';

const NOW = new Date('2026-11-10T12:00:00.000Z');
const DAY = 86_400_000;

/** A small model whose numbers are easy to check by hand. */
const MODEL = scoringSchema.parse({
  version: 'test-1',
  fit: [
    { id: 'fit.vp', label: 'Vice president', when: [{ field: 'seniority', op: 'eq', value: 'vp' }], points: 15 },
    { id: 'fit.enterprise', label: 'Enterprise', when: [{ field: 'employees', op: 'gte', value: 1000 }], points: 10 },
    { id: 'fit.disposable', label: 'Disposable address', when: [{ field: 'email.disposable', op: 'isTrue' }], points: -40 },
    { id: 'fit.invalid', label: 'Invalid address', when: [{ field: 'email.valid', op: 'isFalse' }], points: -30 },
  ],
  engagement: {
    halfLifeDays: 30,
    maxAgeDays: 365,
    rules: [
      { id: 'eng.meeting', label: 'Attended a meeting', type: 'meeting', outcomes: ['COMPLETED'], points: 25, maxCount: 3 },
      { id: 'eng.noshow', label: 'No-show', type: 'meeting', outcomes: ['NO_SHOW'], points: 0 },
      { id: 'eng.reply', label: 'Replied', type: 'email', outcomes: ['INCOMING_EMAIL'], ignoreTitles: ['^(automatic reply|out of office)'], points: 10 },
      { id: 'eng.sent', label: 'Sent', type: 'email', outcomes: ['EMAIL'], points: 1 },
      { id: 'eng.call', label: 'Connected call', type: 'call', outcomes: ['CONNECTED', 'COMPLETED'], points: 15 },
      { id: 'eng.form', label: 'Form', type: 'form', points: 15, maxPoints: 20 },
      { id: 'eng.note', label: 'Note', type: 'note', points: 0 },
    ],
  },
  caps: { fit: { min: -50, max: 20 }, engagement: { min: 0, max: 60 } },
  mqlThreshold: 40,
  grades: [
    { grade: 'A', min: 60, tier: 'hot' },
    { grade: 'B', min: 40, tier: 'warm' },
    { grade: 'C', tier: 'cool' },
  ],
});

/** A contact no fit rule of MODEL matches. */
const plain = (over: Partial<Contact> = {}): Contact => contact({ hubspotId: '1', seniority: 'manager', employees: 50, ...over });

let seq = 0;
const act = (type: ActivityType, outcome: string | null, daysAgo: number, title: string | null = null): Activity => ({
  id: `a${++seq}`,
  type,
  contactId: '1',
  occurredAt: new Date(NOW.getTime() - daysAgo * DAY).toISOString(),
  outcome,
  title,
});

const scorer = compileModel(MODEL);

describe('conditions', () => {
  const cases: { name: string; cond: Condition; over: Partial<Contact>; want: boolean }[] = [
    { name: 'eq text', cond: { field: 'seniority', op: 'eq', value: 'vp' }, over: { seniority: 'vp' }, want: true },
    { name: 'eq text is case-insensitive', cond: { field: 'country', op: 'eq', value: 'us' }, over: { country: 'US' }, want: true },
    { name: 'eq text differs', cond: { field: 'seniority', op: 'eq', value: 'vp' }, over: { seniority: 'director' }, want: false },
    { name: 'in', cond: { field: 'jobFunction', op: 'in', value: ['sales', 'marketing'] }, over: { jobFunction: 'Marketing' }, want: true },
    { name: 'in, not listed', cond: { field: 'jobFunction', op: 'in', value: ['sales'] }, over: { jobFunction: 'it' }, want: false },
    { name: 'notIn', cond: { field: 'country', op: 'notIn', value: ['US', 'CA'] }, over: { country: 'DE' }, want: true },
    { name: 'notIn, listed', cond: { field: 'country', op: 'notIn', value: ['US', 'CA'] }, over: { country: 'CA' }, want: false },
    { name: 'notIn, missing value', cond: { field: 'country', op: 'notIn', value: ['US'] }, over: { country: null }, want: false },
    { name: 'gte at the bound', cond: { field: 'employees', op: 'gte', value: 1000 }, over: { employees: 1000 }, want: true },
    { name: 'gte below', cond: { field: 'employees', op: 'gte', value: 1000 }, over: { employees: 999 }, want: false },
    { name: 'gte, unknown count', cond: { field: 'employees', op: 'gte', value: 0 }, over: { employees: null }, want: false },
    { name: 'lte at the bound', cond: { field: 'employees', op: 'lte', value: 50 }, over: { employees: 50 }, want: true },
    { name: 'lte above', cond: { field: 'employees', op: 'lte', value: 50 }, over: { employees: 51 }, want: false },
    { name: 'between low', cond: { field: 'employees', op: 'between', value: [200, 999] }, over: { employees: 200 }, want: true },
    { name: 'between high', cond: { field: 'employees', op: 'between', value: [200, 999] }, over: { employees: 999 }, want: true },
    { name: 'between outside', cond: { field: 'employees', op: 'between', value: [200, 999] }, over: { employees: 1000 }, want: false },
    { name: 'exists', cond: { field: 'phone.e164', op: 'exists' }, over: { phone: { original: 'x', e164: '+14155552671' } }, want: true },
    { name: 'exists, null', cond: { field: 'phone.e164', op: 'exists' }, over: { phone: { original: 'x', e164: null } }, want: false },
    { name: 'exists, empty text', cond: { field: 'leadSource', op: 'exists' }, over: { leadSource: '' }, want: false },
    { name: 'isTrue', cond: { field: 'email.freeMail', op: 'isTrue' }, over: { email: { ...plain().email, freeMail: true } }, want: true },
    { name: 'isTrue, false', cond: { field: 'email.freeMail', op: 'isTrue' }, over: {}, want: false },
    { name: 'isFalse', cond: { field: 'email.valid', op: 'isFalse' }, over: { email: { ...plain().email, valid: false } }, want: true },
    { name: 'eq boolean', cond: { field: 'email.disposable', op: 'eq', value: false }, over: {}, want: true },
    { name: 'lifecycleStage in', cond: { field: 'lifecycleStage', op: 'in', value: ['lead', 'subscriber'] }, over: { lifecycleStage: 'lead' }, want: true },
    { name: 'leadSource eq', cond: { field: 'leadSource', op: 'eq', value: 'ORGANIC_SEARCH' }, over: { leadSource: 'organic_search' }, want: true },
    { name: 'conversions.count gte', cond: { field: 'conversions.count', op: 'gte', value: 2 }, over: { conversions: { count: 2, lastAt: null, lastName: null } }, want: true },
  ];
  it.each(cases)('$name', ({ cond, over, want }) => {
    expect(compileCondition(cond)(plain(over))).toBe(want);
  });
});

describe('fit', () => {
  it.each([
    { name: 'vp', over: { seniority: 'vp' as const }, fit: 15, rules: ['fit.vp'] },
    { name: 'enterprise', over: { employees: 5000 }, fit: 10, rules: ['fit.enterprise'] },
    { name: 'a disposable address subtracts', over: { email: { ...plain().email, disposable: true } }, fit: -40, rules: ['fit.disposable'] },
    { name: 'an invalid address subtracts', over: { email: { ...plain().email, valid: false } }, fit: -30, rules: ['fit.invalid'] },
    { name: 'nothing matches', over: {}, fit: 0, rules: [] },
  ])('$name', ({ over, fit, rules }) => {
    const s = scorer(plain(over), [], NOW);
    expect(s.fit).toBe(fit);
    expect(s.reasons.map((r) => r.rule)).toEqual(rules);
  });

  it('needs every condition of a rule to hold', () => {
    const model = scoringSchema.parse({
      ...MODEL,
      fit: [{ id: 'fit.both', label: 'VP at an enterprise', when: [{ field: 'seniority', op: 'eq', value: 'vp' }, { field: 'employees', op: 'gte', value: 1000 }], points: 7 }],
    });
    const s = compileModel(model);
    expect(s(plain({ seniority: 'vp', employees: 1000 }), [], NOW).fit).toBe(7);
    expect(s(plain({ seniority: 'vp', employees: 999 }), [], NOW).fit).toBe(0);
  });
});

describe('engagement', () => {
  it.each([
    { name: 'meeting completed today', acts: [act('meeting', 'COMPLETED', 0)], points: 25 },
    { name: 'decay halves exactly at the half-life', acts: [act('meeting', 'COMPLETED', 30)], points: 12.5 },
    { name: 'two half-lives: a quarter, rounded to tenths', acts: [act('meeting', 'COMPLETED', 60)], points: 6.3 },
    { name: 'meeting no-show counts nothing', acts: [act('meeting', 'NO_SHOW', 0)], points: 0 },
    { name: 'email reply', acts: [act('email', 'INCOMING_EMAIL', 0, 'Re: pricing')], points: 10 },
    { name: 'an auto-reply is not a reply', acts: [act('email', 'INCOMING_EMAIL', 0, 'Automatic reply: Checking in')], points: 0 },
    { name: 'email sent', acts: [act('email', 'EMAIL', 0)], points: 1 },
    { name: "HubSpot's Connected call outcome id", acts: [act('call', 'f240bbac-87c9-4f6e-bf70-924b57d47db7', 0)], points: 15 },
    { name: 'call status, any case', acts: [act('call', 'completed', 0)], points: 15 },
    { name: 'call not answered', acts: [act('call', 'NO_ANSWER', 0)], points: 0 },
    { name: 'form submission', acts: [act('form', 'Demo request', 0)], points: 15 },
    { name: 'per-rule maxPoints', acts: [act('form', 'A', 0), act('form', 'B', 0)], points: 20 },
    { name: 'note', acts: [act('note', null, 0)], points: 0 },
    { name: 'older than maxAgeDays', acts: [act('meeting', 'COMPLETED', 366)], points: 0 },
    { name: 'future-dated counts in full', acts: [act('meeting', 'COMPLETED', -3)], points: 25 },
    { name: 'unparseable date is ignored', acts: [{ ...act('meeting', 'COMPLETED', 0), occurredAt: 'yesterday' }], points: 0 },
  ])('$name → $points', ({ acts, points }) => {
    expect(scorer(plain(), acts, NOW).engagement).toBe(points);
  });

  it('counts only the most recent maxCount activities, whatever their order', () => {
    const acts = [act('meeting', 'COMPLETED', 90), act('meeting', 'COMPLETED', 0), act('meeting', 'COMPLETED', 60), act('meeting', 'COMPLETED', 30)];
    const s = scorer(plain(), acts, NOW);
    expect(s.engagement).toBe(43.8); // 25 + 12.5 + 6.25
    expect(s.reasons).toEqual([{ rule: 'eng.meeting', label: 'Attended a meeting ×3', points: 43.8 }]);
    expect(scorer(plain(), [...acts].reverse(), NOW)).toEqual(s);
  });

  it('scores an activity by the first matching rule only', () => {
    const model = scoringSchema.parse({
      ...MODEL,
      engagement: {
        halfLifeDays: 30,
        rules: [
          { id: 'eng.reply', label: 'Reply', type: 'email', outcomes: ['INCOMING_EMAIL'], points: 10 },
          { id: 'eng.any', label: 'Any email', type: 'email', points: 2 },
        ],
      },
    });
    const s = compileModel(model)(plain(), [act('email', 'INCOMING_EMAIL', 0), act('email', 'EMAIL', 0)], NOW);
    expect(s.reasons).toEqual([
      { rule: 'eng.reply', label: 'Reply', points: 10 },
      { rule: 'eng.any', label: 'Any email', points: 2 },
    ]);
  });
});

describe('caps, threshold and grades', () => {
  it('caps fit at its max and says so in the reasons', () => {
    const s = scorer(plain({ seniority: 'vp', employees: 5000 }), [], NOW);
    expect(s.fit).toBe(20);
    expect(s.reasons).toContainEqual({ rule: 'caps.fit', label: 'Fit limited to 20', points: -5 });
  });

  it('floors fit at its min', () => {
    const s = scorer(plain({ email: { ...plain().email, valid: false, disposable: true } }), [], NOW);
    expect(s.fit).toBe(-50);
    expect(s.reasons).toContainEqual({ rule: 'caps.fit', label: 'Fit limited to -50', points: 20 });
  });

  it('caps engagement at its max', () => {
    const acts = [act('meeting', 'COMPLETED', 0), act('meeting', 'COMPLETED', 0), act('meeting', 'COMPLETED', 0)];
    const s = scorer(plain(), acts, NOW);
    expect(s.engagement).toBe(60);
    expect(s.reasons).toContainEqual({ rule: 'caps.engagement', label: 'Engagement limited to 60', points: -15 });
  });

  it('reasons always add up to the total', () => {
    const acts = [act('meeting', 'COMPLETED', 3), act('meeting', 'COMPLETED', 17), act('email', 'INCOMING_EMAIL', 41), act('call', 'COMPLETED', 5), act('form', 'x', 12)];
    const s = scorer(plain({ seniority: 'vp', employees: 4000 }), acts, NOW);
    const sum = s.reasons.reduce((t, r) => t + Math.round(r.points * 10), 0) / 10;
    expect(sum).toBe(s.total);
    expect(s.total).toBe(s.fit + s.engagement);
  });

  // 15 (vp) + 25 × 0.5^(d/30) for a meeting d days ago: totals either side of the MQL threshold (40).
  it.each([
    { name: 'exactly at the threshold', acts: [act('meeting', 'COMPLETED', 0)], over: { seniority: 'vp' as const }, total: 40, qualified: true },
    { name: 'rounds up onto the threshold', acts: [act('meeting', 'COMPLETED', 0.05)], over: { seniority: 'vp' as const }, total: 40, qualified: true },
    { name: 'just below after decay', acts: [act('meeting', 'COMPLETED', 0.1)], over: { seniority: 'vp' as const }, total: 39.9, qualified: false },
  ])('threshold: $name', ({ acts, over, total, qualified }) => {
    const s = scorer(plain(over), acts, NOW);
    expect(s.total).toBe(total);
    expect(s.qualified).toBe(qualified);
  });

  it.each([
    { total: 100, grade: 'A' },
    { total: 60, grade: 'A' },
    { total: 59.9, grade: 'B' },
    { total: 40, grade: 'B' },
    { total: 39.9, grade: 'C' },
    { total: -50, grade: 'C' },
  ])('grade for $total is $grade', ({ total, grade }) => {
    expect(gradeFor(MODEL.grades, total).grade).toBe(grade);
  });

  it('picks the grade band from the total and its tier', () => {
    const s = scorer(plain({ seniority: 'vp', employees: 5000 }), [act('meeting', 'COMPLETED', 0), act('meeting', 'COMPLETED', 0)], NOW);
    expect(s.total).toBe(70);
    expect(s.grade).toBe('A');
    expect(tierForGrade(MODEL, s.grade)).toBe('hot');
    expect(tierForGrade(MODEL, 'Z')).toBeNull();
  });
});

describe('determinism', () => {
  const acts = [
    act('meeting', 'COMPLETED', 7),
    act('email', 'INCOMING_EMAIL', 2),
    act('email', 'INCOMING_EMAIL', 9),
    act('call', 'COMPLETED', 11),
    act('form', 'Webinar', 1),
    act('email', 'EMAIL', 3),
  ];
  const who = plain({ seniority: 'vp', employees: 1200 });

  it('gives the same score for the same inputs and clock, in any activity order', () => {
    const first = scorer(who, acts, NOW);
    for (let i = 1; i < acts.length; i++) {
      const rotated = [...acts.slice(i), ...acts.slice(0, i)];
      expect(scorer(who, rotated, NOW)).toEqual(first);
      expect(scorer(who, rotated.reverse(), NOW)).toEqual(first);
    }
    expect(score(who, acts, MODEL, NOW)).toEqual(first);
    expect(first.modelVersion).toBe('test-1');
  });

  it('changes with the clock', () => {
    expect(scorer(who, acts, new Date(NOW.getTime() + 30 * DAY)).engagement).toBeLessThan(scorer(who, acts, NOW).engagement);
  });

  it('orders reasons by size, then rule id', () => {
    const model = scoringSchema.parse({
      ...MODEL,
      fit: [
        { id: 'fit.b', label: 'B', when: [{ field: 'seniority', op: 'eq', value: 'vp' }], points: 5 },
        { id: 'fit.a', label: 'A', when: [{ field: 'seniority', op: 'eq', value: 'vp' }], points: -5 },
        { id: 'fit.c', label: 'C', when: [{ field: 'seniority', op: 'eq', value: 'vp' }], points: 8 },
        { id: 'fit.d', label: 'D', when: [{ field: 'seniority', op: 'eq', value: 'vp' }], points: 1 },
      ],
    });
    const s = compileModel(model)(plain({ seniority: 'vp' }), [act('email', 'INCOMING_EMAIL', 0)], NOW);
    expect(s.reasons.map((r) => [r.rule, r.points])).toEqual([
      ['eng.reply', 10],
      ['fit.c', 8],
      ['fit.a', -5],
      ['fit.b', 5],
      ['fit.d', 1],
    ]);
  });

  it('rounds every number to one decimal', () => {
    const s = scorer(who, [act('meeting', 'COMPLETED', 13.37), act('email', 'INCOMING_EMAIL', 4.2)], NOW);
    for (const n of [s.total, s.fit, s.engagement, ...s.reasons.map((r) => r.points)]) expect(Math.round(n * 10) / 10).toBe(n);
  });
});

describe('isoMs', () => {
  it.each(['2026-11-10T12:34:56.789Z', '2024-02-29T00:00:00.000Z', '1999-12-31T23:59:59.999Z', '2026-11-10T12:34:56Z', '2026-11-10T07:34:56.789-05:00', '2026-11-10', 'not a date'])('%s reads as Date.parse does', (s) => {
    expect(isoMs(s)).toEqual(Date.parse(s));
  });
});
