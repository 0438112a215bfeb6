import type { Deps } from './deps.js';
import type { ReservedOwner } from '../ports/claims.js';
import type { Fence } from '../ports/state.js';

/**
 * Claim, process, release: the one way a job works on contacts beside other jobs (the claim rule in
 * docs/architecture.md). Every job that routes or writes a contact (sync, backfill, replay, and the
 * feedback and SLA jobs) goes through here.
 */
export interface ClaimedPart {
  /** Contacts this job now holds, in the order given. */
  ids: string[];
  /** True for the part that finishes the chunk: only its commit may move the job's cursor. */
  last: boolean;
  /** Owners an earlier, unfinished attempt reserved for some of these contacts: reuse them. */
  owners: ReadonlyMap<string, ReservedOwner>;
}

export interface ClaimOptions {
  /** The job's own lease: `sync`, `backfill:<window>`, `feedback`, `sla`. */
  fence: Fence;
  /** Default `claims.ttlSeconds`. */
  ttlMs?: number;
  /** Default `claims.pollMs`. */
  pollMs?: number;
  signal?: AbortSignal;
}

export interface ClaimStats {
  /** Parts the chunk was processed in (1 when no other job held any of its contacts). */
  parts: number;
  /** Contacts that had to wait for another job's claim. */
  waited: number;
}

/**
 * Claims the contacts (one statement per call) and hands the granted ones to `work`, which must
 * commit its results with `claims: part.ids` (commitBatch ends them in the same transaction). The
 * contacts another job holds are waited for, at most until that claim expires or its job's lease
 * is gone, and then handed to `work` in a later part: by then the other job has committed, so
 * `work` must judge them against the committed record (the pipeline's triage does). `work` is called
 * at least once, with `last: true` on the final part (also for an empty list), so a cursor can move
 * with it and never past a contact that was not processed. If `work` throws, the part's claims are
 * released (their reserved owners kept) and the error propagates.
 */
export async function claimEach(
  deps: Pick<Deps, 'state' | 'clock' | 'logger' | 'config'>,
  ids: readonly string[],
  opts: ClaimOptions,
  work: (part: ClaimedPart) => Promise<void>,
): Promise<ClaimStats> {
  const claims = deps.state.claims;
  const ttlMs = opts.ttlMs ?? deps.config.handoff.claims.ttlSeconds * 1000;
  const pollMs = opts.pollMs ?? deps.config.handoff.claims.pollMs;
  let remaining = [...new Set(ids)];
  const stats: ClaimStats = { parts: 0, waited: 0 };
  if (remaining.length === 0) {
    stats.parts = 1;
    await work({ ids: [], last: true, owners: new Map() });
    return stats;
  }
  for (;;) {
    const got = await claims.claim(opts.fence, remaining, ttlMs);
    const granted = new Set(got.granted);
    const pending = remaining.filter((id) => !granted.has(id));
    if (got.granted.length > 0) {
      stats.parts += 1;
      try {
        await work({ ids: got.granted, last: pending.length === 0, owners: got.owners });
      } catch (error) {
        await claims.release(opts.fence, got.granted).catch(() => 0);
        throw error;
      }
    }
    if (pending.length === 0) return stats;
    if (stats.waited === 0) stats.waited = pending.length;
    const soonest = Math.min(...got.held.map((h) => Date.parse(h.expiresAt)));
    const waitMs = Math.max(1, Math.min(pollMs, Number.isFinite(soonest) ? soonest - deps.clock.now() : pollMs));
    deps.logger.debug('waiting for contacts another job holds', { job: opts.fence.name, contacts: pending.length, heldBy: [...new Set(got.held.map((h) => h.job))], waitMs });
    await deps.clock.sleep(waitMs, opts.signal);
    remaining = pending;
  }
}
