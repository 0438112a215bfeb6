import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Connection } from 'jsforce';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { mappingSchema } from '../../src/config/mapping.js';
import { systemClock } from '../../src/ports/clock.js';
import { noopLogger } from '../../src/lib/logger.js';
import { OBJECTS } from '@handoff/sandbox';
import { SalesforceGateway } from '../../src/adapters/salesforce/gateway.js';
import { METADATA_CACHE_KEY, loadOrgMetadata } from '../../src/adapters/salesforce/metadata.js';
import { USER_NAMES_CACHE_KEY } from '../../src/domain/salesforce.js';

const mapping = mappingSchema.parse(parse(readFileSync(join(import.meta.dirname, '..', '..', 'config', 'mapping.yaml'), 'utf8')));
const NOW = new Date('2026-11-20T15:00:00Z');

const describeOf = (name: string) => ({ name, fields: OBJECTS.get(name)?.fields ?? [] });
const USER = { attributes: { type: 'User' }, Id: '005000000000001AAA', Username: 'rep@acme.example', Email: 'rep@acme.example', IsActive: true, TimeZoneSidKey: 'America/New_York', Name: 'Rita Rep' };
const queueRow = (n: number) => ({ attributes: { type: 'Group', url: `/services/data/v64.0/sobjects/Group/00G00000000000${n}` }, Id: `00G00000000000${n}`, Name: `Queue ${n}`, DeveloperName: `Queue_${n}` });

interface SubRequest {
  method: string;
  url: string;
  referenceId: string;
}

/** A jsforce Connection that answers the metadata composite request and query-more, and records both. */
function fakeOrg(queues: { status?: number; pages?: object[][] } = {}) {
  const pages = queues.pages ?? [[queueRow(1)]];
  const requests: SubRequest[][] = [];
  const locators: string[] = [];
  const page = (i: number) => ({ totalSize: pages.flat().length, done: i === pages.length - 1, records: pages[i], ...(i < pages.length - 1 ? { nextRecordsUrl: `/services/data/v64.0/query/01gQ-${i + 1}` } : {}) });
  const conn = {
    version: '64.0',
    requestPost: (_url: string, body: { compositeRequest: SubRequest[] }) => {
      requests.push(body.compositeRequest);
      return Promise.resolve({
        compositeResponse: body.compositeRequest.map((r) => {
          if (r.referenceId === 'users') return { referenceId: r.referenceId, httpStatusCode: 200, body: { totalSize: 1, done: true, records: [USER] } };
          if (r.referenceId === 'queues') {
            return queues.status
              ? { referenceId: r.referenceId, httpStatusCode: queues.status, body: [{ errorCode: 'INSUFFICIENT_ACCESS', message: 'no access' }] }
              : { referenceId: r.referenceId, httpStatusCode: 200, body: page(0) };
          }
          return { referenceId: r.referenceId, httpStatusCode: 200, body: describeOf(r.referenceId) };
        }),
      });
    },
    queryMore: (locator: string) => {
      locators.push(locator);
      return Promise.resolve(page(Number(locator.split('-').pop())));
    },
  };
  const gateway = new SalesforceGateway({ conn: conn as unknown as Connection, clock: systemClock, logger: noopLogger, dailyBudgetShare: 1 });
  return { gateway, requests, locators };
}

function memoryCache(initial?: unknown) {
  const entries = new Map<string, { value: unknown; expiresAt: string }>();
  if (initial !== undefined) entries.set(METADATA_CACHE_KEY, { value: initial, expiresAt: '2026-11-20T16:00:00.000Z' });
  return {
    entries,
    getCache: (key: string) => Promise.resolve(entries.get(key) ?? null),
    setCache: (key: string, value: unknown, expiresAt: string) => {
      entries.set(key, { value: JSON.parse(JSON.stringify(value)) as unknown, expiresAt });
      return Promise.resolve();
    },
  };
}

const load = (org: ReturnType<typeof fakeOrg>, store: ReturnType<typeof memoryCache>) =>
  loadOrgMetadata({ gateway: org.gateway, store, mapping, now: NOW, ttlMinutes: 60 });

