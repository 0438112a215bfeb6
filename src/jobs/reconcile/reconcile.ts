import { randomUUID } from 'node:crypto';
import { callCounts } from '../deps.js';
import type { Deps } from '../deps.js';
import { isContactId } from '../../domain/ids.js';
import type { DeadLetter, HandoffRecord, StateStore } from '../../ports/state.js';
import { accountFor, countExplained } from '../../core/reconcile-classify.js';
import type { Accounted, DeadLettered, Explained, Gap, HistoryEvidence, Landed, Skipped } from '../../core/reconcile-classify.js';
import type { ExplainedReason } from '../../domain/decision.js';
import type { SalesforceView } from '../../domain/salesforce.js';
import { HISTORY_START_CURSOR } from '../history-start.js';
import { CONTACTS_CURSOR } from '../sync/run-sync.js';

export type { Accounted, DeadLettered, Explained, Gap, Landed, Skipped } from '../../core/reconcile-classify.js';

export interface ReconcileOptions {
  /** ISO time: contacts modified, handed off or dead-lettered at or after it. */
  since: string;
}

export interface ReconcileSummary {
  qualified: number;
  landed: number;
  deadLettered: number;
  /** Not handed off for a reason Handoff recorded (counted by code in `explained`). */
  explained: number;
  skipped: number;
  gaps: number;
}

export interface ReconcileResult {
  since: string;
  at: string;
  summary: ReconcileSummary;
  gaps: Gap[];
  /** Explained contacts by code (every explaining code, zero or not). */
  explained: Record<ExplainedReason, number>;
  explainedContacts: Explained[];
  deadLettered: DeadLettered[];
  skipped: Skipped[];
  landed: Landed[];
  /** Where the qualified contacts came from (a contact may be in both). */
  sources: { hubspot: number; state: number };
  calls: { hubspot: number; salesforce: number };
}

const PAGE = 1_000;
const byNumericId = (a: string, b: string): number => Number(a) - Number(b) || a.localeCompare(b);

/**
 * Accounts for every contact that qualified since a date: the ones HubSpot shows as qualified
 * (Handoff's status set, or lifecycle stage MQL or later) and the ones Handoff recorded or
 * dead-lettered. Each one ends up landed, dead-lettered, explained (the reason Handoff recorded
 * for not handing it off), skipped, or a gap with its reason. The only write is its own run record
 * (kind 'reconcile': the window, the summary counts, the explained counts by code, the API calls;
 * ids and names stay out of it), which the report's sync health shows as the last reconcile.
 */
export async function reconcile(deps: Deps, options: ReconcileOptions): Promise<ReconcileResult> {
  const runId = randomUUID();
  const startedAt = new Date(deps.clock.now()).toISOString();
  await deps.state.startRun({ id: runId, kind: 'reconcile', startedAt });
  let result: ReconcileResult;
  try {
    result = await accountForAll(deps, options);
  } catch (err) {
    await deps.state.finishRun(runId, { status: 'failed', finishedAt: new Date(deps.clock.now()).toISOString(), report: { since: options.since, failed: true } }).catch(() => undefined);
    throw err;
  }
  await deps.state.finishRun(runId, { status: result.summary.gaps > 0 ? 'partial' : 'succeeded', finishedAt: result.at, report: reconcileRunReport(result) });
  return result;
}

/** What the run record keeps of a reconcile: counts only, no contact ids. */
export function reconcileRunReport(r: ReconcileResult): Record<string, unknown> {
  return { window: { since: r.since, until: r.at }, summary: r.summary, explained: r.explained, sources: r.sources, calls: r.calls };
}

