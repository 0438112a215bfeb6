import type { LeadOp, TaskOp, WritePlan } from '../../domain/plan.js';
import type { ErrorCode, HandoffError } from '../../domain/errors.js';
import type { Clock } from '../../ports/clock.js';
import type { ApplyResult } from '../../ports/salesforce.js';
import { policyFor } from '../../domain/policy.js';
import { chunk } from '../../lib/chunk.js';
import { withRetry } from '../../lib/retry.js';
import type { RetryOptions } from '../../lib/retry.js';
import { codeForSalesforce } from '../../core/salesforce/error-codes.js';
import { mapSalesforceError, salesforceError } from './map-error.js';
import { soqlIn } from './soql.js';
import type { RecordResult, SalesforceGateway } from './gateway.js';

export const COLLECTION_SIZE = 200;

export type { ApplyResult } from '../../ports/salesforce.js';

export interface ApplyOptions {
  gateway: SalesforceGateway;
  /** Headers for Lead writes, e.g. Sforce-Auto-Assign: FALSE. */
  leadHeaders: Record<string, string>;
  /** Attempts per record for transient per-record errors (UNABLE_TO_LOCK_ROW…). */
  maxRecordAttempts: number;
  /** Waits between those attempts (the retry layer's backoff). */
  clock: Clock;
  retry?: Pick<RetryOptions, 'baseDelayMs' | 'maxDelayMs'>;
  signal?: AbortSignal;
  /** Called after each collection, for progress and checkpoints. */
  onProgress?: (done: number, total: number) => void;
}

const DUP_ID = /with id:\s*([a-zA-Z0-9]{15,18})/;

type Written<T> = { ok: { item: T; result: RecordResult }[]; failed: { item: T; result: RecordResult }[] };

/**
 * Runs a set of records through one collection operation in chunks of 200, maps results back by
 * index, and hands back successes and permanent failures. Records that failed transiently are sent
 * again on their own through the retry layer (backoff on the clock, at most maxRecordAttempts sends).
 * A call that fails as a whole has had its retries in the gateway and ends the write.
 */
async function writeAll<T>(items: readonly T[], send: (batch: T[]) => Promise<RecordResult[]>, opts: ApplyOptions): Promise<Written<T>> {
  const out: Written<T> = { ok: [], failed: [] };
  let pending: { item: T; result: RecordResult }[] = [];
  let todo: T[] = [...items];
  // What ended an attempt: the records still failing (retried), or a failed call (not retried again here).
  const last: { stillFailing?: HandoffError; callError?: { error: unknown } } = {};
  const sendPending = async (): Promise<void> => {
    pending = [];
    for (const batch of chunk(todo, COLLECTION_SIZE)) {
      let results: RecordResult[];
      try {
        results = await send(batch);
      } catch (error) {
        last.callError = { error };
        return;
      }
      batch.forEach((item, i) => {
        const result = results[i] ?? { id: null, success: false, errors: [{ code: 'UNKNOWN', message: 'no result for this record', fields: [] }] };
        if (result.success) out.ok.push({ item, result });
        else if (policyFor({ code: codeForSalesforce(result.errors[0]?.code ?? 'UNKNOWN'), system: 'salesforce' }).action === 'retry') pending.push({ item, result });
        else out.failed.push({ item, result });
      });
    }
    todo = pending.map((p) => p.item);
    const first = pending[0]?.result.errors[0];
    if (first) {
      last.stillFailing = salesforceError(codeForSalesforce(first.code), `${pending.length} records failed transiently: ${first.code}`, first.code);
      throw last.stillFailing;
    }
  };
  try {
    await withRetry(sendPending, {
      clock: opts.clock,
      ...(opts.retry?.baseDelayMs === undefined ? {} : { baseDelayMs: opts.retry.baseDelayMs }),
      ...(opts.retry?.maxDelayMs === undefined ? {} : { maxDelayMs: opts.retry.maxDelayMs }),
      retries: Math.max(0, opts.maxRecordAttempts - 1),
      mapError: mapSalesforceError,
      ...(opts.signal ? { signal: opts.signal } : {}),
    });
  } catch (err) {
    // Records still failing at the bound are an outcome (dead letters below); an abort is not.
    if (err !== last.stillFailing) throw err;
  }
  if (last.callError) throw last.callError.error;
  out.failed.push(...pending);
  return out;
}

/**
 * Our code for a refused record, with Salesforce's own beside it. An update by Id through sObject
 * Collections answers INVALID_CROSS_REFERENCE_KEY naming no field when the record itself is gone
 * (deleted or merged away since it was matched): that is NOT_FOUND, not a bad value.
 */
function errorText(r: RecordResult, byId = false): { code: ErrorCode; vendorCode: string; message: string } {
  const e = r.errors[0];
  const vendorCode = e?.code ?? 'UNKNOWN';
  const gone = byId && vendorCode === 'INVALID_CROSS_REFERENCE_KEY' && e?.fields.length === 0;
  return {
    code: gone ? 'NOT_FOUND' : codeForSalesforce(vendorCode),
    vendorCode,
    message: e ? `${gone ? 'the record is no longer in Salesforce: ' : ''}${e.message}${e.fields.length ? ` (${e.fields.join(', ')})` : ''}` : 'unknown error',
  };
}

