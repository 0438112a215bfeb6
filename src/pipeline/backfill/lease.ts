import { hostname } from 'node:os';
import type { App } from '../../app.js';
import { isProcessAlive } from '../../daemon/single-daemon.js';

/** A backfill's writer lease: renewed every 5 s, so a killed backfill's lease frees within 15 s. */
export const BACKFILL_LEASE_MS = 15_000;

/**
 * When the writer lease is held by a process on this machine that no longer exists (a backfill
 * killed mid-way), waits until its lease expires and returns true, so rerunning after a crash just
 * works. A live holder, or one on another machine, is not waited for: false.
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
