import { z } from 'zod';
import { lowerBound } from './collection.js';
import { validationError } from './errors.js';
import { OPERATORS, compileFilter, compileQuery, propertyReader } from './search-filters.js';
import { modifiedProperty } from './object-types.js';
import { toEpochMs } from './values.js';
import type { HsRecord } from './collection.js';
import type { Predicate, SearchFilter } from './search-filters.js';
import type { StoredType } from './object-types.js';
import type { HubSpotStore } from './store.js';

/** Caps from developers.hubspot.com/docs/api/crm/search, "Limitations" and the 2024-08 filter changelog. */
export const SEARCH_MAX_LIMIT = 200;
export const SEARCH_MAX_RESULTS = 10_000;
const MAX_GROUPS = 5;
const MAX_FILTERS_PER_GROUP = 10;
const MAX_FILTERS = 25;

const scalar = z.union([z.string(), z.number(), z.boolean()]);
const filterSchema = z.object({
  propertyName: z.string().min(1),
  operator: z.enum(OPERATORS),
  value: scalar.optional(),
  highValue: scalar.optional(),
  values: z.array(scalar).optional(),
});
const sortSchema = z.union([
  z.string().min(1),
  z.object({ propertyName: z.string().min(1), direction: z.enum(['ASCENDING', 'DESCENDING']).default('ASCENDING') }),
]);
export const searchRequestSchema = z.object({
  filterGroups: z.array(z.object({ filters: z.array(filterSchema).default([]) })).default([]),
  sorts: z.array(sortSchema).default([]),
  properties: z.array(z.string()).optional(),
  limit: z.number().int().min(0).default(10),
  after: z.union([z.string(), z.number()]).optional(),
  query: z.string().optional(),
});
export type SearchRequest = z.output<typeof searchRequestSchema>;

export interface SearchPage {
  total: number;
  records: HsRecord[];
  /** Offset of the next page; may equal the 10,000 cap, which HubSpot then refuses. */
  next?: number;
}

const RANGE_OPS = new Set(['GT', 'GTE', 'LT', 'LTE', 'EQ', 'BETWEEN']);

export function parseSearch(body: unknown): SearchRequest {
  const parsed = searchRequestSchema.safeParse(body ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw validationError(`Invalid input JSON on search request: ${issue ? `${issue.path.join('.')}: ${issue.message}` : ''}`);
  }
  return parsed.data;
}

/**
 * Runs a search. With a single filter group holding a range on the modified-date property, candidates come from
 * the collection's modified-date index (binary search) and, when also sorted on that property, the page is
 * sliced without looking at the other records. Everything else scans the active records.
 */
