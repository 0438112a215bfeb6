import { describe, expect, it } from 'vitest';
import { parseBackfillWindow, runBackfill } from '../../../src/jobs/backfill/backfill.js';
import { readCheckpoint } from '../../../src/jobs/backfill/checkpoint.js';
import { LIST_PAGE_SIZE } from '../../../src/jobs/backfill/read.js';
import { CONTACTS_CURSOR } from '../../../src/jobs/sync/run-sync.js';
import { fakeDeps, meeting, rawContact } from '../../helpers/fake-ports.js';
import type { FakeDeps } from '../../helpers/fake-ports.js';

const NOW = '2026-11-02T10:00:00.000Z';

/** Qualified contacts created on the given dates (ids in creation order). */
async function created(dates: Record<string, string>): Promise<FakeDeps> {
  const deps = await fakeDeps({ now: NOW });
  for (const [id, at] of Object.entries(dates)) {
    deps.hubspot.put(rawContact(id, { createdAt: at, updatedAt: at }));
    deps.hubspot.addActivity(meeting(id, 1)).addActivity(meeting(id, 2));
  }
  return deps;
}

describe('backfill on fake ports', () => {
  it('hands off only contacts created in the window, as Leads without Tasks, and never moves the contacts cursor', async () => {
    const deps = await created({
      '1': '2026-08-31T23:59:59.000Z', // the day before
      '2': '2026-09-01T00:00:00.000Z', // the first instant
      '3': '2026-09-15T12:00:00.000Z',
      '4': '2026-09-30T23:59:59.999Z', // the last instant of the last day
      '5': '2026-10-01T00:00:00.000Z', // the day after
    });
    const window = parseBackfillWindow('2026-09-01', '2026-09-30', deps.clock.now());

    const out = await runBackfill(deps, { window });

    expect(out.error).toBeNull();
    expect(out.report).toMatchObject({ status: 'succeeded', contactsRead: 3, leadsCreated: 3, tasksCreated: 0 });
    expect([...deps.salesforce.leads.keys()].sort()).toEqual(['2', '3', '4']);
    expect(deps.salesforce.tasks.size).toBe(0);
    // Scoring sees each contact's whole history, read for the contacts of the chunk only.
    expect(deps.hubspot.calls.filter((c) => c === 'contactActivities')).toHaveLength(1);
    expect(out.checkpoint).toMatchObject({ name: 'backfill:2026-09-01:2026-09-30', done: true, processed: 3, scanned: 5, pages: 1 });
    expect(await readCheckpoint(deps.state, 'backfill:2026-09-01:2026-09-30')).toMatchObject({ done: true, processed: 3 });
    expect(await deps.state.getCursor(CONTACTS_CURSOR)).toBeNull();
    const records = await deps.state.getHandoffRecords(['2', '3', '4']);
    expect([...records.values()].map((r) => r.status)).toEqual(['handed_off', 'handed_off', 'handed_off']);
  });

  it('commits a checkpoint per chunk, and a finished window is not read again', async () => {
    const dates: Record<string, string> = {};
    for (let i = 1; i <= LIST_PAGE_SIZE + 20; i += 1) dates[String(i)] = '2026-09-10T00:00:00.000Z';
    const deps = await created(dates);
    const window = parseBackfillWindow('2026-09-01', '2026-09-30', deps.clock.now());
    const checkpoints: string[] = [];
    const commitBatch = deps.state.commitBatch.bind(deps.state);
    deps.state.commitBatch = (batch) => {
      if (batch.cursor) checkpoints.push(batch.cursor.value);
      return commitBatch(batch);
    };

    const out = await runBackfill(deps, { window, pagesPerChunk: 1 });

    expect(out.report).toMatchObject({ status: 'succeeded', leadsCreated: LIST_PAGE_SIZE + 20 });
    expect(checkpoints.map((c) => JSON.parse(c) as { processed: number; done: boolean })).toEqual([
      expect.objectContaining({ processed: LIST_PAGE_SIZE, done: false }),
      expect.objectContaining({ processed: LIST_PAGE_SIZE + 20, done: true }),
    ]);

    const calls = deps.hubspot.calls.length;
    const again = await runBackfill(deps, { window });
    expect(again.alreadyComplete).toBe(true);
    expect(deps.hubspot.calls.length).toBe(calls);
  });

  it('after a failed chunk it resumes from the last checkpoint instead of the start', async () => {
    const dates: Record<string, string> = {};
    for (let i = 1; i <= LIST_PAGE_SIZE + 5; i += 1) dates[String(i)] = '2026-09-10T00:00:00.000Z';
    const deps = await created(dates);
    const window = parseBackfillWindow('2026-09-01', '2026-09-30', deps.clock.now());
    // The second page's activity read fails (a first call succeeds, then an error).
    const original = deps.hubspot.contactActivities.bind(deps.hubspot);
    let n = 0;
    deps.hubspot.contactActivities = (ids) => (++n === 2 ? Promise.reject(new Error('HubSpot is down')) : original(ids));

    const failed = await runBackfill(deps, { window, pagesPerChunk: 1 });
    expect(failed.report.status).toBe('failed');
    expect(failed.checkpoint).toMatchObject({ processed: LIST_PAGE_SIZE, done: false, after: String(LIST_PAGE_SIZE) });

    const writes = deps.salesforce.writes.length;
    const resumed = await runBackfill(deps, { window, pagesPerChunk: 1 });
    expect(resumed.resumed).toBe(true);
    expect(resumed.report).toMatchObject({ status: 'succeeded', contactsRead: 5, leadsCreated: 5 });
    expect(deps.salesforce.writes.length - writes).toBe(5);
    expect(deps.salesforce.leads.size).toBe(LIST_PAGE_SIZE + 5);
  });
});
