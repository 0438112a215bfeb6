import { HandoffError } from '../../domain/errors.js';
import { detachFromHold, holdClock, systemClock } from '../../ports/clock.js';
import type { Clock } from '../../ports/clock.js';
import { noopLogger } from '../../lib/logger.js';
import type { Logger } from '../../lib/logger.js';
import type { Dialect, Fence, LockHolder } from '../../ports/state.js';
import type { LeaderLeaseOptions, LeaseHolderInfo, LeaseLost, LeaseRole } from './types.js';

/**
 * The daemon's lease: its holder is the replica that schedules jobs. It fences only the daemon's own
 * housekeeping (retention, the privacy sweep); each job takes its own lease (writer-lock.ts JOB_LEASES).
 */
export const LEADER_LEASE = 'leader';
/** @deprecated the lease every writer once shared; now the daemon's `leader` lease. */
export const WRITER_LEASE = LEADER_LEASE;
export const DEFAULT_LEASE_TTL_MS = 30_000;

interface Term {
  token: number;
  /** Local estimate, never later than the store's own expiry. */
  expiresAt: number;
  /** Aborted when this term of leadership ends; cycles run under its signal. */
  leadership: AbortController;
  /** Stops the renew loop. */
  loopStop: AbortController;
  loop: Promise<void>;
}

/**
 * Leader election over the store's writer lease, and the one renew loop for it: the daemon holds it
 * as leader, one-shot commands for as long as they run. The leader renews in the background; a
 * standby tries again when asked. Safety does not rest on this class: every write carries fence(), which
 * the store checks inside the write's own transaction, so a leader that stalled past its lease
 * can't land anything even before it notices it lost.
 */
export class LeaderLease {
  readonly name: string;
  readonly holder: LockHolder;
  readonly ttlMs: number;
  readonly renewEveryMs: number;
  private readonly store: LeaderLeaseOptions['store'];
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly opts: LeaderLeaseOptions;
  private term: Term | undefined;
  private acquiring: Promise<boolean> | undefined;
  private releasing: Promise<void> | undefined;
  private seenHolder: LeaseHolderInfo | undefined;

  constructor(opts: LeaderLeaseOptions) {
    this.opts = opts;
    this.store = opts.store;
    this.name = opts.name ?? LEADER_LEASE;
    this.holder = opts.holder;
    this.ttlMs = opts.ttlMs ?? DEFAULT_LEASE_TTL_MS;
    this.renewEveryMs = opts.renewEveryMs ?? Math.max(1, Math.floor(this.ttlMs / 3));
    if (!(this.renewEveryMs < this.ttlMs)) throw new RangeError('renewEveryMs must be shorter than ttlMs');
    this.clock = opts.clock ?? systemClock;
    this.logger = (opts.logger ?? noopLogger).child({ component: 'lease', lease: this.name });
  }

  get dialect(): Dialect {
    return this.store.dialect;
  }

  get role(): LeaseRole {
    return this.term ? 'leader' : 'standby';
  }

  /** Aborted when the current leadership ends; already aborted while standing by. */
  get signal(): AbortSignal {
    return this.term?.leadership.signal ?? AbortSignal.abort(new HandoffError('LOCKED', `not the holder of the "${this.name}" lease`));
  }

  /** The fence every store write of the leader must carry; undefined while standing by. */
  fence(): Fence | undefined {
    return this.term ? { name: this.name, token: this.term.token } : undefined;
  }

  /** When standing by: who held the lease at the last attempt. */
  heldBy(): LeaseHolderInfo | undefined {
    return this.term ? undefined : this.seenHolder;
  }

  /** Local estimate of when the lease runs out unless renewed (ms since epoch). */
  expiresAt(): number | undefined {
    return this.term?.expiresAt;
  }

  /** True when we are (or just became) leader. Store errors reject; callers decide how loud to be. */
  tryAcquire(): Promise<boolean> {
    if (this.term) return Promise.resolve(true);
    this.acquiring ??= this.acquire().finally(() => {
      this.acquiring = undefined;
    });
    return this.acquiring;
  }

  /** One renewal now; the loop calls this too. False once the lease is gone. */
  async renew(): Promise<boolean> {
    const term = this.term;
    if (!term) return false;
    await this.renewTerm(term);
    return this.term === term;
  }

