import soqlParser from 'soql-parser-js';
import type { FieldType as SelectField, OrderByClause, Query } from 'soql-parser-js';
import { SfError } from './errors.js';
import { findObject } from './objects.js';
import { parentRecord, pathValue, resolvePath } from './soql-fields.js';
import type { FieldPath } from './soql-fields.js';
import { compileWhere, evaluate } from './soql-where.js';
import type { CompileContext, WhereNode } from './soql-where.js';
import type { SalesforceStore, SfRecord, SfValue } from './store.js';

/**
 * SOQL over the store ("SOQL and SOSL Reference"): field lists with parent relationships, WHERE, ORDER BY,
 * LIMIT, OFFSET, COUNT() and semi-join subqueries. Parsing is soql-parser-js; evaluation is ours.
 */
export interface QueryResult {
  type: string;
  select: FieldPath[];
  /** COUNT() query: only totalSize is meaningful. */
  countOnly: boolean;
  records: SfRecord[];
}

const malformed = (message: string): SfError => new SfError(400, 'MALFORMED_QUERY', message);
// The package is a CommonJS bundle whose named exports Node's ESM loader cannot detect.
const { composeQuery, parseQuery } = soqlParser;
const MAX_OFFSET = 2000;

function parse(soql: string): Query {
  try {
    return parseQuery(soql);
  } catch (err) {
    throw malformed(`\n${soql}\n^\nERROR at Row:1:Column:1\n${err instanceof Error ? err.message.split('\n')[0] : 'unexpected token'}`);
  }
}

function selectPaths(store: SalesforceStore, soql: string, type: string, q: Query): { select: FieldPath[]; countOnly: boolean } {
  const select: FieldPath[] = [];
  let countOnly = false;
  for (const f of q.fields ?? ([] as SelectField[])) {
    if (f.type === 'Field') select.push(resolvePath(store, soql, type, f.field, q.sObjectAlias));
    else if (f.type === 'FieldRelationship') select.push(resolvePath(store, soql, type, [...f.relationships, f.field].join('.'), q.sObjectAlias));
    else if (f.type === 'FieldFunctionExpression' && f.functionName.toUpperCase() === 'COUNT' && f.parameters.length === 0) countOnly = true;
    else throw malformed(`${f.type} in SELECT is not supported by the sandbox`);
  }
  if (countOnly && select.length > 0) throw malformed('COUNT() must be the only element in the SELECT list');
  return { select, countOnly };
}

/** Candidate records from an index when the WHERE is (an AND containing) `=`/`IN` on an indexed field or Id. */
function candidates(store: SalesforceStore, type: string, where: WhereNode | undefined, includeDeleted: boolean): SfRecord[] {
  if (!where || includeDeleted) return store.all(type, includeDeleted);
  const conjuncts = where.kind === 'and' ? where.items : [where];
  for (const node of conjuncts) {
    if (node.kind !== 'cond') continue;
    const { path, op, literals } = node.cond;
    if (path.hops.length > 0 || (op !== '=' && op !== 'IN') || literals.some((l) => l.kind !== 'scalar')) continue;
    const values = literals.flatMap((l) => (l.kind === 'scalar' ? [l.value] : []));
    if (path.leaf.name === 'Id') {
      return values.flatMap((v): SfRecord[] => {
        const r = store.get(type, String(v));
        return r ? [r] : [];
      });
    }
    if (!store.isIndexed(type, path.leaf.name)) continue;
    const seen = new Set<string>();
    return values.flatMap((v) => store.lookup(type, path.leaf.name, v)).filter((r) => {
      const id = String(r.Id);
      if (seen.has(id)) return false;
      seen.add(id);
      return true;
    });
  }
  return store.all(type);
}

function sortValue(value: SfValue): string | number | boolean | null {
  return typeof value === 'string' ? value.toLowerCase() : value;
}

