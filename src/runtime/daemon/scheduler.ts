import { isHandoffError } from '../../domain/errors.js';
import { holdClock, systemClock } from '../../ports/clock.js';
import type { Clock } from '../../ports/clock.js';
import type { Logger } from '../../lib/logger.js';
import type { Fence } from '../../ports/state.js';
import { cronSchedule } from './cron.js';
import type { LeaderLease } from '../lease/leader-lease.js';

/** What a cycle reports; the scheduler looks only at `ok` and `errorCode`. */
export interface CycleResult {
  ok: boolean;
  errorCode?: string;
  report?: unknown;
}

export interface CycleContext {
  /** The leader's fence for every store write of this cycle; undefined without a lease. */
  fence: Fence | undefined;
}

/**
 * One cycle. The signal aborts on stop or when leadership is lost: finish or checkpoint the
 * current batch and return (or throw) promptly.
 */
export type RunCycle = (signal: AbortSignal, context: CycleContext) => Promise<CycleResult>;

export type TickOutcome = { ran: true; result: CycleResult } | { ran: false; reason: 'overlap' | 'standby' | 'stopped' };

export interface SchedulerOptions {
  cron: string;
  timeZone: string;
  runCycle: RunCycle;
  /** With a lease only its leader runs cycles; a standby tries to take the lease on every tick. */
  lease?: LeaderLease;
  logger: Logger;
  onCycle?: (result: CycleResult) => void;
  /**
   * The clock the schedule runs on: each next run is computed from the cron expression and waited
   * for with clock.sleep, and each tick holds the clock (a simulated one doesn't move during a cycle).
   * Default systemClock.
   */
  clock?: Clock;
  /** 'manual' waits for nothing: ticks come only from tick() and runNow(). Default 'cron'. */
  trigger?: 'cron' | 'manual';
}

export type SchedulerState = 'idle' | 'running' | 'stopping' | 'stopped';

export interface SchedulerStatus {
  state: SchedulerState;
  cycleRunning: boolean;
  nextRunAt: string | null;
  lastCycle: { ok: boolean; errorCode: string | null; finishedAt: string; durationMs: number } | null;
}

export interface StopOutcome {
  /** False when a cycle was still running at the deadline and was left behind. */
  drained: boolean;
}

export interface Scheduler {
  readonly lease: LeaderLease | undefined;
  start(): Promise<void>;
  /** Stops ticking, aborts the running cycle, waits for it up to the deadline, releases the lease. */
  stop(deadlineMs?: number): Promise<StopOutcome>;
  /** What the cron calls. Never rejects. */
  tick(): Promise<TickOutcome>;
  /** A cycle now, under the same rules as a tick (the first one at startup). */
  runNow(): Promise<TickOutcome>;
  status(): SchedulerStatus;
}

interface InFlight {
  promise: Promise<TickOutcome> | undefined;
  startedAt: number;
}

export const DEFAULT_STOP_DEADLINE_MS = 8_000;