describe('loadOrgMetadata: Lead queues', () => {
  it('reads the Lead queues in the same composite request as the describes and users, and caches them', async () => {
    const org = fakeOrg();
    const store = memoryCache();
    const meta = await load(org, store);
    expect(org.requests).toHaveLength(1);
    expect(org.gateway.totalCalls).toBe(1);
    const sub = org.requests[0]?.find((r) => r.referenceId === 'queues');
    const soql = decodeURIComponent(sub?.url.split('?q=')[1] ?? '');
    expect(soql).toMatch(/FROM Group WHERE Type = 'Queue' AND Id IN \(SELECT QueueId FROM QueueSobject WHERE SobjectType = 'Lead'\)/);
    // Only the fields routing needs; the REST `attributes` are not kept.
    expect(meta.queues).toEqual([{ Id: '00G000000000001', Name: 'Queue 1', DeveloperName: 'Queue_1' }]);
    expect(meta.users.map((u) => u.Id)).toEqual([USER.Id]);
    expect(store.entries.get(METADATA_CACHE_KEY)).toMatchObject({ value: { queues: meta.queues }, expiresAt: '2026-11-20T16:00:00.000Z' });
  });

  it('follows query-more pages of queues', async () => {
    const org = fakeOrg({ pages: [[queueRow(1), queueRow(2)], [queueRow(3)]] });
    const meta = await load(org, memoryCache());
    expect(org.locators).toEqual(['/services/data/v64.0/query/01gQ-1']);
    expect(meta.queues.map((q) => q.DeveloperName)).toEqual(['Queue_1', 'Queue_2', 'Queue_3']);
  });

  it('a cached entry with queues costs no call', async () => {
    const org = fakeOrg();
    const cached = { describes: {}, users: [], queues: [{ Id: '00G000000000009', Name: 'Cached', DeveloperName: 'Cached' }], fetchedAt: '2026-11-20T14:30:00.000Z' };
    const meta = await load(org, memoryCache(cached));
    expect(org.requests).toHaveLength(0);
    expect(meta).toEqual(cached);
  });

  it('an entry cached before queues were read counts as expired: the org is read again and the entry replaced', async () => {
    const org = fakeOrg();
    const store = memoryCache({ describes: {}, users: [USER], fetchedAt: '2026-11-20T14:30:00.000Z' });
    const meta = await load(org, store);
    expect(org.requests).toHaveLength(1);
    expect(meta.queues.map((q) => q.DeveloperName)).toEqual(['Queue_1']);
    expect((store.entries.get(METADATA_CACHE_KEY)?.value as { queues: unknown[] }).queues).toHaveLength(1);
  });

  it('a refused queue query leaves no queues; the describes and users still load', async () => {
    const org = fakeOrg({ status: 403 });
    const meta = await load(org, memoryCache());
    expect(meta.queues).toEqual([]);
    expect(meta.users).toHaveLength(1);
    expect(meta.describes.Lead.fields.some((f) => f.name === 'HubSpot_Contact_Id__c')).toBe(true);
  });
});

describe('loadOrgMetadata: user names for the report', () => {
  it('stores the names by User Id apart from the routing metadata, for the report to show owners by name', async () => {
    const store = memoryCache();
    const meta = await load(fakeOrg(), store);
    expect(meta.users[0]).not.toHaveProperty('Name');
    expect(JSON.stringify(store.entries.get(METADATA_CACHE_KEY)?.value)).not.toContain('Rita Rep');
    expect(store.entries.get(USER_NAMES_CACHE_KEY)).toEqual({ value: { names: { [USER.Id]: 'Rita Rep' }, fetchedAt: NOW.toISOString() }, expiresAt: new Date(NOW.getTime() + 400 * 86_400_000).toISOString() });
  });

  it('a dry run stores nothing, names included', async () => {
    const store = memoryCache();
    await loadOrgMetadata({ gateway: fakeOrg().gateway, store, mapping, now: NOW, ttlMinutes: 60, readOnly: true });
    expect(store.entries.size).toBe(0);
  });
});

describe('loadOrgMetadata: the availability field', () => {
  it("reads routing.yaml's availability.userField with the users, as each user's away, and keeps only the fields routing needs", async () => {
    const org = fakeOrg();
    const meta = await loadOrgMetadata({ gateway: org.gateway, store: memoryCache(), mapping, now: NOW, ttlMinutes: 60, availabilityField: 'Away__c' });
    const sub = org.requests[0]?.find((r) => r.referenceId === 'users');
    expect(decodeURIComponent(sub?.url.split('?q=')[1] ?? '')).toBe('SELECT Id, Username, Email, IsActive, TimeZoneSidKey, Name, Away__c FROM User ORDER BY Username');
    // The fake org's row lacks the field: not ticked.
    expect(meta.users).toEqual([{ Id: USER.Id, Username: USER.Username, Email: USER.Email, IsActive: true, TimeZoneSidKey: 'America/New_York', away: false }]);
    expect(meta.availabilityField).toBe('Away__c');
  });

  it('an entry cached without the field (or with another) is read again; one cached with it costs no call', async () => {
    const cached = { describes: {}, users: [], queues: [], fetchedAt: '2026-11-20T14:30:00.000Z' };
    const withField = (availabilityField: string | null, org: ReturnType<typeof fakeOrg>, store: ReturnType<typeof memoryCache>) =>
      loadOrgMetadata({ gateway: org.gateway, store, mapping, now: NOW, ttlMinutes: 60, availabilityField });
    const before = fakeOrg();
    await withField('Away__c', before, memoryCache(cached));
    expect(before.requests).toHaveLength(1);
    const other = fakeOrg();
    await withField('Away__c', other, memoryCache({ ...cached, availabilityField: 'Out_Of_Office__c' }));
    expect(other.requests).toHaveLength(1);
    const same = fakeOrg();
    await withField('Away__c', same, memoryCache({ ...cached, availabilityField: 'Away__c' }));
    expect(same.requests).toHaveLength(0);
    // No field configured: an entry without one is current.
    const none = fakeOrg();
    await withField(null, none, memoryCache(cached));
    expect(none.requests).toHaveLength(0);
  });
});
