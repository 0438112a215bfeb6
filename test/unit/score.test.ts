import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { conditionSchema, scoringSchema } from '../../src/config/scoring.js';
import type { ScoringConfig } from '../../src/config/scoring.js';
import type { Activity, Contact, NormalizedEmail, Score } from '../../src/domain/types.js';
import { normalizeEmail } from '../../src/core/normalize/email.js';
import { compileCondition, compileModel, gradeFor, isoMs, score, tierForGrade } from '../../src/core/score.js';
import { contact } from '../helpers/contact.js';

const CONFIG_DIR = join(import.meta.dirname, '..', '..', 'config');
const DAY = 86_400_000;
const NOW = new Date('2026-11-23T15:00:00.000Z');

const model = (yaml: string): ScoringConfig => scoringSchema.parse(parse(yaml));

/** A small model whose numbers are easy to check by hand. */
const small = model(`
version: test-1
fit:
  - { id: fit.vp, label: Vice president, when: [{ field: seniority, op: eq, value: vp }], points: 15 }
  - id: fit.enterprise-buyer
    label: Marketing or sales at a 1,000+ company
    when: [{ field: employees, op: gte, value: 1000 }, { field: jobFunction, op: in, value: [marketing, sales] }]
    points: 10
  - { id: fit.freemail, label: Free mail, when: [{ field: email.freeMail, op: isTrue }], points: -10 }
  - { id: fit.disposable, label: Disposable mail, when: [{ field: email.disposable, op: isTrue }], points: -40 }
engagement:
  halfLifeDays: 30
  maxAgeDays: 90
  rules:
    - { id: eng.meeting, label: Attended a meeting, type: meeting, outcomes: [COMPLETED], points: 20, maxCount: 2 }
    - { id: eng.reply, label: Replied, type: email, outcomes: [INCOMING_EMAIL], ignoreTitles: ["^(automatic reply|out of office)"], points: 10 }
    - { id: eng.any-email, label: Any email, type: email, points: 1 }
    - { id: eng.call, label: Spoke on a call, type: call, outcomes: [CONNECTED], points: 8 }
    - { id: eng.form, label: Form, type: form, points: 10, maxPoints: 15 }
    - { id: eng.note, label: Note, type: note, points: 0 }
caps:
  fit: { min: -30, max: 20 }
  engagement: { min: 0, max: 40 }
mqlThreshold: 30
grades:
  - { grade: A, min: 40, tier: hot }
  - { grade: B, min: 30, tier: warm }
  - { grade: C, tier: cool }
`);

/** A contact that scores no fit points in the small model. */
function plain(overrides: Partial<Contact> = {}): Contact {
  return contact({ hubspotId: '42', seniority: 'individual', jobFunction: 'engineering', employees: 50, ...overrides });
}

let seq = 0;
function act(type: Activity['type'], daysAgo: number, outcome: string | null = null, title: string | null = null): Activity {
  seq += 1;
  return { id: `a${seq}`, type, contactId: '42', occurredAt: new Date(NOW.getTime() - daysAgo * DAY).toISOString(), outcome, title };
}

const scoreSmall = (c: Contact, activities: Activity[] = []): Score => compileModel(small)(c, activities, NOW);
const pointsOf = (s: Score, rule: string): number | undefined => s.reasons.find((r) => r.rule === rule)?.points;
const reasonSum = (s: Score): number => Math.round(s.reasons.reduce((sum, r) => sum + r.points * 10, 0)) / 10;

