import type { Clock } from '../../src/ports/clock.js';

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
