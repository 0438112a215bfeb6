import type { Episode, EpisodeQuery, EpisodeReportQuery, EpisodeReportRow } from '../../../domain/episode.js';
import type { Dialect } from '../../../domain/state.js';
import type { JsonDecoder, Row } from './rows.js';
import { epochMsSql, iso, isoOrNull, num, numOrNull, str, strOrNull } from './values.js';
import type { Params } from './where.js';
import { whereClause } from './where.js';

/**
 * The episode table's SQL pieces both dialects share, from one column list: the column names, each
 * one's kind (which fixes the SQLite and PostgreSQL types and the row mapping), the upserts and the
 * list filter. Rows are keyed by (hubspot_id, episode).
 */
type Kind = 'text' | 'time' | 'int' | 'real' | 'bool';

const COLUMNS: ReadonlyArray<readonly [column: string, field: keyof Episode, kind: Kind]> = [
  ['hubspot_id', 'hubspotId', 'text'],
  ['episode', 'episode', 'int'],
  ['handoff_key', 'handoffKey', 'text'],
  ['handed_off_at', 'handedOffAt', 'time'],
  ['salesforce_lead_id', 'salesforceLeadId', 'text'],
  ['salesforce_contact_id', 'salesforceContactId', 'text'],
  ['salesforce_task_id', 'salesforceTaskId', 'text'],
  ['first_owner_id', 'firstOwnerId', 'text'],
  ['team', 'team', 'text'],
  ['tier', 'tier', 'text'],
  ['sla_due_at', 'slaDueAt', 'time'],
  ['score', 'score', 'real'],
  ['grade', 'grade', 'text'],
  ['model_version', 'modelVersion', 'text'],
  ['source', 'source', 'text'],
  ['segment', 'segment', 'text'],
  ['calendar', 'calendar', 'text'],
  ['time_zone', 'timeZone', 'text'],
  ['sales_status', 'salesStatus', 'text'],
  ['current_owner_id', 'currentOwnerId', 'text'],
  ['first_touch_at', 'firstTouchAt', 'time'],
  ['first_touch_kind', 'firstTouchKind', 'text'],
  ['response_business_minutes', 'responseBusinessMinutes', 'real'],
  ['sla_met', 'slaMet', 'bool'],
  ['accepted_at', 'acceptedAt', 'time'],
  ['working_at', 'workingAt', 'time'],
  ['meeting_at', 'meetingAt', 'time'],
  ['converted_at', 'convertedAt', 'time'],
  ['opportunity_id', 'opportunityId', 'text'],
  ['opportunity_created_at', 'opportunityCreatedAt', 'time'],
  ['opportunity_stage', 'opportunityStage', 'text'],
  ['opportunity_amount', 'opportunityAmount', 'real'],
  ['currency_iso_code', 'currencyIsoCode', 'text'],
  ['closed_at', 'closedAt', 'time'],
  ['won', 'won', 'bool'],
  ['disqualified_at', 'disqualifiedAt', 'time'],
  ['disqualify_reason', 'disqualifyReason', 'text'],
  ['recycled_at', 'recycledAt', 'time'],
  ['outcome', 'outcome', 'text'],
  ['lead_quality', 'leadQuality', 'int'],
  ['reminded_at', 'remindedAt', 'time'],
  ['escalated_at', 'escalatedAt', 'time'],
  ['reassigned_at', 'reassignedAt', 'time'],
  ['reassigned_to_id', 'reassignedToId', 'text'],
  ['lead_status', 'leadStatus', 'text'],
  ['hubspot_hash', 'hubspotHash', 'text'],
  ['updated_at', 'updatedAt', 'time'],
];

export const EPISODE_COLUMNS: readonly string[] = COLUMNS.map(([c]) => c);

const PG_TYPE: Record<Kind, string> = { text: 'text', time: 'timestamptz', int: 'integer', real: 'double precision', bool: 'boolean' };

/** PostgreSQL recordset types, by column. */
export const EPISODE_PG_TYPES: Readonly<Record<string, string>> = Object.fromEntries(COLUMNS.map(([c, , k]) => [c, PG_TYPE[k]]));

/** A new episode never replaces one already written: the values at handoff are kept as first recorded. */
export const EPISODE_INSERT_TAIL = 'ON CONFLICT (hubspot_id, episode) DO NOTHING';
/** A patched episode (merged in the store) replaces the whole row. */
export const EPISODE_REPLACE_TAIL = `ON CONFLICT (hubspot_id, episode) DO UPDATE SET
  ${EPISODE_COLUMNS.filter((c) => c !== 'hubspot_id' && c !== 'episode')
    .map((c) => `${c} = excluded.${c}`)
    .join(', ')}`;

/** Column → value, in EPISODE_COLUMNS order; booleans as each dialect stores them. */
export function episodeValues(e: Episode, bool: (b: boolean) => unknown): unknown[] {
  return COLUMNS.map(([, field, kind]) => {
    const v = e[field] ?? null;
    return kind === 'bool' && v !== null ? bool(v as boolean) : v;
  });
}