describe('fit rules', () => {
  it('a rule that holds adds its points and is named in the reasons', () => {
    const s = scoreSmall(plain({ seniority: 'vp' }));
    expect(s.fit).toBe(15);
    expect(s.reasons.map((r) => r.rule)).toEqual(['fit.vp']);
  });

  it.each([
    { name: 'marketing at exactly 1,000 employees', c: { employees: 1000, jobFunction: 'marketing' }, hit: true },
    { name: 'SALES in capitals still matches', c: { employees: 12000, jobFunction: 'SALES' }, hit: true },
    { name: 'marketing at 999 employees', c: { employees: 999, jobFunction: 'marketing' }, hit: false },
    { name: 'marketing at unknown size', c: { employees: null, jobFunction: 'marketing' }, hit: false },
    { name: 'engineering at 5,000 employees', c: { employees: 5000, jobFunction: 'engineering' }, hit: false },
    { name: 'no job function at 5,000 employees', c: { employees: 5000, jobFunction: null }, hit: false },
  ])('a rule with two conditions needs both: $name', ({ c, hit }) => {
    const s = scoreSmall(plain(c));
    expect(pointsOf(s, 'fit.enterprise-buyer')).toBe(hit ? 10 : undefined);
    expect(s.fit).toBe(hit ? 10 : 0);
  });

  it.each([
    { name: 'gmail.com (free mail)', address: 'dana.k@gmail.com', reasons: { 'fit.freemail': -10 }, fit: -10 },
    { name: 'web.de (German free mail)', address: 'jens.mueller@web.de', reasons: { 'fit.freemail': -10 }, fit: -10 },
    { name: 'a business domain', address: 'dana.kowalski@globex-industrial.com', reasons: {}, fit: 0 },
  ])('email penalties: $name', ({ address, reasons, fit }) => {
    const email: NormalizedEmail = normalizeEmail(address);
    expect(email.valid).toBe(true);
    const s = scoreSmall(plain({ email }));
    expect(Object.fromEntries(s.reasons.map((r) => [r.rule, r.points]))).toEqual(reasons);
    expect(s.fit).toBe(fit);
  });

  it('a disposable address takes its penalty and fit stops at the floor', () => {
    const s = scoreSmall(plain({ email: normalizeEmail('test123@mailinator.com') }));
    expect(pointsOf(s, 'fit.disposable')).toBe(-40);
    expect(s.fit).toBe(-30);
    expect(s.reasons).toContainEqual({ rule: 'caps.fit', label: 'Fit limited to -30', points: 20 });
    expect(reasonSum(s)).toBe(s.total);
  });

  it('fit above its cap is cut, and the cut shows as a reason so the reasons still add up', () => {
    const s = scoreSmall(plain({ seniority: 'vp', jobFunction: 'marketing', employees: 2000 }));
    expect(s.fit).toBe(20);
    expect(s.reasons).toContainEqual({ rule: 'caps.fit', label: 'Fit limited to 20', points: -5 });
    expect(reasonSum(s)).toBe(s.total);
  });
});

