import type { BulkWrites, SqlConn } from '../sql/conn.js';
import { ACTIVITY_ON_CONFLICT, DEAD_LETTER_ON_CONFLICT, HANDOFF_COLUMNS, HANDOFF_ON_CONFLICT, POINTER_UPSERT_TAIL, handoffValues } from '../sql/conn.js';
import { DECISION_COLUMNS, DECISION_ON_CONFLICT, decisionValues } from '../sql/decisions.js';
import { EPISODE_COLUMNS, EPISODE_INSERT_TAIL, EPISODE_PG_TYPES, EPISODE_REPLACE_TAIL, episodeValues } from '../sql/episodes.js';
import { mapLock } from '../sql/rows.js';

/**
 * PostgreSQL bulk writes: the whole batch travels as ONE jsonb parameter and is unpacked server-side
 * with jsonb_to_recordset, so a few thousand rows cost one round trip and no bind-parameter limit.
 * JSON-typed fields are nested as JSON (not as text) so they arrive as jsonb values.
 */
export function postgresBulk(conn: SqlConn): BulkWrites {
  return {
    async upsertHandoffRecords(records) {
      const rows = records.map((r) => zip(HANDOFF_COLUMNS, handoffValues(r)));
      await insertRecordset(conn, 'handoffs', HANDOFF_TYPES, rows, HANDOFF_ON_CONFLICT);
    },
    async appendLedger(entries) {
      // ord keeps seq in the caller's order: identity values follow the ORDER BY.
      const rows = entries.map((e, ord) => ({
        ord,
        run_id: e.runId,
        hubspot_id: e.hubspotId,
        salesforce_ids: e.salesforceIds,
        action: e.action,
        payload_hash: e.payloadHash,
        result: e.result,
        error_code: e.errorCode,
        error_message: e.errorMessage,
        detail: e.detail,
        at: e.at,
      }));
      await insertRecordset(conn, 'ledger', LEDGER_TYPES, rows, '', 'ORDER BY r.ord');
    },
    async upsertDeadLetters(items) {
      const rows = items.map((d) => ({
        stage: d.stage,
        code: d.code,
        message: d.message,
        hubspot_id: d.hubspotId,
        payload: d.payload,
        attempts: d.count,
        first_seen: d.firstAt,
        last_seen: d.lastAt,
        vendor_code: d.vendorCode,
      }));
      await insertRecordset(conn, 'dead_letters', DEAD_LETTER_TYPES, rows, DEAD_LETTER_ON_CONFLICT);
    },
    async setPointers(pointers, now) {
      const rows = pointers.map(([team, position]) => ({ team, position, updated_at: now }));
      await insertRecordset(conn, 'rr_pointers', POINTER_TYPES, rows, POINTER_UPSERT_TAIL);
    },
    async upsertActivities(activities) {
      const rows = activities.map((a) => ({
        id: a.id,
        contact_id: a.contactId,
        type: a.type,
        occurred_at: a.occurredAt,
        outcome: a.outcome,
        title: a.title,
      }));
      await insertRecordset(conn, 'activities', ACTIVITY_TYPES, rows, ACTIVITY_ON_CONFLICT);
    },
    async upsertDecisions(decisions) {
      const encode = { bool: (b: boolean) => b, json: (v: unknown) => v };
      const rows = decisions.map((d) => zip(DECISION_COLUMNS, decisionValues(d, encode)));
      await insertRecordset(conn, 'decisions', DECISION_TYPES, rows, DECISION_ON_CONFLICT);
    },
    async insertEpisodes(rows) {
      const recs = rows.map((e) => zip(EPISODE_COLUMNS, episodeValues(e, (b) => b)));
      await insertRecordset(conn, 'episodes', EPISODE_PG_TYPES, recs, EPISODE_INSERT_TAIL);
    },
    async replaceEpisodes(rows) {
      const recs = rows.map((e) => zip(EPISODE_COLUMNS, episodeValues(e, (b) => b)));
      await insertRecordset(conn, 'episodes', EPISODE_PG_TYPES, recs, EPISODE_REPLACE_TAIL);
    },
    async lockRowForFence(name) {
      // FOR SHARE makes a concurrent takeover (an upsert that locks the row) wait for this commit;
      // and if a takeover committed first, we read its new token and refuse.
      const [row] = await conn.query('SELECT * FROM locks WHERE name = $1 FOR SHARE', [name]);
      return row ? mapLock(row) : null;
    },
  };
}

type Types = Record<string, string>;

const HANDOFF_TYPES: Types = {
  hubspot_id: 'text',
  episode: 'integer',
  status: 'text',
  salesforce_lead_id: 'text',
  salesforce_contact_id: 'text',
  salesforce_task_id: 'text',
  owner_id: 'text',
  score: 'double precision',
  grade: 'text',
  fingerprint: 'text',
  handoff_key: 'text',
  first_handed_off_at: 'timestamptz',
  updated_at: 'timestamptz',
};

const LEDGER_TYPES: Types = {
  run_id: 'text',
  hubspot_id: 'text',
  salesforce_ids: 'jsonb',
  action: 'text',
  payload_hash: 'text',
  result: 'text',
  error_code: 'text',
  error_message: 'text',
  detail: 'jsonb',
  at: 'timestamptz',
};

const DEAD_LETTER_TYPES: Types = {
  stage: 'text',
  code: 'text',
  message: 'text',
  hubspot_id: 'text',
  payload: 'jsonb',
  attempts: 'integer',
  first_seen: 'timestamptz',
  last_seen: 'timestamptz',
  vendor_code: 'text',
};

const ACTIVITY_TYPES: Types = {
  id: 'text',
  contact_id: 'text',
  type: 'text',
  occurred_at: 'timestamptz',
  outcome: 'text',
  title: 'text',
};

// Keyed by every decision column, so a new column cannot be left out of the bulk insert.
const DECISION_TYPES: Record<(typeof DECISION_COLUMNS)[number], string> = {
  hubspot_id: 'text',
  evaluated_at: 'timestamptz',
  run_id: 'text',
  reason: 'text',
  qualified: 'boolean',
  rule: 'text',
  score: 'double precision',
  fit: 'double precision',
  engagement: 'double precision',
  grade: 'text',
  threshold: 'double precision',
  model_version: 'text',
  duplicate_of: 'text',
  source: 'text',
  lifecycle_stage: 'text',
  country: 'text',
  region: 'text',
  state: 'text',
  segment: 'text',
  employees: 'bigint',
  fields: 'jsonb',
  shadow_score: 'double precision',
  shadow_grade: 'text',
  shadow_qualified: 'boolean',
  shadow_model_version: 'text',
};

const POINTER_TYPES: Types = { team: 'text', position: 'bigint', updated_at: 'timestamptz' };

async function insertRecordset(
  conn: SqlConn,
  table: string,
  types: Types,
  rows: readonly Record<string, unknown>[],
  tail: string,
  orderBy = '',
): Promise<void> {
  if (rows.length === 0) return;
  const columns = Object.keys(types);
  const defs = Object.entries(types).map(([c, t]) => `${c} ${t}`);
  if (orderBy) defs.push('ord integer');
  await conn.exec(
    `INSERT INTO ${table} (${columns.join(', ')})
     SELECT ${columns.map((c) => `r.${c}`).join(', ')} FROM jsonb_to_recordset($1::jsonb) AS r(${defs.join(', ')}) ${orderBy}
     ${tail}`,
    [JSON.stringify(rows)],
  );
}

function zip(columns: readonly string[], values: readonly unknown[]): Record<string, unknown> {
  return Object.fromEntries(columns.map((c, i) => [c, values[i]]));
}
