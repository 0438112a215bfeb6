import type { Condition, Query, ValueQueryCondition, WhereClause } from 'soql-parser-js';
import { SfError } from './errors.js';
import { parseSfDateTime } from './format.js';
import { compileLiteral } from './soql-literals.js';
import type { Literal } from './soql-literals.js';
import { pathValue, resolvePath } from './soql-fields.js';
import type { FieldPath } from './soql-fields.js';
import type { SalesforceStore, SfRecord, SfValue } from './store.js';

/**
 * WHERE clauses. soql-parser-js returns a right-leaning chain with parenthesis counts on each condition,
 * so the chain is flattened to tokens and re-parsed with SOQL precedence: NOT > AND > OR.
 */
export type Operator = '=' | '!=' | '<' | '>' | '<=' | '>=' | 'LIKE' | 'IN' | 'NOT IN';

export interface CompiledCondition {
  path: FieldPath;
  op: Operator;
  literals: Literal[];
  like?: RegExp;
}

export type WhereNode =
  | { kind: 'and' | 'or'; items: WhereNode[] }
  | { kind: 'not'; item: WhereNode }
  | { kind: 'cond'; cond: CompiledCondition };

type Token = '(' | ')' | 'AND' | 'OR' | 'NOT' | { cond: CompiledCondition };

export interface CompileContext {
  store: SalesforceStore;
  soql: string;
  type: string;
  alias: string | undefined;
  nowMs: number;
  /** Runs a semi-join subquery (`Id IN (SELECT WhoId FROM Task)`) and returns its single column. */
  subquery: (q: Query) => SfValue[];
}

const malformed = (message: string): SfError => new SfError(400, 'MALFORMED_QUERY', message);