export function mapEpisode(row: Row, _json?: JsonDecoder): Episode {
  const out: Record<string, unknown> = {};
  for (const [c, field, kind] of COLUMNS) {
    const v = row[c];
    if (kind === 'text') out[field] = strOrNull(v);
    else if (kind === 'time') out[field] = isoOrNull(v);
    else if (kind === 'bool') out[field] = v === null || v === undefined ? null : v === true || Number(v) === 1;
    else out[field] = numOrNull(v);
  }
  out.hubspotId = str(row.hubspot_id);
  out.episode = num(row.episode);
  out.updatedAt = iso(row.updated_at as string);
  return out as unknown as Episode;
}

export function episodeWhere(query: EpisodeQuery, p: Params): string {
  const parts: string[] = [];
  if (query.hubspotId !== undefined) parts.push(`hubspot_id = ${p.add(query.hubspotId)}`);
  if (query.handedOffSince !== undefined) parts.push(`handed_off_at >= ${p.add(query.handedOffSince)}`);
  if (query.handedOffBefore !== undefined) parts.push(`handed_off_at < ${p.add(query.handedOffBefore)}`);
  if (query.updatedSince !== undefined) parts.push(`updated_at >= ${p.add(query.updatedSince)}`);
  if (query.after !== undefined) {
    const id = p.add(query.after.hubspotId);
    parts.push(`(hubspot_id > ${id} OR (hubspot_id = ${id} AND episode > ${p.add(query.after.episode)}))`);
  }
  return whereClause(parts);
}

/** Bits of the report row's `flags` column: the steps the report only counts. */
const FLAGS = {
  acceptedOrWorking: 1,
  hasOpportunity: 2,
  won: 4,
  lost: 8,
  reminded: 16,
  escalated: 32,
  reassigned: 64,
} as const;

const FLAG_CONDITIONS: Record<keyof typeof FLAGS, string> = {
  acceptedOrWorking: 'accepted_at IS NOT NULL OR working_at IS NOT NULL',
  hasOpportunity: 'opportunity_id IS NOT NULL',
  won: 'won',
  lost: 'NOT won',
  reminded: 'reminded_at IS NOT NULL',
  escalated: 'escalated_at IS NOT NULL',
  reassigned: 'reassigned_at IS NOT NULL',
};

const FLAGS_SQL = (Object.keys(FLAGS) as (keyof typeof FLAGS)[]).map((k) => `CASE WHEN ${FLAG_CONDITIONS[k]} THEN ${FLAGS[k]} ELSE 0 END`).join(' + ');

/**
 * The report's read: only the columns it needs, times as epoch milliseconds and the steps it only
 * counts as bits of one number, for the episodes handed off in `[since, before)`, in no particular
 * order. mapEpisodeReportRow reads the columns by position, in this order.
 */
export function episodeReportSql(style: Dialect, query: EpisodeReportQuery, p: Params): string {
  const ms = (c: string): string => epochMsSql(style, c);
  return `SELECT ${ms('handed_off_at')}, ${ms('sla_due_at')}, ${ms('first_touch_at')}, ${ms('meeting_at')}, ${ms('converted_at')},
    ${ms('opportunity_created_at')}, ${ms('closed_at')}, ${FLAGS_SQL},
    response_business_minutes, opportunity_amount, currency_iso_code, lead_quality, outcome,
    first_owner_id, team, tier, score, grade, model_version, source, segment, hubspot_id
  FROM episodes WHERE handed_off_at >= ${p.add(query.handedOffSince)} AND handed_off_at < ${p.add(query.handedOffBefore)}`;
}

const numberOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
const textOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

export function mapEpisodeReportRow(r: readonly unknown[]): EpisodeReportRow {
  const flags = Number(r[7]);
  return {
    hubspotId: String(r[21]),
    handedOffMs: Number(r[0]),
    slaDueMs: numberOrNull(r[1]),
    firstTouchMs: numberOrNull(r[2]),
    meetingMs: numberOrNull(r[3]),
    convertedMs: numberOrNull(r[4]),
    opportunityCreatedMs: numberOrNull(r[5]),
    closedMs: numberOrNull(r[6]),
    acceptedOrWorking: (flags & FLAGS.acceptedOrWorking) !== 0,
    hasOpportunity: (flags & FLAGS.hasOpportunity) !== 0,
    won: (flags & FLAGS.won) !== 0 ? true : (flags & FLAGS.lost) !== 0 ? false : null,
    reminded: (flags & FLAGS.reminded) !== 0,
    escalated: (flags & FLAGS.escalated) !== 0,
    reassigned: (flags & FLAGS.reassigned) !== 0,
    responseBusinessMinutes: numberOrNull(r[8]),
    opportunityAmount: numberOrNull(r[9]),
    currencyIsoCode: textOrNull(r[10]),
    leadQuality: numberOrNull(r[11]),
    outcome: textOrNull(r[12]),
    firstOwnerId: textOrNull(r[13]),
    team: textOrNull(r[14]),
    tier: textOrNull(r[15]),
    score: numberOrNull(r[16]),
    grade: textOrNull(r[17]),
    modelVersion: textOrNull(r[18]),
    source: textOrNull(r[19]),
    segment: textOrNull(r[20]),
  };
}
