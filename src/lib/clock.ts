/**
 * Time as a dependency. Backoff, rate-limit waits and daily pauses sleep through a Clock, so tests
 * can run waits measured in minutes or days in milliseconds (with the sandbox's clock moved to match).
 */
export interface Clock {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(signal.reason as Error);
        return;
      }
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, Math.max(0, ms));
      const onAbort = (): void => {
        clearTimeout(timer);
        reject(signal?.reason as Error);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
    }),
};

/**
 * A clock whose sleeps finish at once while its `now` moves forward by the time slept.
 * `onAdvance` lets a test move another clock (the sandbox's) in step.
 */
export function virtualClock(start = Date.now(), onAdvance?: (ms: number) => void | Promise<void>): Clock & { slept: number } {
  let offset = 0;
  const clock = {
    slept: 0,
    now: () => start + offset + (Date.now() - realStart),
    sleep: async (ms: number) => {
      const step = Math.max(0, ms);
      offset += step;
      clock.slept += step;
      await onAdvance?.(step);
      await new Promise<void>((r) => setImmediate(r));
    },
  };
  const realStart = Date.now();
  return clock;
}
