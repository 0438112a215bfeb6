import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  SimplePublicObject,
  SimplePublicObjectWithAssociations,
} from '@hubspot/api-client/lib/codegen/crm/contacts/index.js';
import { Property } from '@hubspot/api-client/lib/codegen/crm/properties/index.js';
import { PublicOwner } from '@hubspot/api-client/lib/codegen/crm/owners/index.js';
import { T0, apiError, contact, contacts, raw, startHarness } from './hubspot-fixture.js';
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
});

describe('contacts list (GET /crm/v3/objects/contacts)', () => {
  it('pages by id with `after`, default limit 10, and omits paging on the last page', async () => {
    h.sb.load({ contacts: contacts(25) });
    const first = await h.client.crm.contacts.basicApi.getPage();
    expect(first.results).toHaveLength(10);
    expect(first.results[0]).toBeInstanceOf(SimplePublicObjectWithAssociations);
    expect(first.results[0]?.createdAt).toBeInstanceOf(Date);
    expect(first.results.map((r) => r.id)).toEqual(Array.from({ length: 10 }, (_, i) => String(i + 1)));
    expect(first.paging?.next?.after).toBe('11');
    const last = await h.client.crm.contacts.basicApi.getPage(100, '21');
    expect(last.results.map((r) => r.id)).toEqual(['21', '22', '23', '24', '25']);
    expect(last.paging).toBeUndefined();
    const all = await h.client.crm.contacts.getAll(7);
    expect(all).toHaveLength(25);
  });

  it('returns only the default properties unless asked, values as strings', async () => {
    h.sb.load({ contacts: [contact(5, { email: 'a@x.io', firstname: 'Ann', lastname: 'Lee', phone: '+1 555', num_conversion_events: '2' })] });
    const def = await h.client.crm.contacts.basicApi.getPage();
    expect(Object.keys(def.results[0]?.properties ?? {}).sort()).toEqual(['createdate', 'email', 'firstname', 'hs_object_id', 'lastmodifieddate', 'lastname']);
    expect(def.results[0]?.properties['hs_object_id']).toBe('5');
    // Repeated (what the SDK sends) and comma-separated forms both work; known-but-empty comes back null.
    const asked = await h.client.crm.contacts.basicApi.getPage(10, undefined, ['phone', 'num_conversion_events', 'jobtitle', 'not_a_property']);
    expect(asked.results[0]?.properties).toMatchObject({ phone: '+1 555', num_conversion_events: '2', jobtitle: null, hs_object_id: '5' });
    expect(asked.results[0]?.properties).not.toHaveProperty('not_a_property');
    const comma = await raw(h.sb, '/crm/v3/objects/contacts?properties=phone,jobtitle');
    expect((comma.body as { results: { properties: object }[] }).results[0]?.properties).toMatchObject({ phone: '+1 555', jobtitle: null });
  });

  it('caps limit at 100', async () => {
    h.sb.load({ contacts: contacts(150) });
    const page = await h.client.crm.contacts.basicApi.getPage(500);
    expect(page.results).toHaveLength(100);
    expect(page.paging?.next?.after).toBe('101');
  });
});

describe('contacts read/create/update', () => {
  it('gets by id and by email with idProperty, 404 otherwise', async () => {
    h.sb.load({ contacts: [contact(7, { email: 'Mixed@Case.com', firstname: 'M' })] });
    const byId = await h.client.crm.contacts.basicApi.getById('7', ['firstname']);
    expect(byId).toBeInstanceOf(SimplePublicObjectWithAssociations);
    expect(byId.properties['firstname']).toBe('M');
    const byEmail = await h.client.crm.contacts.basicApi.getById('mixed@case.com', undefined, undefined, undefined, false, 'email');
    expect(byEmail.id).toBe('7');
    const missing = await apiError(h.client.crm.contacts.basicApi.getById('8'));
    expect(missing.code).toBe(404);
    expect(missing.body).toMatchObject({ status: 'error', category: 'OBJECT_NOT_FOUND' });
  });

  it('creates with 201, rejects an existing email with 409 and bad values with 400', async () => {
    const created = await h.client.crm.contacts.basicApi.create({ properties: { email: 'new@x.io', firstname: 'New' }, associations: [] });
    expect(created).toBeInstanceOf(SimplePublicObject);
    expect(created.properties).toMatchObject({ email: 'new@x.io', firstname: 'New', hs_object_id: created.id });
    expect(created.createdAt.getTime()).toBe(T0);
    const dup = await apiError(h.client.crm.contacts.basicApi.create({ properties: { email: 'NEW@x.io' }, associations: [] }));
    expect(dup.code).toBe(409);
    expect(dup.body['message']).toBe(`Contact already exists. Existing ID: ${created.id}`);
    const bad = await apiError(h.client.crm.contacts.basicApi.create({ properties: { email: 'example.lcom', favourite_colour: 'red' }, associations: [] }));
    expect(bad.code).toBe(400);
    expect(bad.body['category']).toBe('VALIDATION_ERROR');
    expect(String(bad.body['message'])).toContain('INVALID_EMAIL');
    expect(String(bad.body['message'])).toContain('PROPERTY_DOESNT_EXIST');
  });

  it('update bumps lastmodifieddate and updatedAt to the sandbox clock', async () => {
    h.sb.load({ contacts: [contact(3, { email: 'u@x.io' })] });
    h.clock.advance(60_000);
    const updated = await h.client.crm.contacts.basicApi.update('3', { properties: { jobtitle: 'CTO', hs_lead_status: 'OPEN' } });
    expect(updated.updatedAt.getTime()).toBe(T0 + 60_000);
    expect(updated.properties['lastmodifieddate']).toBe(new Date(T0 + 60_000).toISOString());
    const bad = await apiError(h.client.crm.contacts.basicApi.update('3', { properties: { hs_lead_status: 'MAYBE' } }));
    expect(bad.code).toBe(400);
    expect(String(bad.body['message'])).toContain('INVALID_OPTION');
  });
});

