import type { DeadLetterUpsert } from './backend.js';
import { iso } from './sql/values.js';
import type { DeadLetterInput, DecisionRecord, HandoffRecord, HandoffRecordInput, LedgerEntry, LedgerEntryInput } from '../../domain/state.js';

/**
 * Caller input → the complete, canonical rows the dialects write. Runs before any SQL, so both
 * databases receive identical values (ISO timestamps, nulls for omissions, one row per key).
 */

export function handoffRows(records: readonly HandoffRecordInput[], now: string): HandoffRecord[] {
  // Last write wins for a contact repeated in one call; PostgreSQL refuses to upsert a row twice.
  const byId = new Map<string, HandoffRecord>();
  for (const r of records) {
    requireId(r.hubspotId, 'hubspotId');
    if (!Number.isInteger(r.episode) || r.episode < 0) throw new RangeError(`episode must be a non-negative integer, got ${r.episode}`);
    byId.set(r.hubspotId, {
      hubspotId: r.hubspotId,
      episode: r.episode,
      status: r.status,
      salesforceLeadId: r.salesforceLeadId ?? null,
      salesforceContactId: r.salesforceContactId ?? null,
      salesforceTaskId: r.salesforceTaskId ?? null,
      ownerId: r.ownerId ?? null,
      score: r.score ?? null,
      grade: r.grade ?? null,
      fingerprint: r.fingerprint ?? null,
      handoffKey: r.handoffKey ?? null,
      firstHandedOffAt: r.firstHandedOffAt == null ? null : iso(r.firstHandedOffAt),
      updatedAt: now,
    });
  }
  return [...byId.values()];
}

export function ledgerRows(entries: readonly LedgerEntryInput[], now: string): LedgerEntry[] {
  return entries.map((e) => {
    requireId(e.runId, 'runId');
    return {
      runId: e.runId,
      hubspotId: e.hubspotId ?? null,
      salesforceIds: e.salesforceIds ?? {},
      action: e.action,
      payloadHash: e.payloadHash ?? null,
      result: e.result,
      errorCode: e.errorCode ?? null,
      errorMessage: e.errorMessage ?? null,
      detail: e.detail ?? null,
      at: e.at === undefined ? now : iso(e.at),
    };
  });
}

/** Collapses repeats of one (stage, hubspotId) into one upsert that counts every attempt. */
export function deadLetterRows(items: readonly DeadLetterInput[], now: string): DeadLetterUpsert[] {
  const byKey = new Map<string, DeadLetterUpsert>();
  for (const item of items) {
    requireId(item.stage, 'stage');
    requireId(item.hubspotId, 'hubspotId');
    const at = item.at === undefined ? now : iso(item.at);
    const key = JSON.stringify([item.stage, item.hubspotId]);
    const prev = byKey.get(key);
    byKey.set(key, {
      stage: item.stage,
      code: item.code,
      vendorCode: item.vendorCode ?? null,
      message: item.message,
      hubspotId: item.hubspotId,
      payload: item.payload ?? null,
      firstAt: prev && prev.firstAt < at ? prev.firstAt : at,
      lastAt: prev && prev.lastAt > at ? prev.lastAt : at,
      count: (prev?.count ?? 0) + 1,
    });
  }
  return [...byKey.values()];
}

/** One row per contact (the last given wins), its time normalised. */
export function decisionRows(rows: readonly DecisionRecord[]): DecisionRecord[] {
  const byId = new Map<string, DecisionRecord>();
  for (const d of rows) {
    requireId(d.hubspotId, 'hubspotId');
    requireId(d.runId, 'runId');
    byId.set(d.hubspotId, { ...d, evaluatedAt: iso(d.evaluatedAt), fields: { ...d.fields } });
  }
  return [...byId.values()];
}

export function pointerRows(pointers: Record<string, number>): Array<[string, number]> {
  return Object.entries(pointers).map(([team, position]) => {
    if (!Number.isSafeInteger(position)) throw new RangeError(`Round-robin position for ${team} must be an integer, got ${position}`);
    return [team, position];
  });
}

export function positiveInt(value: number, what: string): number {
  if (!Number.isSafeInteger(value) || value <= 0) throw new RangeError(`${what} must be a positive integer, got ${value}`);
  return value;
}

function requireId(value: unknown, what: string): void {
  if (typeof value !== 'string' || value === '') throw new RangeError(`${what} must be a non-empty string`);
}
