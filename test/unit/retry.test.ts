import { describe, expect, it } from 'vitest';
import { HandoffError } from '../../src/domain/errors.js';
import { virtualClock } from '../helpers/virtual-clock.js';
import { WindowLimiter } from '../../src/lib/rate-limiter.js';
import { backoffMs, withRetry } from '../../src/lib/retry.js';

const mapError = (err: unknown) => (err instanceof HandoffError ? err : new HandoffError('UNKNOWN', String(err)));

describe('withRetry', () => {
  it('retries transient errors with growing waits on the injected clock, then succeeds', async () => {
    const clock = virtualClock(0);
    let calls = 0;
    const waits: number[] = [];
    const result = await withRetry(
      async () => {
        calls += 1;
        if (calls < 4) throw new HandoffError('SERVER_ERROR', 'boom');
        return 'ok';
      },
      { clock, mapError, baseDelayMs: 1_000, maxDelayMs: 60_000, onRetry: ({ waitMs }) => waits.push(waitMs) },
    );
    expect(result).toBe('ok');
    expect(calls).toBe(4);
    expect(waits).toHaveLength(3);
    expect(waits[0]).toBeGreaterThanOrEqual(500);
    expect(waits[0]).toBeLessThanOrEqual(1_000);
    expect(waits[2]).toBeGreaterThanOrEqual(2_000);
    expect(clock.slept).toBe(waits.reduce((a, b) => a + b, 0));
  });

  it('waits exactly what the server asked for', async () => {
    const clock = virtualClock(0);
    let calls = 0;
    await withRetry(
      async () => {
        calls += 1;
        if (calls === 1) throw new HandoffError('RATE_LIMITED', '429', { retryAfterMs: 10_000 });
        return 1;
      },
      { clock, mapError },
    );
    expect(clock.slept).toBe(10_000);
  });

  it('does not retry permanent or stopping errors', async () => {
    const clock = virtualClock(0);
    let calls = 0;
    await expect(
      withRetry(
        async () => {
          calls += 1;
          throw new HandoffError('DAILY_LIMIT', 'daily');
        },
        { clock, mapError },
      ),
    ).rejects.toMatchObject({ code: 'DAILY_LIMIT' });
    expect(calls).toBe(1);
    expect(clock.slept).toBe(0);
  });

  it('gives up after the configured retries with the last error', async () => {
    const clock = virtualClock(0);
    let calls = 0;
    await expect(
      withRetry(
        async () => {
          calls += 1;
          throw new HandoffError('NETWORK', `reset ${calls}`);
        },
        { clock, mapError, retries: 2 },
      ),
    ).rejects.toMatchObject({ code: 'NETWORK', message: 'reset 3' });
    expect(calls).toBe(3);
  });

  it('caps backoff and spreads it with jitter', () => {
    expect(backoffMs(1, 1_000, 60_000, () => 0)).toBe(500);
    expect(backoffMs(1, 1_000, 60_000, () => 1)).toBe(1_000);
    expect(backoffMs(10, 1_000, 60_000, () => 1)).toBe(60_000);
  });
});

describe('WindowLimiter', () => {
  it('never admits more than the limit in any window', async () => {
    const clock = virtualClock(0);
    const limiter = new WindowLimiter(10, 10_000, clock);
    const starts: number[] = [];
    for (let i = 0; i < 35; i++) {
      await limiter.acquire();
      starts.push(clock.now());
    }
    for (let i = 0; i < starts.length; i++) {
      const inWindow = starts.filter((t) => t > (starts[i] ?? 0) - 10_000 && t <= (starts[i] ?? 0)).length;
      expect(inWindow).toBeLessThanOrEqual(10);
    }
    // 35 calls at 10 per 10 s need at least three full waits.
    expect((starts.at(-1) ?? 0) - (starts[0] ?? 0)).toBeGreaterThanOrEqual(30_000);
  });
});
