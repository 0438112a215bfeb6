import type { Condition, EngagementRule } from '../../config/scoring.js';
import type { ConditionField } from '../../domain/condition-fields.js';

/** Plain-word phrases for the scoring condition language, for people who never read the YAML. */
const FIELD_WORDS: Record<ConditionField, string> = {
  seniority: 'seniority',
  jobFunction: 'job function',
  country: 'country',
  state: 'state or province',
  city: 'city',
  industry: 'industry',
  lifecycleStage: 'HubSpot lifecycle stage',
  leadSource: 'original source',
  company: 'company name',
  companyDomain: 'company domain',
  title: 'job title',
  'email.domain': 'email domain',
  'phone.e164': 'phone number',
  employees: 'company size (employees)',
  'conversions.count': 'number of form submissions',
  'email.valid': 'email address',
  'email.freeMail': 'email address',
  'email.disposable': 'email address',
};

const YES_NO: Partial<Record<ConditionField, { yes: string; no: string }>> = {
  'email.valid': { yes: 'the email address is valid', no: 'the email address is not valid' },
  'email.freeMail': { yes: 'the email address is a free-mail one (Gmail, Outlook, …)', no: 'the email address is not a free-mail one' },
  'email.disposable': { yes: 'the email address is a disposable one', no: 'the email address is not a disposable one' },
};

const SENIORITY_WORDS: Record<string, string> = {
  c_level: 'C-level or founder',
  vp: 'vice president',
  director: 'director or head of',
  manager: 'manager',
  individual: 'individual contributor',
  unknown: 'unknown',
};

const value = (field: ConditionField, v: unknown): string => {
  const s = String(v);
  if (field === 'seniority') return SENIORITY_WORDS[s.toLowerCase()] ?? s;
  if (typeof v === 'number') return number(v);
  return s;
};

const list = (field: ConditionField, v: unknown): string => {
  const items = (Array.isArray(v) ? v : [v]).map((x) => value(field, x));
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} or ${items[items.length - 1] ?? ''}`;
};

/** 1000 → "1,000"; 12.5 stays "12.5". */
export function number(n: number): string {
  return n.toLocaleString('en-US', { maximumFractionDigits: 2 });
}

/** −60 for negatives (a true minus sign), 50 otherwise. */
export function signed(n: number): string {
  return n < 0 ? `−${number(-n)}` : number(n);
}

/** "+20 points", "−10 points", "1 point". */
export function points(n: number, signed = true): string {
  const abs = number(Math.abs(n));
  const sign = !signed || n === 0 ? '' : n > 0 ? '+' : '−';
  return `${sign}${abs} point${Math.abs(n) === 1 ? '' : 's'}`;
}

/** One condition as a phrase: "seniority is vice president", "company size (employees) is between 200 and 999". */
export function conditionWords(c: Condition): string {
  const f = FIELD_WORDS[c.field];
  const yn = YES_NO[c.field];
  switch (c.op) {
    case 'isTrue':
      return yn?.yes ?? `${f} is yes`;
    case 'isFalse':
      return yn?.no ?? `${f} is no`;
    case 'exists':
      return c.field === 'phone.e164' ? 'a valid phone number is given' : `the ${f} is known`;
    case 'eq':
      if (typeof c.value === 'boolean') return (c.value ? yn?.yes : yn?.no) ?? `${f} is ${String(c.value)}`;
      return `${f} is ${value(c.field, c.value)}`;
    case 'in':
      return `${f} is ${list(c.field, c.value)}`;
    case 'notIn':
      return `${f} is known and is not ${list(c.field, c.value)}`;
    case 'gte':
      return `${f} is at least ${value(c.field, c.value)}`;
    case 'lte':
      return `${f} is at most ${value(c.field, c.value)}`;
    case 'between': {
      const [low, high] = Array.isArray(c.value) ? c.value : [];
      return `${f} is between ${value(c.field, low)} and ${value(c.field, high)}`;
    }
  }
}

/** Every condition of a fit rule, joined: "seniority is manager, and job function is …". */
export function conditionsWords(conditions: readonly Condition[]): string {
  const parts = conditions.map(conditionWords);
  return parts.length <= 1 ? (parts[0] ?? '') : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1] ?? ''}`;
}

const ACTIVITY_WORDS: Record<EngagementRule['type'], string> = {
  email: 'email',
  call: 'call',
  meeting: 'meeting',
  note: 'note logged by sales',
  form: 'form submission',
};

/** What an engagement rule counts: "each meeting with outcome COMPLETED". */
export function activityWords(rule: EngagementRule): string {
  const what = `each ${ACTIVITY_WORDS[rule.type]}`;
  if (!rule.outcomes) return what;
  return `${what} ${rule.type === 'form' ? 'of the form' : 'with outcome'} ${rule.outcomes.join(' or ')}`;
}

/** "Monday to Friday", "Monday, Wednesday and Friday". */
export function weekdaysWords(days: readonly number[]): string {
  const names = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
  const sorted = [...new Set(days)].sort((a, b) => a - b);
  const first = sorted[0];
  const last = sorted[sorted.length - 1];
  if (first !== undefined && last !== undefined && sorted.length > 2 && last - first === sorted.length - 1) return `${names[first - 1] ?? ''} to ${names[last - 1] ?? ''}`;
  const words = sorted.map((d) => names[d - 1] ?? String(d));
  return words.length <= 1 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} and ${words[words.length - 1] ?? ''}`;
}

/** "4 business hours", "1 business hour". */
export function businessHours(n: number): string {
  return `${number(n)} business hour${n === 1 ? '' : 's'}`;
}
