import type {
  Cursor,
  DeadLetter,
  HandoffRecord,
  HandoffStatus,
  LedgerAction,
  LedgerResult,
  LedgerRow,
  LockState,
  Run,
  RunKind,
  RunStatus,
} from '../../../domain/state.js';
import { iso, isoOrNull, num, numOrNull, str, strOrNull } from './values.js';

/**
 * Row → domain mappers shared by both dialects. Column names are identical in both schemas; only
 * JSON decoding differs (pg hands back parsed jsonb, SQLite hands back text), so it is passed in.
 */
export type Row = Record<string, unknown>;
export type JsonDecoder = (value: unknown) => unknown;

export function mapCursor(row: Row): Cursor {
  return { name: str(row.name), value: str(row.value), updatedAt: iso(row.updated_at as string) };
}

export function mapHandoff(row: Row): HandoffRecord {
  return {
    hubspotId: str(row.hubspot_id),
    episode: num(row.episode),
    status: str(row.status) as HandoffStatus,
    salesforceLeadId: strOrNull(row.salesforce_lead_id),
    salesforceContactId: strOrNull(row.salesforce_contact_id),
    salesforceTaskId: strOrNull(row.salesforce_task_id),
    ownerId: strOrNull(row.owner_id),
    score: numOrNull(row.score),
    grade: strOrNull(row.grade),
    fingerprint: strOrNull(row.fingerprint),
    handoffKey: strOrNull(row.handoff_key),
    firstHandedOffAt: isoOrNull(row.first_handed_off_at),
    updatedAt: iso(row.updated_at as string),
  };
}

export function mapLedger(row: Row, json: JsonDecoder): LedgerRow {
  return {
    seq: num(row.seq),
    runId: str(row.run_id),
    hubspotId: strOrNull(row.hubspot_id),
    salesforceIds: (json(row.salesforce_ids) ?? {}) as Record<string, string>,
    action: str(row.action) as LedgerAction,
    payloadHash: strOrNull(row.payload_hash),
    result: str(row.result) as LedgerResult,
    errorCode: strOrNull(row.error_code),
    errorMessage: strOrNull(row.error_message),
    detail: json(row.detail),
    at: iso(row.at as string),
  };
}

export function mapDeadLetter(row: Row, json: JsonDecoder): DeadLetter {
  return {
    id: num(row.id),
    stage: str(row.stage),
    code: str(row.code),
    vendorCode: strOrNull(row.vendor_code),
    message: str(row.message),
    hubspotId: str(row.hubspot_id),
    payload: json(row.payload),
    attempts: num(row.attempts),
    firstSeen: iso(row.first_seen as string),
    lastSeen: iso(row.last_seen as string),
    resolvedAt: isoOrNull(row.resolved_at),
  };
}

export function mapRun(row: Row, json: JsonDecoder): Run {
  return {
    id: str(row.id),
    kind: str(row.kind) as RunKind,
    status: str(row.status) as RunStatus,
    startedAt: iso(row.started_at as string),
    finishedAt: isoOrNull(row.finished_at),
    report: json(row.report),
  };
}

export function mapLock(row: Row): LockState {
  const holderId = strOrNull(row.holder_id);
  return {
    name: str(row.name),
    token: num(row.token),
    holder:
      holderId === null
        ? null
        : {
            id: holderId,
            pid: num(row.holder_pid),
            host: str(row.holder_host),
            command: str(row.holder_command),
          },
    acquiredAt: isoOrNull(row.acquired_at),
    expiresAt: isoOrNull(row.expires_at),
  };
}