describe('engagement decay', () => {
  it.each([
    { name: 'today', days: 0, points: 20 },
    { name: 'exactly one half-life (30 days)', days: 30, points: 10 },
    { name: 'two half-lives', days: 60, points: 5 },
    { name: 'half a half-life', days: 15, points: 14.1 },
    { name: 'exactly maxAgeDays (90) still counts', days: 90, points: 2.5 },
    { name: 'a day past maxAgeDays counts nothing', days: 91, points: undefined },
  ])('a completed meeting $name → $points', ({ days, points }) => {
    const s = scoreSmall(plain(), [act('meeting', days, 'COMPLETED')]);
    expect(pointsOf(s, 'eng.meeting')).toBe(points);
    expect(s.engagement).toBe(points ?? 0);
  });

  it('a future-dated activity (a meeting booked for next week) counts its full points, never more', () => {
    const s = scoreSmall(plain(), [act('meeting', -7, 'COMPLETED')]);
    expect(pointsOf(s, 'eng.meeting')).toBe(20);
  });

  it('an activity with an unreadable timestamp counts nothing', () => {
    const broken: Activity = { id: 'x', type: 'meeting', contactId: '42', occurredAt: 'last Tuesday', outcome: 'COMPLETED', title: null };
    expect(scoreSmall(plain(), [broken]).reasons).toEqual([]);
  });

  it('maxCount keeps the most recent activities, whatever order they arrive in', () => {
    // Oldest first, as the activity store returns them: 60, 30 and 0 days old.
    const s = scoreSmall(plain(), [act('meeting', 60, 'COMPLETED'), act('meeting', 30, 'COMPLETED'), act('meeting', 0, 'COMPLETED')]);
    expect(pointsOf(s, 'eng.meeting')).toBe(30);
    expect(s.reasons.find((r) => r.rule === 'eng.meeting')?.label).toBe('Attended a meeting ×2');
    expect(scoreSmall(plain(), [act('meeting', 0, 'COMPLETED'), act('meeting', 30, 'COMPLETED'), act('meeting', 60, 'COMPLETED')])).toEqual(s);
  });

  it('maxPoints caps one rule: three forms today are worth 15, not 30', () => {
    const s = scoreSmall(plain(), [act('form', 0, 'Demo request'), act('form', 0, 'Pricing'), act('form', 0, 'Webinar')]);
    expect(pointsOf(s, 'eng.form')).toBe(15);
  });

  it.each([
    { name: 'outcomes compare case-insensitively', a: () => act('meeting', 0, 'completed'), rule: 'eng.meeting', points: 20 },
    { name: 'a no-show is not an attended meeting', a: () => act('meeting', 0, 'NO_SHOW'), rule: 'eng.meeting', points: undefined },
    { name: "HubSpot's Connected call outcome GUID counts as CONNECTED", a: () => act('call', 0, 'f240bbac-87c9-4f6e-bf70-924b57d47db7'), rule: 'eng.call', points: 8 },
    { name: "the Left voicemail GUID does not", a: () => act('call', 0, 'b2cf5968-551e-4856-9783-52b3da59a7d0'), rule: 'eng.call', points: undefined },
    { name: 'an out-of-office reply is no reply', a: () => act('email', 0, 'INCOMING_EMAIL', 'Automatic reply: Re: your demo request'), rule: 'eng.reply', points: undefined },
    { name: 'a real reply about an out-of-office topic still counts', a: () => act('email', 0, 'INCOMING_EMAIL', 'Re: pricing (I was out of office last week)'), rule: 'eng.reply', points: 10 },
  ])('$name', ({ a, rule, points }) => {
    expect(pointsOf(scoreSmall(plain(), [a()]), rule)).toBe(points);
  });

  it('an activity is scored by the first rule it matches only: a reply is not also "any email"', () => {
    const s = scoreSmall(plain(), [act('email', 0, 'INCOMING_EMAIL', 'Re: pricing'), act('email', 0, 'EMAIL', 'Following up')]);
    expect(pointsOf(s, 'eng.reply')).toBe(10);
    expect(pointsOf(s, 'eng.any-email')).toBe(1);
  });

  it('a rule worth nothing (a note) adds no points and no reason', () => {
    const s = scoreSmall(plain(), [act('note', 0)]);
    expect(s.engagement).toBe(0);
    expect(s.reasons).toEqual([]);
  });

  it('an auto-reply falls through to the next matching rule', () => {
    const s = scoreSmall(plain(), [act('email', 0, 'INCOMING_EMAIL', 'Out of office until Monday')]);
    expect(pointsOf(s, 'eng.any-email')).toBe(1);
  });

  it('engagement above its cap is cut to the cap', () => {
    const activities = [act('meeting', 0, 'COMPLETED'), act('meeting', 0, 'COMPLETED'), act('call', 0, 'CONNECTED'), act('form', 0, 'Demo')];
    const s = scoreSmall(plain(), activities);
    expect(s.engagement).toBe(40);
    // 20 + 20 + 8 + 10 = 58 before the cap.
    expect(s.reasons).toContainEqual({ rule: 'caps.engagement', label: 'Engagement limited to 40', points: -18 });
    expect(reasonSum(s)).toBe(s.total);
  });
});

describe('threshold and grades', () => {
  const boundary = model(`
version: boundary-1
fit:
  - { id: fit.vp, label: VP, when: [{ field: seniority, op: eq, value: vp }], points: 15 }
  - { id: fit.big, label: Big company, when: [{ field: employees, op: gte, value: 1000 }], points: 10 }
  - { id: fit.tenth, label: A tenth of a point, when: [{ field: phone.e164, op: exists }], points: -0.1 }
engagement:
  halfLifeDays: 30
  rules: [{ id: eng.meeting, label: Meeting, type: meeting, outcomes: [COMPLETED], points: 25 }]
mqlThreshold: 25
grades:
  - { grade: A, min: 25, tier: hot }
  - { grade: B, min: 10, tier: warm }
  - { grade: C, tier: cool }
`);
  const scorer = compileModel(boundary);

  it.each([
    { name: 'exactly at the threshold qualifies', c: { seniority: 'vp' as const, employees: 1000 }, total: 25, qualified: true, grade: 'A' },
    { name: 'a tenth below does not', c: { seniority: 'vp' as const, employees: 1000, phone: { original: '+1 415 555 2671', e164: '+14155552671' } }, total: 24.9, qualified: false, grade: 'B' },
    { name: 'exactly at the B floor', c: { seniority: 'manager' as const, employees: 1000 }, total: 10, qualified: false, grade: 'B' },
    { name: 'below every min falls in the last band', c: { seniority: 'manager' as const, employees: 10, phone: { original: '0171 1234567', e164: '+491711234567' } }, total: -0.1, qualified: false, grade: 'C' },
  ])('$name', ({ c, total, qualified, grade }) => {
    const s = scorer(plain(c), [], NOW);
    expect(s).toMatchObject({ total, qualified, grade, modelVersion: 'boundary-1' });
  });

  // 25 × 0.5^(d/30) for a meeting d days ago, with no fit points: totals either side of the threshold.
  it.each([
    { name: 'a total that rounds up onto the threshold qualifies', days: 0.05, total: 25, qualified: true, grade: 'A' },
    { name: 'a total a tenth below after decay does not', days: 0.1, total: 24.9, qualified: false, grade: 'B' },
  ])('$name', ({ days, total, qualified, grade }) => {
    const s = scorer(plain({ seniority: 'manager', employees: 10 }), [act('meeting', days, 'COMPLETED')], NOW);
    expect(s).toMatchObject({ total, qualified, grade });
  });

  it.each([
    [100, 'A'],
    [40, 'A'],
    [39.9, 'B'],
    [30, 'B'],
    [29.9, 'C'],
    [-1000, 'C'],
  ])('gradeFor(%s) → %s', (total, grade) => {
    expect(gradeFor(small.grades, total).grade).toBe(grade);
  });

  it.each([
    ['A', 'hot'],
    ['B', 'warm'],
    ['C', 'cool'],
    ['Z', null],
  ])('tierForGrade(%s) → %s', (grade, tier) => {
    expect(tierForGrade(small, grade)).toBe(tier);
  });
});

