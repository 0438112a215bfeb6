import { describe, expect, it } from 'vitest';
import { CONTACTS_CURSOR, runSync } from '../../../src/jobs/sync/run-sync.js';
import type { CommitBatch, Fence } from '../../../src/ports/state.js';
import { HandoffError } from '../../../src/domain/errors.js';
import { fakeDeps, meeting, rawContact } from '../../helpers/fake-ports.js';
import type { FakeDeps } from '../../helpers/fake-ports.js';
import type { WritePlan } from '../../../src/domain/plan.js';
import { planPrinter } from '../../../src/runtime/cli/print-plan.js';

const NOW = '2026-11-02T10:00:00.000Z';
/**
 * The run report's counts a differential run compares: the sums over chunks equal the whole
 * window's. leadsUpdated too: every contact is evaluated once per cycle, with all of the window's
 * activities already stored, so no later chunk refreshes a Lead an earlier one wrote.
 */
const COUNTED = ['contactsRead', 'activitiesRead', 'qualified', 'duplicates', 'skipped', 'unchanged', 'outsideRollout', 'leadsCreated', 'leadsUpdated', 'tasksCreated', 'tasksExisting', 'deadLettered', 'writebacks'] as const;

/** The sync's own lease, as the CLI and the daemon take it: the cycle then works under claims. */
async function lease(deps: FakeDeps): Promise<Fence> {
  const got = await deps.state.acquireLock('sync', { id: 'sync', pid: 1, host: 'test', command: 'sync' }, 36_000_000);
  if (!got.ok) throw new Error('no sync lease');
  return { name: 'sync', token: got.token };
}

