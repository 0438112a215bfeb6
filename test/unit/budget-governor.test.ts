import { describe, expect, it } from 'vitest';
import { openStateStore } from '../../src/adapters/state/index.js';
import { SharedGovernor } from '../../src/adapters/budget/governor.js';
import { HUBSPOT_WINDOW_MS, HubSpotGateway } from '../../src/adapters/hubspot/gateway.js';
import type { Clock } from '../../src/ports/clock.js';
import type { BudgetLane } from '../../src/ports/budget.js';
import { noopLogger } from '../../src/lib/logger.js';

/**
 * A clock that moves only when every caller is asleep: then it jumps to the earliest wake-up.
 * Two gateways over one store then interleave exactly as they would in real time, without waiting.
 */
function steppedClock(start: number): Clock & { drive(done: () => boolean): Promise<void> } {
  let now = start;
  const sleepers: { at: number; wake: () => void }[] = [];
  const idle = async (): Promise<void> => {
    for (let i = 0; i < 30; i++) await new Promise<void>((r) => setImmediate(r));
  };
  return {
    now: () => now,
    sleep: (ms) => new Promise<void>((wake) => sleepers.push({ at: now + Math.max(0, ms), wake })),
    async drive(done) {
      for (;;) {
        await idle();
        if (done()) return;
        sleepers.sort((a, b) => a.at - b.at);
        const next = sleepers[0];
        if (!next) throw new Error('nothing left to wake and not done');
        now = Math.max(now, next.at);
        for (const s of sleepers.splice(0).filter((s) => s.at <= now || (sleepers.push(s), false))) s.wake();
      }
    },
  };
}

describe('one API budget shared by two processes, with lanes', () => {
  it('backfill takes only its share and never the live reserve; a live burst is served first; neither passes the limit', async () => {
    const clock = steppedClock(Date.UTC(2026, 10, 2, 10));
    const store = await openStateStore('sqlite::memory:', { clock });
    const shares = { maxShare: 0.5, liveReserve: 0.2 };
    // Professional tier at a 10% share: 19 calls per window; backfill at most 9, and not past 15 in all.
    const gateway = (lane: BudgetLane): HubSpotGateway =>
      new HubSpotGateway({
        baseUrl: 'http://127.0.0.1:9',
        accessToken: 'unused',
        clock,
        logger: noopLogger,
        tier: 'professional',
        rateShare: 0.1,
        searchPerSecond: 4,
        shared: { governor: new SharedGovernor(store.budget, lane, clock), shares },
      });
    const live = gateway('live');
    const backfill = gateway('backfill');
    const calls: { lane: BudgetLane; at: number }[] = [];
    const call = (g: HubSpotGateway, lane: BudgetLane): Promise<unknown> =>
      g.call('list', async () => {
        calls.push({ lane, at: clock.now() });
        return null;
      });
    let backfillDone = false;
    let liveDone = false;
    const runBackfill = (async () => {
      for (let i = 0; i < 60; i++) await call(backfill, 'backfill');
      backfillDone = true;
    })();
    // A live burst of 20 at once, after the backfill has had the first window to itself.
    const runLive = (async () => {
      await clock.sleep(HUBSPOT_WINDOW_MS.general * 2);
      await Promise.all(Array.from({ length: 20 }, () => call(live, 'live')));
      liveDone = true;
    })();
    await clock.drive(() => backfillDone && liveDone);
    await Promise.all([runBackfill, runLive]);

    const W = HUBSPOT_WINDOW_MS.general;
    for (const c of calls) {
      const inWindow = calls.filter((d) => d.at > c.at - W && d.at <= c.at);
      expect(inWindow.length).toBeLessThanOrEqual(19);
      expect(inWindow.filter((d) => d.lane === 'backfill').length).toBeLessThanOrEqual(9);
    }
    // The burst: live took everything backfill left it in its first window (19 - 9 backfill at most).
    const burstStart = Math.min(...calls.filter((c) => c.lane === 'live').map((c) => c.at));
    expect(calls.filter((c) => c.lane === 'live' && c.at < burstStart + W).length).toBeGreaterThanOrEqual(10);
    // Alone, the backfill ran at its cap: 9 per window, so 60 calls in well under 8 windows.
    const firstWindow = calls.filter((c) => c.lane === 'backfill' && c.at < calls[0]!.at + W).length;
    expect(firstWindow).toBe(9);
    expect(await store.budget.usage('hubspot:10s', W)).toEqual(expect.objectContaining({ live: expect.any(Number) }));
    await store.close();
  });
});
