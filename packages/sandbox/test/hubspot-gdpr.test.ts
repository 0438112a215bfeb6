import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contacts, engagement, startHarness, T0 } from './hubspot-fixture.js';
import type { Harness } from './hubspot-fixture.js';

describe('HubSpot sandbox: GDPR delete', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness();
    h.sb.load({
      contacts: contacts(4),
      notes: [engagement(900, { hs_note_body: 'met c2' }, T0)],
      associations: [{ fromType: 'notes', fromId: '900', toType: 'contacts', toId: '2' }],
    });
  });
  afterAll(async () => h.sb.stop());

  it('removes the contact for good: not readable, not in the archived list, its associations gone', async () => {
    await h.client.crm.contacts.basicApi.purge({ objectId: '2' });
    const live = await h.client.crm.contacts.batchApi.read({ inputs: [{ id: '1' }, { id: '2' }], properties: ['email'], propertiesWithHistory: [] }, false);
    expect(live.results.map((r) => r.id)).toEqual(['1']);
    const archived = await h.client.crm.contacts.batchApi.read({ inputs: [{ id: '2' }], properties: [], propertiesWithHistory: [] }, true);
    expect(archived.results).toEqual([]);
    const note = await h.client.crm.associations.v4.basicApi.getPage('notes', '900', 'contacts');
    expect(note.results).toEqual([]);
    // Its address is free again.
    const again = await h.client.crm.contacts.basicApi.create({ properties: { email: 'c2@example.com' }, associations: [] });
    expect(again.id).not.toBe('2');
  });

  it('finds the contact by email, archived ones too; an unknown one is 404', async () => {
    await h.client.crm.contacts.basicApi.archive('3');
    await h.client.crm.contacts.basicApi.purge({ objectId: 'C4@example.com', idProperty: 'email' });
    await h.client.crm.contacts.basicApi.purge({ objectId: '3' });
    const read = await h.client.crm.contacts.batchApi.read({ inputs: [{ id: '3' }, { id: '4' }], properties: [], propertiesWithHistory: [] }, true);
    expect(read.results).toEqual([]);
    const err = (await h.client.crm.contacts.basicApi.purge({ objectId: '424242' }).catch((e: unknown) => e)) as { code?: number };
    expect(err.code).toBe(404);
  });
});
