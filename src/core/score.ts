import type { Condition, EngagementRule, GradeBand, ScoringConfig } from '../config/scoring.js';
import type { ConditionField } from '../domain/condition-fields.js';
import type { Activity, ActivityType, Contact, Reason, Score } from '../domain/types.js';
import { BoundedCache } from '../lib/bounded-cache.js';

export type Scorer = (contact: Contact, activities: readonly Activity[], now: Date) => Score;

const DAY_MS = 86_400_000;
// Engagement points are summed as integer micro-points so the total cannot depend on the order the
// activities arrive in (floating-point addition is not associative); output is in tenths.
const MICRO = 1_000_000;
const toTenths = (micro: number): number => Math.sign(micro) * Math.round(Math.abs(micro) / (MICRO / 10));
const tenths = (points: number): number => Math.sign(points) * Math.round(Math.abs(points) * 10);

type Value = string | number | boolean | null;
const FIELD: Record<ConditionField, (c: Contact) => Value> = {
  seniority: (c) => c.seniority,
  jobFunction: (c) => c.jobFunction,
  country: (c) => c.country,
  state: (c) => c.state,
  city: (c) => c.city,
  industry: (c) => c.industry,
  lifecycleStage: (c) => c.lifecycleStage,
  leadSource: (c) => c.leadSource,
  company: (c) => c.company,
  companyDomain: (c) => c.companyDomain,
  title: (c) => c.title,
  'email.domain': (c) => c.email.domain,
  'phone.e164': (c) => c.phone.e164,
  employees: (c) => c.employees,
  'conversions.count': (c) => c.conversions.count,
  'email.valid': (c) => c.email.valid,
  'email.freeMail': (c) => c.email.freeMail,
  'email.disposable': (c) => c.email.disposable,
};

/** The value a condition on `field` compares, as scoring reads it from the contact. */
export function conditionValue(contact: Contact, field: ConditionField): Value {
  return FIELD[field](contact);
}

const fold = (v: Value | undefined): Value | undefined => (typeof v === 'string' ? v.toLowerCase() : v);

/** A predicate for one condition. Text compares case-insensitively; a missing value matches nothing but `exists`. */
export function compileCondition(c: Condition): (contact: Contact) => boolean {
  const get = FIELD[c.field];
  const list = new Set((Array.isArray(c.value) ? c.value : [c.value]).map(fold));
  const one = fold(Array.isArray(c.value) ? undefined : c.value);
  const [low = 0, high = 0] = Array.isArray(c.value) ? c.value.map(Number) : [];
  const num = Number(c.value);
  switch (c.op) {
    case 'exists':
      return (x) => {
        const v = get(x);
        return v !== null && v !== '';
      };
    case 'isTrue':
      return (x) => get(x) === true;
    case 'isFalse':
      return (x) => get(x) === false;
    case 'eq':
      return (x) => fold(get(x)) === one;
    case 'in':
      return (x) => list.has(fold(get(x)));
    case 'notIn':
      return (x) => {
        const v = get(x);
        return v !== null && v !== '' && !list.has(fold(v));
      };
    case 'gte':
      return (x) => {
        const v = get(x);
        return typeof v === 'number' && v >= num;
      };
    case 'lte':
      return (x) => {
        const v = get(x);
        return typeof v === 'number' && v <= num;
      };
    case 'between':
      return (x) => {
        const v = get(x);
        return typeof v === 'number' && v >= low && v <= high;
      };
  }
}

// HubSpot's default call outcome GUIDs (hs_call_disposition), so rules can say CONNECTED.
const CALL_OUTCOMES: Record<string, string> = {
  'f240bbac-87c9-4f6e-bf70-924b57d47db7': 'CONNECTED',
  '9d9162e7-6cf3-4944-bf63-4dff82258764': 'BUSY',
  'a4c4c377-d246-4b32-a13b-75a56a4cd0ff': 'LEFT_LIVE_MESSAGE',
  'b2cf5968-551e-4856-9783-52b3da59a7d0': 'LEFT_VOICEMAIL',
  '73a0d17f-1163-4015-bdd5-ec830791da20': 'NO_ANSWER',
  '17b47fee-58de-441e-a44c-c6300d46f273': 'WRONG_NUMBER',
};
// Outcomes are a small vocabulary repeated across every activity: each is keyed once.
const outcomeKeys = new BoundedCache<string, string>();
const keyOf = (o: string): string => CALL_OUTCOMES[o.toLowerCase()] ?? o.toUpperCase();
const outcomeKey = (o: string | null): string => (o === null ? '' : outcomeKeys.getOrCompute(o, keyOf));

