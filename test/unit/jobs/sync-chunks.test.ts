import { describe, expect, it } from 'vitest';
import { CONTACTS_CURSOR, runSync } from '../../../src/jobs/sync/run-sync.js';
import type { CommitBatch } from '../../../src/ports/state.js';
import { HandoffError } from '../../../src/domain/errors.js';
import { fakeDeps, meeting, rawContact } from '../../helpers/fake-ports.js';
import type { FakeDeps } from '../../helpers/fake-ports.js';

const NOW = '2026-11-02T10:00:00.000Z';

async function chunked(chunkSize: number, overlapSeconds = 300): Promise<FakeDeps & { commits: CommitBatch[] }> {
  const deps = await fakeDeps({
    now: NOW,
    config: (c) => ({ ...c, handoff: { ...c.handoff, sync: { ...c.handoff.sync, chunkSize, overlapSeconds } } }),
  });
  const commits: CommitBatch[] = [];
  const commitBatch = deps.state.commitBatch.bind(deps.state);
  deps.state.commitBatch = (batch) => {
    commits.push(batch);
    return commitBatch(batch);
  };
  return Object.assign(deps, { commits });
}

/** A qualified contact changed at `at`, its two meetings changed a minute before. */
function qualified(deps: FakeDeps, id: string, at: string): void {
  deps.hubspot.put(rawContact(id, { updatedAt: at }));
  const m = Date.parse(at) - 60_000;
  deps.hubspot.addActivity(meeting(id, 1), m).addActivity(meeting(id, 2), m);
}

describe('a sync cycle in chunks', () => {
  it('many contacts on one millisecond across chunk edges: every one handed off once, cursors never past an unread record', async () => {
    const deps = await chunked(7);
    const T = '2026-11-01T12:00:00.000Z';
    const ids = Array.from({ length: 20 }, (_, i) => String(301 + i));
    for (const id of ids) qualified(deps, id, T);

    const { report, error } = await runSync(deps);

    expect(error).toBeNull();
    expect(report).toMatchObject({ status: 'succeeded', leadsCreated: 20, tasksCreated: 20 });
    expect([...deps.salesforce.leads.keys()].sort()).toEqual(ids);
    expect([...deps.salesforce.tasks.keys()].sort()).toEqual(ids.map((id) => `${id}:1`));
    // 60 records in chunks of 7: nine chunks, each with its own commit and cursor.
    const cursors = deps.commits.map((c) => c.cursor?.value);
    expect(cursors).toHaveLength(9);
    const t = Date.parse(T);
    // A chunk that ends inside a group of ties commits the instant before it: the group is read again.
    for (const v of cursors.slice(0, -1)) expect(Date.parse(v ?? '')).toBeLessThan(t);
    expect(cursors.at(-1)).toBe(NOW);

    // Read again in full, nothing is written twice.
    deps.clock.advance(60_000);
    const writes = deps.salesforce.writes.length;
    const again = await runSync(deps);
    expect(again.report).toMatchObject({ status: 'succeeded', leadsCreated: 0, tasksCreated: 0 });
    expect(deps.salesforce.writes.length).toBe(writes);
  });

  it('a failure in chunk k of n leaves chunks before k committed; the next cycle starts at chunk k', async () => {
    const deps = await chunked(3, 0);
    // Three records per contact, an hour apart: chunk i is contact i.
    const ids = ['401', '402', '403', '404', '405'];
    ids.forEach((id, i) => qualified(deps, id, new Date(Date.parse('2026-11-01T00:00:00.000Z') + i * 3_600_000).toISOString()));
    deps.hubspot.failChunk(4, new HandoffError('SERVER_ERROR', 'search failed', { system: 'hubspot' }));

    const failed = await runSync(deps);

    expect(failed.report.status).toBe('failed');
    expect([...(await deps.state.getHandoffRecords(ids)).keys()].sort()).toEqual(['401', '402', '403']);
    expect(failed.report).toMatchObject({ leadsCreated: 3, tasksCreated: 3 });
    const cursor = (await deps.state.getCursor(CONTACTS_CURSOR))?.value;
    // Everything up to the last record of chunk 3 (contact 403's change), nothing of chunk 4.
    expect(cursor).toBe('2026-11-01T02:58:59.999Z');

    deps.clock.advance(60_000);
    const windows: number[] = [];
    const stream = deps.hubspot.streamWindow.bind(deps.hubspot);
    deps.hubspot.streamWindow = (w, extra, size) => {
      windows.push(w.since);
      return stream(w, extra, size);
    };
    const again = await runSync(deps);

    expect(again.error).toBeNull();
    expect(windows).toEqual([Date.parse(cursor ?? '')]);
    // Only chunks 4 and 5 were read and written: 404 and 405.
    expect(again.report).toMatchObject({ contactsRead: 2, leadsCreated: 2, tasksCreated: 2 });
    expect([...deps.salesforce.leads.keys()].sort()).toEqual(ids);
    expect((await deps.state.getCursor(CONTACTS_CURSOR))?.value).toBe(new Date(Date.parse(NOW) + 60_000).toISOString());
  });

  it('chunk sizes 1, 7, 500 and the whole window give the same Leads, Tasks, owners and skips when each duplicate is created after the contact it duplicates; an earlier chunk keeps its email', async () => {
    const outcome = async (size: number): Promise<unknown> => {
      const deps = await chunked(size);
      for (let i = 0; i < 30; i++) {
        const id = String(600 + i);
        // A third share one instant; duplicates: 610 and 620 use 605's email, 625 uses 602's.
        const at = new Date(Date.parse('2026-11-01T00:00:00.000Z') + (i % 3 === 0 ? 0 : i * 60_000)).toISOString();
        const twin = i === 10 || i === 20 ? '605' : i === 25 ? '602' : null;
        deps.hubspot.put(rawContact(id, { updatedAt: at, createdAt: new Date(Date.parse(at) - 30 * 86_400_000).toISOString(), ...(twin ? { properties: { email: `person${twin}@globex${twin}.com` } } : {}) }));
        const m = Date.parse(at) - 60_000;
        deps.hubspot.addActivity(meeting(id, 1), m).addActivity(meeting(id, 2), m);
      }
      const { error } = await runSync(deps);
      expect(error).toBeNull();
      const skips = (await deps.state.queryLedger({ action: 'skip' })).map((e) => [e.hubspotId, e.detail]).sort();
      expect(await deps.state.keptForEmails([])).toEqual(new Map());
      return {
        leads: [...deps.salesforce.leads.entries()].map(([id, l]) => [id, l.record.OwnerId]).sort(),
        tasks: [...deps.salesforce.tasks.entries()].map(([key, t]) => [key, t.record.OwnerId]).sort(),
        skips,
      };
    };
    const whole = (await outcome(100_000)) as { leads: unknown[]; skips: unknown[] };
    // 30 contacts, three of them duplicates: 27 handoffs; 605 (changed first) keeps its email over 610 and 620.
    expect(whole.leads).toHaveLength(27);
    expect(whole.skips).toEqual(
      expect.arrayContaining([
        ['610', expect.objectContaining({ kind: 'duplicate', reason: 'same email as HubSpot contact 605' })],
        ['620', expect.objectContaining({ kind: 'duplicate', reason: 'same email as HubSpot contact 605' })],
        ['625', expect.objectContaining({ kind: 'duplicate', reason: 'same email as HubSpot contact 602' })],
      ]),
    );
    for (const size of [1, 7, 500]) expect(await outcome(size), `chunk size ${size}`).toEqual(whole);
  });
});
