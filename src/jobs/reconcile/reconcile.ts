import { callCounts } from '../deps.js';
import type { Deps } from '../deps.js';
import type { DeadLetter, HandoffRecord, StateStore } from '../../ports/state.js';
import { accountFor } from '../../core/reconcile-classify.js';
import type { Accounted, DeadLettered, Gap, Landed, Skipped } from '../../core/reconcile-classify.js';
import type { SalesforceView } from '../../domain/salesforce.js';

export type { Accounted, DeadLettered, Gap, GapReason, Landed, Skipped } from '../../core/reconcile-classify.js';
export { GAP_REASONS } from '../../core/reconcile-classify.js';

export interface ReconcileOptions {
  /** ISO time: contacts modified, handed off or dead-lettered at or after it. */
  since: string;
}

export interface ReconcileSummary {
  qualified: number;
  landed: number;
  deadLettered: number;
  skipped: number;
  gaps: number;
}

export interface ReconcileResult {
  since: string;
  at: string;
  summary: ReconcileSummary;
  gaps: Gap[];
  deadLettered: DeadLettered[];
  skipped: Skipped[];
  landed: Landed[];
  /** Where the qualified contacts came from (a contact may be in both). */
  sources: { hubspot: number; state: number };
  calls: { hubspot: number; salesforce: number };
}

const PAGE = 1_000;
const byNumericId = (a: string, b: string): number => Number(a) - Number(b) || a.localeCompare(b);
const isContactId = (id: string): boolean => /^\d+$/.test(id);

/**
 * Accounts for every contact that qualified since a date: the ones HubSpot shows as qualified
 * (Handoff's status set, or lifecycle stage MQL or later) and the ones Handoff recorded or
 * dead-lettered. Each one ends up landed, dead-lettered, skipped, or a gap with its reason. Reads
 * only: nothing is written anywhere.
 */
export async function reconcile(app: Deps, options: ReconcileOptions): Promise<ReconcileResult> {
  const store = app.state;
  const before = await callCounts(app);
  const sinceMs = Date.parse(options.since);

  const fromHubSpot = await app.hubspot.qualifiedContactIds(sinceMs);
  const fromState = await stateContacts(store, options.since);
  const ids = [...new Set([...fromHubSpot, ...fromState])].sort(byNumericId);

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

  const landedRecords = [...records.values()].filter((r) => r.status === 'handed_off' || r.status === 'converted');
  const view: SalesforceView =
    ids.length === 0
      ? { leadsByKey: new Map(), leadIds: new Set(), contactIds: new Set(), tasksByKey: new Map() }
      : await app.salesforce.reconcileView({
          hubspotIds: ids,
          leadIds: landedRecords.flatMap((r) => (r.salesforceLeadId ? [r.salesforceLeadId] : [])),
          contactIds: landedRecords.flatMap((r) => (r.salesforceContactId && !r.salesforceLeadId ? [r.salesforceContactId] : [])),
          taskKeys: landedRecords.flatMap((r) => (r.handoffKey ? [r.handoffKey] : [])),
        });

  const accounted: Accounted[] = ids.map((id) =>
    accountFor(id, { record: records.get(id), openDeadLetters: open.get(id) ?? [], lastSkip: skips.get(id) }, view),
  );
  const pick = <S extends Accounted['status']>(status: S) => accounted.filter((a): a is Extract<Accounted, { status: S }> => a.status === status);
  const result = {
    landed: pick('landed'),
    deadLettered: pick('dead-lettered'),
    skipped: pick('skipped'),
    gaps: pick('gap'),
  };
  const after = await callCounts(app);
  return {
    since: new Date(sinceMs).toISOString(),
    at: new Date(app.clock.now()).toISOString(),
    summary: {
      qualified: ids.length,
      landed: result.landed.length,
      deadLettered: result.deadLettered.length,
      skipped: result.skipped.length,
      gaps: result.gaps.length,
    },
    ...result,
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
