import { afterEach, describe, expect, it } from 'vitest';
import type { Dataset, HubSpotAssociation, HubSpotObject } from '@handoff/sandbox';
import { runSync } from '../../src/jobs/sync/run-sync.js';
import { startHarness } from '../helpers/pipeline.js';
import type { Harness } from '../helpers/pipeline.js';

/**
 * A first cycle whose activities come after their contacts' own changes, in chunks and whole, over
 * the real HubSpot and Salesforce clients: 250 contacts changed in the window, each with a meeting
 * before its change and two late in the window, and 150 contacts that only had meetings in it.
 */
const CHANGED = 250;
const ACTIVITY_ONLY = 150;

function dataset(now: number): Dataset {
  const iso = (ms: number): string => new Date(ms).toISOString();
  const start = now - 2 * 86_400_000;
  const contacts: HubSpotObject[] = [];
  const meetings: HubSpotObject[] = [];
  const associations: HubSpotAssociation[] = [];
  const contact = (id: string, modified: number): void => {
    const created = iso(modified - 40 * 86_400_000);
    contacts.push({
      id,
      properties: {
        hs_object_id: id, email: `person${id}@globex${id}.com`, firstname: 'Ada', lastname: `Person${id}`, company: `Globex ${id}`, website: `https://globex${id}.com`,
        jobtitle: 'VP Marketing', country: 'US', industry: 'Software', numemployees: '1500', lifecyclestage: 'lead', createdate: created, lastmodifieddate: iso(modified),
      },
      createdAt: created,
      updatedAt: iso(modified),
    });
  };
  const meeting = (contactId: string, n: number, modified: number): void => {
    const id = `${contactId}0${n}`;
    meetings.push({ id, properties: { hs_object_id: id, hs_timestamp: iso(modified), hs_lastmodifieddate: iso(modified), hs_meeting_outcome: 'COMPLETED', hs_meeting_title: 'Demo' }, createdAt: iso(modified), updatedAt: iso(modified) });
    associations.push({ fromType: 'meetings', fromId: id, toType: 'contacts', toId: contactId });
  };
  for (let i = 0; i < CHANGED; i++) {
    const id = String(10_000 + i);
    const at = start + 3_600_000 + i * 60_000;
    contact(id, at);
    meeting(id, 1, at - 60_000);
    // Late in the window, after every contact's own change.
    meeting(id, 2, now - 3_600_000 + i * 1_000);
    meeting(id, 3, now - 3_600_000 + i * 1_000 + 1);
  }
  for (let i = 0; i < ACTIVITY_ONLY; i++) {
    const id = String(20_000 + i);
    contact(id, now - 60 * 86_400_000);
    for (let n = 1; n <= 3; n++) meeting(id, n, start + 7_200_000 + i * 60_000 + n);
  }
  return {
    version: 1,
    hubspot: { contacts, emails: [], calls: [], meetings, notes: [], tasks: [], associations, owners: [] },
    salesforce: { User: [], Lead: [], Contact: [], Account: [], Task: [] },
  };
}

describe('a first cycle reads the window ahead of its contacts', () => {
  let h: Harness | null = null;
  afterEach(async () => {
    await h?.stop();
    h = null;
  });

  /** One first cycle at this chunk size on a fresh sandbox: its read calls, the ids batch-read, the report. */
  const cycle = async (chunkSize: number) => {
    const now = Date.now();
    h = await startHarness(dataset(now));
    const base = await h.newDeps();
    const deps = { ...base, config: { ...base.config, handoff: { ...base.config.handoff, sync: { ...base.config.handoff.sync, chunkSize } } } };
    const batchRead: string[][] = [];
    const readContacts = deps.hubspot.readContacts.bind(deps.hubspot);
    deps.hubspot.readContacts = (ids, extra) => {
      batchRead.push([...ids]);
      return readContacts(ids, extra);
    };
    const { report, error } = await runSync(deps);
    expect(error).toBeNull();
    const reads = Object.fromEntries(Object.entries(h.sandbox.control.hubspot.log.counters()).filter(([k]) => k.endsWith('/search') || k.endsWith('/batch/read')));
    const updates = (await deps.state.queryLedger({ action: 'lead.update' })).length;
    const pending = await deps.state.pendingContacts({ limit: 10 });
    await h.stop();
    h = null;
    return { reads, batchRead, report, updates, pending };
  };

  it('in chunks of 100 it makes the read calls of the whole window: no changed contact batch-read, each contact evaluated once', async () => {
    const whole = await cycle(1_000_000);
    const chunked = await cycle(100);

    expect(chunked.reads).toEqual(whole.reads);
    // The contacts touched only by activity, 100 per batch read, and no other.
    expect(chunked.reads['POST /crm/v3/objects/contacts/batch/read']).toBe(Math.ceil(ACTIVITY_ONLY / 100));
    for (const run of [whole, chunked]) {
      const read = run.batchRead.flat();
      expect(read).toHaveLength(ACTIVITY_ONLY);
      expect(read.every((id) => Number(id) >= 20_000)).toBe(true);
      // Each contact once: every Lead created, none refreshed by a later chunk.
      expect(run.report).toMatchObject({ contactsRead: CHANGED + ACTIVITY_ONLY, activitiesRead: 3 * (CHANGED + ACTIVITY_ONLY), leadsUpdated: 0 });
      expect(run.report.leadsCreated).toBeGreaterThan(0);
      expect(run.updates).toBe(0);
      expect(run.pending).toEqual([]);
    }
    expect(chunked.report.leadsCreated).toBe(whole.report.leadsCreated);
  });
});
