import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AssociationSpecAssociationCategoryEnum } from '@hubspot/api-client/lib/codegen/crm/objects/meetings/index.js';
import { T0, apiError, contact, contacts, engagement, raw, startHarness } from './hubspot-fixture.js';
import type { Harness } from './hubspot-fixture.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.sb.stop();
});
beforeEach(() => {
  h.sb.reset();
  h.clock.set(T0, true);
  h.sb.load({ contacts: contacts(5) });
});

async function control(path: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${h.sb.url}/__sandbox${path}`, { method: 'POST', ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

const searchIds = async (): Promise<string[]> =>
  (await h.client.crm.contacts.searchApi.doSearch({ filterGroups: [], sorts: [], properties: [], limit: 100, after: '0' })).results.map((r) => r.id);

describe('merged contacts', () => {
  it('keeps the winner with accumulated hs_merged_object_ids; the loser is gone from get, list and search', async () => {
    await h.client.crm.contacts.basicApi.merge({ primaryObjectId: '2', objectIdToMerge: '3' });
    h.clock.advance(1_000);
    const viaControl = await control('/merge', { primaryId: '1', mergedId: '2' });
    expect(viaControl.status).toBe(200);
    const winner = await h.client.crm.contacts.basicApi.getById('1', ['hs_merged_object_ids', 'hs_calculated_merged_vids', 'hs_additional_emails']);
    expect(winner.properties['hs_merged_object_ids']?.split(';').sort()).toEqual(['2', '3']);
    // The legacy property only lists direct losers (misses chained merges).
    expect(winner.properties['hs_calculated_merged_vids']).toBe(`2:${T0 + 1_000}`);
    expect(winner.properties['hs_additional_emails']).toContain('c2@example.com');
    expect(winner.updatedAt.getTime()).toBe(T0 + 1_000);
    for (const id of ['2', '3']) expect((await apiError(h.client.crm.contacts.basicApi.getById(id))).code).toBe(404);
    expect((await h.client.crm.contacts.basicApi.getPage(100)).results.map((r) => r.id)).toEqual(['1', '4', '5']);
    expect(await searchIds()).toEqual(['1', '4', '5']);
    // The loser's email now finds the winner.
    expect((await h.client.crm.contacts.basicApi.getById('c2@example.com', undefined, undefined, undefined, false, 'email')).id).toBe('1');
  });

  it('moves the loser’s associations to the winner', async () => {
    h.sb.logEngagement('4', 'meetings', { hs_meeting_title: 'Demo' });
    h.sb.mergeContacts('5', '4');
    const assoc = await h.client.crm.associations.v4.basicApi.getPage('contacts', '5', 'meetings');
    expect(assoc.results).toHaveLength(1);
  });
});

describe('archived contacts', () => {
  it('DELETE archives; archived=true lists only archived ones', async () => {
    await h.client.crm.contacts.basicApi.archive('2');
    const active = await h.client.crm.contacts.basicApi.getPage(100);
    expect(active.results.map((r) => r.id)).toEqual(['1', '3', '4', '5']);
    const archived = await h.client.crm.contacts.basicApi.getPage(100, undefined, undefined, undefined, undefined, true);
    expect(archived.results.map((r) => r.id)).toEqual(['2']);
    expect(archived.results[0]?.archived).toBe(true);
    expect(archived.results[0]?.archivedAt).toBeInstanceOf(Date);
    expect((await apiError(h.client.crm.contacts.basicApi.getById('2'))).code).toBe(404);
    expect((await h.client.crm.contacts.basicApi.getById('2', undefined, undefined, undefined, true)).archived).toBe(true);
  });
});

describe('user actions', () => {
  it('counts form submissions on the contact and bumps lastmodifieddate', async () => {
    h.clock.advance(30_000);
    expect((await control('/contacts/3/forms', { formName: 'Demo request' })).status).toBe(200);
    h.clock.advance(30_000);
    h.sb.submitForm('3', 'Pricing');
    const c = await h.client.crm.contacts.basicApi.getById('3', ['num_conversion_events', 'recent_conversion_date', 'recent_conversion_event_name', 'first_conversion_event_name']);
    expect(c.properties).toMatchObject({
      num_conversion_events: '2',
      recent_conversion_date: new Date(T0 + 60_000).toISOString(),
      recent_conversion_event_name: 'Pricing',
      first_conversion_event_name: 'Demo request',
      lastmodifieddate: new Date(T0 + 60_000).toISOString(),
    });
  });

  it('edits a contact as a user would and logs activities with associations', async () => {
    h.clock.advance(5_000);
    const edited = await control('/contacts/1', { properties: { lifecyclestage: 'salesqualifiedlead', jobtitle: 'VP' } });
    expect(edited.status).toBe(200);
    expect(edited.body['properties']).toMatchObject({ lifecyclestage: 'salesqualifiedlead', jobtitle: 'VP' });
    h.clock.advance(5_000);
    const meeting = await control('/contacts/1/meetings', { properties: { hs_meeting_title: 'Intro', hs_meeting_outcome: 'COMPLETED' } });
    expect(meeting.status).toBe(201);
    await control('/contacts/1/emails', { hs_email_subject: 'Hi', hs_email_direction: 'INCOMING_EMAIL' });
    expect((await control('/contacts/999/calls', {})).status).toBe(404);
    expect((await control('/contacts/1/faxes', {})).status).toBe(400);
    const c = await h.client.crm.contacts.basicApi.getById('1', ['notes_last_updated'], undefined, ['meetings', 'emails']);
    expect(c.updatedAt.getTime()).toBe(T0 + 10_000);
    expect(c.properties['notes_last_updated']).toBe(new Date(T0 + 10_000).toISOString());
    expect(c.associations?.['meetings']?.results).toEqual([{ id: meeting.body['id'], type: 'contact_to_meeting' }]);
    const m = await h.client.crm.objects.meetings.basicApi.getById(String(meeting.body['id']), ['hs_meeting_title', 'hs_timestamp']);
    expect(m.properties).toMatchObject({ hs_meeting_title: 'Intro', hs_timestamp: new Date(T0 + 10_000).toISOString() });
  });
});

describe('engagements and associations v4', () => {
  it('creates an engagement with associations through the SDK', async () => {
    const created = await h.client.crm.objects.meetings.basicApi.create({
      properties: { hs_timestamp: String(T0), hs_meeting_title: 'Kickoff' },
      associations: [{ to: { id: '2' }, types: [{ associationCategory: AssociationSpecAssociationCategoryEnum.HubspotDefined, associationTypeId: 200 }] }],
    });
    expect(created.properties['hs_timestamp']).toBe(new Date(T0).toISOString());
    const back = await h.client.crm.associations.v4.basicApi.getPage('meetings', created.id, 'contacts');
    expect(back.results).toEqual([expect.objectContaining({ toObjectId: 2, associationTypes: [expect.objectContaining({ category: 'HUBSPOT_DEFINED', typeId: 200 })] })]);
    const noTimestamp = await apiError(h.client.crm.objects.notes.basicApi.create({ properties: { hs_note_body: 'x' }, associations: [] }));
    expect(noTimestamp.code).toBe(400);
  });

  it('pages associations and batch-reads them with 207 errors for ids without any; type names and ids both work', async () => {
    h.sb.load({
      contacts: contacts(3),
      emails: Array.from({ length: 7 }, (_, i) => engagement(i + 1, { hs_email_subject: `E${i + 1}` }, T0 - 1000 + i)),
      associations: Array.from({ length: 7 }, (_, i) => ({ fromType: 'contacts', fromId: i < 5 ? '1' : '2', toType: 'emails', toId: String(i + 1) })),
    });
    const p1 = await h.client.crm.associations.v4.basicApi.getPage('contact', '1', '0-49', undefined, 3);
    expect(p1.results.map((r) => r.toObjectId)).toEqual([1, 2, 3]);
    expect(p1.results[0]?.associationTypes[0]?.typeId).toBe(197);
    const p2 = await h.client.crm.associations.v4.basicApi.getPage('contacts', '1', 'emails', p1.paging?.next?.after, 3);
    expect(p2.results.map((r) => r.toObjectId)).toEqual([4, 5]);
    expect(p2.paging).toBeUndefined();
    const batch = await h.client.crm.associations.v4.batchApi.getPage('0-1', 'emails', { inputs: [{ id: '1' }, { id: '2' }, { id: '3' }] });
    expect(batch.results.map((r) => [r._from.id, r.to.map((t) => t.toObjectId)])).toEqual([['1', [1, 2, 3, 4, 5]], ['2', [6, 7]]]);
    expect(batch).toHaveProperty('errors');
    expect((batch as { errors?: { context?: Record<string, string[]> }[] }).errors?.[0]?.context).toEqual({ fromObjectId: ['3'] });
    const status = await raw(h.sb, '/crm/v4/associations/contacts/emails/batch/read', { method: 'POST', body: JSON.stringify({ inputs: [{ id: '3' }] }) });
    expect(status.status).toBe(207);
    const tooMany = await raw(h.sb, '/crm/v4/associations/contacts/emails/batch/read', { method: 'POST', body: JSON.stringify({ inputs: Array.from({ length: 1001 }, (_, i) => ({ id: String(i) })) }) });
    expect(tooMany.status).toBe(400);
  });

  it('lists engagements with the v3 associations parameter', async () => {
    h.sb.logEngagement('2', 'notes', { hs_note_body: 'called back' });
    const notes = await h.client.crm.objects.notes.basicApi.getPage(10, undefined, ['hs_note_body'], undefined, ['contacts']);
    expect(notes.results[0]?.properties['hs_note_body']).toBe('called back');
    expect(notes.results[0]?.associations?.['contacts']?.results).toEqual([{ id: '2', type: 'note_to_contact' }]);
  });
});

describe('control API', () => {
  it('loads a dataset file, drives the clock, and resets', async () => {
    const loaded = await control('/dataset', { version: 1, hubspot: { contacts: [contact(42, { email: 'z@z.io' })], owners: [{ id: '7', email: 'o@z.io' }] } });
    expect(loaded.body).toMatchObject({ contacts: { total: 1, active: 1 }, owners: 1 });
    expect((await h.client.crm.contacts.basicApi.getById('42')).properties['email']).toBe('z@z.io');
    const clock = await control('/clock', { advance: 60_000 });
    expect(clock.body['now']).toBe(new Date(T0 + 60_000).toISOString());
    expect((await control('/clock', { set: '2025-01-01T00:00:00Z', pin: true })).body['now']).toBe('2025-01-01T00:00:00.000Z');
    expect((await control('/clock', { bogus: 1 })).status).toBe(400);
    await control('/reset');
    expect((await h.client.crm.contacts.basicApi.getPage()).results).toEqual([]);
  });

  it('loads 20,000 contacts in one call', async () => {
    const big = contacts(20_000);
    const res = await control('/dataset', { contacts: big });
    expect(res.body['contacts']).toEqual({ total: 20_000, active: 20_000 });
  });
});
