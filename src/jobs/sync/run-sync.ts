import { randomUUID } from 'node:crypto';
import { callCounts } from '../deps.js';
import type { CallCounts, Deps } from '../deps.js';
import { HandoffError, toHandoffError } from '../../domain/errors.js';
import { mergePlans } from '../../domain/plan.js';
import type { WritePlan } from '../../domain/plan.js';
import type { Activity } from '../../domain/types.js';
import { emptyReport } from '../../domain/report.js';
import type { RunReport } from '../../domain/report.js';
import type { Fence } from '../../ports/state.js';
import { redactString } from '../../lib/redact.js';
import { noteHistoryStart } from '../history-start.js';
import { processClaimedBatch } from './claimed-batch.js';
import { WriteCarry } from './cycle.js';
import type { BatchInput, DryWindow } from './cycle.js';
import { pendingChunks, readActivitiesAhead } from './read-ahead.js';
import type { DryPending } from './read-ahead.js';
import { rolloutProperties } from '../../core/rollout.js';
import { sweepRollout } from './rollout-sweep.js';

export const CONTACTS_CURSOR = 'contacts';

export interface SyncOptions {
  dryRun?: boolean;
  fence?: Fence;
  runId?: string;
  /**
   * Receives each chunk's plan as it is made, before the next chunk is read (`handoff sync --dry-run`
   * prints them as they come); the outcome then holds none. Without it a dry run merges the chunks'
   * plans into the outcome's.
   */
  onPlan?: (plan: WritePlan) => void;
}

export interface SyncOutcome {
  report: RunReport;
  /** The plan of a dry run's cycle (printed by --dry-run); null for a real cycle, which holds no chunk's plan past its commit. */
  plan: WritePlan | null;
  /** Why the cycle failed, when it did; the cursor stayed where it was. */
  error: HandoffError | null;
}

/** Extra HubSpot properties the mapping asks for (`hubspot.<name>`)... */
export function mappedProperties(deps: Pick<Deps, 'config'>): string[] {
  const mapped = deps.config.mapping.lead.filter((m) => m.from.startsWith('hubspot.')).map((m) => m.from.slice('hubspot.'.length));
  // ...and those the rollout's segments read.
  return [...new Set([...mapped, ...rolloutProperties(deps.config.handoff.rollout)])];
}

/**
 * One incremental cycle: read what changed in HubSpot since the cursor (minus an overlap for the
 * search index lag), run it through the pipeline, and commit the cursor with the results.
 * A failure leaves the cursor where it was; the next cycle reads the same window again, and the
 * idempotent writes make that safe.
 */
