import { EventEmitter } from 'node:events';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createScheduler } from '../../src/runtime/daemon/scheduler.js';
import type { CycleResult, RunCycle, Scheduler, SchedulerOptions } from '../../src/runtime/daemon/scheduler.js';
import { runDaemon } from '../../src/runtime/daemon/run-daemon.js';
import type { SignalSource } from '../../src/runtime/daemon/run-daemon.js';
import { daemonReadiness } from '../../src/runtime/daemon/readiness.js';
import { ConfigError, HandoffError } from '../../src/domain/errors.js';
import type { Logger, LogMeta } from '../../src/lib/logger.js';

interface Line {
  level: string;
  message: string;
  meta: LogMeta | undefined;
}

function memoryLogger(lines: Line[] = []): Logger & { lines: Line[] } {
  const at =
    (level: string) =>
    (message: string, meta?: LogMeta): void => {
      lines.push({ level, message, meta });
    };
  const logger = { lines, error: at('error'), warn: at('warn'), info: at('info'), debug: at('debug'), child: () => logger };
  return logger;
}

function deferred<T = void>(): { promise: Promise<T>; resolve: (v: T) => void } {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

const schedulers: Scheduler[] = [];
function scheduler(runCycle: RunCycle, over: Partial<SchedulerOptions> = {}): Scheduler {
  const s = createScheduler({ cron: '*/5 * * * *', timeZone: 'UTC', runCycle, logger: memoryLogger(), trigger: 'manual', ...over });
  schedulers.push(s);
  return s;
}

afterEach(async () => {
  for (const s of schedulers.splice(0)) await s.stop(100);
});

describe('scheduler', () => {
  it('never overlaps: ticks during a running cycle are skipped and logged', async () => {
    const gate = deferred();
    let calls = 0;
    const logger = memoryLogger();
    const s = scheduler(
      async () => {
        calls++;
        await gate.promise;
        return { ok: true };
      },
      { logger },
    );
    await s.start();
    const first = s.tick();
    const skipped = await Promise.all([s.tick(), s.tick(), s.runNow()]);
    expect(skipped).toEqual([0, 1, 2].map(() => ({ ran: false, reason: 'overlap' })));
    expect(calls).toBe(1);
    expect(s.status().cycleRunning).toBe(true);
    expect(logger.lines.filter((l) => l.message.includes('tick skipped'))).toHaveLength(3);
    gate.resolve();
    expect(await first).toEqual({ ran: true, result: { ok: true } });
    expect(await s.tick()).toMatchObject({ ran: true });
    expect(calls).toBe(2);
  });

  it('counts a cycle that is synchronous up to its first await as running', async () => {
    let nested: Promise<unknown> | undefined;
    const s: Scheduler = scheduler(async () => {
      nested = s.tick();
      return { ok: true };
    });
    await s.start();
    await s.tick();
    expect(await nested).toEqual({ ran: false, reason: 'overlap' });
  });

  it('errors in the cycle or in onCycle never kill the loop', async () => {
    const results: CycleResult[] = [];
    const script: Array<() => Promise<CycleResult>> = [
      () => Promise.reject(new Error('boom')),
      () => Promise.reject(new HandoffError('NETWORK', 'socket hang up')),
      () => Promise.resolve({ ok: false, errorCode: 'DAILY_LIMIT', report: { n: 1 } }),
      () => Promise.resolve({ ok: true }),
    ];
    let i = 0;
    const logger = memoryLogger();
    const s = scheduler(() => script[i++]!(), {
      logger,
      onCycle: (r) => {
        results.push(r);
        throw new Error('handler bug');
      },
    });
    await s.start();
    for (let n = 0; n < script.length; n++) expect(await s.tick()).toMatchObject({ ran: true });
    expect(results).toEqual([
      { ok: false, errorCode: 'UNKNOWN' },
      { ok: false, errorCode: 'NETWORK' },
      { ok: false, errorCode: 'DAILY_LIMIT', report: { n: 1 } },
      { ok: true },
    ]);
    expect(logger.lines.filter((l) => l.message === 'cycle failed')).toHaveLength(2);
    expect(logger.lines.filter((l) => l.message === 'onCycle handler failed')).toHaveLength(4);
    expect(s.status()).toMatchObject({ state: 'running', lastCycle: { ok: true, errorCode: null } });
  });

  it('stop aborts the cycle signal and waits for it to checkpoint', async () => {
    let seen: AbortSignal | undefined;
    let checkpointed = false;
    const s = scheduler(async (signal) => {
      seen = signal;
      await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
      await sleep(150); // the batch in hand is committed before returning
      checkpointed = true;
      return { ok: false, errorCode: 'ABORTED' };
    });
    await s.start();
    const cycle = s.tick();
    await vi.waitFor(() => expect(seen).toBeDefined());
    const t0 = performance.now();
    const stopping = s.stop(5_000);
    expect(s.stop(1)).toBe(stopping); // idempotent: the in-flight stop
    expect(seen?.aborted).toBe(true);
    expect(await stopping).toEqual({ drained: true });
    expect(checkpointed).toBe(true);
    expect(performance.now() - t0).toBeLessThan(3_000);
    expect(await cycle).toMatchObject({ ran: true, result: { ok: false } });
    expect(s.status().state).toBe('stopped');
    expect(await s.tick()).toEqual({ ran: false, reason: 'stopped' });
    await expect(s.start()).rejects.toThrow(/stopped/);
  });

  it('stop gives up on a cycle that ignores the signal at the deadline', async () => {
    const never = deferred<CycleResult>();
    const logger = memoryLogger();
    const s = scheduler(() => never.promise, { logger });
    await s.start();
    void s.tick();
    const t0 = performance.now();
    expect(await s.stop(300)).toEqual({ drained: false });
    const took = performance.now() - t0;
    expect(took).toBeGreaterThanOrEqual(250);
    expect(took).toBeLessThan(3_000);
    expect(logger.lines.some((l) => l.level === 'warn' && l.message.includes('stop deadline'))).toBe(true);
    never.resolve({ ok: true });
  });

  it('refuses an invalid cron expression or time zone with a config error', () => {
    const run: RunCycle = () => Promise.resolve({ ok: true });
    expect(() => createScheduler({ cron: 'every 5 minutes', timeZone: 'UTC', runCycle: run, logger: memoryLogger() })).toThrow(ConfigError);
    try {
      createScheduler({ cron: '61 * * * *', timeZone: 'Mars/Olympus', runCycle: run, logger: memoryLogger() });
      expect.unreachable();
    } catch (err) {
      expect((err as ConfigError).problems).toEqual([
        expect.stringContaining('schedule.cron: "61 * * * *"'),
        expect.stringContaining('schedule.timeZone: "Mars/Olympus"'),
      ]);
    }
  });

  it('drives cycles on the system clock in the configured time zone without overlapping', async () => {
    let running = 0;
    let maxRunning = 0;
    let cycles = 0;
    const logger = memoryLogger();
    // Every second (the six-field form); each cycle outlasts the next tick.
    const s = scheduler(
      async () => {
        running++;
        maxRunning = Math.max(maxRunning, running);
        cycles++;
        await sleep(2_200);
        running--;
        return { ok: true };
      },
      { cron: '* * * * * *', timeZone: 'Europe/Berlin', trigger: 'cron', logger },
    );
    await s.start();
    expect(s.status().nextRunAt).not.toBeNull();
    await vi.waitFor(() => expect(cycles).toBeGreaterThanOrEqual(1), { timeout: 5_000 });
    await vi.waitFor(() => expect(logger.lines.some((l) => l.message.includes('tick skipped'))).toBe(true), { timeout: 5_000 });
    expect(await s.stop(5_000)).toEqual({ drained: true });
    expect(maxRunning).toBe(1);
    const after = cycles;
    await sleep(1_200);
    expect(cycles).toBe(after); // no tick fires after stop
  });

  it('reports role "single" and readiness without a lease', async () => {
    const s = scheduler(() => Promise.resolve({ ok: true }));
    expect(daemonReadiness(s)).toMatchObject({ role: 'single', checks: { scheduler: { ok: false, detail: 'idle' } } });
    await s.start();
    expect(daemonReadiness(s)).toMatchObject({ role: 'single', checks: { scheduler: { ok: true } } });
    await s.stop();
    expect(daemonReadiness(s).checks.scheduler.ok).toBe(false);
  });
});

describe('runDaemon', () => {
  function harness(runCycle: RunCycle) {
    const order: string[] = [];
    const signals = new EventEmitter();
    const s = scheduler(runCycle);
    const stop = s.stop.bind(s);
    const wrapped: Scheduler = {
      ...s,
      lease: s.lease,
      stop: async (deadline) => {
        order.push(`scheduler.stop(${deadline})`);
        return stop(deadline);
      },
    };
    const opts = {
      scheduler: wrapped,
      httpServer: { stop: async () => void order.push('http.stop') },
      store: { close: async () => void order.push('store.close') },
      logger: memoryLogger(),
      deadlineMs: 2_000,
      signals: signals as unknown as SignalSource,
    };
    return { order, signals, opts, scheduler: s };
  }

  it('runs a first cycle at once and stops gracefully on SIGTERM with exit code 0', async () => {
    let cycles = 0;
    let aborted = false;
    const h = harness(async (signal) => {
      cycles++;
      await new Promise<void>((r) => signal.addEventListener('abort', () => r(), { once: true }));
      aborted = true;
      return { ok: true };
    });
    const code = runDaemon(h.opts);
    await vi.waitFor(() => expect(cycles).toBe(1));
    expect(h.signals.listenerCount('SIGTERM')).toBe(1);
    expect(h.signals.listenerCount('SIGINT')).toBe(1);
    h.signals.emit('SIGTERM');
    expect(await code).toBe(0);
    expect(aborted).toBe(true);
    expect(h.order).toEqual(['scheduler.stop(2000)', 'http.stop', 'store.close']);
    expect(h.signals.listenerCount('SIGTERM')).toBe(0);
    expect(h.signals.listenerCount('SIGINT')).toBe(0);
  });

  it('a second signal stops waiting and exits 1', async () => {
    const never = deferred<CycleResult>();
    let started = false;
    const h = harness(() => {
      started = true;
      return never.promise;
    });
    const code = runDaemon({ ...h.opts, deadlineMs: 30_000 });
    await vi.waitFor(() => expect(started).toBe(true));
    h.signals.emit('SIGINT');
    await sleep(50);
    h.signals.emit('SIGINT');
    expect(await code).toBe(1);
    never.resolve({ ok: true });
  });
});
