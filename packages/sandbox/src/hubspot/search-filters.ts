import { validationError } from './errors.js';
import { createdProperty, modifiedProperty } from './object-types.js';
import { toEpochMs } from './values.js';
import type { HsRecord } from './collection.js';
import type { StoredType } from './object-types.js';
import type { HubSpotStore } from './store.js';

/** Operators of developers.hubspot.com/docs/api/crm/search, "Filter search results". */
export const OPERATORS = ['EQ', 'NEQ', 'LT', 'LTE', 'GT', 'GTE', 'BETWEEN', 'IN', 'NOT_IN', 'HAS_PROPERTY', 'NOT_HAS_PROPERTY', 'CONTAINS_TOKEN', 'NOT_CONTAINS_TOKEN'] as const;
export type Operator = (typeof OPERATORS)[number];

export interface SearchFilter {
  propertyName: string;
  operator: Operator;
  value?: string | number | boolean | undefined;
  highValue?: string | number | boolean | undefined;
  values?: (string | number | boolean)[] | undefined;
}

export type Predicate = (rec: HsRecord) => boolean;

/** Reads a property as a number (epoch ms for dates) or a lower-cased string, depending on its type. */
export function propertyReader(store: HubSpotStore, type: StoredType, name: string): { numeric: boolean; read: (rec: HsRecord) => number | string | null } {
  if (name === 'hs_object_id') return { numeric: true, read: (r) => r.id };
  if (name === modifiedProperty(type)) return { numeric: true, read: (r) => r.updatedAt };
  if (name === createdProperty(type)) return { numeric: true, read: (r) => r.createdAt };
  const ptype = store.properties.typeOf(type, name);
  if (ptype === 'number') {
    return { numeric: true, read: (r) => { const v = r.props[name]; return v === null || v === undefined || v === '' ? null : Number(v); } };
  }
  if (ptype === 'datetime' || ptype === 'date') {
    return { numeric: true, read: (r) => { const v = r.props[name]; return v ? toEpochMs(v) : null; } };
  }
  return { numeric: false, read: (r) => { const v = r.props[name]; return v === null || v === undefined || v === '' ? null : v.toLowerCase(); } };
}

function operand(raw: unknown, numeric: boolean, f: SearchFilter): number | string {
  if (raw === undefined || raw === null) throw validationError(`Filter on ${f.propertyName} with operator ${f.operator} needs a value.`);
  if (!numeric) return String(raw).toLowerCase();
  const n = typeof raw === 'number' ? raw : toEpochMs(String(raw));
  if (Number.isNaN(n)) throw validationError(`${String(raw)} is not a valid value for ${f.propertyName}.`);
  return n;
}

function tokens(s: string): string[] {
  return s.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
}

/** CONTAINS_TOKEN: a whole-word match, `*` as wildcard (e.g. `*@example.com` on email). */
function tokenMatcher(needle: string): (value: string) => boolean {
  if (needle.includes('*')) {
    const re = new RegExp(`^${needle.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
    return (value) => re.test(value) || tokens(value).some((t) => re.test(t));
  }
  const wanted = tokens(needle);
  return (value) => {
    const have = new Set(tokens(value));
    return wanted.length > 0 && wanted.every((t) => have.has(t));
  };
}

export function compileFilter(store: HubSpotStore, type: StoredType, f: SearchFilter): Predicate {
  const { numeric, read } = propertyReader(store, type, f.propertyName);
  const cmp = (a: number | string, b: number | string): number => (a < b ? -1 : a > b ? 1 : 0);
  // Multi-select enumerations hold `;`-separated values; EQ/IN match any of them.
  const parts = (v: number | string): (number | string)[] => (typeof v === 'string' && v.includes(';') ? v.split(';') : [v]);
  switch (f.operator) {
    case 'HAS_PROPERTY':
      return (r) => read(r) !== null;
    case 'NOT_HAS_PROPERTY':
      return (r) => read(r) === null;
    case 'EQ':
    case 'NEQ': {
      const want = operand(f.value, numeric, f);
      const eq: Predicate = (r) => { const v = read(r); return v !== null && parts(v).some((p) => p === want); };
      return f.operator === 'EQ' ? eq : (r) => !eq(r);
    }
    case 'IN':
    case 'NOT_IN': {
      const set = new Set((f.values ?? []).map((v) => operand(v, numeric, f)));
      const inSet: Predicate = (r) => { const v = read(r); return v !== null && parts(v).some((p) => set.has(p)); };
      return f.operator === 'IN' ? inSet : (r) => !inSet(r);
    }
    case 'GT':
    case 'GTE':
    case 'LT':
    case 'LTE': {
      const want = operand(f.value, numeric, f);
      const ok = { GT: (c: number) => c > 0, GTE: (c: number) => c >= 0, LT: (c: number) => c < 0, LTE: (c: number) => c <= 0 }[f.operator];
      return (r) => { const v = read(r); return v !== null && ok(cmp(v, want)); };
    }
    case 'BETWEEN': {
      const lo = operand(f.value, numeric, f);
      const hi = operand(f.highValue, numeric, f);
      return (r) => { const v = read(r); return v !== null && cmp(v, lo) >= 0 && cmp(v, hi) <= 0; };
    }
    case 'CONTAINS_TOKEN':
    case 'NOT_CONTAINS_TOKEN': {
      const match = tokenMatcher(String(operand(f.value, false, f)));
      const has: Predicate = (r) => { const v = r.props[f.propertyName]; return !!v && match(v.toLowerCase()); };
      return f.operator === 'CONTAINS_TOKEN' ? has : (r) => !has(r);
    }
  }
}

/** Properties the free-text `query` looks in (developers.hubspot.com/docs/api/crm/search, "Search default searchable properties"). */
const QUERY_PROPS: Record<StoredType, string[]> = {
  contacts: ['firstname', 'lastname', 'email', 'phone', 'mobilephone', 'company', 'hs_additional_emails'],
  emails: ['hs_email_subject', 'hs_email_text'],
  calls: ['hs_call_title', 'hs_call_body'],
  meetings: ['hs_meeting_title', 'hs_meeting_body'],
  notes: ['hs_note_body'],
  tasks: ['hs_task_subject', 'hs_task_body'],
};

/** `query`: every word must prefix-match a token of one of the searchable properties. */
export function compileQuery(type: StoredType, query: string): Predicate {
  const words = tokens(query.toLowerCase());
  const props = QUERY_PROPS[type];
  return (r) => {
    const have = props.flatMap((p) => { const v = r.props[p]; return v ? [v.toLowerCase(), ...tokens(v.toLowerCase())] : []; });
    return words.every((w) => have.some((t) => t.startsWith(w)));
  };
}