export async function runSync(deps: Deps, options: SyncOptions = {}): Promise<SyncOutcome> {
  const dryRun = options.dryRun ?? false;
  const runId = options.runId ?? randomUUID();
  const started = deps.clock.now();
  const now = new Date(started);
  const report = emptyReport(runId, 'sync', dryRun, now.toISOString());
  if (dryRun) report.planned = { leadsCreated: 0, leadsUpdated: 0, contactsMatched: 0, tasks: 0 };
  const store = deps.state;
  const fenceOpt = options.fence ? { fence: options.fence } : {};
  if (!dryRun) await store.startRun({ id: runId, kind: 'sync', startedAt: report.startedAt }, fenceOpt);
  // The ports may live across cycles; a report counts this cycle's calls only.
  const before = await callCounts(deps);

  let plan: WritePlan | null = null;
  try {
    const cursor = await store.getCursor(CONTACTS_CURSOR);
    const sync = deps.config.handoff.sync;
    const since = cursor
      ? Date.parse(cursor.value) - sync.overlapSeconds * 1000
      : started - sync.initialLookbackDays * 86_400_000;
    const until = started;
    // Set once: by the first sync, or the first one after an upgrade that brought the decision table.
    if (!dryRun) await noteHistoryStart(store, since, fenceOpt);
    report.window = { since: new Date(since).toISOString(), until: new Date(until).toISOString() };
    // The window in three phases, each chunk committed with its own cursor position under its
    // claims: memory holds one batch or chunk, and a failure resumes from the last chunk committed.
    const floor = cursor ? Date.parse(cursor.value) : Number.NEGATIVE_INFINITY;
    const plans: WritePlan[] = [];
    let chunks = 0;
    const properties = mappedProperties(deps);
    // A dry run commits nothing, so it keeps in memory the window's kept emails (hashes), the
    // activities it read and the contacts they touched (a real run stores them), and the round robin
    // pointers its chunks moved.
    const memory = dryRun ? new Map<string, string>() : undefined;
    const held: DryPending | undefined = dryRun ? { activities: new Map<string, Activity[]>(), pending: new Set<string>() } : undefined;
    const dry: DryWindow = held ? { activities: held.activities, pointers: { current: null } } : {};
    // The Account index is brought up to date once per cycle, by its first chunk that routes.
    const accounts = { done: false };
    // Contacts held back for fuller Salesforce collections (sync.writeBatch), durably pending; a dry run writes nothing and holds none.
    const carry = dryRun ? undefined : new WriteCarry();
    const processChunk = async (input: BatchInput & { settles: readonly string[] }, at: number, last: boolean): Promise<void> => {
      const result = await processClaimedBatch(deps, input, {
        runId,
        now,
        dryRun,
        createTasks: true,
        freshSince: since,
        fence: options.fence,
        cursor: { name: CONTACTS_CURSOR, value: new Date(at).toISOString() },
        report,
        window: { last, accounts, ...(memory ? { memory } : {}), ...(carry ? { carry } : {}), ...dry },
      });
      if (held) for (const id of input.settles) held.pending.delete(id);
      if (dryRun) addPlanned(report, result.plan);
      chunks += 1;
      deps.logger.debug('sync chunk processed', { runId, chunk: chunks, contacts: input.contacts.length, through: new Date(at).toISOString() });
      if (options.onPlan) options.onPlan(result.plan);
      else if (dryRun) plans.push(result.plan);
    };

    // Phase 1: the window's activities, stored, each touched contact pending.
    await readActivitiesAhead(deps, { since, until }, { runId, now, fence: options.fence, report, dry: held });
    // Phase 2: the window's changed contacts in stream order, chunk by chunk; each settles its own
    // pending rows. Once the last is done every change in the window is written, dead-lettered or
    // pending, so the cursor reaches the window's end.
    let pendingLeft = false;
    for await (const chunk of deps.hubspot.windowContacts({ since, until }, properties, sync.chunkSize)) {
      const settles = [...chunk.contacts.map((c) => c.id), ...chunk.gone, ...chunk.rejected.flatMap((r) => (r.id === null ? [] : [r.id]))];
      pendingLeft = chunk.last && (await pendingBeyond(deps, settles, held, carry));
      await processChunk({ contacts: chunk.contacts, activities: [], rejected: chunk.rejected, settles }, chunk.last ? until : Math.max(floor, chunk.through), chunk.last && !pendingLeft);
    }
    // Phase 3: the contacts still pending (touched by activity only), in id order; the final chunk
    // ends the window.
    if (pendingLeft) {
      for await (const chunk of pendingChunks(deps, sync.chunkSize, properties, held, carry)) {
        await processChunk({ contacts: chunk.contacts, activities: [], rejected: chunk.rejected, settles: chunk.ids }, until, chunk.last);
      }
    }
    plan = options.onPlan || !dryRun ? null : plans.length === 1 ? (plans[0] as WritePlan) : mergePlans(plans);
    // A rollout widened since the last sweep: hand off the qualified contacts it now covers.
    if (!dryRun) await sweepRollout(deps, { runId, now, fence: options.fence, report, properties: mappedProperties(deps) });
    report.status = report.deadLettered > 0 ? 'partial' : 'succeeded';
  } catch (err) {
    report.status = 'failed';
    const e = toHandoffError(err);
    report.error = reportedError(e);
    await finish(deps, report, started, dryRun, fenceOpt, before);
    return { report, plan, error: e };
  }
  await finish(deps, report, started, dryRun, fenceOpt, before);
  return { report, plan, error: null };
}

/** A dry run's summary counts the writes its chunks planned (each contact is planned once per cycle). */
function addPlanned(report: RunReport, plan: WritePlan): void {
  const p = report.planned;
  if (!p) return;
  for (const l of plan.leads) {
    if (l.isNew) p.leadsCreated += 1;
    else p.leadsUpdated += 1;
  }
  p.contactsMatched += plan.contactsMatched.length;
  p.tasks += plan.tasks.length;
}

/**
 * Whether a contact other than these, and other than those held back in `carry` (pending too), is
 * pending: the window's last chunk of changed contacts ends it only when none is. One page of at
 * most `settles.length + carry.size + 1` ids answers exactly.
 */
async function pendingBeyond(deps: Deps, settles: readonly string[], dry: DryPending | undefined, carry: WriteCarry | undefined): Promise<boolean> {
  const mine = new Set(settles);
  const other = (id: string): boolean => !mine.has(id) && !carry?.has(id);
  if (dry) return [...dry.pending].some(other);
  const page = await deps.state.pendingContacts({ limit: mine.size + (carry?.size ?? 0) + 1 });
  return page.some(other);
}

/**
 * A run's error as its report keeps and prints it: the code, and the message with emails, phone
 * numbers and tokens redacted (a vendor's message can quote the record's values).
 */
export function reportedError(e: HandoffError): { code: string; message: string } {
  return { code: e.code, message: redactString(e.message) };
}

export async function finish(
  deps: Deps,
  report: RunReport,
  started: number,
  dryRun: boolean,
  fenceOpt: { fence?: Fence },
  before: CallCounts,
): Promise<void> {
  const calls = await callCounts(deps);
  report.hubspotCalls = calls.hubspot - before.hubspot;
  report.salesforceCalls = calls.salesforce - before.salesforce;
  report.hubspotRateLimited = calls.hubspotRateLimited - before.hubspotRateLimited;
  report.salesforceBudget = calls.salesforceBudget;
  report.finishedAt = new Date(deps.clock.now()).toISOString();
  report.durationMs = deps.clock.now() - started;
  if (dryRun) return;
  try {
    const store = deps.state;
    await store.finishRun(report.runId, { status: report.status, finishedAt: report.finishedAt, report }, fenceOpt);
  } catch (err) {
    deps.logger.warn('could not record the run', { runId: report.runId, code: err instanceof HandoffError ? err.code : 'UNKNOWN' });
  }
}