describe('determinism', () => {
  const history = (): Activity[] => [
    act('meeting', 3.25, 'COMPLETED'),
    act('email', 11.5, 'INCOMING_EMAIL', 'Re: security questionnaire'),
    act('email', 1.1, 'INCOMING_EMAIL', 'Re: pricing'),
    act('email', 0.2, 'EMAIL', 'Next steps'),
    act('call', 7.7, 'CONNECTED'),
    act('meeting', 44, 'COMPLETED'),
    act('form', 20, 'Webinar: Q4 planning'),
    act('meeting', 80, 'COMPLETED'),
  ];

  it('the same activities in any order give the same score, reasons and reason order', () => {
    const c = plain({ seniority: 'vp', email: normalizeEmail('priya@gmail.com') });
    const activities = history();
    const expected = scoreSmall(c, activities);
    const orders = [[...activities].reverse(), [...activities].sort((a, b) => a.id.localeCompare(b.id)), [3, 0, 7, 5, 1, 6, 2, 4].map((i) => activities[i] as Activity)];
    for (const order of orders) expect(scoreSmall(c, order)).toEqual(expected);
    // Calling the compiled scorer again must not carry state from the previous call.
    expect(scoreSmall(c, activities)).toEqual(expected);
    // score() compiles the model itself and gives the same result.
    expect(score(c, activities, small, NOW)).toEqual(expected);
    expect(expected.modelVersion).toBe('test-1');
  });

  it('the reasons add up to the total, which is fit plus engagement', () => {
    const s = scoreSmall(plain({ seniority: 'vp', employees: 4000 }), history());
    expect(reasonSum(s)).toBe(s.total);
    expect(s.total).toBe(s.fit + s.engagement);
  });

  it('the same activities score lower a month later', () => {
    const c = plain({ seniority: 'vp' });
    const later = new Date(NOW.getTime() + 30 * DAY);
    expect(compileModel(small)(c, history(), later).engagement).toBeLessThan(scoreSmall(c, history()).engagement);
  });

  it('every number is rounded to one decimal', () => {
    const s = scoreSmall(plain({ seniority: 'vp' }), [act('meeting', 13.37, 'COMPLETED'), act('email', 4.2, 'INCOMING_EMAIL', 'Re: pricing')]);
    for (const n of [s.total, s.fit, s.engagement, ...s.reasons.map((r) => r.points)]) expect(Math.round(n * 10) / 10).toBe(n);
  });

  it('reasons are sorted by size of points, ties by rule id', () => {
    const tie = model(`
version: tie-1
fit:
  - { id: fit.z-last, label: Z, when: [{ field: seniority, op: eq, value: vp }], points: 10 }
  - { id: fit.a-first, label: A, when: [{ field: email.freeMail, op: isTrue }], points: -10 }
  - { id: fit.small, label: Small, when: [{ field: country, op: eq, value: us }], points: 2 }
  - { id: fit.big, label: Big, when: [{ field: employees, op: gte, value: 1 }], points: -12 }
engagement: { halfLifeDays: 30, rules: [] }
mqlThreshold: 10
grades: [{ grade: A, tier: hot }]
`);
    const s = compileModel(tie)(plain({ seniority: 'vp', email: normalizeEmail('x@gmail.com'), country: 'US' }), [], NOW);
    expect(s.reasons.map((r) => r.rule)).toEqual(['fit.big', 'fit.a-first', 'fit.z-last', 'fit.small']);
  });
});