  /** Gives the lease up (stops renewing, aborts the leadership signal, clears the holder). */
  release(): Promise<void> {
    this.releasing ??= this.doRelease().finally(() => {
      this.releasing = undefined;
    });
    return this.releasing;
  }

  private async acquire(): Promise<boolean> {
    const got = await this.store.acquireLock(this.name, this.holder, this.ttlMs);
    if (!got.ok) {
      this.seenHolder = { holder: got.heldBy, acquiredAt: got.acquiredAt, expiresAt: got.expiresAt };
      return false;
    }
    this.seenHolder = undefined;
    const loopStop = new AbortController();
    const term: Term = {
      token: got.token,
      expiresAt: Date.parse(got.expiresAt),
      leadership: new AbortController(),
      loopStop,
      loop: Promise.resolve(),
    };
    this.term = term;
    // The loop outlives the cycle that took the lease: it must not count as part of that cycle's hold.
    term.loop = detachFromHold(this.clock, () => this.renewLoop(term));
    this.logger.info('became leader', { token: term.token, expiresAt: got.expiresAt });
    this.notifyRole();
    return true;
  }

  private async renewLoop(term: Term): Promise<void> {
    // At a fixed rate: a renewal kept waiting (a busy store) does not push the next one back.
    let next = this.clock.now() + this.renewEveryMs;
    while (this.term === term) {
      try {
        await this.clock.sleep(Math.max(0, next - this.clock.now()), term.loopStop.signal);
      } catch {
        return; // stopped
      }
      if (this.term !== term) return;
      next = Math.max(next + this.renewEveryMs, this.clock.now());
      // Held: a simulated clock doesn't move on while the renewal is on its way to the store.
      await holdClock(this.clock, () => this.renewTerm(term));
    }
  }

  private async renewTerm(term: Term): Promise<void> {
    const started = this.clock.now();
    let ok: boolean;
    try {
      ok = await this.store.renewLock(this.name, term.token, this.ttlMs);
    } catch (error) {
      if (this.term !== term) return;
      // A blip is tolerated while the lease safely outlives the next attempt. Past that another
      // process may be taking over, so stop acting as leader rather than waste a cycle's work.
      if (this.clock.now() + this.renewEveryMs < term.expiresAt) {
        this.logger.warn('lease renewal failed; will retry', { token: term.token, error });
        return;
      }
      this.lose(term, { token: term.token, reason: 'error', error });
      return;
    }
    if (this.term !== term) return;
    if (ok) term.expiresAt = Math.max(term.expiresAt, started + this.ttlMs);
    else this.lose(term, { token: term.token, reason: 'refused' });
  }

  private lose(term: Term, lost: LeaseLost): void {
    this.term = undefined;
    term.loopStop.abort();
    const why = lost.reason === 'refused' ? 'another holder took it over' : 'the store could not be reached to renew it';
    term.leadership.abort(new HandoffError('LOCKED', `lost the "${this.name}" lease (token ${term.token}): ${why}`));
    this.logger.warn('lost leadership', { token: term.token, reason: lost.reason, error: lost.error });
    this.notifyRole();
    try {
      this.opts.onLost?.(lost);
    } catch (error) {
      this.logger.error('onLost handler failed', { error });
    }
  }

  private async doRelease(): Promise<void> {
    // An acquisition in flight could otherwise grant us a lease nobody would ever release.
    await this.acquiring?.catch(() => false);
    const term = this.term;
    if (!term) return;
    this.term = undefined;
    term.loopStop.abort();
    term.leadership.abort(new HandoffError('LOCKED', `released the "${this.name}" lease`));
    await term.loop;
    try {
      await this.store.releaseLock(this.name, term.token);
      this.logger.info('released leadership', { token: term.token });
    } catch (error) {
      this.logger.warn('could not release the lease; it will expire on its own', { token: term.token, error });
    }
    this.notifyRole();
  }

  private notifyRole(): void {
    try {
      this.opts.onRoleChange?.(this.role, this.fence());
    } catch (error) {
      this.logger.error('onRoleChange handler failed', { error });
    }
  }
}