function likeRegExp(pattern: string): RegExp {
  let source = '';
  for (let i = 0; i < pattern.length; i += 1) {
    const ch = pattern.charAt(i);
    if (ch === '\\' && i + 1 < pattern.length) {
      source += pattern.charAt(i + 1).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      i += 1;
    } else if (ch === '%') source += '.*';
    else if (ch === '_') source += '.';
    else source += ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`, 'is');
}

function compileCondition(ctx: CompileContext, c: Condition | ValueQueryCondition): CompiledCondition {
  if (!('field' in c)) throw malformed('functions in WHERE are not supported by the sandbox');
  const path = resolvePath(ctx.store, ctx.soql, ctx.type, c.field, ctx.alias);
  const op = c.operator.toUpperCase() as Operator;
  if (op === ('INCLUDES' as Operator) || op === ('EXCLUDES' as Operator)) throw malformed(`${op} is only valid on multi-select picklists`);
  if ('valueQuery' in c && c.valueQuery) {
    const values = ctx.subquery(c.valueQuery);
    return { path, op, literals: values.map((v) => (v === null ? { kind: 'null' } : { kind: 'scalar', value: v })) };
  }
  const raw = 'value' in c ? c.value : [];
  const values = Array.isArray(raw) ? raw : [raw];
  const types: (string | undefined)[] = Array.isArray(c.literalType) ? c.literalType : values.map(() => c.literalType as string | undefined);
  const ns = 'dateLiteralVariable' in c ? c.dateLiteralVariable : undefined;
  const literals = values.map((v, i) =>
    compileLiteral(path.leaf, v, types[i] ?? types[0], Array.isArray(ns) ? ns[i] : ns, ctx.nowMs),
  );
  const first = literals[0];
  const like = op === 'LIKE' && first?.kind === 'scalar' ? likeRegExp(String(first.value)) : undefined;
  return like ? { path, op, literals, like } : { path, op, literals };
}

function tokenize(ctx: CompileContext, where: WhereClause | undefined, out: Token[]): Token[] {
  let node = where;
  while (node) {
    const left = node.left;
    const op = 'operator' in node ? node.operator : undefined;
    if (left && 'field' in left) {
      for (let i = 0; i < (left.openParen ?? 0); i += 1) out.push('(');
      out.push({ cond: compileCondition(ctx, left) });
      for (let i = 0; i < (left.closeParen ?? 0); i += 1) out.push(')');
    } else if (left && 'fn' in left) {
      throw malformed('functions in WHERE are not supported by the sandbox');
    } else if (left) {
      for (let i = 0; i < (left.openParen ?? 0); i += 1) out.push('(');
    }
    if (op) out.push(op.toUpperCase() as Token);
    node = 'right' in node ? node.right : undefined;
  }
  return out;
}

class TreeParser {
  private pos = 0;
  constructor(private readonly tokens: Token[]) {}

  parse(): WhereNode {
    const node = this.or();
    if (this.pos !== this.tokens.length) throw malformed('unexpected token in WHERE clause');
    return node;
  }

  private or(): WhereNode {
    const items = [this.and()];
    while (this.tokens[this.pos] === 'OR') {
      this.pos += 1;
      items.push(this.and());
    }
    return items.length === 1 && items[0] ? items[0] : { kind: 'or', items };
  }

  private and(): WhereNode {
    const items = [this.not()];
    while (this.tokens[this.pos] === 'AND') {
      this.pos += 1;
      items.push(this.not());
    }
    return items.length === 1 && items[0] ? items[0] : { kind: 'and', items };
  }

  private not(): WhereNode {
    if (this.tokens[this.pos] === 'NOT') {
      this.pos += 1;
      return { kind: 'not', item: this.not() };
    }
    const token = this.tokens[this.pos];
    this.pos += 1;
    if (token === '(') {
      const inner = this.or();
      if (this.tokens[this.pos] !== ')') throw malformed('unbalanced parentheses in WHERE clause');
      this.pos += 1;
      return inner;
    }
    if (token && typeof token === 'object') return { kind: 'cond', cond: token.cond };
    throw malformed('unexpected token in WHERE clause');
  }
}

export function compileWhere(ctx: CompileContext, where: WhereClause | undefined): WhereNode | undefined {
  if (!where) return undefined;
  return new TreeParser(tokenize(ctx, where, [])).parse();
}

const timeCache = new Map<string, number>();
function toMs(value: SfValue): number | undefined {
  if (typeof value !== 'string') return undefined;
  let ms = timeCache.get(value);
  if (ms === undefined) {
    ms = parseSfDateTime(value);
    if (ms === undefined) return undefined;
    if (timeCache.size > 100_000) timeCache.clear();
    timeCache.set(value, ms);
  }
  return ms;
}

/** Text compares case-insensitively, as SOQL does for text fields (Email included); ids compare exactly. */
function scalarOf(value: SfValue, cond: CompiledCondition): string | number | boolean | null {
  if (value === null) return null;
  const t = cond.path.leaf.type;
  if (t === 'id' || t === 'reference' || typeof value !== 'string') return value;
  return value.toLowerCase();
}

function compare(value: SfValue, lit: Literal, cond: CompiledCondition): number | undefined {
  if (lit.kind === 'null' || value === null) return undefined;
  if (lit.kind === 'range') {
    const ms = toMs(value);
    if (ms === undefined) return undefined;
    return ms < lit.start ? -1 : ms >= lit.end ? 1 : 0;
  }
  const v = scalarOf(value, cond);
  if (v === null) return undefined;
  return v < lit.value ? -1 : v > lit.value ? 1 : 0;
}

function matchesCondition(cond: CompiledCondition, value: SfValue): boolean {
  const lit = cond.literals[0];
  const eq = (l: Literal): boolean => (l.kind === 'null' ? value === null : compare(value, l, cond) === 0);
  switch (cond.op) {
    case '=':
      return lit !== undefined && eq(lit);
    case '!=':
      return lit !== undefined && !eq(lit);
    case 'IN':
      return cond.literals.some(eq);
    case 'NOT IN':
      return !cond.literals.some(eq);
    case 'LIKE':
      return value !== null && cond.like !== undefined && cond.like.test(String(value));
    default: {
      if (!lit) return false;
      const c = compare(value, lit, cond);
      if (c === undefined) return false;
      if (cond.op === '<') return c < 0;
      if (cond.op === '<=') return c <= 0;
      if (cond.op === '>') return c > 0;
      return c >= 0;
    }
  }
}

export function evaluate(store: SalesforceStore, node: WhereNode, record: SfRecord): boolean {
  switch (node.kind) {
    case 'and':
      return node.items.every((n) => evaluate(store, n, record));
    case 'or':
      return node.items.some((n) => evaluate(store, n, record));
    case 'not':
      return !evaluate(store, node.item, record);
    case 'cond':
      return matchesCondition(node.cond, pathValue(store, record, node.cond.path));
  }
}
