import type { DeadLetterUpsert } from '../backend.js';
import type { Activity } from '../../../domain/types.js';
import type { Episode } from '../../../domain/episode.js';
import type { DecisionRecord, Dialect, HandoffRecord, LedgerEntry, LockState } from '../../../domain/state.js';
import type { JsonDecoder, Row } from './rows.js';

/**
 * The little a dialect must provide for the shared SQL in tx.ts to run: a placeholder style,
 * a query and an exec, a JSON decoder, and the bulk writes, which is where the dialects differ
 * most (PostgreSQL ships a whole batch as one JSON parameter, SQLite loops a prepared statement).
 */
export interface SqlConn {
  readonly style: Dialect;
  readonly json: JsonDecoder;
  query(sql: string, params?: readonly unknown[]): Promise<Row[]>;
  /** The rows as arrays of column values, in SELECT order: no object per row, for reads of many rows. */
  queryArrays(sql: string, params?: readonly unknown[]): Promise<unknown[][]>;
  /** Returns the number of rows changed. */
  exec(sql: string, params?: readonly unknown[]): Promise<number>;
}

export interface BulkWrites {
  upsertHandoffRecords(records: readonly HandoffRecord[]): Promise<void>;
  appendLedger(entries: readonly LedgerEntry[]): Promise<void>;
  upsertDeadLetters(items: readonly DeadLetterUpsert[]): Promise<void>;
  setPointers(pointers: ReadonlyArray<readonly [string, number]>, now: string): Promise<void>;
  /** Insert or replace by (contactId, id). */
  upsertActivities(activities: readonly Activity[]): Promise<void>;
  upsertDecisions(rows: readonly DecisionRecord[]): Promise<void>;
  /** New episodes; one already there keeps its values at handoff. Unique by key within the call. */
  insertEpisodes(rows: readonly Episode[]): Promise<void>;
  /** Whole rows (already merged with their patch) replace the stored ones. */
  replaceEpisodes(rows: readonly Episode[]): Promise<void>;
  /** Reads the lock row so that no takeover can commit before this transaction does. */
  lockRowForFence(name: string): Promise<LockState | null>;
}

/** Shared upsert tails, so the conflict rules can't drift between dialects. */
export const HANDOFF_COLUMNS = [
  'hubspot_id',
  'episode',
  'status',
  'salesforce_lead_id',
  'salesforce_contact_id',
  'salesforce_task_id',
  'owner_id',
  'score',
  'grade',
  'fingerprint',
  'handoff_key',
  'first_handed_off_at',
  'updated_at',
] as const;

export const HANDOFF_ON_CONFLICT = `ON CONFLICT (hubspot_id) DO UPDATE SET
  ${HANDOFF_COLUMNS.filter((c) => c !== 'hubspot_id' && c !== 'first_handed_off_at')
    .map((c) => `${c} = excluded.${c}`)
    .join(', ')},
  first_handed_off_at = COALESCE(handoffs.first_handed_off_at, excluded.first_handed_off_at)`;

export const LEDGER_COLUMNS = [
  'run_id',
  'hubspot_id',
  'salesforce_ids',
  'action',
  'payload_hash',
  'result',
  'error_code',
  'error_message',
  'detail',
  'at',
] as const;

export const DEAD_LETTER_COLUMNS = [
  'stage',
  'code',
  'message',
  'hubspot_id',
  'payload',
  'attempts',
  'first_seen',
  'last_seen',
  'vendor_code',
] as const;

// A repeat reopens a resolved dead letter: the record failed again, so it needs attention again.
export const DEAD_LETTER_ON_CONFLICT = `ON CONFLICT (stage, hubspot_id) DO UPDATE SET
  code = excluded.code,
  vendor_code = excluded.vendor_code,
  message = excluded.message,
  payload = excluded.payload,
  attempts = dead_letters.attempts + excluded.attempts,
  last_seen = CASE WHEN excluded.last_seen > dead_letters.last_seen THEN excluded.last_seen ELSE dead_letters.last_seen END,
  resolved_at = NULL`;

export const POINTER_UPSERT_TAIL = 'ON CONFLICT (team) DO UPDATE SET position = excluded.position, updated_at = excluded.updated_at';

export function handoffValues(r: HandoffRecord): unknown[] {
  return [
    r.hubspotId,
    r.episode,
    r.status,
    r.salesforceLeadId,
    r.salesforceContactId,
    r.salesforceTaskId,
    r.ownerId,
    r.score,
    r.grade,
    r.fingerprint,
    r.handoffKey,
    r.firstHandedOffAt,
    r.updatedAt,
  ];
}

export const ACTIVITY_COLUMNS = ['id', 'contact_id', 'type', 'occurred_at', 'outcome', 'title'] as const;
export const ACTIVITY_ON_CONFLICT = `ON CONFLICT (contact_id, id) DO UPDATE SET
  type = excluded.type, occurred_at = excluded.occurred_at, outcome = excluded.outcome, title = excluded.title`;