export function runSearch(store: HubSpotStore, type: StoredType, req: SearchRequest): SearchPage {
  const offset = req.after === undefined || req.after === '' ? 0 : Number(req.after);
  if (!Number.isInteger(offset) || offset < 0) throw validationError(`after must be a non-negative integer offset, got ${String(req.after)}`);
  if (req.limit > SEARCH_MAX_LIMIT) throw validationError(`limit must be less than or equal to ${SEARCH_MAX_LIMIT}, got ${req.limit}`);
  if (offset >= SEARCH_MAX_RESULTS) {
    throw validationError(`Search results are limited to ${SEARCH_MAX_RESULTS} records per query; after=${offset} is beyond that. Narrow the filters instead of paging further.`);
  }
  const groups = req.filterGroups.filter((g) => g.filters.length > 0);
  const filterCount = groups.reduce((n, g) => n + g.filters.length, 0);
  if (groups.length > MAX_GROUPS || groups.some((g) => g.filters.length > MAX_FILTERS_PER_GROUP) || filterCount > MAX_FILTERS) {
    throw validationError(`Too many filters: at most ${MAX_GROUPS} filterGroups, ${MAX_FILTERS_PER_GROUP} filters per group and ${MAX_FILTERS} in total are allowed.`);
  }
  if (req.sorts.length > 1) throw validationError('Only one sort is supported per search request.');
  const sort = parseSort(req.sorts[0]);
  const modProp = modifiedProperty(type);
  const coll = store.collection(type);

  let source: readonly HsRecord[];
  let start = 0;
  let end: number;
  let restFilters: SearchFilter[][] = groups.map((g) => g.filters);
  let sourceSortProp: string;
  const indexed = groups.length === 1 ? groups[0]?.filters.filter((f) => f.propertyName === modProp && RANGE_OPS.has(f.operator)) ?? [] : [];
  if (indexed.length > 0) {
    source = coll.sortedByModified();
    [start, end] = rangeFor(source, indexed);
    restFilters = [(groups[0]?.filters ?? []).filter((f) => !indexed.includes(f))];
    sourceSortProp = modProp;
  } else {
    source = coll.sortedById();
    end = source.length;
    sourceSortProp = 'hs_object_id';
  }

  const preds: Predicate[][] = restFilters.map((fs) => fs.map((f) => compileFilter(store, type, f)));
  const query = req.query?.trim() ? compileQuery(type, req.query) : null;
  const scansAll = indexed.length === 0;
  const matches = (r: HsRecord): boolean =>
    (!scansAll || r.archivedAt === 0) &&
    (preds.length === 0 || preds.some((g) => g.every((p) => p(r)))) &&
    (query === null || query(r));
  const plain = preds.every((g) => g.length === 0) && query === null && !scansAll;

  const limit = Math.min(req.limit, SEARCH_MAX_RESULTS - offset);
  let total: number;
  let records: HsRecord[];
  if (sort.prop === sourceSortProp) {
    const desc = sort.desc;
    if (plain) {
      total = end - start;
      records = desc ? sliceDesc(source, start, end, offset, limit) : source.slice(start + offset, Math.min(end, start + offset + limit));
    } else {
      total = 0;
      records = [];
      for (let k = 0; k < end - start; k++) {
        const rec = source[desc ? end - 1 - k : start + k] as HsRecord;
        if (!matches(rec)) continue;
        if (total >= offset && records.length < limit) records.push(rec);
        total++;
      }
    }
  } else {
    const all: HsRecord[] = [];
    for (let i = start; i < end; i++) {
      const rec = source[i] as HsRecord;
      if (matches(rec)) all.push(rec);
    }
    const { numeric, read } = propertyReader(store, type, sort.prop);
    const dir = sort.desc ? -1 : 1;
    all.sort((a, b) => {
      const va = read(a);
      const vb = read(b);
      // Records without a value sort last in either direction.
      if (va === null || vb === null) return va === vb ? a.id - b.id : va === null ? 1 : -1;
      const c = numeric ? (va as number) - (vb as number) : va < vb ? -1 : va > vb ? 1 : 0;
      return c * dir || a.id - b.id;
    });
    total = all.length;
    records = all.slice(offset, offset + limit);
  }
  const page: SearchPage = { total, records };
  if (offset + records.length < total && records.length > 0) page.next = offset + records.length;
  return page;
}

function parseSort(s: SearchRequest['sorts'][number] | undefined): { prop: string; desc: boolean } {
  if (s === undefined) return { prop: 'hs_object_id', desc: false };
  const alias = (p: string): string => (p === 'id' ? 'hs_object_id' : p);
  if (typeof s === 'string') return s.startsWith('-') ? { prop: alias(s.slice(1)), desc: true } : { prop: alias(s), desc: false };
  return { prop: alias(s.propertyName), desc: s.direction === 'DESCENDING' };
}

/** Index range [start, end) of records whose updatedAt satisfies every range filter. */
function rangeFor(mod: readonly HsRecord[], filters: SearchFilter[]): [number, number] {
  let start = 0;
  let end = mod.length;
  const at = (raw: unknown, name: string): number => {
    const ms = typeof raw === 'number' ? raw : toEpochMs(String(raw ?? ''));
    if (Number.isNaN(ms)) throw validationError(`${String(raw)} is not a valid date for ${name}.`);
    return ms;
  };
  const firstAtOrAfter = (ms: number): number => lowerBound(mod, (r) => r.updatedAt < ms);
  const firstAfter = (ms: number): number => lowerBound(mod, (r) => r.updatedAt <= ms);
  for (const f of filters) {
    const v = at(f.value, f.propertyName);
    if (f.operator === 'GTE' || f.operator === 'EQ' || f.operator === 'BETWEEN') start = Math.max(start, firstAtOrAfter(v));
    if (f.operator === 'GT') start = Math.max(start, firstAfter(v));
    if (f.operator === 'LTE' || f.operator === 'EQ') end = Math.min(end, firstAfter(v));
    if (f.operator === 'LT') end = Math.min(end, firstAtOrAfter(v));
    if (f.operator === 'BETWEEN') end = Math.min(end, firstAfter(at(f.highValue, f.propertyName)));
  }
  return [start, Math.max(start, end)];
}

function sliceDesc(source: readonly HsRecord[], start: number, end: number, offset: number, limit: number): HsRecord[] {
  const out: HsRecord[] = [];
  for (let i = end - 1 - offset; i >= start && out.length < limit; i--) out.push(source[i] as HsRecord);
  return out;
}