const digit = (s: string, i: number): number => s.charCodeAt(i) - 48;
/**
 * Epoch ms of an ISO timestamp. HubSpot's canonical `YYYY-MM-DDTHH:MM:SS.sssZ` is read by hand:
 * Date.parse dominated the scoring hot path. Any other shape goes to Date.parse.
 */
export function isoMs(s: string): number {
  if (s.length !== 24 || s.charCodeAt(10) !== 84 || s.charCodeAt(23) !== 90 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45 || s.charCodeAt(19) !== 46) return Date.parse(s);
  return Date.UTC(
    digit(s, 0) * 1000 + digit(s, 1) * 100 + digit(s, 2) * 10 + digit(s, 3),
    digit(s, 5) * 10 + digit(s, 6) - 1,
    digit(s, 8) * 10 + digit(s, 9),
    digit(s, 11) * 10 + digit(s, 12),
    digit(s, 14) * 10 + digit(s, 15),
    digit(s, 17) * 10 + digit(s, 18),
    digit(s, 20) * 100 + digit(s, 21) * 10 + digit(s, 22),
  );
}

interface CompiledRule {
  rule: EngagementRule;
  outcomes: Set<string> | null;
  ignore: RegExp | null;
  maxPointsMicro: number;
  // Per-call state, reset at the start of every call: scoring is synchronous, so reuse is safe.
  count: number;
  sum: number;
  /** The maxCount largest contributions (by size), largest first; only with maxCount. */
  top: Float64Array | null;
}

function add(r: CompiledRule, micro: number): void {
  if (r.top === null) {
    r.count += 1;
    r.sum += micro;
    return;
  }
  const top = r.top;
  if (r.count === top.length) {
    if (Math.abs(micro) <= Math.abs(top[top.length - 1] ?? 0)) return;
    r.count -= 1;
  }
  let i = r.count;
  while (i > 0 && Math.abs(top[i - 1] ?? 0) < Math.abs(micro)) {
    top[i] = top[i - 1] ?? 0;
    i -= 1;
  }
  top[i] = micro;
  r.count += 1;
}

function ruleMicro(r: CompiledRule): number {
  let sum = r.sum;
  if (r.top !== null) for (let i = 0; i < r.count; i++) sum += r.top[i] ?? 0;
  return Math.sign(sum) * Math.min(Math.abs(sum), r.maxPointsMicro);
}

const byPointsThenId = (a: Reason, b: Reason): number =>
  Math.abs(b.points) - Math.abs(a.points) || (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0);

/**
 * Compiles the shared model once into a scorer. The scorer is pure: the same contact, activities
 * (in any order) and `now` give the same total, grade and reasons. Points are rounded to tenths,
 * and the reasons (caps included) always add up to the total.
 */
