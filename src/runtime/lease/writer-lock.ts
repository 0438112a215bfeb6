import { hostname } from 'node:os';
import type { App } from '../app.js';
import { HandoffError } from '../../domain/errors.js';
import { isProcessAlive } from '../../lib/process-alive.js';
import type { Fence } from '../../ports/state.js';
import { LeaderLease, WRITER_LEASE } from './leader-lease.js';

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
 * One writer at a time: sync, backfill, replay and the daemon take the same lease. A second one
 * is told who holds it and stops (exit 2). The lease is renewed (by LeaderLease) while the work runs.
 */
export async function withWriterLock<T>(app: App, command: string, fn: (fence: Fence) => Promise<T>, ttlMs = WRITER_LEASE_MS): Promise<T> {
  const store = await app.store();
  const lease = new LeaderLease({ store, holder: app.holder(command), ttlMs, clock: app.clock });
  let got = await lease.tryAcquire();
  // A lease left by a killed process on this machine is waited out once, so a rerun after a crash just works.
  if (!got && (await waitOutDeadWriter(app, WRITER_LEASE))) got = await lease.tryAcquire();
  const fence = lease.fence();
  if (!got || !fence) {
    const held = lease.heldBy();
    const who = held ? `${held.holder.command} (pid ${held.holder.pid} on ${held.holder.host}, since ${held.acquiredAt}, lease until ${held.expiresAt})` : 'another process';
    throw new HandoffError('LOCKED', `another Handoff process is writing: ${who}. Try again when it has finished.`);
  }
  try {
    return await fn(fence);
  } finally {
    await lease.release();
  }
}
