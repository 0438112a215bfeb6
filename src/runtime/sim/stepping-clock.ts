import type { Clock } from '../../ports/clock.js';

/**
 * The simulation's clock: it moves only when the simulation steps it, or when a job sleeps (a retry's
 * backoff, a rate-limit wait), which moves it by the sleep at once. Nothing waits on wall time, and a run
 * is the same however fast the machine is.
 */
export class SteppingClock implements Clock {
  constructor(private current: number) {}

  now(): number {
    return this.current;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
    if (ms > 0) this.current += ms;
    return Promise.resolve();
  }

  /** Moves to an instant; never backwards (a sleep may already have passed it). */
  moveTo(ms: number): void {
    this.current = Math.max(this.current, ms);
  }
}
