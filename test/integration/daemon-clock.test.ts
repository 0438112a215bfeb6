import { afterEach, describe, expect, it } from 'vitest';
import { createScheduler } from '../../src/runtime/daemon/scheduler.js';
import type { RunCycle, Scheduler, SchedulerOptions } from '../../src/runtime/daemon/scheduler.js';
import { holdClock } from '../../src/ports/clock.js';
import { noopLogger } from '../../src/lib/logger.js';
import { SimulatedClock } from '../../src/adapters/clock/simulated.js';

const MINUTE = 60_000;
const T0 = Date.parse('2030-03-04T09:00:00.000Z');

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

/** Event-loop turns (no wall-clock time): enough for anything that is not waiting on something. */
async function turns(n = 20): Promise<void> {
  for (let i = 0; i < n; i++) await new Promise<void>((r) => setImmediate(r));
}

const schedulers: Scheduler[] = [];
function scheduler(clock: SimulatedClock, runCycle: RunCycle, over: Partial<SchedulerOptions> = {}): Scheduler {
  const s = createScheduler({ cron: '*/5 * * * *', timeZone: 'UTC', runCycle, logger: noopLogger, clock, ...over });
  schedulers.push(s);
  return s;
}

afterEach(async () => {
  for (const s of schedulers.splice(0)) await s.stop(1_000);
});

describe('SimulatedClock', () => {
  it('moves only when told and ends each sleep at its own instant, in order', async () => {
    const clock = new SimulatedClock(T0);
    const woke: Array<[string, number]> = [];
    const sleeper = (name: string, ms: number) => clock.sleep(ms).then(() => void woke.push([name, clock.now()]));
    const all = Promise.all([sleeper('b', 3 * MINUTE), sleeper('a', MINUTE), sleeper('c', 10 * MINUTE)]);
    await turns();
    expect(clock.now()).toBe(T0);
    expect(woke).toEqual([]);
    await clock.advance(5 * MINUTE);
    expect(clock.now()).toBe(T0 + 5 * MINUTE);
    expect(woke).toEqual([
      ['a', T0 + MINUTE],
      ['b', T0 + 3 * MINUTE],
    ]);
    await clock.set(T0 + 10 * MINUTE);
    await all;
    expect(woke.at(-1)).toEqual(['c', T0 + 10 * MINUTE]);
    await expect(clock.set(T0)).rejects.toThrow(RangeError);
  });

  it('a sleep aborts with the signal and is forgotten', async () => {
    const clock = new SimulatedClock(T0);
    const ac = new AbortController();
    const sleeping = clock.sleep(MINUTE, ac.signal);
    expect(clock.pending).toBe(1);
    ac.abort(new Error('stop'));
    await expect(sleeping).rejects.toThrow('stop');
    expect(clock.pending).toBe(0);
  });

  it('advance waits for a job holding the clock, and time stands still meanwhile', async () => {
    const clock = new SimulatedClock(T0);
    const gate = deferred();
    let startedAt: number | undefined;
    const job = clock.sleep(MINUTE).then(() =>
      holdClock(clock, async () => {
        startedAt = clock.now();
        await gate.promise; // I/O the clock knows nothing about
        return clock.now();
      }),
    );
    let advanced = false;
    const advancing = clock.advance(3 * MINUTE).then(() => {
      advanced = true;
    });
    await turns(50);
    expect(startedAt).toBe(T0 + MINUTE);
    expect(clock.busy).toBe(1);
    expect(advanced).toBe(false);
    expect(clock.now()).toBe(T0 + MINUTE);
    gate.resolve();
    expect(await job).toBe(T0 + MINUTE);
    await advancing;
    expect(clock.now()).toBe(T0 + 3 * MINUTE);
  });

  it('a job that sleeps on the clock lets time move to its wake-up', async () => {
    const clock = new SimulatedClock(T0);
    const job = holdClock(clock, async () => {
      await clock.sleep(2 * MINUTE); // a backoff inside the job
      return clock.now();
    });
    await clock.advance(5 * MINUTE);
    expect(await job).toBe(T0 + 2 * MINUTE);
    expect(clock.now()).toBe(T0 + 5 * MINUTE);
  });
});

