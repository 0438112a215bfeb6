import { hostname } from 'node:os';
import { HandoffError } from '../../domain/errors.js';
import { systemClock } from '../../ports/clock.js';
import type { Clock } from '../../ports/clock.js';
import { noopLogger } from '../../lib/logger.js';
import type { Logger } from '../../lib/logger.js';
import type { LockHolder } from '../../ports/state.js';
import { isProcessAlive } from '../../lib/process-alive.js';
import type { LeaderLease } from '../lease/leader-lease.js';
import type { LeaseHolderInfo } from '../lease/types.js';

export interface SingleDaemonOptions {
  clock?: Clock;
  logger?: Logger;
  /** Defaults to this machine's hostname and a signal-0 probe. */
  host?: string;
  isProcessAlive?: (pid: number) => boolean;
}

/**
 * SQLite has one writer per file, so a second daemon on it could only ever stand idle: it refuses
 * to start instead, naming the holder (HandoffError 'LOCKED', exit 2). On success the lease is
 * held and the daemon starts as leader. PostgreSQL allows standbys, so this never refuses there.
 *
 * A holder that is a dead process on this machine (a crash, or a container restarted under the
 * same hostname and pid) is waited out until its lease expires, so a supervisor's quick restarts
 * after a crash don't burn through its retry limit on exit 2.
 */
export async function assertSingleDaemonOnSqlite(lease: LeaderLease, options: SingleDaemonOptions = {}): Promise<void> {
  if (lease.dialect !== 'sqlite') return;
  if (await lease.tryAcquire()) return;
  const clock = options.clock ?? systemClock;
  const host = options.host ?? hostname();
  const alive = options.isProcessAlive ?? isProcessAlive;
  const seen = lease.heldBy();
  if (seen && isGone(seen.holder, lease.holder, host, alive)) {
    const waitMs = Date.parse(seen.expiresAt) - clock.now();
    (options.logger ?? noopLogger).warn('the previous lease holder is gone; waiting for its lease to expire', {
      pid: seen.holder.pid,
      expiresAt: seen.expiresAt,
      waitMs,
    });
    // A little past expiry: the store judges `expires_at <= now`, and clocks tick unevenly.
    await clock.sleep(Math.max(0, waitMs) + 50);
    if (await lease.tryAcquire()) return;
  }
  throw refusal(lease.heldBy() ?? seen);
}

function isGone(other: LockHolder, self: LockHolder, host: string, alive: (pid: number) => boolean): boolean {
  if (other.host !== host || other.id === self.id) return false;
  // Our own pid under another holder id is an earlier run of this same container or service.
  return other.pid === self.pid || !alive(other.pid);
}

function refusal(seen: LeaseHolderInfo | undefined): HandoffError {
  const who = seen
    ? `${seen.holder.command} (pid ${seen.holder.pid} on ${seen.holder.host}, since ${seen.acquiredAt}, lease until ${seen.expiresAt})`
    : 'another process';
  return new HandoffError(
    'LOCKED',
    `another Handoff process holds the writer lease on this SQLite database: ${who}. SQLite allows one writer, so only one daemon can run per database file; stop that process first, or use PostgreSQL to run a standby.`,
  );
}