async function accountForAll(deps: Deps, options: ReconcileOptions): Promise<ReconcileResult> {
  const store = deps.state;
  const before = await callCounts(deps);
  const sinceMs = Date.parse(options.since);

  const fromHubSpot = await deps.hubspot.qualifiedContacts(sinceMs);
  const fromState = await stateContacts(store, options.since);
  const ids = [...new Set([...fromHubSpot.keys(), ...fromState])].sort(byNumericId);

  const records = new Map<string, HandoffRecord>();
  for (let i = 0; i < ids.length; i += PAGE) {
    for (const [k, v] of await store.getHandoffRecords(ids.slice(i, i + PAGE))) records.set(k, v);
  }
  const wanted = new Set(ids);
  const open = new Map<string, DeadLetter[]>();
  for (const d of await store.listDeadLetters({ unresolvedOnly: true })) {
    if (!wanted.has(d.hubspotId)) continue;
    open.set(d.hubspotId, [...(open.get(d.hubspotId) ?? []), d]);
  }
  const skips = await lastSkips(store, wanted);
  const pending = await pendingAmong(store, wanted);
  const decisions = await store.getDecisions(ids);
  const history: HistoryEvidence = {
    cursor: (await store.getCursor(CONTACTS_CURSOR))?.value ?? null,
    historyStart: (await store.getCursor(HISTORY_START_CURSOR))?.value ?? null,
  };

  const landedRecords = [...records.values()].filter((r) => r.status === 'handed_off' || r.status === 'converted');
  const view: SalesforceView =
    ids.length === 0
      ? { leadsByKey: new Map(), leadIds: new Set(), contactIds: new Set(), tasksByKey: new Map() }
      : await deps.salesforce.reconcileView({
          hubspotIds: ids,
          leadIds: landedRecords.flatMap((r) => (r.salesforceLeadId ? [r.salesforceLeadId] : [])),
          contactIds: landedRecords.flatMap((r) => (r.salesforceContactId && !r.salesforceLeadId ? [r.salesforceContactId] : [])),
          taskKeys: landedRecords.flatMap((r) => (r.handoffKey ? [r.handoffKey] : [])),
        });

  const accounted: Accounted[] = ids.map((id) =>
    accountFor(
      id,
      { record: records.get(id), openDeadLetters: open.get(id) ?? [], lastSkip: skips.get(id), decision: decisions.get(id), modifiedAt: fromHubSpot.get(id) ?? null, pending: pending.has(id) },
      view,
      history,
    ),
  );
  const pick = <S extends Accounted['status']>(status: S) => accounted.filter((a): a is Extract<Accounted, { status: S }> => a.status === status);
  const result = {
    landed: pick('landed'),
    deadLettered: pick('dead-lettered'),
    explainedContacts: pick('explained'),
    skipped: pick('skipped'),
    gaps: pick('gap'),
  };
  const after = await callCounts(deps);
  return {
    since: new Date(sinceMs).toISOString(),
    at: new Date(deps.clock.now()).toISOString(),
    summary: {
      qualified: ids.length,
      landed: result.landed.length,
      deadLettered: result.deadLettered.length,
      explained: result.explainedContacts.length,
      skipped: result.skipped.length,
      gaps: result.gaps.length,
    },
    ...result,
    explained: countExplained(result.explainedContacts),
    sources: { hubspot: fromHubSpot.size, state: fromState.size },
    calls: { hubspot: after.hubspot - before.hubspot, salesforce: after.salesforce - before.salesforce },
  };
}

/** Contacts Handoff handed off (record updated) or dead-lettered since the date. */
async function stateContacts(store: StateStore, since: string): Promise<Set<string>> {
  const ids = new Set<string>();
  let after: string | undefined;
  for (;;) {
    const page = await store.listHandoffRecords({ updatedSince: since, limit: PAGE, ...(after ? { afterHubspotId: after } : {}) });
    for (const r of page) ids.add(r.hubspotId);
    if (page.length < PAGE) break;
    after = page[page.length - 1]?.hubspotId;
  }
  for (const d of await store.listDeadLetters({ since })) if (isContactId(d.hubspotId)) ids.add(d.hubspotId);
  return ids;
}

/** Which of the wanted contacts are in the sync's pending contacts, paged in id order. */
async function pendingAmong(store: StateStore, wanted: ReadonlySet<string>): Promise<Set<string>> {
  const out = new Set<string>();
  let after: string | undefined;
  for (;;) {
    const page = await store.pendingContacts({ limit: PAGE * 5, ...(after === undefined ? {} : { after }) });
    for (const id of page) if (wanted.has(id)) out.add(id);
    if (page.length < PAGE * 5) return out;
    after = page.at(-1);
  }
}

/** The reason of each wanted contact's latest skip in the ledger. */
async function lastSkips(store: StateStore, wanted: ReadonlySet<string>): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  let afterSeq: number | undefined;
  for (;;) {
    const rows = await store.queryLedger({ action: 'skip', limit: PAGE * 5, ...(afterSeq !== undefined ? { afterSeq } : {}) });
    for (const r of rows) {
      if (!r.hubspotId || !wanted.has(r.hubspotId)) continue;
      const detail = (r.detail ?? {}) as { kind?: unknown; reason?: unknown };
      out.set(r.hubspotId, typeof detail.reason === 'string' ? detail.reason : typeof detail.kind === 'string' ? detail.kind : 'skipped');
    }
    if (rows.length < PAGE * 5) return out;
    afterSeq = rows[rows.length - 1]?.seq;
  }
}
