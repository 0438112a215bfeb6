import type { DeadLetterFilter, Dialect, HandoffRecordQuery, LedgerQuery } from '../../../domain/state.js';

/**
 * Collects bind parameters and renders placeholders for either dialect, so the filter logic of the
 * list queries is written once. Lists bind as ONE parameter (an array for PostgreSQL, a JSON array
 * for SQLite) so a thousand ids never hit a bind-variable limit.
 */
export class Params {
  readonly values: unknown[] = [];
  constructor(private readonly style: Dialect) {}

  add(value: unknown): string {
    this.values.push(value);
    return this.style === 'postgres' ? `$${this.values.length}` : `?${this.values.length}`;
  }

  /** `column IN list`, as one bound parameter. */
  in(column: string, values: readonly (string | number)[], pgType: 'text' | 'bigint'): string {
    if (this.style === 'postgres') return `${column} = ANY(${this.add(values)}::${pgType}[])`;
    return `${column} IN (SELECT value FROM json_each(${this.add(JSON.stringify(values))}))`;
  }
}

export function whereClause(parts: string[]): string {
  return parts.length === 0 ? '' : `WHERE ${parts.join(' AND ')}`;
}

export function deadLetterWhere(filter: DeadLetterFilter, p: Params): string {
  const parts: string[] = [];
  if (filter.ids !== undefined) parts.push(p.in('id', filter.ids, 'bigint'));
  if (filter.code !== undefined) {
    const code = p.add(filter.code);
    parts.push(`(code = ${code} OR vendor_code = ${code})`);
  }
  if (filter.stage !== undefined) parts.push(`stage = ${p.add(filter.stage)}`);
  if (filter.hubspotId !== undefined) parts.push(`hubspot_id = ${p.add(filter.hubspotId)}`);
  if (filter.since !== undefined) parts.push(`last_seen >= ${p.add(filter.since)}`);
  if (filter.unresolvedOnly === true) parts.push('resolved_at IS NULL');
  return whereClause(parts);
}

export function ledgerWhere(query: LedgerQuery, p: Params): string {
  const parts: string[] = [];
  if (query.runId !== undefined) parts.push(`run_id = ${p.add(query.runId)}`);
  if (query.hubspotId !== undefined) parts.push(`hubspot_id = ${p.add(query.hubspotId)}`);
  if (query.action !== undefined) parts.push(`action = ${p.add(query.action)}`);
  if (query.since !== undefined) parts.push(`at >= ${p.add(query.since)}`);
  if (query.afterSeq !== undefined) parts.push(`seq > ${p.add(query.afterSeq)}`);
  return whereClause(parts);
}

export function handoffWhere(query: HandoffRecordQuery, p: Params): string {
  const parts: string[] = [];
  if (query.status !== undefined) parts.push(`status = ${p.add(query.status)}`);
  if (query.updatedSince !== undefined) parts.push(`updated_at >= ${p.add(query.updatedSince)}`);
  if (query.afterHubspotId !== undefined) parts.push(`hubspot_id > ${p.add(query.afterHubspotId)}`);
  return whereClause(parts);
}
