import type { DecisionFieldValue, DecisionReason } from '../../../domain/decision.js';
import type { DecisionQuery, DecisionRecord } from '../../../domain/state.js';
import type { JsonDecoder, Row } from './rows.js';
import { iso, numOrNull, str, strOrNull } from './values.js';
import type { Params } from './where.js';
import { whereClause } from './where.js';

/**
 * The decision table's SQL pieces both dialects share: columns in one order, the upsert tail,
 * the row mapper and the list filter. A later evaluation replaces the row; an older one (a run
 * that committed late) never overwrites a newer one.
 */
export const DECISION_COLUMNS = [
  'hubspot_id',
  'evaluated_at',
  'run_id',
  'reason',
  'qualified',
  'rule',
  'score',
  'fit',
  'engagement',
  'grade',
  'threshold',
  'model_version',
  'duplicate_of',
  'source',
  'lifecycle_stage',
  'country',
  'region',
  'state',
  'segment',
  'employees',
  'fields',
  'shadow_score',
  'shadow_grade',
  'shadow_qualified',
  'shadow_model_version',
] as const;

export const DECISION_ON_CONFLICT = `ON CONFLICT (hubspot_id) DO UPDATE SET
  ${DECISION_COLUMNS.filter((c) => c !== 'hubspot_id')
    .map((c) => `${c} = excluded.${c}`)
    .join(', ')}
  WHERE excluded.evaluated_at >= decisions.evaluated_at`;

/** Column → value, in DECISION_COLUMNS order; `qualified` and `fields` as each dialect stores them. */
export function decisionValues(d: DecisionRecord, encode: { bool(b: boolean): unknown; json(v: unknown): unknown }): unknown[] {
  return [
    d.hubspotId,
    d.evaluatedAt,
    d.runId,
    d.reason,
    encode.bool(d.qualified),
    d.rule,
    d.score,
    d.fit,
    d.engagement,
    d.grade,
    d.threshold,
    d.modelVersion,
    d.duplicateOf,
    d.source,
    d.lifecycleStage,
    d.country,
    d.region,
    d.state,
    d.segment,
    d.employees,
    encode.json(d.fields),
    d.shadow?.score ?? null,
    d.shadow?.grade ?? null,
    d.shadow ? encode.bool(d.shadow.qualified) : null,
    d.shadow?.modelVersion ?? null,
  ];
}

export function mapDecision(row: Row, json: JsonDecoder): DecisionRecord {
  return {
    hubspotId: str(row.hubspot_id),
    evaluatedAt: iso(row.evaluated_at as string),
    runId: str(row.run_id),
    reason: str(row.reason) as DecisionReason,
    // pg hands back a boolean, node:sqlite 0 or 1.
    qualified: row.qualified === true || Number(row.qualified) === 1,
    rule: strOrNull(row.rule),
    score: numOrNull(row.score),
    fit: numOrNull(row.fit),
    engagement: numOrNull(row.engagement),
    grade: strOrNull(row.grade),
    threshold: numOrNull(row.threshold),
    modelVersion: strOrNull(row.model_version),
    duplicateOf: strOrNull(row.duplicate_of),
    source: strOrNull(row.source),
    lifecycleStage: strOrNull(row.lifecycle_stage),
    country: strOrNull(row.country),
    region: strOrNull(row.region),
    state: strOrNull(row.state),
    segment: strOrNull(row.segment),
    employees: numOrNull(row.employees),
    fields: (json(row.fields) ?? {}) as Record<string, DecisionFieldValue>,
    shadow:
      row.shadow_model_version === null || row.shadow_model_version === undefined
        ? null
        : { score: Number(row.shadow_score), grade: str(row.shadow_grade), qualified: row.shadow_qualified === true || Number(row.shadow_qualified) === 1, modelVersion: str(row.shadow_model_version) },
  };
}

export function decisionWhere(query: DecisionQuery, p: Params): string {
  const parts: string[] = [];
  if (query.reason !== undefined) parts.push(`reason = ${p.add(query.reason)}`);
  if (query.evaluatedSince !== undefined) parts.push(`evaluated_at >= ${p.add(query.evaluatedSince)}`);
  if (query.afterHubspotId !== undefined) parts.push(`hubspot_id > ${p.add(query.afterHubspotId)}`);
  return whereClause(parts);
}