describe('compileCondition', () => {
  const cond = (raw: unknown) => compileCondition(conditionSchema.parse(raw));

  it.each([
    { name: 'eq on text', raw: { field: 'seniority', op: 'eq', value: 'vp' }, c: { seniority: 'vp' }, hit: true },
    { name: 'eq on text, another value', raw: { field: 'seniority', op: 'eq', value: 'vp' }, c: { seniority: 'director' }, hit: false },
    { name: 'eq on text ignores case', raw: { field: 'country', op: 'eq', value: 'us' }, c: { country: 'US' }, hit: true },
    { name: 'eq against a missing value', raw: { field: 'country', op: 'eq', value: 'US' }, c: { country: null }, hit: false },
    { name: 'in a list', raw: { field: 'industry', op: 'in', value: ['Banking', 'FINANCIAL_SERVICES'] }, c: { industry: 'financial_services' }, hit: true },
    { name: 'in a list, value not in it', raw: { field: 'jobFunction', op: 'in', value: ['sales'] }, c: { jobFunction: 'it' }, hit: false },
    { name: 'notIn a list', raw: { field: 'country', op: 'notIn', value: ['RU', 'BY'] }, c: { country: 'DE' }, hit: true },
    { name: 'notIn a list, value in it', raw: { field: 'country', op: 'notIn', value: ['RU', 'BY'] }, c: { country: 'RU' }, hit: false },
    // "Not in the embargo list" must not be read as true for a contact whose country is unknown.
    { name: 'notIn with a missing value', raw: { field: 'country', op: 'notIn', value: ['RU', 'BY'] }, c: { country: null }, hit: false },
    { name: 'gte at the bound', raw: { field: 'employees', op: 'gte', value: 200 }, c: { employees: 200 }, hit: true },
    { name: 'gte just below', raw: { field: 'employees', op: 'gte', value: 1000 }, c: { employees: 999 }, hit: false },
    { name: 'gte with unknown size, even against 0', raw: { field: 'employees', op: 'gte', value: 0 }, c: { employees: null }, hit: false },
    { name: 'lte just above', raw: { field: 'employees', op: 'lte', value: 50 }, c: { employees: 51 }, hit: false },
    { name: 'lte at the bound', raw: { field: 'employees', op: 'lte', value: 50 }, c: { employees: 50 }, hit: true },
    { name: 'lte with unknown size', raw: { field: 'employees', op: 'lte', value: 50 }, c: { employees: null }, hit: false },
    { name: 'between, low end', raw: { field: 'employees', op: 'between', value: [200, 999] }, c: { employees: 200 }, hit: true },
    { name: 'between, high end', raw: { field: 'employees', op: 'between', value: [200, 999] }, c: { employees: 999 }, hit: true },
    { name: 'between, just above', raw: { field: 'employees', op: 'between', value: [200, 999] }, c: { employees: 1000 }, hit: false },
    { name: 'exists with a value', raw: { field: 'phone.e164', op: 'exists' }, c: { phone: { original: '030 1234567', e164: '+49301234567' } }, hit: true },
    { name: 'exists when only the original could not be parsed', raw: { field: 'phone.e164', op: 'exists' }, c: { phone: { original: 'ask reception', e164: null } }, hit: false },
    { name: 'exists on an empty string', raw: { field: 'industry', op: 'exists' }, c: { industry: '' }, hit: false },
    { name: 'exists on zero employees', raw: { field: 'employees', op: 'exists' }, c: { employees: 0 }, hit: true },
    { name: 'isTrue', raw: { field: 'email.freeMail', op: 'isTrue' }, c: { email: normalizeEmail('a@gmail.com') }, hit: true },
    { name: 'isTrue on false', raw: { field: 'email.freeMail', op: 'isTrue' }, c: { email: normalizeEmail('a@acme.com') }, hit: false },
    { name: 'isFalse on an invalid email', raw: { field: 'email.valid', op: 'isFalse' }, c: { email: normalizeEmail('jane at acme dot com') }, hit: true },
    { name: 'eq on a boolean', raw: { field: 'email.disposable', op: 'eq', value: false }, c: { email: normalizeEmail('a@acme.com') }, hit: true },
    { name: 'email domain', raw: { field: 'email.domain', op: 'in', value: ['acme.com'] }, c: { email: normalizeEmail('Jane@ACME.com') }, hit: true },
    { name: 'lifecycle stage', raw: { field: 'lifecycleStage', op: 'in', value: ['lead', 'subscriber'] }, c: { lifecycleStage: 'lead' }, hit: true },
    { name: 'lead source ignores case', raw: { field: 'leadSource', op: 'eq', value: 'ORGANIC_SEARCH' }, c: { leadSource: 'organic_search' }, hit: true },
    { name: 'conversion count', raw: { field: 'conversions.count', op: 'gte', value: 2 }, c: { conversions: { count: 3, lastAt: null, lastName: null } }, hit: true },
  ])('$name', ({ raw, c, hit }) => {
    expect(cond(raw)(plain(c as Partial<Contact>))).toBe(hit);
  });

  it.each([
    { name: 'a number op on a text field', raw: { field: 'country', op: 'gte', value: 5 } },
    { name: 'between with low above high', raw: { field: 'employees', op: 'between', value: [1000, 200] } },
    { name: 'a seniority that classifyTitle never returns', raw: { field: 'seniority', op: 'eq', value: 'vice president' } },
    { name: 'exists with a value', raw: { field: 'phone.e164', op: 'exists', value: true } },
    { name: 'an empty in-list', raw: { field: 'country', op: 'in', value: [] } },
    { name: 'a field the contact does not have', raw: { field: 'email.address', op: 'exists' } },
    { name: 'text compared to a number', raw: { field: 'industry', op: 'eq', value: 7 } },
  ])('the schema refuses $name', ({ raw }) => {
    expect(conditionSchema.safeParse(raw).success).toBe(false);
  });
});

