import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/ports/clock.js';
import { noopLogger } from '../../src/lib/logger.js';
import { startSandbox } from '@handoff/sandbox';
import type { HubSpotAssociation, HubSpotObject, RunningSandbox } from '@handoff/sandbox';
import { HubSpotGateway } from '../../src/adapters/hubspot/gateway.js';
import { windowActivities, windowContacts } from '../../src/adapters/hubspot/stream-reader.js';
import { readWindow } from '../helpers/window-read.js';
import type { ActivityBatch, WindowChunk } from '../../src/ports/hubspot.js';

/**
 * The window's reads over the real HubSpot client: 600 contacts changed on one millisecond (a list
 * import) beside 100 spread over the day, in chunks, and 1,200 emails in association batches, some
 * on contacts that did not change themselves.
 */
describe('streamed incremental read', () => {
  let sandbox: RunningSandbox;
  const now = Date.now();
  const same = now - 3_600_000;
  const inWindow = new Set<string>();
  const activityOnly = new Set<string>();

  beforeAll(async () => {
    const iso = (ms: number): string => new Date(ms).toISOString();
    const contacts: HubSpotObject[] = [];
    const add = (id: string, modified: number): void => {
      contacts.push({ id, properties: { hs_object_id: id, email: `c${id}@example.com`, lastmodifieddate: iso(modified), createdate: iso(modified - 86_400_000) }, createdAt: iso(modified - 86_400_000), updatedAt: iso(modified) });
    };
    for (let i = 0; i < 700; i++) {
      const id = String(1_000 + i);
      inWindow.add(id);
      add(id, i < 600 ? same : now - 86_400_000 + i * 60_000);
    }
    // Changed long ago; only their emails changed in the window.
    for (let i = 0; i < 50; i++) {
      const id = String(5_000 + i);
      activityOnly.add(id);
      add(id, now - 20 * 86_400_000);
    }
    const emails: HubSpotObject[] = [];
    const associations: HubSpotAssociation[] = [];
    const targets = [...inWindow, ...activityOnly];
    for (let i = 0; i < 1_200; i++) {
      const id = String(90_000 + i);
      const at = iso(now - 80_000_000 + i * 50_000);
      emails.push({ id, properties: { hs_object_id: id, hs_timestamp: at, hs_lastmodifieddate: at, hs_email_direction: 'INCOMING_EMAIL' }, createdAt: at, updatedAt: at });
      associations.push({ fromType: 'emails', fromId: id, toType: 'contacts', toId: targets[i % targets.length] as string });
    }
    sandbox = await startSandbox({
      rateLimits: false,
      dataset: { version: 1, hubspot: { contacts, emails, calls: [], meetings: [], notes: [], tasks: [], associations, owners: [] }, salesforce: { User: [], Lead: [], Contact: [], Account: [], Task: [] } },
    });
  });
  afterAll(async () => sandbox?.stop());

  const gateway = (): HubSpotGateway =>
    new HubSpotGateway({ baseUrl: sandbox.hubspotUrl, accessToken: sandbox.env.HUBSPOT_ACCESS_TOKEN ?? '', clock: systemClock, logger: noopLogger, tier: 'enterprise', rateShare: 1, searchPerSecond: 100 });
  const window = (): { since: number; until: number } => ({ since: now - 2 * 86_400_000, until: now });
  const count = (prefix: string): number =>
    Object.entries(sandbox.control.hubspot.log.counters())
      .filter(([k]) => k.startsWith(prefix))
      .reduce((n, [, v]) => n + v, 0);

  it('contacts in chunks of 250 across the ties give every changed contact once, in order; the emails come in association batches of 1,000', async () => {
    const before = count('POST /crm/v4/associations/emails/contacts/batch/read');
    const batchReads = count('POST /crm/v3/objects/contacts/batch/read');
    const chunks: WindowChunk[] = [];
    for await (const c of windowContacts(gateway(), window(), [], 250)) chunks.push(c);

    // 700 changed contacts: three chunks, the last flagged.
    expect(chunks.map((c) => c.contacts.length)).toEqual([250, 250, 200]);
    expect(chunks.map((c) => c.last)).toEqual([false, false, true]);
    const through = chunks.map((c) => c.through);
    expect([...through].sort((a, b) => a - b)).toEqual(through);
    expect(through.at(-1)).toBe(now);
    // A chunk's own contact changes lie at or before its cursor position, or on the instant just
    // after it when the chunk ends inside a group of ties (the rest of the group is yet to come).
    for (const c of chunks) if (c.latestChange !== null) expect(c.latestChange).toBeLessThanOrEqual(c.through + 1);
    expect(through.slice(0, 2)).toEqual([same - 1, same - 1]);
    const ids = chunks.flatMap((c) => c.contacts.map((k) => k.id));
    expect(ids).toHaveLength(700);
    expect(new Set(ids)).toEqual(inWindow);

    const batches: ActivityBatch[] = [];
    for await (const b of windowActivities(gateway(), window())) batches.push(b);
    // 1,200 emails: one association read per 1,000, each batch only its own emails.
    expect(batches.map((b) => b.activities.length)).toEqual([1_000, 200]);
    expect(count('POST /crm/v4/associations/emails/contacts/batch/read') - before).toBe(2);
    const activities = batches.flatMap((b) => b.activities.map((a) => `${a.id}>${a.contactId}`));
    expect(new Set(activities).size).toBe(1_200);
    expect(new Set(batches.flatMap((b) => b.activities.map((a) => a.contactId)))).toEqual(new Set([...inWindow, ...activityOnly]));
    // Neither read batch-reads a contact.
    expect(count('POST /crm/v3/objects/contacts/batch/read')).toBe(batchReads);
  });

  it('the whole window in one read gives the same contacts and activities, the contacts touched only by activity read in one batch read', async () => {
    const chunks: WindowChunk[] = [];
    for await (const c of windowContacts(gateway(), window(), [], 7)) chunks.push(c);
    const batchReads = count('POST /crm/v3/objects/contacts/batch/read');
    const whole = await readWindow(gateway(), window(), []);
    expect(count('POST /crm/v3/objects/contacts/batch/read') - batchReads).toBe(1);
    expect(new Set(whole.activities.map((a) => `${a.id}>${a.contactId}`)).size).toBe(1_200);
    expect(new Set(whole.contacts.map((c) => c.id))).toEqual(new Set([...chunks.flatMap((c) => c.contacts.map((k) => k.id)), ...activityOnly]));
    expect(whole.contacts).toHaveLength(750);
    // The 600 ties come in id order within their instant.
    const tied = chunks.flatMap((c) => c.contacts.filter((k) => Date.parse(k.updatedAt) === same).map((k) => Number(k.id)));
    expect(tied).toHaveLength(600);
    expect(tied).toEqual([...tied].sort((a, b) => a - b));
  });
});
