import { afterEach, describe, expect, it, vi } from 'vitest';
import { systemClock } from '../../src/ports/clock.js';

afterEach(() => {
  vi.useRealTimers();
});

describe('systemClock.sleep', () => {
  it('waits longer than a timer can (a yearly cron) without waking early', async () => {
    vi.useFakeTimers();
    const DAY = 86_400_000;
    let done = false;
    const sleeping = systemClock.sleep(30 * DAY).then(() => void (done = true));
    await vi.advanceTimersByTimeAsync(2 ** 31);
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(30 * DAY - 2 ** 31 - 1);
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await sleeping;
    expect(done).toBe(true);
  });

  it('stops waiting when its signal aborts', async () => {
    vi.useFakeTimers();
    const ac = new AbortController();
    const sleeping = systemClock.sleep(40 * 86_400_000, ac.signal);
    await vi.advanceTimersByTimeAsync(2 ** 31);
    ac.abort(new Error('stop'));
    await expect(sleeping).rejects.toThrow('stop');
  });
});
