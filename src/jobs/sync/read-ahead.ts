import type { Deps } from '../deps.js';
import type { Activity } from '../../domain/types.js';
import type { RunReport } from '../../domain/report.js';
import type { DeadLetterInput, Fence } from '../../ports/state.js';
import { chunk } from '../../lib/chunk.js';
import { commitIsolating, upsertActivitiesIsolating } from './isolate.js';
import { deadLetterLedger } from './commit.js';

/** Contact batch reads take at most 100 ids. */
const READ_BATCH = 100;

/**
 * What a dry run holds in memory where a real run writes the state: the window's activities by
 * contact and the ids of the contacts they touched that no chunk has processed yet.
 */
export interface DryPending {
  activities: Map<string, Activity[]>;
  pending: Set<string>;
}

/**
 * Phase 1 of a sync cycle: the window's changed activities, batch by batch (an association read of
 * up to 1,000 engagements of a kind), stored with a pending row for every contact they touch. What
 * the store refuses and the malformed engagements are dead-lettered. Memory holds one batch; the
 * cursor has not moved, so a failure here leaves the window to be read again.
 */
export async function readActivitiesAhead(
  deps: Deps,
  window: { since: number; until: number },
  ctx: { runId: string; now: Date; fence?: Fence | undefined; report: RunReport; dry?: DryPending | undefined },
): Promise<void> {
  const store = deps.state;
  const fenceOpt = ctx.fence ? { fence: ctx.fence } : {};
  const at = ctx.now.toISOString();
  for await (const batch of deps.hubspot.windowActivities(window)) {
    ctx.report.activitiesRead += batch.activities.length;
    const touched = [...new Set(batch.activities.map((a) => a.contactId))];
    const malformed: DeadLetterInput[] = batch.rejected.map((r) => ({ stage: 'ingest', code: 'INVALID_RECORD', vendorCode: null, message: r.reason, hubspotId: r.id ?? 'unknown', payload: r.payload, at }));
    if (ctx.dry) {
      for (const a of batch.activities) ctx.dry.activities.set(a.contactId, [...(ctx.dry.activities.get(a.contactId) ?? []).filter((x) => x.id !== a.id), a]);
      for (const id of touched) ctx.dry.pending.add(id);
      ctx.report.deadLettered += malformed.length;
      continue;
    }
    const refused = await upsertActivitiesIsolating(store, batch.activities, fenceOpt, at);
    await store.addPendingContacts(touched, fenceOpt);
    const dead = [...malformed, ...refused];
    if (dead.length === 0) continue;
    // Each a dead letter already: one the store refuses whole is stored as the isolating commit's own.
    await commitIsolating(store, { batch: { deadLetters: dead, ledger: dead.map((d) => deadLetterLedger(d, ctx.runId, at)), ...fenceOpt }, resolvedOwners: new Map(), runId: ctx.runId, at });
    ctx.report.deadLettered += dead.length;
  }
}

/** One chunk of phase 3: pending contacts, read from HubSpot in id order. */
export interface PendingChunk {
  /** The chunk's pending ids, in id order; each commit settles them. */
  ids: string[];
  contacts: Awaited<ReturnType<Deps['hubspot']['readContacts']>>['contacts'];
  rejected: (Awaited<ReturnType<Deps['hubspot']['readContacts']>>['rejected'][number] & { stage: 'ingest' })[];
  last: boolean;
}

/**
 * Phase 3 of a sync cycle: the contacts still pending after the window's changed contacts (touched
 * only by activity, or left by a cycle that failed), paged from the state in id order, `chunkSize`
 * at a time, batch-read 100 per call; those `held` holds in memory (WriteCarry) are skipped. Ids
 * HubSpot no longer returns (deleted, archived) are in `ids` but not in `contacts`: their commit
 * settles them too. The pending rows are paged after the last id of the page, as each chunk's
 * commit deletes its own.
 */
export async function* pendingChunks(deps: Deps, chunkSize: number, properties: readonly string[], dry?: DryPending, held?: { has(id: string): boolean }): AsyncGenerator<PendingChunk> {
  let after: string | undefined;
  for (;;) {
    const page = dry ? dryPage(dry.pending, after, chunkSize + 1) : await deps.state.pendingContacts({ ...(after === undefined ? {} : { after }), limit: chunkSize + 1 });
    const paged = page.slice(0, chunkSize);
    // Those an earlier chunk holds back for a fuller write (WriteCarry) are in memory already.
    const ids = held ? paged.filter((id) => !held.has(id)) : paged;
    const read = new Map<string, PendingChunk['contacts'][number]>();
    const rejected: PendingChunk['rejected'] = [];
    for (const part of chunk(ids, READ_BATCH)) {
      const got = await deps.hubspot.readContacts(part, properties);
      for (const c of got.contacts) read.set(c.id, c);
      for (const r of got.rejected) rejected.push({ ...r, stage: 'ingest' });
    }
    const contacts = ids.flatMap((id) => {
      const c = read.get(id);
      return c ? [c] : [];
    });
    const last = page.length <= chunkSize;
    yield { ids, contacts, rejected, last };
    if (last) return;
    after = paged.at(-1);
  }
}

/** The dry run's pending ids after `after`, in the order the stores give them (byte order). */
function dryPage(pending: ReadonlySet<string>, after: string | undefined, limit: number): string[] {
  return [...pending]
    .filter((id) => after === undefined || byteOrder(id, after) > 0)
    .sort(byteOrder)
    .slice(0, limit);
}

function byteOrder(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}
