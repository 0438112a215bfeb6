import { describe, expect, it } from 'vitest';
import { parseBackfillWindow, runBackfill } from '../../../src/jobs/backfill/backfill.js';
import { readBackfillControl, setBackfillControl } from '../../../src/jobs/backfill/control.js';
import { estimateBackfill } from '../../../src/jobs/backfill/estimate.js';
import { backfillStatuses } from '../../../src/jobs/backfill/status.js';
import type { Fence } from '../../../src/ports/state.js';
import { fakeDeps, meeting, rawContact } from '../../helpers/fake-ports.js';
import type { FakeDeps } from '../../helpers/fake-ports.js';

const NOW = '2026-11-02T10:00:00.000Z';

/** 250 contacts created in September (3 list pages), every fifth one qualified. */
async function portal(): Promise<FakeDeps> {
  const deps = await fakeDeps({ now: NOW });
  for (let i = 1; i <= 250; i++) {
    const id = String(1000 + i);
    deps.hubspot.put(rawContact(id, { createdAt: '2026-09-10T00:00:00.000Z', updatedAt: '2026-09-10T00:00:00.000Z' }));
    if (i % 5 === 0) deps.hubspot.addActivity(meeting(id, 1)).addActivity(meeting(id, 2));
  }
  return deps;
}

async function lease(deps: FakeDeps, name: string): Promise<Fence> {
  const got = await deps.state.acquireLock(name, { id: name, pid: 1, host: 'test', command: 'backfill' }, 3_600_000);
  if (!got.ok) throw new Error('no lease');
  return { name, token: got.token };
}

describe('backfill controls, estimate and status', () => {
  it('estimates from two counts; status shows progress, calls and the estimate; a cancel stops after the chunk and a rerun goes on', async () => {
    const deps = await portal();
    const window = parseBackfillWindow('2026-09-01', '2026-09-30', deps.clock.now());
    const estimate = await estimateBackfill(deps, window, { until: window.until ?? 0, callsPer10s: 47 });
    expect(estimate).toMatchObject({ toScan: 250, inWindow: 250, hubspotCalls: 3 + 3 * 8, callsPer10s: 47 });
    const fence = await lease(deps, window.checkpoint);
    let chunks = 0;
    const first = await runBackfill(deps, {
      window,
      fence,
      estimate,
      pagesPerChunk: 1,
      onProgress: (p) => {
        // Cancelled from another process while the first chunk runs.
        if (p.pages === 1 && chunks++ === 0) void setBackfillControl(deps.state, window.checkpoint, 'cancelled', NOW);
      },
    });
    expect(first.cancelled).toBe(true);
    expect(first.checkpoint).toMatchObject({ done: false, pages: 1, scanned: 100 });
    const [stopped] = await backfillStatuses(deps.state, deps.clock.now());
    expect(stopped).toMatchObject({ window: window.checkpoint, state: 'cancelled', scanned: 100, toScan: 250, percent: 40, callsExpected: 27 });
    expect(stopped?.callsSpent).toBeGreaterThan(0);

    const again = await runBackfill(deps, { window, fence, pagesPerChunk: 1 });
    expect(again.cancelled).toBe(false);
    expect(again.resumed).toBe(true);
    expect(again.checkpoint).toMatchObject({ done: true, scanned: 250, processed: 250 });
    expect(deps.salesforce.leads.size).toBe(50);
    const [done] = await backfillStatuses(deps.state, deps.clock.now());
    expect(done).toMatchObject({ state: 'done', percent: 100, etaSeconds: 0 });
    expect(await readBackfillControl(deps.state, window.checkpoint)).toBe('running');
  });

  it('a paused backfill holds its place between chunks until it is resumed', async () => {
    const deps = await portal();
    const window = parseBackfillWindow('2026-09-01', '2026-09-30', deps.clock.now());
    await setBackfillControl(deps.state, window.checkpoint, 'paused', NOW);
    const sleep = deps.clock.sleep.bind(deps.clock);
    let polls = 0;
    deps.clock.sleep = async (ms, signal) => {
      // The admin resumes after the backfill looked three times.
      if (++polls === 3) await setBackfillControl(deps.state, window.checkpoint, 'running', NOW);
      return sleep(ms, signal);
    };
    const out = await runBackfill(deps, { window, fence: await lease(deps, window.checkpoint), controlPollMs: 2000 });
    expect(polls).toBeGreaterThanOrEqual(3);
    expect(deps.hubspot.calls.filter((c) => c === 'listContacts').length).toBe(3);
    expect(out.checkpoint.done).toBe(true);
  });
});
