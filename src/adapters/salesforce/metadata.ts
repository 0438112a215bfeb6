import { z } from 'zod';
import { HandoffError } from '../../domain/errors.js';
import type { SalesforceObject } from '../../domain/salesforce.js';
import type { MappingConfig } from '../../config/mapping.js';
import { assertCustomFields, objectMetaSchema } from '../../core/salesforce/describe.js';
import type { Describes } from '../../core/salesforce/describe.js';
import type { SalesforceQueue, SalesforceUser } from '../../domain/salesforce.js';
import { USER_NAMES_CACHE_KEY, USER_NAMES_KEEP_DAYS } from '../../domain/salesforce.js';
import type { CacheStore, OrgMetadata } from '../../ports/salesforce.js';
import type { SalesforceGateway } from './gateway.js';
import { salesforceError } from './map-error.js';
import { SETUP_DOC } from '../../core/salesforce/custom-fields.js';

export type { SalesforceQueue, SalesforceUser } from '../../domain/salesforce.js';
export type { OrgMetadata } from '../../ports/salesforce.js';

/** A queue that can own Leads: a Group of Type Queue with a QueueSobject row for Lead. */
export const salesforceQueueSchema: z.ZodType<SalesforceQueue> = z.object({ Id: z.string(), Name: z.string(), DeveloperName: z.string() });

export const METADATA_CACHE_KEY = 'salesforce:metadata:v1';

/** The users routing picks from, with the availability checkbox when routing.yaml names one. */
function usersSoql(availabilityField: string | null): string {
  return `SELECT Id, Username, Email, IsActive, TimeZoneSidKey, Name${availabilityField === null ? '' : `, ${availabilityField}`} FROM User ORDER BY Username`;
}
// Queues are Groups; QueueSobject lists the objects each one may own. Every user can query both.
// https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_queuesobject.htm
export const LEAD_QUEUES_SOQL =
  "SELECT Id, Name, DeveloperName FROM Group WHERE Type = 'Queue' AND Id IN (SELECT QueueId FROM QueueSobject WHERE SobjectType = 'Lead') ORDER BY DeveloperName";

/**
 * Entries written before queues were read lack them, and entries read with another availability field
 * (or none) lack the users' `away`: read the org again rather than route without them.
 */
function isCurrent(value: unknown, availabilityField: string | null): value is OrgMetadata {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as { queues?: unknown; availabilityField?: unknown };
  return Array.isArray(v.queues) && (v.availabilityField ?? null) === availabilityField;
}

/**
 * Describe of Lead, Contact and Task plus the users and the Lead queues, in one /composite request,
 * cached in the state store for `ttlMinutes`. Every fetch re-checks the custom fields and the mapping.
 */
export async function loadOrgMetadata(opts: {
  gateway: SalesforceGateway;
  store: CacheStore;
  mapping: MappingConfig;
  now: Date;
  ttlMinutes: number;
  /** Skip writing the cache (dry run). */
  readOnly?: boolean;
  /** routing.yaml availability.userField: a User checkbox read as each user's `away`. */
  availabilityField?: string | null;
}): Promise<OrgMetadata> {
  const availabilityField = opts.availabilityField ?? null;
  const cached = await opts.store.getCache(METADATA_CACHE_KEY);
  if (cached && isCurrent(cached.value, availabilityField)) return cached.value;
  const version = opts.gateway.conn.version;
  const base = `/services/data/v${version}`;
  const res = await opts.gateway.call('composite', (c) =>
    c.requestPost<{ compositeResponse: { body: unknown; httpStatusCode: number; referenceId: string }[] }>(`${base}/composite`, {
      allOrNone: false,
      compositeRequest: [
        { method: 'GET', url: `${base}/sobjects/Lead/describe`, referenceId: 'Lead' },
        { method: 'GET', url: `${base}/sobjects/Contact/describe`, referenceId: 'Contact' },
        { method: 'GET', url: `${base}/sobjects/Task/describe`, referenceId: 'Task' },
        { method: 'GET', url: `${base}/query?q=${encodeURIComponent(usersSoql(availabilityField))}`, referenceId: 'users' },
        { method: 'GET', url: `${base}/query?q=${encodeURIComponent(LEAD_QUEUES_SOQL)}`, referenceId: 'queues' },
      ],
    }),
  );
  const byRef = new Map(res.compositeResponse.map((r) => [r.referenceId, r]));
  const describe = (name: SalesforceObject) => {
    const r = byRef.get(name);
    if (!r || r.httpStatusCode >= 400) {
      throw salesforceError('FORBIDDEN', `Salesforce refused to describe ${name} (HTTP ${r?.httpStatusCode ?? '?'}); the integration user needs access to it`);
    }
    return objectMetaSchema.parse(r.body);
  };
  const describes: Describes = { Lead: describe('Lead'), Contact: describe('Contact'), Task: describe('Task') };
  assertCustomFields(describes);
  const leadFields = new Set(describes.Lead.fields.map((f) => f.name));
  const unknown = [...opts.mapping.lead.map((m) => m.to), ...Object.keys(opts.mapping.leadDefaults)].filter((f) => !leadFields.has(f));
  if (unknown.length > 0) {
    throw new HandoffError(
      'CUSTOM_FIELDS_MISSING',
      `config/mapping.yaml maps to Lead fields Salesforce doesn't have: ${unknown.join(', ')}. Create them or fix the mapping (see ${SETUP_DOC}).`,
    );
  }
  const userRows = (await allRecords(opts.gateway, byRef.get('users'))) as (SalesforceUser & Record<string, unknown>)[];
  const users = userRows.map(
    (u): SalesforceUser => ({
      Id: u.Id,
      Username: u.Username,
      Email: u.Email,
      IsActive: u.IsActive,
      TimeZoneSidKey: u.TimeZoneSidKey,
      ...(availabilityField === null ? {} : { away: u[availabilityField] === true }),
    }),
  );
  const queues = z.array(salesforceQueueSchema).parse(await allRecords(opts.gateway, byRef.get('queues')));
  const meta: OrgMetadata = { describes, users, queues, availabilityField, fetchedAt: opts.now.toISOString() };
  if (!opts.readOnly) {
    await opts.store.setCache(METADATA_CACHE_KEY, meta, new Date(opts.now.getTime() + opts.ttlMinutes * 60_000).toISOString());
    // The names stay out of the routing metadata: only the report shows them, from this entry.
    const names = Object.fromEntries(userRows.flatMap((u) => (typeof u.Name === 'string' && u.Name !== '' ? [[u.Id, u.Name]] : [])));
    await opts.store.setCache(USER_NAMES_CACHE_KEY, { names, fetchedAt: meta.fetchedAt }, new Date(opts.now.getTime() + USER_NAMES_KEEP_DAYS * 86_400_000).toISOString());
  }
  return meta;
}

interface QueryPage {
  records: unknown[];
  nextRecordsUrl?: string;
}

/** Every record of a composite query subresponse, following query-more pages; none when it was refused. */
async function allRecords(gateway: SalesforceGateway, res: { body: unknown; httpStatusCode: number } | undefined): Promise<unknown[]> {
  if (!res || res.httpStatusCode >= 400) return [];
  const page = res.body as QueryPage;
  const records = [...page.records];
  let next = page.nextRecordsUrl;
  while (next) {
    const locator = next;
    const more = await gateway.call('query', (c) => c.queryMore(locator) as unknown as Promise<QueryPage>);
    records.push(...more.records);
    next = more.nextRecordsUrl;
  }
  return records;
}
