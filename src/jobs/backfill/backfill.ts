import { randomUUID } from 'node:crypto';
import { callCounts } from '../deps.js';
import type { CallCounts, Deps } from '../deps.js';
import type { HandoffError } from '../../domain/errors.js';
import { toHandoffError } from '../../domain/errors.js';
import { mergePlans } from '../../domain/plan.js';
import type { WritePlan } from '../../domain/plan.js';
import { emptyReport } from '../../domain/report.js';
import type { RunReport } from '../../domain/report.js';
import type { Fence } from '../../ports/state.js';
import { freshCheckpoint, readCheckpoint, serializeCheckpoint } from './checkpoint.js';
import type { BackfillCheckpoint } from './checkpoint.js';
import { readContactChunk } from './read.js';
import { readBackfillControl, setBackfillControl } from './control.js';
import type { BackfillEstimate } from './estimate.js';
import type { BackfillWindow } from './window.js';
import { noteHistoryStart } from '../history-start.js';
import { processClaimedBatch } from '../sync/claimed-batch.js';
import { finish, mappedProperties, reportedError } from '../sync/run-sync.js';

export type { BackfillCheckpoint } from './checkpoint.js';
export type { BackfillWindow } from './window.js';
export { parseBackfillWindow } from './window.js';

/** List pages per chunk: 5 pages of 100 contacts, one transaction (and one checkpoint) each. */
export const PAGES_PER_CHUNK = 5;

export interface BackfillOptions {
  window: BackfillWindow;
  dryRun?: boolean;
  /** SLA Tasks for the historical contacts too; off by default (Leads only). */
  createTasks?: boolean;
  /** Start from the beginning even when a checkpoint (finished or not) exists. */
  restart?: boolean;
  fence?: Fence;
  runId?: string;
  pagesPerChunk?: number;
  onProgress?: (progress: BackfillProgress) => void;
  /** What the command estimated before the run; kept in the checkpoint for `handoff backfill status`. */
  estimate?: BackfillEstimate;
  /** Aborts a pause (graceful stop). */
  signal?: AbortSignal;
  /** How often a paused backfill looks whether it was resumed. Default 1 s. */
  controlPollMs?: number;
}

/** Counts only; cumulative over resumes except where noted. */
export interface BackfillProgress {
  pages: number;
  scanned: number;
  /** Contacts in the window whose results are committed (or, in a dry run, planned). */
  processed: number;
  /** This run only. */
  scannedThisRun: number;
  leadsCreated: number;
  tasksCreated: number;
  elapsedMs: number;
}

export interface BackfillOutcome {
  report: RunReport;
  /** The whole plan of a dry run (all chunks); null otherwise. */
  plan: WritePlan | null;
  error: HandoffError | null;
  checkpoint: BackfillCheckpoint & { name: string };
  /** The window had been finished before: nothing was read or written. */
  alreadyComplete: boolean;
  /** This run went on from an earlier run's checkpoint. */
  resumed: boolean;
  /** Stopped by `handoff backfill cancel` after the chunk it was on; the checkpoint stays. */
  cancelled: boolean;
}

/**
 * Hands off contacts created in a past window, which the incremental sync never reads. Walks the
 * contact list chunk by chunk; each chunk's results and the backfill's own checkpoint
 * (`backfill:<since>:<until>`) commit in one transaction, so an interrupted backfill resumes at the
 * first chunk that did not land and Salesforce's idempotent writes absorb the redone part.
 * The incremental 'contacts' cursor is never touched. A dry run writes nothing, checkpoint included.
 */