export function compileModel(model: ScoringConfig): Scorer {
  const fit = model.fit.map((r) => {
    const preds = r.when.map(compileCondition);
    return { id: r.id, label: r.label, tenths: tenths(r.points), test: (c: Contact) => preds.every((p) => p(c)) };
  });
  const byType = new Map<ActivityType, CompiledRule[]>();
  const rules: CompiledRule[] = model.engagement.rules.map((rule) => {
    const compiled: CompiledRule = {
      rule,
      outcomes: rule.outcomes ? new Set(rule.outcomes.map(outcomeKey)) : null,
      ignore: rule.ignoreTitles ? new RegExp(rule.ignoreTitles.map((p) => `(?:${p})`).join('|'), 'i') : null,
      maxPointsMicro: rule.maxPoints === undefined ? Infinity : Math.round(rule.maxPoints * MICRO),
      count: 0,
      sum: 0,
      top: rule.maxCount === undefined ? null : new Float64Array(rule.maxCount),
    };
    byType.set(rule.type, [...(byType.get(rule.type) ?? []), compiled]);
    return compiled;
  });
  const halfLifeMs = model.engagement.halfLifeDays * DAY_MS;
  const maxAgeMs = model.engagement.maxAgeDays * DAY_MS;
  const { caps } = model;
  const [fitMin, fitMax, engMin, engMax] = [caps.fit.min, caps.fit.max, caps.engagement.min, caps.engagement.max].map(tenths) as [number, number, number, number];

  return (contact, activities, now) => {
    const reasons: Reason[] = [];
    let fitTenths = 0;
    for (const f of fit) {
      if (!f.test(contact)) continue;
      fitTenths += f.tenths;
      if (f.tenths !== 0) reasons.push({ rule: f.id, label: f.label, points: f.tenths / 10 });
    }

    for (const r of rules) {
      r.count = 0;
      r.sum = 0;
    }
    const nowMs = now.getTime();
    for (const a of activities) {
      const candidates = byType.get(a.type);
      if (candidates === undefined) continue;
      const at = isoMs(a.occurredAt);
      if (Number.isNaN(at)) continue;
      // Future-dated activities (a booked meeting, a clock a little ahead) count at full value.
      const age = Math.max(0, nowMs - at);
      if (age > maxAgeMs) continue;
      const outcome = outcomeKey(a.outcome);
      // The first rule that matches an activity scores it, so overlapping rules never count it twice.
      for (const r of candidates) {
        if (r.outcomes !== null && !r.outcomes.has(outcome)) continue;
        if (r.ignore !== null && a.title !== null && r.ignore.test(a.title)) continue;
        add(r, Math.round(r.rule.points * 0.5 ** (age / halfLifeMs) * MICRO));
        break;
      }
    }
    let engTenths = 0;
    for (const r of rules) {
      if (r.count === 0) continue;
      const t = toTenths(ruleMicro(r));
      engTenths += t;
      if (t !== 0) reasons.push({ rule: r.rule.id, label: r.count > 1 ? `${r.rule.label} ×${r.count}` : r.rule.label, points: t / 10 });
    }

    const fitCapped = Math.min(fitMax, Math.max(fitMin, fitTenths));
    if (fitCapped !== fitTenths) reasons.push({ rule: 'caps.fit', label: `Fit limited to ${fitCapped / 10}`, points: (fitCapped - fitTenths) / 10 });
    const engCapped = Math.min(engMax, Math.max(engMin, engTenths));
    if (engCapped !== engTenths) reasons.push({ rule: 'caps.engagement', label: `Engagement limited to ${engCapped / 10}`, points: (engCapped - engTenths) / 10 });

    const total = (fitCapped + engCapped) / 10;
    reasons.sort(byPointsThenId);
    return {
      total,
      fit: fitCapped / 10,
      engagement: engCapped / 10,
      grade: gradeFor(model.grades, total).grade,
      qualified: total >= model.mqlThreshold,
      modelVersion: model.version,
      reasons,
    };
  };
}

/** The band a total falls in: bands are listed highest first and the last one catches the rest. */
export function gradeFor(grades: readonly GradeBand[], total: number): GradeBand {
  const band = grades.find((g) => g.min === undefined || total >= g.min) ?? grades[grades.length - 1];
  if (band === undefined) throw new RangeError('the scoring model has no grade bands');
  return band;
}

const compiled = new WeakMap<ScoringConfig, Scorer>();

/** Scores one contact; the model is compiled on first use and reused while the config object lives. */
export function score(contact: Contact, activities: readonly Activity[], model: ScoringConfig, now: Date): Score {
  let scorer = compiled.get(model);
  if (scorer === undefined) {
    scorer = compileModel(model);
    compiled.set(model, scorer);
  }
  return scorer(contact, activities, now);
}

/** The SLA tier a grade selects, or null for a grade the model doesn't define. */
export function tierForGrade(model: ScoringConfig, grade: string): string | null {
  return model.grades.find((g) => g.grade === grade)?.tier ?? null;
}