describe('scheduler on a simulated clock', () => {
  it('advancing N intervals runs exactly N cycles, at the scheduled instants', async () => {
    const clock = new SimulatedClock(T0 + 30_000); // half a minute past a run instant
    const ranAt: number[] = [];
    const s = scheduler(clock, async () => {
      ranAt.push(clock.now());
      await new Promise<void>((r) => setImmediate(r)); // a cycle does I/O
      return { ok: true };
    });
    await s.start();
    expect(s.status().nextRunAt).toBe(new Date(T0 + 5 * MINUTE).toISOString());
    await clock.advance(4 * 5 * MINUTE);
    expect(ranAt).toEqual([1, 2, 3, 4].map((k) => T0 + k * 5 * MINUTE));
    expect(s.status()).toMatchObject({ cycleRunning: false, nextRunAt: new Date(T0 + 25 * MINUTE).toISOString() });
    expect(s.status().lastCycle?.finishedAt).toBe(new Date(T0 + 20 * MINUTE).toISOString());
    await clock.advance(4 * MINUTE);
    expect(ranAt).toHaveLength(4);
  });

  it('follows the time zone of the schedule', async () => {
    // 09:00 on weekdays in Berlin is 08:00 UTC in March (CET).
    const clock = new SimulatedClock(Date.parse('2030-03-01T12:00:00.000Z')); // a Friday
    const ranAt: string[] = [];
    const s = scheduler(clock, () => Promise.resolve({ ok: ranAt.push(new Date(clock.now()).toISOString()) > 0 }), {
      cron: '0 9 * * 1-5',
      timeZone: 'Europe/Berlin',
    });
    await s.start();
    await clock.advance(3 * 24 * 60 * MINUTE); // to Monday noon: the weekend has no run
    expect(ranAt).toEqual(['2030-03-04T08:00:00.000Z']);
  });

  it('never overlaps: a cycle longer than the interval makes the next tick skip', async () => {
    const clock = new SimulatedClock(T0);
    let running = 0;
    let maxRunning = 0;
    const spans: Array<[number, number]> = [];
    const outcomes: string[] = [];
    const s = scheduler(
      clock,
      async () => {
        running++;
        maxRunning = Math.max(maxRunning, running);
        const start = clock.now();
        await clock.sleep(7 * MINUTE); // e.g. a rate-limit wait inside the cycle
        spans.push([start, clock.now()]);
        running--;
        return { ok: true };
      },
      { onCycle: () => void outcomes.push('ran') },
    );
    await s.start();
    await clock.advance(15 * MINUTE);
    // Runs at 5 (until 12); the tick at 10 is skipped; runs at 15 (sleeping until 22).
    expect(spans).toEqual([[T0 + 5 * MINUTE, T0 + 12 * MINUTE]]);
    expect(running).toBe(1);
    await clock.advance(7 * MINUTE);
    expect(spans).toEqual([
      [T0 + 5 * MINUTE, T0 + 12 * MINUTE],
      [T0 + 15 * MINUTE, T0 + 22 * MINUTE],
    ]);
    expect(maxRunning).toBe(1);
    expect(outcomes).toEqual(['ran', 'ran']);
  });

  it('stop ends the wait for the next run; no tick after it', async () => {
    const clock = new SimulatedClock(T0);
    let cycles = 0;
    const s = scheduler(clock, () => Promise.resolve({ ok: ++cycles > 0 }));
    await s.start();
    expect(clock.pending).toBe(1);
    expect(await s.stop()).toEqual({ drained: true });
    expect(clock.pending).toBe(0);
    expect(s.status().nextRunAt).toBeNull();
    await clock.advance(30 * MINUTE);
    expect(cycles).toBe(0);
  });
});