describe('the shipped scoring model', () => {
  const shipped: ScoringConfig = scoringSchema.parse(parse(readFileSync(join(CONFIG_DIR, 'scoring.yaml'), 'utf8')));
  const scorer = compileModel(shipped);
  const ids = (s: Score): string[] => s.reasons.map((r) => r.rule);

  it('a VP of marketing at a 1,500-person US software company who attended two meetings this week is a qualified A lead', () => {
    const c = contact({ hubspotId: '9001', seniority: 'vp', jobFunction: 'marketing', employees: 1500, country: 'US', industry: 'COMPUTER_SOFTWARE', phone: { original: '(415) 555-2671', e164: '+14155552671' } });
    const s = scorer(c, [act('meeting', 2, 'COMPLETED', 'Discovery call'), act('meeting', 1, 'COMPLETED', 'Technical deep dive'), act('email', 5, 'INCOMING_EMAIL', 'Re: pricing')], NOW);
    expect(s.qualified).toBe(true);
    expect(s.grade).toBe(shipped.grades[0]?.grade);
    expect(s.total).toBeGreaterThanOrEqual(shipped.mqlThreshold);
    expect(s.modelVersion).toBe(shipped.version);
    expect(reasonSum(s)).toBe(s.total);
  });

  it('a disposable address is penalised and keeps an otherwise decent lead below the threshold', () => {
    const c = contact({ hubspotId: '9002', seniority: 'director', jobFunction: 'sales', employees: 300, country: 'DE', email: normalizeEmail('lead4you@mailinator.com') });
    const s = scorer(c, [act('form', 1, 'Demo request')], NOW);
    expect(ids(s)).toContain('fit.email.disposable');
    expect(s.reasons.find((r) => r.rule === 'fit.email.disposable')?.points).toBeLessThan(0);
    expect(s.qualified).toBe(false);
  });

  it('a gmail address costs points compared with the same person at a business domain', () => {
    const base = { hubspotId: '9003', seniority: 'manager' as const, jobFunction: 'marketing' as const, employees: 250, country: 'GB' };
    const business = scorer(contact({ ...base, email: normalizeEmail('tom.h@northwind-logistics.co.uk') }), [], NOW);
    const gmail = scorer(contact({ ...base, email: normalizeEmail('tom.h.1987@gmail.com') }), [], NOW);
    expect(ids(gmail)).toContain('fit.email.freemail');
    expect(gmail.total).toBeLessThan(business.total);
  });
});

describe('isoMs', () => {
  it.each(['2026-11-10T12:34:56.789Z', '2024-02-29T00:00:00.000Z', '1999-12-31T23:59:59.999Z', '2026-11-10T12:34:56Z', '2026-11-10T07:34:56.789-05:00', '2026-11-10', 'not a date'])('%s reads as Date.parse does', (s) => {
    expect(isoMs(s)).toEqual(Date.parse(s));
  });
});
