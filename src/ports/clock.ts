/**
 * Time as a dependency (a port). Backoff, rate-limit waits, daily pauses, leases and the daemon's
 * schedule read and wait through a Clock. Implementations: `systemClock` (the real one),
 * `SimulatedClock` (moves only when told) and `RemoteClock` (follows a clock served over HTTP,
 * such as the sandbox's, when HANDOFF_CLOCK_URL is set).
 */
export interface Clock {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/**
 * A clock that jobs can hold still: while a job runs under `runExclusive`, time is not moved by
 * anyone else (a simulated clock's `advance` waits for it). Sleeps inside the job still end when
 * the time they wait for comes.
 */
export interface HoldableClock extends Clock {
  runExclusive<T>(job: () => Promise<T>): Promise<T>;
  /** Runs `fn` outside the caller's hold: for background loops a job starts but that outlive it. */
  detached<T>(fn: () => T): T;
}

function isHoldable(clock: Clock): clock is HoldableClock {
  return typeof (clock as Partial<HoldableClock>).runExclusive === 'function';
}

/** Runs a job holding the clock still when the clock supports it; otherwise just runs it. */
export function holdClock<T>(clock: Clock, job: () => Promise<T>): Promise<T> {
  return isHoldable(clock) ? clock.runExclusive(job) : job();
}

/** Starts a background loop outside any hold the caller is in (see HoldableClock.detached). */
export function detachFromHold<T>(clock: Clock, fn: () => T): T {
  return isHoldable(clock) ? clock.detached(fn) : fn();
}

/** A promise rejected with the signal's reason; an abort without one gets a plain Error. */
export function abortReason(signal: AbortSignal): Error {
  return signal.reason instanceof Error ? signal.reason : new Error('aborted');
}

/** setTimeout's longest delay (about 24.8 days); a longer one would fire at once. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(signal.reason as Error);
        return;
      }
      // A wait past the timer's limit (a yearly cron) goes on in steps until the deadline.
      const deadline = Date.now() + Math.max(0, ms);
      let timer: NodeJS.Timeout;
      const arm = (): void => {
        timer = setTimeout(() => {
          if (Date.now() < deadline) {
            arm();
            return;
          }
          signal?.removeEventListener('abort', onAbort);
          resolve();
        }, Math.min(MAX_TIMER_MS, Math.max(0, deadline - Date.now())));
      };
      const onAbort = (): void => {
        clearTimeout(timer);
        reject(signal?.reason as Error);
      };
      arm();
      signal?.addEventListener('abort', onAbort, { once: true });
    }),
};
