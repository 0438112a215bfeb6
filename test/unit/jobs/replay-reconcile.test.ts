import { describe, expect, it } from 'vitest';
import { replayDeadLetters } from '../../../src/jobs/replay.js';
import { reconcile } from '../../../src/jobs/reconcile/reconcile.js';
import { runSync } from '../../../src/jobs/sync/run-sync.js';
import { fakeDeps, meeting, rawContact } from '../../helpers/fake-ports.js';
import type { FakeDeps } from '../../helpers/fake-ports.js';

const NOW = '2026-11-02T10:00:00.000Z';

/** A first sync of qualified contacts, with some refused by Salesforce. */
async function synced(ids: string[], refused: string[] = []): Promise<FakeDeps> {
  const deps = await fakeDeps({ now: NOW });
  for (const id of ids) {
    deps.hubspot.put(rawContact(id));
    deps.hubspot.addActivity(meeting(id, 1)).addActivity(meeting(id, 2));
  }
  for (const id of refused) deps.salesforce.refuse.set(id, { code: 'INVALID_EMAIL_ADDRESS', message: 'Email: invalid email address', fields: ['Email'] });
  const { error } = await runSync(deps);
  expect(error).toBeNull();
  deps.clock.advance(60 * 60_000);
  return deps;
}

describe('replay on fake ports', () => {
  it('once the cause is gone, the dead letter is replayed: its Lead and Task land and it is resolved', async () => {
    const deps = await synced(['101', '102'], ['102']);
    const [dl] = await deps.state.listDeadLetters({ unresolvedOnly: true });
    expect(dl).toMatchObject({ hubspotId: '102', code: 'VALIDATION' });
    deps.salesforce.refuse.delete('102');

    const { report, error } = await replayDeadLetters(deps);

    expect(error).toBeNull();
    expect(report).toMatchObject({ status: 'succeeded', selected: 1, replayed: 1, resolved: 1, stillFailing: 0, leadsCreated: 1, tasksCreated: 1 });
    expect(report.items).toEqual([expect.objectContaining({ id: dl?.id, hubspotId: '102', outcome: 'resolved' })]);
    expect(deps.hubspot.calls).toContain('readContacts');
    expect(deps.salesforce.tasks.has('102:1')).toBe(true);
    expect(await deps.state.listDeadLetters({ unresolvedOnly: true })).toEqual([]);
    expect((await deps.state.getHandoffRecords(['102'])).get('102')).toMatchObject({ status: 'handed_off' });
  });

  it('a dead letter whose cause remains stays open, counted as still failing', async () => {
    const deps = await synced(['101'], ['101']);

    const { report } = await replayDeadLetters(deps);

    expect(report).toMatchObject({ status: 'partial', selected: 1, resolved: 0, stillFailing: 1 });
    expect(await deps.state.countDeadLetters({ unresolvedOnly: true })).toBe(1);
  });

  it('closes the dead letter of a contact HubSpot no longer has, with a note', async () => {
    const deps = await synced(['101'], ['101']);
    deps.hubspot.contacts.delete('101');

    const { report } = await replayDeadLetters(deps);

    expect(report).toMatchObject({ resolved: 1, gone: 1, stillFailing: 0 });
    expect(report.items).toEqual([expect.objectContaining({ hubspotId: '101', outcome: 'gone', note: 'contact gone' })]);
    expect(deps.salesforce.leads.size).toBe(0);
    expect(await deps.state.countDeadLetters({ unresolvedOnly: true })).toBe(0);
  });
});

describe('reconcile on fake ports', () => {
  it('accounts for every handed-off contact and reports a Lead deleted in Salesforce as a gap', async () => {
    const deps = await synced(['101', '102', '103'], ['103']);
    deps.salesforce.leads.delete('102');

    const r = await reconcile(deps, { since: '2026-10-01T00:00:00.000Z' });

    expect(r.summary).toEqual({ qualified: 3, landed: 1, deadLettered: 1, explained: 0, skipped: 0, gaps: 1 });
    expect(r.landed.map((l) => l.hubspotId)).toEqual(['101']);
    expect(r.deadLettered.map((d) => d.hubspotId)).toEqual(['103']);
    expect(r.gaps).toEqual([expect.objectContaining({ hubspotId: '102', reason: 'lead missing in Salesforce' })]);
    expect(r.calls).toEqual({ hubspot: 1, salesforce: 1 });
  });

  it('contacts a failed cycle held back for a later write are pending, not gaps, and land with the next cycle', async () => {
    const deps = await fakeDeps({ now: NOW, config: (c) => ({ ...c, handoff: { ...c.handoff, sync: { ...c.handoff.sync, chunkSize: 1, writeBatch: 10 } } }) });
    const ids = ['401', '402', '403'];
    ids.forEach((id, i) => {
      deps.hubspot.put(rawContact(id, { properties: { lifecyclestage: 'marketingqualifiedlead' }, updatedAt: new Date(Date.parse('2026-11-01T00:00:00.000Z') + i * 3_600_000).toISOString() }));
      deps.hubspot.addActivity(meeting(id, 1), Date.parse('2026-10-31T00:00:00.000Z')).addActivity(meeting(id, 2), Date.parse('2026-10-31T00:00:00.000Z'));
    });
    // The third chunk's read fails: 401 and 402 were held back (fewer than 10), their cursor committed.
    deps.hubspot.failChunk(3, new Error('search failed'));
    expect((await runSync(deps)).error).not.toBeNull();
    expect(deps.salesforce.writes).toEqual([]);

    const r = await reconcile(deps, { since: '2026-10-01T00:00:00.000Z' });

    expect(r.gaps).toEqual([]);
    expect(r.explainedContacts.map((e) => [e.hubspotId, e.code])).toEqual([['401', 'pending'], ['402', 'pending'], ['403', 'pending']]);
    deps.clock.advance(60_000);
    expect((await runSync(deps)).error).toBeNull();
    const after = await reconcile(deps, { since: '2026-10-01T00:00:00.000Z' });
    expect(after.summary).toMatchObject({ qualified: 3, landed: 3, gaps: 0, explained: 0 });
  });

  it('a contact HubSpot shows as qualified that Handoff never handed off is a gap', async () => {
    const deps = await synced(['101']);
    deps.hubspot.put(rawContact('301', { properties: { lifecyclestage: 'marketingqualifiedlead' }, updatedAt: '2026-11-02T09:00:00.000Z' }));

    const r = await reconcile(deps, { since: '2026-10-01T00:00:00.000Z' });

    expect(r.gaps).toEqual([expect.objectContaining({ hubspotId: '301', reason: 'qualified in HubSpot but never handed off' })]);
    expect(r.summary).toMatchObject({ qualified: 2, landed: 1, gaps: 1 });
  });
});
