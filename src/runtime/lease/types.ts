import type { Clock } from '../../ports/clock.js';
import type { Logger } from '../../lib/logger.js';
import type { Fence, LockHolder, StateStore } from '../../ports/state.js';

export type LeaseRole = 'leader' | 'standby';
/** A daemon's role; 'single' on SQLite, where no standby can exist. */
export type DaemonRole = LeaseRole | 'single';

export interface LeaseLost {
  token: number;
  /** 'refused': another holder took over (or the lease was released under us); 'error': the store stayed unreachable. */
  reason: 'refused' | 'error';
  error?: unknown;
}

/** Who holds the lease when we don't, as last seen by tryAcquire. */
export interface LeaseHolderInfo {
  holder: LockHolder;
  acquiredAt: string;
  expiresAt: string;
}

export interface LeaderLeaseOptions {
  store: Pick<StateStore, 'dialect' | 'acquireLock' | 'renewLock' | 'releaseLock'>;
  name?: string;
  holder: LockHolder;
  ttlMs?: number;
  /** Default ttlMs / 3: two renewals can fail before the lease runs out. */
  renewEveryMs?: number;
  clock?: Clock;
  logger?: Logger;
  onLost?: (lost: LeaseLost) => void;
  onRoleChange?: (role: LeaseRole, fence: Fence | undefined) => void;
}