export function createScheduler(opts: SchedulerOptions): Scheduler {
  const schedule = cronSchedule(opts.cron, opts.timeZone);
  const clock = opts.clock ?? systemClock;
  const log = opts.logger.child({ component: 'scheduler' });
  const lease = opts.lease;
  const stopping = new AbortController();
  let state: SchedulerState = 'idle';
  let nextAt: number | null = null;
  let loop: Promise<void> | undefined;
  let inFlight: InFlight | undefined;
  let lastCycle: SchedulerStatus['lastCycle'] = null;
  let stopPromise: Promise<StopOutcome> | undefined;

  async function start(): Promise<void> {
    if (state === 'running') return;
    if (state !== 'idle') throw new Error('the scheduler was stopped; create a new one');
    state = 'running';
    if ((opts.trigger ?? 'cron') === 'cron') {
      nextAt = schedule.next(clock.now());
      loop = runSchedule();
    }
    log.info('scheduler started', { cron: opts.cron, timeZone: opts.timeZone, nextRunAt: nextRunAt() });
  }

  /** Waits on the clock for each run instant and ticks there; overlap is decided (and logged) by tick(). */
  async function runSchedule(): Promise<void> {
    while (state === 'running' && nextAt !== null) {
      const due = nextAt;
      try {
        await clock.sleep(due - clock.now(), stopping.signal);
      } catch {
        return; // stopping
      }
      if (state !== 'running') return;
      void tick();
      // From the later of the instant just served and now: a late wake-up skips missed instants, an early one repeats none.
      nextAt = schedule.next(Math.max(due, clock.now()));
    }
  }

  function tick(): Promise<TickOutcome> {
    if (state !== 'running') return Promise.resolve({ ran: false, reason: 'stopped' });
    if (inFlight) {
      log.warn('previous cycle still running; tick skipped', { runningForMs: Math.round(performance.now() - inFlight.startedAt) });
      return Promise.resolve({ ran: false, reason: 'overlap' });
    }
    // Taken before the cycle starts: a cycle may run synchronously up to its first await.
    const slot: InFlight = { promise: undefined, startedAt: performance.now() };
    inFlight = slot;
    // The clock is held for the whole cycle: simulated time moves only between cycles.
    const promise = holdClock(clock, guarded).finally(() => {
      if (inFlight === slot) inFlight = undefined;
    });
    slot.promise = promise;
    return promise;
  }

  async function guarded(): Promise<TickOutcome> {
    try {
      return await runOnce();
    } catch (error) {
      // Only a bug gets here (runOnce catches cycle errors); the loop must outlive it anyway.
      log.error('tick failed', { error });
      return { ran: false, reason: 'stopped' };
    }
  }

  async function runOnce(): Promise<TickOutcome> {
    if (lease && lease.role !== 'leader') {
      let leader = false;
      try {
        leader = await lease.tryAcquire();
      } catch (error) {
        log.warn('could not check the lease; standing by', { error });
      }
      if (!leader) {
        const held = lease.heldBy();
        log.debug('standing by', held ? { holderPid: held.holder.pid, holderHost: held.holder.host, leaseUntil: held.expiresAt } : {});
        return { ran: false, reason: 'standby' };
      }
    }
    // stop() may have arrived while the lease was being taken.
    if (state !== 'running') return { ran: false, reason: 'stopped' };
    const fence = lease?.fence();
    // Leadership can end between the check above and here; a cycle must never run unfenced then.
    if (lease && !fence) return { ran: false, reason: 'standby' };
    const signal = lease ? AbortSignal.any([stopping.signal, lease.signal]) : stopping.signal;
    const context: CycleContext = { fence };
    const started = performance.now();
    let result: CycleResult;
    try {
      result = await opts.runCycle(signal, context);
    } catch (error) {
      result = { ok: false, errorCode: isHandoffError(error) ? error.code : 'UNKNOWN' };
      log.error('cycle failed', { error, errorCode: result.errorCode });
    }
    const durationMs = Math.round(performance.now() - started);
    lastCycle = { ok: result.ok, errorCode: result.errorCode ?? null, finishedAt: new Date(clock.now()).toISOString(), durationMs };
    log.info('cycle finished', { ok: result.ok, errorCode: result.errorCode, durationMs, aborted: signal.aborted });
    try {
      opts.onCycle?.(result);
    } catch (error) {
      log.error('onCycle handler failed', { error });
    }
    return { ran: true, result };
  }

  function stop(deadlineMs = DEFAULT_STOP_DEADLINE_MS): Promise<StopOutcome> {
    stopPromise ??= doStop(deadlineMs);
    return stopPromise;
  }

  async function doStop(deadlineMs: number): Promise<StopOutcome> {
    state = 'stopping';
    nextAt = null;
    stopping.abort(new Error('Handoff is stopping'));
    await loop;
    const running = inFlight?.promise;
    let drained = true;
    if (running) {
      log.info('waiting for the running cycle to checkpoint', { deadlineMs });
      drained = await finishesWithin(running, deadlineMs);
      // Releasing the lease below also fences off whatever this cycle still tries to write.
      if (!drained) log.warn('cycle still running at the stop deadline; leaving it', { deadlineMs });
    }
    if (lease) await lease.release();
    state = 'stopped';
    log.info('scheduler stopped', { drained });
    return { drained };
  }

  function nextRunAt(): string | null {
    return nextAt === null ? null : new Date(nextAt).toISOString();
  }

  return {
    lease,
    start,
    stop,
    tick,
    runNow: tick,
    status: () => ({ state, cycleRunning: inFlight !== undefined, nextRunAt: nextRunAt(), lastCycle }),
  };
}

async function finishesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), Math.max(0, ms));
  });
  try {
    return await Promise.race([promise.then(() => true as const), deadline]);
  } finally {
    clearTimeout(timer);
  }
}