/** Applies a WritePlan: Leads (upserts, then updates by Id), then the Tasks that go with them. */
export async function applyPlan(plan: WritePlan, opts: ApplyOptions): Promise<ApplyResult> {
  const { gateway } = opts;
  const result: ApplyResult = { leads: new Map(), tasks: new Map(), deadLetters: [], converted: [] };
  const total = plan.leads.length + plan.tasks.length;
  let done = 0;
  const progress = (n: number): void => {
    done += n;
    opts.onProgress?.(done, total);
  };

  // Updating a Lead that already exists creates no duplicate; an org whose duplicate rule also runs on
  // edit would still block it when an older twin shares the email, so the rule is told to allow the save.
  // That holds for an upsert of a keyed Lead (a refresh, or the replay of a cycle that stopped before its
  // commit) as much as for an update by Id. Only the creates are left to the duplicate rule.
  // https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/headers_duplicaterules.htm
  const editHeaders = { ...opts.leadHeaders, 'Sforce-Duplicate-Rule-Header': 'allowSave=true' };
  const upsert = (batch: LeadOp[], headers: Record<string, string>): Promise<RecordResult[]> =>
    gateway.upsert('Lead', 'HubSpot_Contact_Id__c', batch.map((b) => b.record), headers).then((r) => {
      progress(batch.length);
      return r;
    });
  const creates = plan.leads.filter((l) => l.op === 'upsert' && l.isNew);
  const upserts = plan.leads.filter((l) => l.op === 'upsert' && !l.isNew);
  const updates = plan.leads.filter((l) => l.op === 'update');
  const leadWrites = [
    await writeAll(creates, (batch) => upsert(batch, opts.leadHeaders), opts),
    await writeAll(upserts, (batch) => upsert(batch, editHeaders), opts),
    await writeAll(updates, async (batch) => {
      const r = await gateway.update('Lead', batch.map((b) => ({ ...b.record, Id: b.id })), editHeaders);
      progress(batch.length);
      return r;
    }, opts),
  ];
  for (const w of leadWrites) {
    for (const { item, result: r } of w.ok) {
      const leadId = r.id ?? item.id;
      if (!leadId) continue;
      result.leads.set(item.hubspotId, { hubspotId: item.hubspotId, leadId, created: r.created ?? item.isNew, op: item });
    }
    for (const { item, result: r } of w.failed) {
      const { code, vendorCode, message } = errorText(r, item.op === 'update');
      if (code === 'CONVERTED_LEAD') {
        result.converted.push(item.hubspotId);
        continue;
      }
      result.deadLetters.push({ hubspotId: item.hubspotId, stage: 'lead.write', code, vendorCode, message, payload: item.record });
    }
  }

  // A Task goes out only when its Lead landed (or it belongs to a known Lead or Contact).
  const tasks: (TaskOp & { whoId: string })[] = [];
  for (const t of plan.tasks) {
    const whoId = t.who.kind === 'id' ? t.who.id : result.leads.get(t.who.hubspotId)?.leadId;
    if (whoId) tasks.push({ ...t, whoId });
    else if (t.who.kind === 'lead-of' && result.converted.includes(t.who.hubspotId)) continue;
  }
  // Assignment rules chose the owners of new Leads: read them (one query per 200) for their Tasks.
  const needOwner = tasks.filter((t) => t.ownerFromLead).map((t) => t.whoId);
  const owners = new Map<string, string>();
  for (const part of chunk(needOwner, COLLECTION_SIZE)) {
    for (const r of await gateway.query<{ Id: string; OwnerId: string }>(`SELECT Id, OwnerId FROM Lead WHERE Id IN ${soqlIn(part)}`)) {
      if (r.OwnerId.startsWith('005')) owners.set(r.Id, r.OwnerId);
    }
  }
  for (const t of tasks) {
    const owner = t.ownerFromLead ? owners.get(t.whoId) : undefined;
    if (owner) t.record = { ...t.record, OwnerId: owner };
  }
  // Tasks are create-only: Handoff_Key__c is unique, so a replay's create fails with DUPLICATE_VALUE
  // and the existing Task, which the rep owns, is left as it is.
  const taskWrites = await writeAll(tasks, async (batch) => {
    const r = await gateway.create('Task', batch.map((b) => ({ ...b.record, WhoId: b.whoId })), {});
    progress(batch.length);
    return r;
  }, opts);
  for (const { item, result: r } of taskWrites.ok) {
    if (r.id) result.tasks.set(item.hubspotId, { hubspotId: item.hubspotId, taskId: r.id, created: true, whoId: item.whoId, op: item });
  }
  for (const { item, result: r } of taskWrites.failed) {
    const { code, vendorCode, message } = errorText(r);
    // Salesforce names the clashing field in `fields` or only in the message; the Id is only in the message.
    const first = r.errors[0];
    const onKey = first !== undefined && (first.fields.includes('Handoff_Key__c') || first.message.includes('Handoff_Key__c'));
    const existing = vendorCode === 'DUPLICATE_VALUE' && onKey ? DUP_ID.exec(first.message)?.[1] : undefined;
    if (existing) {
      result.tasks.set(item.hubspotId, { hubspotId: item.hubspotId, taskId: existing, created: false, whoId: item.whoId, op: item });
      continue;
    }
    result.deadLetters.push({ hubspotId: item.hubspotId, stage: 'task.write', code, vendorCode, message, payload: item.record });
  }
  return result;
}
