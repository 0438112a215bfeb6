import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SimplePublicObject } from '@hubspot/api-client/lib/codegen/crm/contacts/index.js';
import { T0, apiError, contact, contacts, engagement, raw, startHarness } from './hubspot-fixture.js';
import type { Harness } from './hubspot-fixture.js';
import type { PublicObjectSearchRequest } from '@hubspot/api-client/lib/codegen/crm/contacts/index.js';

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

type Filter = { propertyName: string; operator: string; value?: string; highValue?: string; values?: string[] };
function req(filters: Filter[][], extra: Partial<PublicObjectSearchRequest> = {}): PublicObjectSearchRequest {
  return { filterGroups: filters.map((f) => ({ filters: f as never })), sorts: [], properties: [], limit: 100, after: '0', ...extra };
}
async function ids(filters: Filter[][], extra: Partial<PublicObjectSearchRequest> = {}): Promise<string[]> {
  return (await h.client.crm.contacts.searchApi.doSearch(req(filters, extra))).results.map((r) => r.id);
}

describe('contact search operators', () => {
  beforeEach(() => {
    h.sb.load({
      contacts: [
        contact(1, { email: 'ann@acme.com', firstname: 'Ann', lifecyclestage: 'lead', num_conversion_events: '3', hs_analytics_source: 'ORGANIC_SEARCH' }),
        contact(2, { email: 'bob@beta.io', firstname: 'Bob', lifecyclestage: 'customer', num_conversion_events: '10' }),
        contact(3, { email: 'cy@acme.com', firstname: 'Cy', lifecyclestage: 'lead', num_conversion_events: null, jobtitle: 'Head of Sales' }),
      ],
    });
  });

  it('ANDs filters within a group and ORs groups', async () => {
    expect(await ids([[{ propertyName: 'lifecyclestage', operator: 'EQ', value: 'lead' }, { propertyName: 'num_conversion_events', operator: 'GTE', value: '3' }]])).toEqual(['1']);
    expect(await ids([[{ propertyName: 'firstname', operator: 'EQ', value: 'bob' }], [{ propertyName: 'firstname', operator: 'EQ', value: 'Cy' }]])).toEqual(['2', '3']);
  });

  it('compares numbers numerically, and handles NEQ, IN, NOT_IN, BETWEEN, HAS/NOT_HAS_PROPERTY, CONTAINS_TOKEN', async () => {
    expect(await ids([[{ propertyName: 'num_conversion_events', operator: 'GT', value: '5' }]])).toEqual(['2']);
    expect(await ids([[{ propertyName: 'num_conversion_events', operator: 'LT', value: '5' }]])).toEqual(['1']);
    expect(await ids([[{ propertyName: 'num_conversion_events', operator: 'LTE', value: '10' }]])).toEqual(['1', '2']);
    expect(await ids([[{ propertyName: 'lifecyclestage', operator: 'NEQ', value: 'lead' }]])).toEqual(['2']);
    expect(await ids([[{ propertyName: 'email', operator: 'IN', values: ['ann@acme.com', 'cy@acme.com'] }]])).toEqual(['1', '3']);
    expect(await ids([[{ propertyName: 'email', operator: 'NOT_IN', values: ['ann@acme.com'] }]])).toEqual(['2', '3']);
    expect(await ids([[{ propertyName: 'num_conversion_events', operator: 'BETWEEN', value: '4', highValue: '10' }]])).toEqual(['2']);
    expect(await ids([[{ propertyName: 'num_conversion_events', operator: 'NOT_HAS_PROPERTY' }]])).toEqual(['3']);
    expect(await ids([[{ propertyName: 'hs_analytics_source', operator: 'HAS_PROPERTY' }]])).toEqual(['1']);
    expect(await ids([[{ propertyName: 'email', operator: 'CONTAINS_TOKEN', value: '*@acme.com' }]])).toEqual(['1', '3']);
    expect(await ids([[{ propertyName: 'jobtitle', operator: 'CONTAINS_TOKEN', value: 'sales' }]])).toEqual(['3']);
  });

  it('a range on the modified date sorted on it stops at its upper bound, also past records a write moved beyond it', async () => {
    const cut = T0 - 86_400_000 + 2 * 1000; // contact 2's lastmodifieddate
    // Contact 1, the oldest, is written: its lastmodifieddate moves past the range's end.
    await h.client.crm.contacts.basicApi.update('1', { properties: { firstname: 'Anne' } });
    const range = [[{ propertyName: 'lastmodifieddate', operator: 'LTE', value: String(cut) }]];
    expect(await ids(range, { sorts: ['lastmodifieddate'] })).toEqual(['2']);
    expect((await h.client.crm.contacts.searchApi.doSearch(req(range, { sorts: ['lastmodifieddate'] }))).total).toBe(1);
  });

  it('filters dates given as epoch-ms strings or ISO, and sorts by string or object form', async () => {
    const cut = T0 - 86_400_000 + 2 * 1000; // contact 2's lastmodifieddate
    expect(await ids([[{ propertyName: 'lastmodifieddate', operator: 'GTE', value: String(cut) }]])).toEqual(['2', '3']);
    expect(await ids([[{ propertyName: 'lastmodifieddate', operator: 'GT', value: new Date(cut).toISOString() }]])).toEqual(['3']);
    expect(await ids([[{ propertyName: 'lastmodifieddate', operator: 'LTE', value: String(cut) }]], { sorts: ['-lastmodifieddate'] })).toEqual(['2', '1']);
    expect(await ids([], { sorts: [{ propertyName: 'firstname', direction: 'DESCENDING' }] as never })).toEqual(['3', '2', '1']);
  });

  it('returns default properties plus requested ones, and `total`', async () => {
    const res = await h.client.crm.contacts.searchApi.doSearch(req([[{ propertyName: 'lifecyclestage', operator: 'EQ', value: 'lead' }]], { properties: ['lifecyclestage'], limit: 1 }));
    expect(res.total).toBe(2);
    expect(res.results[0]).toBeInstanceOf(SimplePublicObject);
    expect(res.results[0]?.properties).toEqual({ createdate: expect.any(String), hs_object_id: '1', lastmodifieddate: expect.any(String), lifecyclestage: 'lead' });
    expect(res.paging?.next?.after).toBe('1');
    const none = await h.client.crm.contacts.searchApi.doSearch(req([[{ propertyName: 'firstname', operator: 'EQ', value: 'Zed' }]]));
    expect(none).toMatchObject({ total: 0, results: [] });
    expect(none.paging).toBeUndefined();
  });

  it('answers a bad operator, a limit above 200 and more than one sort with 400 VALIDATION_ERROR', async () => {
    const bad = await raw(h.sb, '/crm/v3/objects/contacts/search', { method: 'POST', body: JSON.stringify({ filterGroups: [{ filters: [{ propertyName: 'email', operator: 'LIKE', value: 'x' }] }] }) });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ status: 'error', category: 'VALIDATION_ERROR' });
    expect((await apiError(h.client.crm.contacts.searchApi.doSearch(req([], { limit: 201 })))).code).toBe(400);
    expect((await apiError(h.client.crm.contacts.searchApi.doSearch(req([], { sorts: ['email', 'firstname'] })))).code).toBe(400);
  });

  it('never returns archived contacts and sees edits immediately', async () => {
    await h.client.crm.contacts.basicApi.archive('1');
    h.clock.advance(1_000);
    h.sb.updateContact('3', { lifecyclestage: 'customer' });
    expect(await ids([[{ propertyName: 'lastmodifieddate', operator: 'GTE', value: String(T0) }]])).toEqual(['3']);
    expect(await ids([[{ propertyName: 'lifecyclestage', operator: 'EQ', value: 'lead' }]])).toEqual([]);
  });
});

