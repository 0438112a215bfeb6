import type { Clock } from '../../src/ports/clock.js';

/** A clock whose waits pass at once, moving its time, and are remembered in order. */
export function recordingClock(start = 0): Clock & { waits: number[] } {
  let now = start;
  const waits: number[] = [];
  return {
    waits,
    now: () => now,
    sleep: (ms) => {
      waits.push(ms);
      now += ms;
      return Promise.resolve();
    },
  };
}