/** `writeBatch` 1: each chunk writes its own contacts; the default holds them back for fuller collections. */
async function chunked(chunkSize: number, overlapSeconds = 300, writeBatch?: number): Promise<FakeDeps & { commits: CommitBatch[] }> {
  const deps = await fakeDeps({
    now: NOW,
    config: (c) => ({ ...c, handoff: { ...c.handoff, sync: { ...c.handoff.sync, chunkSize, overlapSeconds, ...(writeBatch ? { writeBatch } : {}) } } }),
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

/**
 * 34 contacts across the window: a third changed on one instant, four duplicates (605 keeps its
 * email over 610 and 620, 602 over 625, the younger 640 over 641 as it changed first), and two
 * touched again by activity later in the window (650 after its own change, 651 twice), unless
 * `touchedAgain` is false.
 */
function seedWindow(deps: FakeDeps, touchedAgain = true): void {
  const base = Date.parse('2026-11-01T00:00:00.000Z');
  for (let i = 0; i < 30; i++) {
    const id = String(600 + i);
    // A third share one instant; duplicates: 610 and 620 use 605's email, 625 uses 602's.
    const at = new Date(base + (i % 3 === 0 ? 0 : i * 60_000)).toISOString();
    const twin = i === 10 || i === 20 ? '605' : i === 25 ? '602' : null;
    deps.hubspot.put(rawContact(id, { updatedAt: at, createdAt: new Date(Date.parse(at) - 30 * 86_400_000).toISOString(), ...(twin ? { properties: { email: `person${twin}@globex${twin}.com` } } : {}) }));
    const m = Date.parse(at) - 60_000;
    deps.hubspot.addActivity(meeting(id, 1), m).addActivity(meeting(id, 2), m);
  }
  // The younger of a pair changes first: 640 (created last week) before 641 (created last year).
  const pair = { email: 'sam@umbrella.com' };
  deps.hubspot.put(rawContact('640', { updatedAt: new Date(base + 3 * 60_000 + 1).toISOString(), createdAt: '2026-10-25T00:00:00.000Z', properties: pair }));
  deps.hubspot.put(rawContact('641', { updatedAt: new Date(base + 27 * 60_000 + 1).toISOString(), createdAt: '2025-11-01T00:00:00.000Z', properties: pair }));
  for (const id of ['640', '641']) deps.hubspot.addActivity(meeting(id, 1), base - 120_000).addActivity(meeting(id, 2), base - 120_000);
  if (!touchedAgain) return;
  // Touched again by activity later in the window: 650 after its own change, 651 (changed before
  // the window) twice. Each is one contact of the report, however the chunks fall.
  deps.hubspot.put(rawContact('650', { updatedAt: new Date(base + 60_000 + 2).toISOString() }));
  deps.hubspot.addActivity(meeting('650', 1), base - 180_000).addActivity(meeting('650', 2), base - 180_000).addActivity(meeting('650', 3), base + 20 * 60_000 + 3);
  deps.hubspot.put(rawContact('651', { updatedAt: '2026-09-01T00:00:00.000Z' }));
  deps.hubspot.addActivity(meeting('651', 1), base + 2 * 60_000 + 3).addActivity(meeting('651', 2), base + 2 * 60_000 + 3).addActivity(meeting('651', 3), base + 25 * 60_000 + 3);
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
    // 20 contacts in chunks of 7 (their activities were read ahead): three chunks, each with its own
    // commit and cursor, and no contact left pending.
    const cursors = deps.commits.flatMap((c) => (c.cursor ? [c.cursor.value] : []));
    expect(cursors).toHaveLength(3);
    expect(await deps.state.pendingContacts({ limit: 10 })).toEqual([]);
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
    const deps = await chunked(1, 0, 1);
    // Contacts an hour apart, each with two meetings a minute before its change: chunk i is contact i.
    const ids = ['401', '402', '403', '404', '405'];
    ids.forEach((id, i) => qualified(deps, id, new Date(Date.parse('2026-11-01T00:00:00.000Z') + i * 3_600_000).toISOString()));
    deps.hubspot.failChunk(4, new HandoffError('SERVER_ERROR', 'search failed', { system: 'hubspot' }));

    const failed = await runSync(deps);

    expect(failed.report.status).toBe('failed');
    expect([...(await deps.state.getHandoffRecords(ids)).keys()].sort()).toEqual(['401', '402', '403']);
    expect(failed.report).toMatchObject({ leadsCreated: 3, tasksCreated: 3 });
    const cursor = (await deps.state.getCursor(CONTACTS_CURSOR))?.value;
    // Everything before contact 404's change: its meetings, read ahead, are stored and 404 and 405 pending.
    expect(cursor).toBe('2026-11-01T02:59:59.999Z');
    expect(await deps.state.pendingContacts({ limit: 10 })).toEqual(['404', '405']);

    deps.clock.advance(60_000);
    const windows: number[] = [];
    const stream = deps.hubspot.windowContacts.bind(deps.hubspot);
    deps.hubspot.windowContacts = (w, extra, size) => {
      windows.push(w.since);
      return stream(w, extra, size);
    };
    const again = await runSync(deps);

    expect(again.error).toBeNull();
    expect(windows).toEqual([Date.parse(cursor ?? '')]);
    // Only chunks 4 and 5 were read and written: 404 and 405, scored with the meetings stored before the failure.
    expect(again.report).toMatchObject({ contactsRead: 2, leadsCreated: 2, tasksCreated: 2 });
    expect(await deps.state.pendingContacts({ limit: 10 })).toEqual([]);
    expect([...deps.salesforce.leads.keys()].sort()).toEqual(ids);
    expect((await deps.state.getCursor(CONTACTS_CURSOR))?.value).toBe(new Date(Date.parse(NOW) + 60_000).toISOString());
  });

  it('a failure after the changed contacts leaves the contacts touched only by activity pending; the next cycle hands each off once, its window holding no activity', async () => {
    const deps = await chunked(1, 0, 1);
    const base = Date.parse('2026-11-01T00:00:00.000Z');
    // 801 changed in the window; 810 and 811 changed long before it, only their meetings in it.
    qualified(deps, '801', new Date(base).toISOString());
    for (const id of ['811', '810']) {
      deps.hubspot.put(rawContact(id, { updatedAt: '2026-08-01T00:00:00.000Z' }));
      deps.hubspot.addActivity(meeting(id, 1), base + 3_600_000).addActivity(meeting(id, 2), base + 3_600_000);
    }
    deps.hubspot.failNext('readContacts', new HandoffError('SERVER_ERROR', 'batch read failed', { system: 'hubspot' }));

    const failed = await runSync(deps);

    expect(failed.report.status).toBe('failed');
    expect([...deps.salesforce.leads.keys()]).toEqual(['801']);
    // Every change of the window is written or pending: the cursor is at its end, 810 and 811 wait.
    expect((await deps.state.getCursor(CONTACTS_CURSOR))?.value).toBe(NOW);
    expect(await deps.state.pendingContacts({ limit: 10 })).toEqual(['810', '811']);

    deps.clock.advance(3_600_000);
    const again = await runSync(deps);

    expect(again.error).toBeNull();
    // Nothing changed in the new window: the pending contacts are read (one batch read) and handed off.
    expect(again.report).toMatchObject({ activitiesRead: 0, contactsRead: 2, leadsCreated: 2, tasksCreated: 2 });
    expect(deps.hubspot.calls.filter((c) => c === 'readContacts')).toHaveLength(3);
    expect(await deps.state.pendingContacts({ limit: 10 })).toEqual([]);
    expect([...deps.salesforce.tasks.keys()].sort()).toEqual(['801:1', '810:1', '811:1']);
    deps.clock.advance(3_600_000);
    const writes = deps.salesforce.writes.length;
    expect((await runSync(deps)).report).toMatchObject({ contactsRead: 0, leadsCreated: 0, tasksCreated: 0 });
    expect(deps.salesforce.writes.length).toBe(writes);
  });

  it('a window of many chunks holds back what needs Salesforce until sync.writeBatch contacts gather, then writes whole collections; each held contact is pending until written', async () => {
    const deps = await chunked(7, 300, 12);
    const base = Date.parse('2026-11-01T00:00:00.000Z');
    const ids = Array.from({ length: 30 }, (_, i) => String(500 + i));
    ids.forEach((id, i) => qualified(deps, id, new Date(base + i * 60_000).toISOString()));
    // What is pending right after each commit, and the contacts of each Salesforce write.
    const pendingAfter: string[][] = [];
    const commitBatch = deps.state.commitBatch;
    deps.state.commitBatch = async (batch) => {
      await commitBatch(batch);
      if (batch.cursor) pendingAfter.push(await deps.state.pendingContacts({ limit: 100 }));
    };
    const applied: string[][] = [];
    const apply = deps.salesforce.apply.bind(deps.salesforce);
    deps.salesforce.apply = (plan, opts) => {
      applied.push(plan.tasks.map((t) => t.hubspotId));
      return apply(plan, opts);
    };

    const { report, error } = await runSync(deps);

    expect(error).toBeNull();
    // Chunks of 7: the first holds its 7 (fewer than 12), the second writes 14 (below a collection:
    // all of them), the third holds 7, the fourth writes 14, the last writes its 2.
    expect(applied).toEqual([ids.slice(0, 14), ids.slice(14, 28), ids.slice(28)]);
    // Pending after each commit: the contacts held back, and those whose meetings (read ahead) touched
    // them and whose own change no chunk has reached yet.
    expect(pendingAfter).toEqual([ids, ids.slice(14), ids.slice(14), ids.slice(28), []]);
    expect(report).toMatchObject({ contactsRead: 30, qualified: 30, leadsCreated: 30, tasksCreated: 30 });
    // Each chunk moved the cursor, holding or writing.
    expect(deps.commits.filter((c) => c.cursor)).toHaveLength(5);
    // Every contact has one decision row, written by the commit that handed it off.
    expect((await deps.state.listDecisions({})).map((d) => d.hubspotId).sort()).toEqual(ids);
  });

  it('a cycle that fails holding contacts back leaves them pending past the cursor; the next cycle hands each off once', async () => {
    const deps = await chunked(3, 0, 8);
    const base = Date.parse('2026-11-01T00:00:00.000Z');
    const ids = Array.from({ length: 12 }, (_, i) => String(900 + i));
    ids.forEach((id, i) => qualified(deps, id, new Date(base + i * 3_600_000).toISOString()));
    // The third chunk's read fails: the first two chunks held 6 contacts (fewer than 8) and wrote nothing.
    deps.hubspot.failChunk(3, new HandoffError('SERVER_ERROR', 'search failed', { system: 'hubspot' }));

    const failed = await runSync(deps);

    expect(failed.report.status).toBe('failed');
    expect(deps.salesforce.writes).toEqual([]);
    // Pending: the six held back, and the six whose meetings were read ahead and whose change was not reached.
    expect(await deps.state.pendingContacts({ limit: 100 })).toEqual(ids);
    // The cursor passed the held contacts: they are pending, not re-read.
    const cursor = (await deps.state.getCursor(CONTACTS_CURSOR))?.value;
    expect(cursor).toBe(new Date(base + 6 * 3_600_000 - 1).toISOString());

    deps.clock.advance(60_000);
    const again = await runSync(deps);

    expect(again.error).toBeNull();
    // The six changed contacts after the cursor, then the six pending ones (two chunks of 3, a batch read each).
    expect(again.report).toMatchObject({ contactsRead: 12, leadsCreated: 12, tasksCreated: 12 });
    expect(deps.hubspot.calls.filter((c) => c === 'readContacts')).toHaveLength(2);
    expect(await deps.state.pendingContacts({ limit: 100 })).toEqual([]);
    const taskWrites = deps.salesforce.writes.filter((w) => w.object === 'Task').map((w) => w.hubspotId);
    expect(taskWrites.sort()).toEqual(ids);
  });

  it('a contact held back and then handed off by another job meanwhile is judged against what that job committed', async () => {
    const deps = await chunked(2, 0, 3);
    const fence = await lease(deps);
    const base = Date.parse('2026-11-01T00:00:00.000Z');
    const ids = ['951', '952', '953', '954'];
    ids.forEach((id, i) => qualified(deps, id, new Date(base + i * 60_000).toISOString()));
    // After the first chunk's commit (951 and 952 held back, unclaimed), a backfill hands 951 off.
    let done = false;
    const commitBatch = deps.state.commitBatch;
    deps.state.commitBatch = async (batch) => {
      await commitBatch(batch);
      if (done || !batch.cursor) return;
      done = true;
      const other = await deps.state.acquireLock('backfill:x', { id: 'b', pid: 2, host: 'test', command: 'backfill' }, 36_000_000);
      if (!other.ok) throw new Error('no backfill lease');
      const bf = { name: 'backfill:x', token: other.token };
      expect((await deps.state.claims.claim(bf, ['951'], 60_000)).granted).toEqual(['951']);
      await commitBatch({ fence: bf, claims: ['951'], records: [{ hubspotId: '951', episode: 1, status: 'handed_off', salesforceLeadId: '00Qother', score: 90, grade: 'A', fingerprint: 'other', handoffKey: '951:1', firstHandedOffAt: NOW }] });
    };

    const { error, report } = await runSync(deps, { fence });

    expect(error).toBeNull();
    expect(done).toBe(true);
    // 951 was not written again: the record the backfill committed made it a Lead refresh at most, never a second Task.
    expect(deps.salesforce.writes.filter((w) => w.object === 'Task').map((w) => w.hubspotId).sort()).toEqual(['952', '953', '954']);
    expect(report.tasksCreated).toBe(3);
  });

  it.each([1, 3, 5])(
    'chunk size %i: a duplicate pair straddling a chunk edge, the cycle failing between the kept contact\'s writeback and its commit, hands off one of them once',
    async (size) => {
      const deps = await chunked(size, 0);
      // Handoff's writeback moves a contact's lastmodifieddate, as HubSpot does.
      const writeBack = deps.hubspot.writeBack.bind(deps.hubspot);
      deps.hubspot.writeBack = async (handoffs, stage) => {
        for (const h of handoffs) {
          const c = deps.hubspot.contacts.get(h.hubspotId);
          if (c) deps.hubspot.put({ ...c, updatedAt: new Date(deps.clock.now()).toISOString(), properties: { ...c.properties, lastmodifieddate: new Date(deps.clock.now()).toISOString() } });
        }
        return writeBack(handoffs, stage);
      };
      // 701 (older) changes first, its duplicate 702 ten minutes later, with contacts between them.
      const base = Date.parse('2026-11-01T00:00:00.000Z');
      const at = (min: number): string => new Date(base + min * 60_000).toISOString();
      const email = { email: 'pat@initech.com' };
      deps.hubspot.put(rawContact('701', { updatedAt: at(0), createdAt: '2026-09-01T00:00:00.000Z', properties: email }));
      deps.hubspot.put(rawContact('702', { updatedAt: at(10), createdAt: '2026-10-01T00:00:00.000Z', properties: email }));
      for (const id of ['701', '702']) deps.hubspot.addActivity(meeting(id, 1), base - 60_000).addActivity(meeting(id, 2), base - 60_000);
      for (let i = 0; i < 4; i++) qualified(deps, String(710 + i), at(5 + i));
      // The commit of 701's handoff fails once: its Lead, Task and writeback landed, the state did not.
      let failed = false;
      const commitBatch = deps.state.commitBatch;
      deps.state.commitBatch = (batch) => {
        if (!failed && batch.records?.some((r) => r.hubspotId === '701')) {
          failed = true;
          return Promise.reject(new HandoffError('SERVER_ERROR', 'the disk went away', { system: 'state' }));
        }
        return commitBatch(batch);
      };

      const first = await runSync(deps);
      expect(first.report.status).toBe('failed');
      expect(failed).toBe(true);
      deps.clock.advance(60_000);
      const second = await runSync(deps);
      expect(second.error).toBeNull();

      // One Lead and one Task for the person: 701's, as in a run that never failed.
      expect([...deps.salesforce.leads.keys()].filter((id) => id === '701' || id === '702')).toEqual(['701']);
      expect([...deps.salesforce.tasks.keys()].filter((k) => k.startsWith('70'))).toEqual(['701:1']);
      const skips = (await deps.state.queryLedger({ action: 'skip' })).filter((e) => e.hubspotId === '702');
      expect(skips.at(-1)?.detail).toMatchObject({ kind: 'duplicate', reason: 'same email as HubSpot contact 701' });
    },
  );

  it('chunk sizes 1, 7, 500 and the whole window, with and without the lease, writes held back or not, give the same Leads, Tasks, owners and skips: the first contact of an email in stream order keeps it, the younger one too when it changed first', async () => {
    const outcome = async (size: number, fenced = false, writeBatch?: number): Promise<unknown> => {
      const deps = await chunked(size, 300, writeBatch);
      const fence = fenced ? await lease(deps) : undefined;
      seedWindow(deps);
      const { error, report } = await runSync(deps, fence ? { fence } : {});
      expect(error).toBeNull();
      const skips = (await deps.state.queryLedger({ action: 'skip' })).map((e) => [e.hubspotId, e.detail]).sort();
      expect(await deps.state.keptForEmails([])).toEqual(new Map());
      return {
        leads: [...deps.salesforce.leads.entries()].map(([id, l]) => [id, l.record.OwnerId]).sort(),
        tasks: [...deps.salesforce.tasks.entries()].map(([key, t]) => [key, t.record.OwnerId]).sort(),
        skips,
        report: Object.fromEntries(COUNTED.map((k) => [k, report[k]])),
      };
    };
    const whole = (await outcome(100_000)) as { leads: unknown[]; skips: unknown[]; report: unknown };
    // 34 contacts, four of them duplicates: 30 handoffs; 605 (changed first) keeps its email over 610 and 620.
    expect(whole.leads).toHaveLength(30);
    expect(whole.report).toMatchObject({ contactsRead: 34, duplicates: 4, qualified: 30, leadsCreated: 30, tasksCreated: 30 });
    expect(whole.skips).toEqual(
      expect.arrayContaining([
        ['610', expect.objectContaining({ kind: 'duplicate', reason: 'same email as HubSpot contact 605' })],
        ['620', expect.objectContaining({ kind: 'duplicate', reason: 'same email as HubSpot contact 605' })],
        ['625', expect.objectContaining({ kind: 'duplicate', reason: 'same email as HubSpot contact 602' })],
        ['641', expect.objectContaining({ kind: 'duplicate', reason: 'same email as HubSpot contact 640' })],
      ]),
    );
    for (const size of [1, 7, 500]) expect(await outcome(size), `chunk size ${size}`).toEqual(whole);
    // Under the lease (claims), activities of a contact whose own change comes in a later chunk are kept for it.
    for (const size of [1, 7, 100_000]) expect(await outcome(size, true), `chunk size ${size} under the lease`).toEqual(whole);
    // Writes held back for fuller collections (the default holds this whole window to its end) or
    // made by every chunk: the same again.
    for (const [size, writeBatch] of [[1, 1], [7, 1], [1, 5], [7, 5], [7, 12]] as const) {
      expect(await outcome(size, false, writeBatch), `chunk size ${size}, writeBatch ${writeBatch}`).toEqual(whole);
      expect(await outcome(size, true, writeBatch), `chunk size ${size}, writeBatch ${writeBatch}, under the lease`).toEqual(whole);
    }
  });

  it('a dry run in chunks plans what the whole window plans, chunk by chunk, and counts as the real run does', async () => {
    const LEAN = ['contactsRead', 'activitiesRead', 'qualified', 'duplicates', 'skipped', 'unchanged', 'outsideRollout', 'deadLettered', 'fixes'] as const;
    const counts = (r: Record<(typeof LEAN)[number], number>): Record<string, number> => Object.fromEntries(LEAN.map((k) => [k, r[k]]));
    const items = (plans: WritePlan[]) => ({
      leads: plans.flatMap((p) => p.leads.map((l) => [l.hubspotId, l.isNew, l.record.OwnerId])).sort(),
      tasks: plans.flatMap((p) => p.tasks.map((t) => [t.handoffKey, t.record.OwnerId])).sort(),
      skips: plans.flatMap((p) => p.skips.map((s) => [s.hubspotId, s.kind, s.reason])).sort(),
      deadLetters: plans.flatMap((p) => p.deadLetters.map((d) => d.hubspotId)).sort(),
    });
    const dry = async (size: number) => {
      const deps = await chunked(size);
      seedWindow(deps);
      // Each plan is handed over before the next chunk is read: the run holds none of them. A chunk
      // of changed contacts is one read; one of pending contacts (at most 100 here) one batch read.
      let read = 0;
      const stream = deps.hubspot.windowContacts.bind(deps.hubspot);
      deps.hubspot.windowContacts = async function* (w, extra, n) {
        for await (const c of stream(w, extra, n)) {
          read += 1;
          yield c;
        }
      };
      const readContacts = deps.hubspot.readContacts.bind(deps.hubspot);
      deps.hubspot.readContacts = (ids, extra) => {
        read += 1;
        return readContacts(ids, extra);
      };
      const plans: WritePlan[] = [];
      const readAt: number[] = [];
      // What `handoff sync --dry-run --json` writes: a line per chunk with something planned.
      const lines: string[] = [];
      const json = planPrinter('json', (text) => lines.push(text));
      const out = await runSync(deps, {
        dryRun: true,
        onPlan: (p) => {
          plans.push(p);
          readAt.push(read);
          json(p);
        },
      });
      const printed = lines.map((l) => JSON.parse(l) as { chunk: number; plan: WritePlan });
      expect(printed.map((l) => l.chunk)).toEqual(plans.flatMap((p, i) => (p.leads.length + p.tasks.length + p.skips.length + p.deadLetters.length > 0 ? [i + 1] : [])));
      expect(items(printed.map((l) => l.plan))).toEqual(items(plans));
      expect(out.error).toBeNull();
      expect(out.plan).toBeNull();
      expect(readAt).toEqual(plans.map((_, i) => i + 1));
      expect(deps.salesforce.writes).toEqual([]);
      return { plans, report: out.report };
    };
    const whole = await dry(100_000);
    // The window's changed contacts, then 651, touched only by activity.
    expect(whole.plans).toHaveLength(2);
    expect(whole.plans[1]?.leads.map((l) => l.hubspotId)).toEqual(['651']);
    const real = await chunked(7);
    seedWindow(real);
    const realRun = await runSync(real);
    expect(realRun.error).toBeNull();
    expect(counts(whole.report)).toEqual(counts(realRun.report));
    // Each contact is planned once, in one chunk: the same Leads, Tasks, owners (round robin carried
    // from chunk to chunk), skips and counts whatever the chunk size.
    const planned = items(whole.plans);
    expect(planned.leads).toHaveLength(30);
    expect(new Set(planned.leads.map((l) => l[0])).size).toBe(30);
    for (const size of [1, 7]) {
      const part = await dry(size);
      expect(part.plans.length, `chunk size ${size}`).toBeGreaterThan(3);
      expect(counts(part.report), `chunk size ${size}`).toEqual(counts(realRun.report));
      expect(items(part.plans), `chunk size ${size}`).toEqual(planned);
    }
  });
});