describe('search paging cap', () => {
  it('pages 200 at a time to 10,000 results, then answers after=10000 with 400', async () => {
    h.sb.load({ contacts: contacts(10_050) });
    const filter = [[{ propertyName: 'lastmodifieddate', operator: 'GTE', value: '0' }]];
    let after: string | undefined = '0';
    let seen = 0;
    let last = 0;
    let total = 0;
    while (after !== undefined && after !== '10000') {
      const page = await h.client.crm.contacts.searchApi.doSearch(req(filter, { sorts: ['lastmodifieddate'], limit: 200, after }));
      total = page.total;
      for (const r of page.results) {
        expect(Number(r.id)).toBeGreaterThan(last);
        last = Number(r.id);
      }
      seen += page.results.length;
      after = page.paging?.next?.after;
    }
    expect(total).toBe(10_050);
    expect(seen).toBe(10_000);
    expect(after).toBe('10000');
    const err = await apiError(h.client.crm.contacts.searchApi.doSearch(req(filter, { sorts: ['lastmodifieddate'], limit: 200, after: '10000' })));
    expect(err.code).toBe(400);
    expect(err.body).toMatchObject({ status: 'error', category: 'VALIDATION_ERROR' });
  });
});

describe('engagement search', () => {
  it('searches meetings by hs_lastmodifieddate range with sort and paging, and reads them in batch', async () => {
    h.sb.load({
      meetings: Array.from({ length: 30 }, (_, i) => engagement(i + 1, { hs_meeting_title: `M${i + 1}`, hs_meeting_outcome: i % 2 ? 'COMPLETED' : 'SCHEDULED' }, T0 - 100_000 + i * 1000)),
    });
    const from = String(T0 - 100_000 + 10 * 1000);
    const to = String(T0 - 100_000 + 19 * 1000);
    const filters = [{ filters: [{ propertyName: 'hs_lastmodifieddate', operator: 'GTE' as never, value: from }, { propertyName: 'hs_lastmodifieddate', operator: 'LTE' as never, value: to }] }];
    const p1 = await h.client.crm.objects.meetings.searchApi.doSearch({ filterGroups: filters, sorts: ['-hs_lastmodifieddate'], properties: ['hs_meeting_title'], limit: 4, after: '0' });
    expect(p1.total).toBe(10);
    expect(p1.results.map((r) => r.properties['hs_meeting_title'])).toEqual(['M20', 'M19', 'M18', 'M17']);
    const p3 = await h.client.crm.objects.meetings.searchApi.doSearch({ filterGroups: filters, sorts: ['-hs_lastmodifieddate'], properties: [], limit: 4, after: '8' });
    expect(p3.results.map((r) => r.id)).toEqual(['12', '11']);
    expect(p3.paging).toBeUndefined();
    expect(Object.keys(p3.results[0]?.properties ?? {}).sort()).toEqual(['hs_createdate', 'hs_lastmodifieddate', 'hs_object_id']);
    const batch = await h.client.crm.objects.meetings.batchApi.read({ inputs: [{ id: '2' }], properties: ['hs_meeting_outcome', 'hs_timestamp'], propertiesWithHistory: [] });
    expect(batch.results[0]?.properties).toMatchObject({ hs_meeting_outcome: 'COMPLETED', hs_timestamp: new Date(T0 - 99_000).toISOString() });
  });
});
