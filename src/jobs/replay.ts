import { randomUUID } from 'node:crypto';
import { callCounts } from './deps.js';
import type { Deps } from './deps.js';
import type { HandoffError } from '../domain/errors.js';
import { toHandoffError } from '../domain/errors.js';
import { mergePlans } from '../domain/plan.js';
import type { WritePlan } from '../domain/plan.js';
import { isContactId } from '../domain/ids.js';
import { emptyReport } from '../domain/report.js';
import type { ReplayReport } from '../domain/report.js';
import type { Fence, LedgerEntryInput } from '../ports/state.js';
import { processClaimedBatch } from './sync/claimed-batch.js';
import { FEEDBACK_DLQ_STAGE } from './feedback/run-feedback.js';
import { tallyReplay } from './reconcile/replay-items.js';
import type { ChunkNotes } from './reconcile/replay-items.js';
import { finish, mappedProperties, reportedError } from './sync/run-sync.js';

/** HubSpot batch reads take at most 100 ids; each chunk is one pipeline batch and one commit. */
export const REPLAY_CHUNK = 100;

export interface ReplayOptions {
  /** Dead-letter ids; none means every open one that matches the other filters. */
  ids?: readonly number[];
  code?: string;
  /** Dead letters last seen at or after this ISO time. */
  since?: string;
  dryRun?: boolean;
  fence?: Fence;
  runId?: string;
}

export interface ReplayOutcome {
  report: ReplayReport;
  plan: WritePlan | null;
  error: HandoffError | null;
}

/**
 * Gives dead letters another go: re-reads their contacts from HubSpot, runs them through the whole
 * pipeline (Tasks included, no cursor), and commits like a sync does. A record that lands closes its
 * dead letters; one that fails again stays open with one more attempt. A contact HubSpot no longer
 * has, or one the pipeline now skips, is closed with a ledger note saying why.
 */
export async function replayDeadLetters(deps: Deps, options: ReplayOptions = {}): Promise<ReplayOutcome> {
  const dryRun = options.dryRun ?? false;
  const runId = options.runId ?? randomUUID();
  const started = deps.clock.now();
  const now = new Date(started);
  const report: ReplayReport = {
    ...emptyReport(runId, 'replay', dryRun, now.toISOString()),
    selected: 0,
    replayed: 0,
    resolved: 0,
    stillFailing: 0,
    gone: 0,
    noLongerNeeded: 0,
    items: [],
  };
  const store = deps.state;
  const fenceOpt = options.fence ? { fence: options.fence } : {};
  // A feedback write HubSpot refused is not the pipeline's to replay: the feedback job writes the
  // contact again with its episode's next change and closes the dead letter then.
  const selected = (
    await store.listDeadLetters({
      unresolvedOnly: true,
      ...(options.ids && options.ids.length > 0 ? { ids: [...options.ids] } : {}),
      ...(options.code ? { code: options.code } : {}),
      ...(options.since ? { since: options.since } : {}),
    })
  ).filter((d) => d.stage !== FEEDBACK_DLQ_STAGE);
  report.selected = selected.length;
  if (selected.length === 0) return { report, plan: null, error: null };

  if (!dryRun) await store.startRun({ id: runId, kind: 'replay', startedAt: report.startedAt }, fenceOpt);
  const before = await callCounts(deps);
  const plans: WritePlan[] = [];
  const notes: ChunkNotes = { gone: new Map(), skipped: new Map() };
  try {
    const ids = [...new Set(selected.map((d) => d.hubspotId).filter(isContactId))];
    const props = mappedProperties(deps);
    for (let i = 0; i < ids.length; i += REPLAY_CHUNK) {
      const chunk = ids.slice(i, i + REPLAY_CHUNK);
      const parsed = await deps.hubspot.readContacts(chunk, props);
      const contacts = parsed.contacts;
      const rejected = new Set(parsed.rejected.map((r) => r.id));
      const chunkNotes: ChunkNotes = { gone: goneContacts(chunk.filter((id) => !rejected.has(id)), contacts), skipped: new Map() };
      report.replayed += contacts.length;
      if (contacts.length > 0 || parsed.rejected.length > 0) {
        const result = await processClaimedBatch(
          deps,
          { contacts, activities: [], rejected: parsed.rejected },
          { runId, now, dryRun, createTasks: true, fence: options.fence, report },
        );
        plans.push(result.plan);
        const wanted = new Set(chunk);
        for (const s of result.plan.skips) if (wanted.has(s.hubspotId)) chunkNotes.skipped.set(s.hubspotId, `${s.kind}: ${s.reason}`);
      }
      if (!dryRun) await closeWithNotes(deps, runId, now, chunkNotes, options.fence);
      for (const [k, v] of chunkNotes.gone) notes.gone.set(k, v);
      for (const [k, v] of chunkNotes.skipped) notes.skipped.set(k, v);
    }
    const plan = mergePlans(plans);
    const after = dryRun ? selected : await store.listDeadLetters({ ids: selected.map((d) => d.id) });
    tallyReplay(report, selected, after, notes, dryRun ? plan : null);
    report.status = report.stillFailing > 0 ? 'partial' : 'succeeded';
    await finish(deps, report, started, dryRun, fenceOpt, before);
    return { report, plan, error: null };
  } catch (err) {
    report.status = 'failed';
    const e = toHandoffError(err);
    report.error = reportedError(e);
    await finish(deps, report, started, dryRun, fenceOpt, before);
    return { report, plan: mergePlans(plans), error: e };
  }
}

/** Asked-for ids HubSpot did not return: deleted, archived, or merged into another contact. */
function goneContacts(asked: readonly string[], found: readonly { id: string; properties: Record<string, string | null> }[]): Map<string, string> {
  const have = new Set(found.map((c) => c.id));
  const mergedInto = new Map<string, string>();
  for (const c of found) {
    for (const old of (c.properties.hs_merged_object_ids ?? '').split(';')) if (old.trim()) mergedInto.set(old.trim(), c.id);
  }
  const gone = new Map<string, string>();
  for (const id of asked) {
    if (have.has(id)) continue;
    const into = mergedInto.get(id);
    gone.set(id, into ? `contact gone (merged into ${into})` : 'contact gone');
  }
  return gone;
}

/** Closes the open dead letters of gone and skipped contacts, with one ledger line each. */
async function closeWithNotes(deps: Deps, runId: string, now: Date, notes: ChunkNotes, fence: Fence | undefined): Promise<void> {
  if (notes.gone.size === 0 && notes.skipped.size === 0) return;
  const store = deps.state;
  const at = now.toISOString();
  const ledger: LedgerEntryInput[] = [];
  for (const [hubspotId, reason] of notes.gone) ledger.push({ runId, hubspotId, action: 'skip', result: 'ok', detail: { kind: 'gone', reason }, at });
  for (const [hubspotId, reason] of notes.skipped) {
    ledger.push({ runId, hubspotId, action: 'skip', result: 'ok', detail: { kind: 'no-longer-needed', reason: `no handoff needed any more (${reason})` }, at });
  }
  const open = await store.listDeadLetters({ unresolvedOnly: true });
  const resolve = open.filter((d) => notes.gone.has(d.hubspotId) || notes.skipped.has(d.hubspotId)).map((d) => d.id);
  await store.commitBatch({ ledger, resolveDeadLetters: resolve, ...(fence ? { fence } : {}) });
}

