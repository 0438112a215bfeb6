import { describe, expect, it } from 'vitest';
import { CONTACTS_CURSOR, runSync } from '../../../src/jobs/sync/run-sync.js';
import { fakeDeps, meeting, rawContact } from '../../helpers/fake-ports.js';
import type { FakeDeps } from '../../helpers/fake-ports.js';
import type { AccountIndexRow } from '../../../src/domain/salesforce.js';
import type { StateStore } from '../../../src/ports/state.js';

const NOW = '2026-11-02T10:00:00.000Z';

/** Qualified contacts at globex<id>.com (the helper's website), changed within the first cycle's look-back. */
async function withQualified(ids: string[], state?: StateStore): Promise<FakeDeps> {
  const deps = await fakeDeps({ now: NOW, ...(state ? { state } : {}) });
  for (const id of ids) {
    deps.hubspot.put(rawContact(id));
    deps.hubspot.addActivity(meeting(id, 1)).addActivity(meeting(id, 2));
  }
  return deps;
}

const account = (id: string, domain: string | null, ownerId: string, modstamp: string): AccountIndexRow => ({ accountId: id, domain, ownerId, modstamp });
const leadOwner = (deps: FakeDeps, id: string): unknown => deps.salesforce.leads.get(id)?.record.OwnerId;

describe('routing by account owner, through the stored Account index', () => {
  it('routes to the owner of the Account on the contact\'s domain, stores the index and reads only the chunk\'s domains from it', async () => {
    const deps = await withQualified(['101']);
    const [alice, bob] = deps.salesforce.users;
    deps.salesforce.accounts.push(account('001A', 'globex101.com', alice?.Id ?? '', '2026-10-01T00:00:00.000Z'), account('001B', 'initech.com', bob?.Id ?? '', '2026-10-05T00:00:00.000Z'));
    const asked: string[][] = [];
    const onDomains = deps.state.accounts.onDomains.bind(deps.state.accounts);
    deps.state.accounts.onDomains = (domains) => {
      asked.push([...domains]);
      return onDomains(domains);
    };

    expect((await runSync(deps)).error).toBeNull();
    expect(leadOwner(deps, '101')).toBe(alice?.Id);
    expect(asked).toEqual([['globex101.com']]);
    expect(await deps.state.accounts.since()).toBe('2026-10-05T00:00:00.000Z');
    expect((await deps.state.accounts.onDomains(['initech.com'])).map((r) => r.ownerId)).toEqual([bob?.Id]);
  });

  it('a job whose Salesforce read is older than the stored index neither routes by it nor overwrites it', async () => {
    // Job B read the Account after its owner changed to Bob; job A, over the same state, still
    // holds the read from before, when Alice owned it (its answer is older than what is stored).
    const b = await withQualified(['101']);
    const a = await withQualified(['102'], b.state);
    const [alice, bob] = b.salesforce.users;
    a.hubspot.put(rawContact('102', { properties: { website: 'https://globex101.com', email: 'ann@globex101.com' } }));
    b.salesforce.accounts.push(account('001A', 'globex101.com', bob?.Id ?? '', '2026-10-09T00:00:00.000Z'));
    a.salesforce.accounts.push(account('001A', 'globex101.com', alice?.Id ?? '', '2026-10-01T00:00:00.000Z'));

    expect((await runSync(b)).error).toBeNull();
    // Job A's window starts before B's committed cursor, so it reads its own contact.
    await a.state.setCursor(CONTACTS_CURSOR, '2026-10-01T00:00:00.000Z');
    expect((await runSync(a)).error).toBeNull();

    expect(leadOwner(b, '101')).toBe(bob?.Id);
    expect(leadOwner(a, '102')).toBe(bob?.Id);
    expect((await b.state.accounts.onDomains(['globex101.com'])).map((r) => [r.ownerId, r.modstamp])).toEqual([[bob?.Id, '2026-10-09T00:00:00.000Z']]);
  });

  it('a cycle of many chunks brings the index up to date once, and every chunk routes by it', async () => {
    // writeBatch 1: each chunk writes its own contacts rather than holding them for a fuller write.
    const ids = ['101', '102', '103', '104', '105'];
    const deps = await fakeDeps({ now: NOW, config: (c) => ({ ...c, handoff: { ...c.handoff, sync: { ...c.handoff.sync, chunkSize: 2, writeBatch: 1 } } }) });
    for (const id of ids) {
      deps.hubspot.put(rawContact(id));
      deps.hubspot.addActivity(meeting(id, 1)).addActivity(meeting(id, 2));
    }
    const [alice, bob] = deps.salesforce.users;
    ids.forEach((id, i) => deps.salesforce.accounts.push(account(`001${id}`, `globex${id}.com`, (i % 2 === 0 ? alice?.Id : bob?.Id) ?? '', `2026-10-0${i + 1}T00:00:00.000Z`)));
    const asked: string[][] = [];
    const onDomains = deps.state.accounts.onDomains.bind(deps.state.accounts);
    deps.state.accounts.onDomains = (domains) => {
      asked.push([...domains]);
      return onDomains(domains);
    };

    const { report, error } = await runSync(deps);
    expect(error).toBeNull();
    expect(report.leadsCreated).toBe(5);
    // Three chunks, each reading its own domains from the stored index, and one query to Salesforce.
    expect(asked).toHaveLength(3);
    expect(deps.salesforce.calls.filter((c) => c === 'readAccountChanges')).toHaveLength(1);
    ids.forEach((id, i) => expect(leadOwner(deps, id)).toBe(i % 2 === 0 ? alice?.Id : bob?.Id));

    // The next cycle brings it up to date again, once.
    deps.salesforce.accounts.push(account('001101', 'globex101.com', bob?.Id ?? '', '2026-10-20T00:00:00.000Z'));
    deps.hubspot.put(rawContact('106'));
    deps.hubspot.addActivity(meeting('106', 1)).addActivity(meeting('106', 2));
    // Its window starts before the contact's change (the clock stands still here).
    await deps.state.setCursor(CONTACTS_CURSOR, '2026-10-01T00:00:00.000Z');
    expect((await runSync(deps)).error).toBeNull();
    expect(deps.salesforce.leads.get('106')).toBeDefined();
    expect(deps.salesforce.calls.filter((c) => c === 'readAccountChanges')).toHaveLength(2);
    expect(await deps.state.accounts.since()).toBe('2026-10-20T00:00:00.000Z');
  });

  it('a dry run reads the changes but stores nothing, and still routes by them', async () => {
    const deps = await withQualified(['101']);
    const [alice] = deps.salesforce.users;
    deps.salesforce.accounts.push(account('001A', 'globex101.com', alice?.Id ?? '', '2026-10-01T00:00:00.000Z'));
    const { plan } = await runSync(deps, { dryRun: true });
    expect(plan?.leads.find((l) => l.hubspotId === '101')?.record.OwnerId).toBe(alice?.Id);
    expect(await deps.state.accounts.since()).toBeNull();
  });
});
