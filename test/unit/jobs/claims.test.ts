import { describe, expect, it } from 'vitest';
import { claimEach } from '../../../src/jobs/claims.js';
import { parseBackfillWindow, runBackfill } from '../../../src/jobs/backfill/backfill.js';
import { CONTACTS_CURSOR, runSync } from '../../../src/jobs/sync/run-sync.js';
import type { CommitBatch, Fence, StateStore } from '../../../src/ports/state.js';
import { fakeDeps, meeting, rawContact } from '../../helpers/fake-ports.js';
import type { FakeDeps } from '../../helpers/fake-ports.js';

const NOW = '2026-11-02T10:00:00.000Z';
const HOUR = 3_600_000;

async function lease(store: StateStore, name: string): Promise<Fence> {
  const got = await store.acquireLock(name, { id: name, pid: 1, host: 'test', command: name }, 10 * HOUR);
  if (!got.ok) throw new Error(`no ${name} lease`);
  return { name, token: got.token };
}

async function withQualified(...ids: string[]): Promise<FakeDeps> {
  const deps = await fakeDeps({ now: NOW });
  for (const id of ids) {
    deps.hubspot.put(rawContact(id));
    deps.hubspot.addActivity(meeting(id, 1)).addActivity(meeting(id, 2));
  }
  return deps;
}

function recordCommits(deps: FakeDeps): CommitBatch[] {
  const commits: CommitBatch[] = [];
  const commitBatch = deps.state.commitBatch.bind(deps.state);
  deps.state.commitBatch = (batch) => {
    commits.push(batch);
    return commitBatch(batch);
  };
  return commits;
}