function comparator(store: SalesforceStore, soql: string, type: string, q: Query): ((a: SfRecord, b: SfRecord) => number) | undefined {
  const clauses = q.orderBy === undefined ? [] : Array.isArray(q.orderBy) ? q.orderBy : [q.orderBy];
  if (clauses.length === 0) return undefined;
  const keys = clauses.map((c: OrderByClause) => {
    if (!('field' in c)) throw malformed('ORDER BY functions are not supported by the sandbox');
    const desc = c.order?.toUpperCase() === 'DESC';
    // Defaults: ASC → NULLS FIRST, DESC → NULLS LAST ("ORDER BY", SOQL and SOSL Reference).
    const nullsFirst = c.nulls ? c.nulls.toUpperCase() === 'FIRST' : !desc;
    return { path: resolvePath(store, soql, type, c.field, q.sObjectAlias), desc, nullsFirst };
  });
  return (a, b) => {
    for (const k of keys) {
      const va = sortValue(pathValue(store, a, k.path));
      const vb = sortValue(pathValue(store, b, k.path));
      if (va === vb) continue;
      if (va === null) return k.nullsFirst ? -1 : 1;
      if (vb === null) return k.nullsFirst ? 1 : -1;
      const c = va < vb ? -1 : 1;
      return k.desc ? -c : c;
    }
    return 0;
  };
}

export function runQuery(store: SalesforceStore, soql: string, opts: { includeDeleted?: boolean } = {}): QueryResult {
  const q = parse(soql);
  if (q.groupBy || q.having) throw malformed('GROUP BY is not supported by the sandbox');
  const objectDef = findObject(q.sObject ?? '');
  if (!objectDef) {
    throw new SfError(
      400,
      'INVALID_TYPE',
      `\n${soql}\n^\nERROR at Row:1:Column:1\nsObject type '${q.sObject ?? ''}' is not supported. If you are attempting to use a custom object, be sure to append the '__c' after the entity name. Please reference your WSDL or the describe call for the appropriate names.`,
    );
  }
  const type = objectDef.name;
  const { select, countOnly } = selectPaths(store, soql, type, q);
  const ctx: CompileContext = {
    store,
    soql,
    type,
    alias: q.sObjectAlias,
    nowMs: store.clock.now(),
    subquery: (sub) => {
      const inner = runQuery(store, composeQuery(sub));
      const column = inner.select[0];
      if (!column || inner.select.length !== 1) throw malformed('semi-join subqueries must select exactly one field');
      return inner.records.map((r) => pathValue(store, r, column));
    },
  };
  const where = compileWhere(ctx, q.where);
  let records = candidates(store, type, where, opts.includeDeleted === true);
  if (where) records = records.filter((r) => evaluate(store, where, r));
  const order = comparator(store, soql, type, q);
  if (order) records.sort(order);
  if (q.offset !== undefined) {
    if (q.offset > MAX_OFFSET) throw new SfError(400, 'NUMBER_OUTSIDE_VALID_RANGE', `Maximum SOQL offset allowed is ${MAX_OFFSET}`);
    records = records.slice(q.offset);
  }
  if (q.limit !== undefined) records = records.slice(0, q.limit);
  return { type, select, countOnly, records };
}

/** One result row as the REST API returns it: `attributes` first, then the selected fields, parents nested. */
export function projectRecord(store: SalesforceStore, type: string, record: SfRecord, select: FieldPath[], version: string): Record<string, unknown> {
  const row: Record<string, unknown> = { attributes: { type, url: `/services/data/v${version}/sobjects/${type}/${String(record.Id)}` } };
  for (const path of select) {
    if (path.hops.length === 0) {
      row[path.leaf.name] = record[path.leaf.name] ?? null;
      continue;
    }
    let target: Record<string, unknown> = row;
    let current: SfRecord = record;
    for (let i = 0; i < path.hops.length; i += 1) {
      const rel = path.relationships[i] ?? '';
      const parent = parentRecord(store, current, [path.hops[i] ?? '']);
      if (!parent) {
        if (!(rel in target)) target[rel] = null;
        break;
      }
      const parentType = store.objects().find((o) => o.keyPrefix === String(parent.Id).slice(0, 3))?.name ?? '';
      let nested = target[rel] as Record<string, unknown> | null | undefined;
      if (!nested) {
        nested = { attributes: { type: parentType, url: `/services/data/v${version}/sobjects/${parentType}/${String(parent.Id)}` } };
        target[rel] = nested;
      }
      target = nested;
      current = parent;
      if (i === path.hops.length - 1) target[path.leaf.name] = parent[path.leaf.name] ?? null;
    }
  }
  return row;
}
