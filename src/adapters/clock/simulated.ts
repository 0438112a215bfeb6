import { AsyncLocalStorage } from 'node:async_hooks';
import { abortReason } from '../../ports/clock.js';
import type { HoldableClock } from '../../ports/clock.js';

interface Sleeper {
  at: number;
  seq: number;
  hold: Hold | undefined;
  wake: () => void;
}

interface Hold {
  /** Sleeps this job is waiting in: a job that waits for time doesn't hold it still. */
  sleeping: number;
}

/** One turn of the event loop: lets code woken by a sleep run until it holds the clock or waits. */
const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Time that moves only when told (`advance`, `set`). Sleeps end, in order, when simulated time
 * reaches them. Jobs run under `runExclusive`: while one runs (and isn't itself sleeping on this
 * clock) `advance` waits, so time moves only between jobs, never in the middle of one.
 *
 * Code woken by a sleep must reach its next hold or sleep without waiting on I/O in between,
 * or `advance` may move on before it does.
 */
export class SimulatedClock implements HoldableClock {
  private current: number;
  private seq = 0;
  private sleepers: Sleeper[] = [];
  private readonly holds = new Set<Hold>();
  private readonly context = new AsyncLocalStorage<Hold | undefined>();
  private idleWaiters: Array<() => void> = [];
  private moving: Promise<void> = Promise.resolve();

  constructor(startMs: number) {
    if (!Number.isFinite(startMs)) throw new RangeError('a simulated clock starts at a finite instant');
    this.current = startMs;
  }

  now(): number {
    return this.current;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(abortReason(signal));
    if (!(ms > 0)) return Promise.resolve();
    const hold = this.context.getStore();
    return new Promise<void>((resolve, reject) => {
      const sleeper: Sleeper = {
        at: this.current + ms,
        seq: this.seq++,
        hold,
        wake: () => {
          this.forget(sleeper);
          resolve();
        },
      };
      const onAbort = (): void => {
        this.forget(sleeper);
        reject(abortReason(signal as AbortSignal));
      };
      const wake = sleeper.wake;
      sleeper.wake = () => {
        signal?.removeEventListener('abort', onAbort);
        wake();
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.sleepers.push(sleeper);
      if (hold) {
        hold.sleeping++;
        this.notifyIfIdle();
      }
    });
  }

  /** Runs a job holding time still: `advance` and `set` wait until it ends or sleeps on this clock. */
  runExclusive<T>(job: () => Promise<T>): Promise<T> {
    const hold: Hold = { sleeping: 0 };
    this.holds.add(hold);
    const release = (): void => {
      this.holds.delete(hold);
      this.notifyIfIdle();
    };
    let running: Promise<T>;
    try {
      running = this.context.run(hold, job);
    } catch (error) {
      release();
      throw error;
    }
    return running.finally(release);
  }

  detached<T>(fn: () => T): T {
    return this.context.run(undefined, fn);
  }

  /** Jobs running and not waiting for time right now. */
  get busy(): number {
    let n = 0;
    for (const h of this.holds) if (h.sleeping === 0) n++;
    return n;
  }

  /** Sleeps not yet ended. */
  get pending(): number {
    return this.sleepers.length;
  }

  /** Moves time forward by `ms`, waking each sleep at its own instant in turn. */
  advance(ms: number): Promise<void> {
    if (!(ms >= 0)) return Promise.reject(new RangeError(`advance needs a non-negative duration, got ${ms}`));
    return this.serialized(() => this.moveTo(this.current + ms));
  }

  /** Moves time forward to `epochMs` (never back: sleeps already scheduled would be lied to). */
  set(epochMs: number): Promise<void> {
    return this.serialized(() => {
      if (!(epochMs >= this.current)) throw new RangeError(`a simulated clock only moves forward (now ${new Date(this.current).toISOString()})`);
      return this.moveTo(epochMs);
    });
  }

  /** Resolves once no job holds time still. */
  idle(): Promise<void> {
    if (this.busy === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private serialized(move: () => Promise<void>): Promise<void> {
    const next = this.moving.then(move);
    this.moving = next.catch(() => undefined);
    return next;
  }

  private async moveTo(target: number): Promise<void> {
    await this.settle();
    for (;;) {
      const next = this.earliest();
      if (!next || next.at > target) break;
      this.current = Math.max(this.current, next.at);
      next.wake();
      await this.settle();
    }
    this.current = target;
    await this.settle();
  }

  /** Lets woken code run, then waits for running jobs; repeats until nothing moves. */
  private async settle(): Promise<void> {
    do {
      await turn();
      await this.idle();
      await turn();
    } while (this.busy > 0);
  }

  private earliest(): Sleeper | undefined {
    let best: Sleeper | undefined;
    for (const s of this.sleepers) if (!best || s.at < best.at || (s.at === best.at && s.seq < best.seq)) best = s;
    return best;
  }

  private forget(sleeper: Sleeper): void {
    const i = this.sleepers.indexOf(sleeper);
    if (i < 0) return;
    this.sleepers.splice(i, 1);
    if (sleeper.hold) sleeper.hold.sleeping--;
  }

  private notifyIfIdle(): void {
    if (this.busy > 0) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
  }
}