describe('claims: claim, process, release', () => {
  it('a fenced sync claims its contacts, reserves round robin with them and ends the claims in its commit', async () => {
    const deps = await withQualified('101', '102');
    const fence = await lease(deps.state, 'sync');
    const commits = recordCommits(deps);
    const { error } = await runSync(deps, { fence });
    expect(error).toBeNull();
    expect([...deps.salesforce.tasks.keys()].sort()).toEqual(['101:1', '102:1']);
    const batch = commits.find((c) => c.cursor);
    expect(batch?.claims && [...batch.claims].sort()).toEqual(['101', '102']);
    // The pointers moved at the reservation, not with the commit.
    expect(batch?.pointers).toBeUndefined();
    expect(Object.keys(await deps.state.getPointers()).length).toBeGreaterThan(0);
    expect(await deps.state.claims.list()).toEqual([]);
  });

  it('waits for a contact another job holds, commits the rest first without the cursor, then the held one with it', async () => {
    const deps = await withQualified('101', '102');
    const other = await lease(deps.state, 'sla');
    await deps.state.claims.claim(other, ['102'], 60_000);
    const fence = await lease(deps.state, 'sync');
    const commits = recordCommits(deps);
    const { error } = await runSync(deps, { fence });
    expect(error).toBeNull();
    const parts = commits.filter((c) => c.claims);
    expect(parts.map((c) => [[...(c.claims ?? [])], c.cursor?.name ?? null])).toEqual([
      [['101'], null],
      [['102'], CONTACTS_CURSOR],
    ]);
    expect([...deps.salesforce.tasks.keys()].sort()).toEqual(['101:1', '102:1']);
    // It waited on the clock until the other claim ran out, no longer.
    expect(deps.clock.now() - Date.parse(NOW)).toBeGreaterThanOrEqual(60_000);
    expect(deps.clock.now() - Date.parse(NOW)).toBeLessThan(70_000);
  });

  it('two jobs over the same contacts at once: each contact handed off once, the later one judged against the committed record', async () => {
    const deps = await withQualified('101', '102', '103');
    const sync = await lease(deps.state, 'sync');
    const other = await lease(deps.state, 'backfill:test');
    const [a, b] = await Promise.all([runSync(deps, { fence: sync }), runSync(deps, { fence: other, runId: 'second' })]);
    expect(a.error).toBeNull();
    expect(b.error).toBeNull();
    expect([...deps.salesforce.tasks.keys()].sort()).toEqual(['101:1', '102:1', '103:1']);
    expect(a.report.tasksCreated + b.report.tasksCreated).toBe(3);
    expect(a.report.tasksExisting + b.report.tasksExisting).toBe(0);
    expect(a.report.unchanged + b.report.unchanged).toBe(3);
    expect(await deps.state.claims.list()).toEqual([]);
  });

  it('a retry reuses the owner an interrupted attempt reserved, and the pointer does not move twice', async () => {
    const deps = await withQualified('101');
    const first = await lease(deps.state, 'sync');
    // The first attempt reserved an owner and died before writing (its claims released, owners kept).
    await deps.state.claims.claim(first, ['101'], 60_000);
    const users = deps.salesforce.users.filter((u) => u.IsActive);
    const chosen = users.at(-1)?.Id ?? '';
    await deps.state.claims.reserveOwners(first, (p) => ({ pointers: { ...p, reserved: 1 }, owners: new Map([['101', { ownerId: chosen, team: null }]]), value: null }));
    await deps.state.claims.release(first, ['101']);
    const before = await deps.state.getPointers();
    const { error } = await runSync(deps, { fence: await lease(deps.state, 'backfill:w') });
    expect(error).toBeNull();
    expect(deps.salesforce.tasks.get('101:1')?.record.OwnerId).toBe(chosen);
    expect(await deps.state.getPointers()).toEqual(before);
  });

  it('claimEach releases a failed part and calls work once with last: true for an empty list', async () => {
    const deps = await fakeDeps({ now: NOW });
    const fence = await lease(deps.state, 'feedback');
    const seen: { ids: string[]; last: boolean }[] = [];
    await claimEach(deps, [], { fence }, async (p) => {
      seen.push({ ids: p.ids, last: p.last });
    });
    expect(seen).toEqual([{ ids: [], last: true }]);
    await expect(
      claimEach(deps, ['1', '2'], { fence }, async () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    const other = await lease(deps.state, 'sla');
    expect((await deps.state.claims.claim(other, ['1', '2'], 1000)).granted).toEqual(['1', '2']);
  });

  it('a contact a Leads-only backfill handed off gets its SLA Task from the sync when it is the sync’s fresh traffic, an old one does not', async () => {
    const deps = await fakeDeps({ now: NOW });
    // '1' was created within the sync's first look-back (30 days), '2' long before; both changed lately.
    for (const [id, created] of [['1', '2026-10-25T00:00:00.000Z'], ['2', '2025-01-10T00:00:00.000Z']] as const) {
      deps.hubspot.put(rawContact(id, { createdAt: created, updatedAt: '2026-11-01T00:00:00.000Z' }));
      deps.hubspot.addActivity(meeting(id, 1)).addActivity(meeting(id, 2));
    }
    const window = parseBackfillWindow('2025-01-01', undefined, deps.clock.now());
    const backfill = await runBackfill(deps, { window, fence: await lease(deps.state, window.checkpoint) });
    expect(backfill.error).toBeNull();
    expect([...deps.salesforce.leads.keys()].sort()).toEqual(['1', '2']);
    expect(deps.salesforce.tasks.size).toBe(0);
    const { error } = await runSync(deps, { fence: await lease(deps.state, 'sync') });
    expect(error).toBeNull();
    expect([...deps.salesforce.tasks.keys()]).toEqual(['1:1']);
    const lead = deps.salesforce.leads.get('1');
    expect(deps.salesforce.tasks.get('1:1')?.record.OwnerId).toBe(lead?.record.OwnerId);
    expect(deps.salesforce.leads.size).toBe(2);
    expect((await deps.state.getHandoffRecords(['1'])).get('1')).toMatchObject({ handoffKey: '1:1', status: 'handed_off' });
  });
});