describe('contacts batch', () => {
  it('batch read returns 200, or 207 with OBJECT_NOT_FOUND errors for missing ids', async () => {
    h.sb.load({ contacts: contacts(5) });
    const ok = await h.client.crm.contacts.batchApi.read({ inputs: [{ id: '1' }, { id: '2' }], properties: ['email'], propertiesWithHistory: [] });
    expect(ok.status).toBe('COMPLETE');
    expect(ok.results.map((r) => r.properties['email']).sort()).toEqual(['c1@example.com', 'c2@example.com']);
    const partial = await h.client.crm.contacts.batchApi.read({ inputs: [{ id: '1' }, { id: '99' }], properties: [], propertiesWithHistory: [] });
    expect(partial.results).toHaveLength(1);
    expect('errors' in partial && partial.errors?.[0]).toMatchObject({ category: 'OBJECT_NOT_FOUND', context: { ids: ['99'] } });
    const byEmail = await h.client.crm.contacts.batchApi.read({ inputs: [{ id: 'c4@example.com' }], idProperty: 'email', properties: [], propertiesWithHistory: [] });
    expect(byEmail.results[0]?.id).toBe('4');
  });

  it('rejects more than 100 inputs, and more than 50 with property history', async () => {
    h.sb.load({ contacts: contacts(3) });
    const inputs = Array.from({ length: 101 }, (_, i) => ({ id: String(i + 1) }));
    expect((await apiError(h.client.crm.contacts.batchApi.read({ inputs, properties: [], propertiesWithHistory: [] }))).code).toBe(400);
    const history = await apiError(h.client.crm.contacts.batchApi.read({ inputs: inputs.slice(0, 51), properties: [], propertiesWithHistory: ['email'] }));
    expect(history.code).toBe(400);
    expect(String(history.body['message'])).toContain('property histories is 50');
  });

  it('batch update changes records and bumps their modified date', async () => {
    h.sb.load({ contacts: contacts(3) });
    h.clock.advance(5_000);
    const res = await h.client.crm.contacts.batchApi.update({ inputs: [{ id: '1', properties: { lifecyclestage: 'lead' } }, { id: '2', properties: { city: 'Oslo' } }] });
    expect(res.results).toHaveLength(2);
    const back = await h.client.crm.contacts.basicApi.getById('2', ['city']);
    expect(back.properties['city']).toBe('Oslo');
    expect(back.updatedAt.getTime()).toBe(T0 + 5_000);
  });
});

describe('properties, owners, account', () => {
  it('lists seeded contact properties and creates a group and a property (409 when it exists)', async () => {
    const all = await h.client.crm.properties.coreApi.getAll('contacts');
    const names = all.results.map((p) => p.name);
    for (const n of ['email', 'hs_lead_status', 'num_conversion_events', 'recent_conversion_date', 'hs_merged_object_ids', 'lastmodifieddate', 'hs_analytics_source']) expect(names).toContain(n);
    expect(all.results[0]).toBeInstanceOf(Property);
    expect(all.results[0]?.createdAt).toBeInstanceOf(Date);
    await h.client.crm.properties.groupsApi.create('contacts', { name: 'handoff', label: 'Handoff' });
    const created = await h.client.crm.properties.coreApi.create('contacts', { name: 'handoff_score', label: 'Handoff score', type: 'number' as never, fieldType: 'number' as never, groupName: 'handoff' });
    expect(created.name).toBe('handoff_score');
    const again = await apiError(h.client.crm.properties.coreApi.create('contacts', { name: 'handoff_score', label: 'x', type: 'number' as never, fieldType: 'number' as never, groupName: 'handoff' }));
    expect(again.code).toBe(409);
    // The new property is writable and readable at once.
    h.sb.load({ contacts: [contact(1, { email: 'p@x.io' })] });
    await h.client.crm.contacts.basicApi.update('1', { properties: { handoff_score: '42' } });
    expect((await h.client.crm.contacts.basicApi.getById('1', ['handoff_score'])).properties['handoff_score']).toBe('42');
  });

  it('lists owners with email filter and paging on both path forms', async () => {
    h.sb.load({ owners: Array.from({ length: 3 }, (_, i) => ({ id: String(100 + i), email: `o${i}@x.io`, firstName: 'O', lastName: String(i), userId: 900 + i })) });
    const page = await h.client.crm.owners.ownersApi.getPage(undefined, undefined, 2);
    expect(page.results).toHaveLength(2);
    expect(page.results[0]).toBeInstanceOf(PublicOwner);
    expect(page.results[0]?.createdAt).toBeInstanceOf(Date);
    const rest = await h.client.crm.owners.ownersApi.getPage(undefined, page.paging?.next?.after, 2);
    expect(rest.results.map((o) => o.id)).toEqual(['102']);
    expect(rest.paging).toBeUndefined();
    const byEmail = await raw(h.sb, '/crm/v3/owners?email=O1@x.io');
    expect((byEmail.body as { results: { id: string }[] }).results.map((o) => o.id)).toEqual(['101']);
    expect((await h.client.crm.owners.ownersApi.getById(902, 'userId')).id).toBe('102');
  });

  it('serves account details with the account time zone offset', async () => {
    const res = await h.client.apiRequest({ path: '/account-info/v3/details' });
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ portalId: 12345678, timeZone: 'America/New_York', utcOffset: '-04:00', utcOffsetMilliseconds: -14_400_000, additionalCurrencies: [] });
  });
});