export async function runBackfill(deps: Deps, options: BackfillOptions): Promise<BackfillOutcome> {
  const dryRun = options.dryRun ?? false;
  const runId = options.runId ?? randomUUID();
  const name = options.window.checkpoint;
  const started = deps.clock.now();
  const startedIso = new Date(started).toISOString();
  const store = deps.state;
  const fenceOpt = options.fence ? { fence: options.fence } : {};
  const report = emptyReport(runId, 'backfill', dryRun, startedIso);

  const existing = await readCheckpoint(store, name);
  if (existing?.done && !options.restart) {
    report.window = { since: new Date(options.window.since).toISOString(), until: existing.until };
    return { report, plan: null, error: null, checkpoint: { name, ...existing }, alreadyComplete: true, resumed: false, cancelled: false };
  }
  const resumed = existing !== null && !options.restart;
  let cp = resumed ? existing : freshCheckpoint(startedIso, new Date(options.window.until ?? started).toISOString());
  cp = { ...cp, runStartedAt: startedIso, scannedAtRunStart: cp.scanned, estimate: cp.estimate ?? options.estimate ?? null };
  const callsBefore = cp.calls;
  const until = Date.parse(cp.until);
  report.window = { since: new Date(options.window.since).toISOString(), until: cp.until };
  if (!dryRun) {
    // Running a cancelled window again is the admin's way to go on with it.
    if ((await readBackfillControl(store, name)) === 'cancelled') await setBackfillControl(store, name, 'running', startedIso);
    await store.startRun({ id: runId, kind: 'backfill', startedAt: startedIso }, fenceOpt);
    await noteHistoryStart(store, options.window.since, fenceOpt);
    // A restart forgets the old position at once, so an interrupted restart does not claim completion.
    if ((existing && options.restart) || !resumed) await store.setCursor(name, serializeCheckpoint(cp), fenceOpt);
  }
  const before = await callCounts(deps);
  const plans: WritePlan[] = [];
  let scannedThisRun = 0;
  const progress = (pages: number, scanned: number): void =>
    options.onProgress?.({
      pages: cp.pages + pages,
      scanned: cp.scanned + scanned,
      processed: cp.processed,
      scannedThisRun: scannedThisRun + scanned,
      leadsCreated: report.leadsCreated,
      tasksCreated: report.tasksCreated,
      elapsedMs: deps.clock.now() - started,
    });

  let error: HandoffError | null = null;
  let cancelled = false;
  try {
    const hubspot = deps.hubspot;
    const properties = mappedProperties(deps);
    do {
      // The admin's controls, between chunks: a pause holds the lease and waits; a cancel stops here.
      let control = dryRun ? 'running' : await readBackfillControl(store, name);
      while (control === 'paused') {
        await deps.clock.sleep(options.controlPollMs ?? 1000, options.signal);
        control = await readBackfillControl(store, name);
      }
      if (control === 'cancelled') {
        cancelled = true;
        break;
      }
      const read = await readContactChunk(hubspot, {
        after: cp.after ?? undefined,
        properties,
        maxPages: options.pagesPerChunk ?? PAGES_PER_CHUNK,
        since: options.window.since,
        until,
        onPage: progress,
      });
      const acts = await hubspot.contactActivities(read.contacts.map((c) => c.id));
      const now = new Date(deps.clock.now());
      const done = read.after === undefined;
      const next: BackfillCheckpoint = {
        ...cp,
        after: read.after ?? null,
        processed: cp.processed + read.contacts.length,
        scanned: cp.scanned + read.scanned,
        pages: cp.pages + read.pages,
        calls: callsBefore + (await spentSince(deps, before)),
        done,
        finishedAt: done ? now.toISOString() : null,
      };
      const result = await processClaimedBatch(
        deps,
        { contacts: read.contacts, activities: acts.activities, rejected: [...read.rejected, ...acts.rejected] },
        { runId, now, dryRun, createTasks: options.createTasks ?? false, fence: options.fence, cursor: { name, value: serializeCheckpoint(next) }, report },
      );
      if (dryRun) plans.push(result.plan);
      cp = next;
      scannedThisRun += read.scanned;
      progress(0, 0);
      deps.logger.debug('backfill chunk done', { checkpoint: name, pages: cp.pages, scanned: cp.scanned, processed: cp.processed });
    } while (!cp.done);
    report.status = report.deadLettered > 0 ? 'partial' : 'succeeded';
  } catch (err) {
    report.status = 'failed';
    error = toHandoffError(err);
    report.error = reportedError(error);
  }
  await finish(deps, report, started, dryRun, fenceOpt, before);
  return { report, plan: dryRun ? mergePlans(plans) : null, error, checkpoint: { name, ...cp }, alreadyComplete: false, resumed, cancelled };
}

/** HubSpot and Salesforce calls made through these ports since `before`. */
async function spentSince(deps: Deps, before: CallCounts): Promise<number> {
  const now = await callCounts(deps);
  return now.hubspot - before.hubspot + (now.salesforce - before.salesforce);
}
