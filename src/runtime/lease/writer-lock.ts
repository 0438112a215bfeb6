import { hostname } from 'node:os';
import type { App } from '../app.js';
import { HandoffError } from '../../domain/errors.js';
import { isProcessAlive } from '../../lib/process-alive.js';
import type { Clock } from '../../ports/clock.js';
import type { Fence, LockHolder, StateStore } from '../../ports/state.js';
import { LeaderLease } from './leader-lease.js';

/** Renewed every third of it while the command runs, so a killed command's lease frees within this. */
export const WRITER_LEASE_MS = 15_000;

/**
 * When the writer lease is held by a process on this machine that no longer exists (a command killed
 * mid-way), waits until its lease expires and returns true. A live holder, or one on another
 * machine, is not waited for: false.
 */
export async function waitOutDeadWriter(app: App, lockName: string, alive: (pid: number) => boolean = isProcessAlive): Promise<boolean> {
  const store = await app.store();
  const lock = await store.getLock(lockName);
  const holder = lock?.holder;
  if (!lock || !holder || !lock.expiresAt) return false;
  if (holder.host !== hostname() || holder.pid === process.pid || alive(holder.pid)) return false;
  const waitMs = Math.max(0, Date.parse(lock.expiresAt) - app.clock.now());
  app.logger.warn('the previous writer is gone; waiting for its lease to expire', { pid: holder.pid, command: holder.command, waitMs });
  // A little past expiry: the store judges `expires_at <= now`.
  await app.clock.sleep(waitMs + 50, app.signal);
  return true;
}

/**
 * The lease names of the jobs. Each cursor has one owner at a time: the job holding its lease. The
 * daemon's `leader` lease (leader-lease.ts) only decides which replica schedules jobs; the jobs it
 * runs take these like any command does. Contacts are shared between jobs through claims
 * (ports/claims.ts), fenced by these leases.
 */
export const JOB_LEASES = { sync: 'sync', replay: 'replay', forget: 'forget', feedback: 'feedback', sla: 'sla', review: 'review' } as const;

/** A backfill's lease is named after its window, like its checkpoint: `backfill:<since>:<until|now>`. */
export function backfillLease(checkpoint: string): string {
  return checkpoint;
}

/**
 * Runs fn holding the job's lease (`sync`, `backfill:<window>`, …), renewed by LeaderLease while it
 * runs. A second holder of the same job is told who holds it and stops (exit 2); other jobs run
 * beside it. A lease left by a killed process on this machine is waited out once.
 */
export async function withJobLease<T>(app: App, job: string, command: string, fn: (fence: Fence) => Promise<T>, ttlMs = WRITER_LEASE_MS): Promise<T> {
  const store = await app.store();
  return holdJobLease({ store, clock: app.clock, holder: app.holder(command), job, ttlMs, waitOutDead: () => waitOutDeadWriter(app, job) }, fn);
}

export interface JobLeaseOptions {
  store: StateStore;
  clock: Clock;
  holder: LockHolder;
  job: string;
  ttlMs?: number;
  /** Called once when the lease is held: true when the holder was dead and its lease is now out. */
  waitOutDead?: () => Promise<boolean>;
}

/** withJobLease over a store, for the daemon (which holds its store, not an App per job). */
export async function holdJobLease<T>(opts: JobLeaseOptions, fn: (fence: Fence) => Promise<T>): Promise<T> {
  const lease = new LeaderLease({ store: opts.store, name: opts.job, holder: opts.holder, ttlMs: opts.ttlMs ?? WRITER_LEASE_MS, clock: opts.clock });
  let got = await lease.tryAcquire();
  if (!got && opts.waitOutDead && (await opts.waitOutDead())) got = await lease.tryAcquire();
  const fence = lease.fence();
  if (!got || !fence) {
    const held = lease.heldBy();
    const who = held ? `${held.holder.command} (pid ${held.holder.pid} on ${held.holder.host}, since ${held.acquiredAt}, lease until ${held.expiresAt})` : 'another process';
    throw new HandoffError('LOCKED', `another Handoff process is running the ${opts.job} job: ${who}. Try again when it has finished.`);
  }
  try {
    return await fn(fence);
  } finally {
    await lease.release();
  }
}

/** withJobLease for the jobs named after their command (`sync`, `replay`, `forget`). */
export function withWriterLock<T>(app: App, command: keyof typeof JOB_LEASES, fn: (fence: Fence) => Promise<T>, ttlMs = WRITER_LEASE_MS): Promise<T> {
  return withJobLease(app, JOB_LEASES[command], command, fn, ttlMs);
}
