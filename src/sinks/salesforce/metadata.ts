import { HandoffError } from '../../domain/errors.js';
import type { MappingConfig } from '../../config/mapping.js';
import { assertCustomFields, objectMetaSchema } from './describe.js';
import type { Describes } from './describe.js';
import type { SalesforceGateway } from './gateway.js';
import { SETUP_DOC } from './custom-fields.js';

export interface SalesforceUser {
  Id: string;
  Username: string;
  Email: string | null;
  IsActive: boolean;
  TimeZoneSidKey: string | null;
}

/** What Handoff caches about the org between cycles (state cache), so a quiet cycle costs no call. */
export interface OrgMetadata {
  describes: Describes;
  users: SalesforceUser[];
  fetchedAt: string;
}

export const METADATA_CACHE_KEY = 'salesforce:metadata:v1';

interface CacheStore {
  getCache(key: string): Promise<{ value: unknown; expiresAt: string } | null>;
  setCache(key: string, value: unknown, expiresAt: string): Promise<void>;
}

/**
 * Describe of Lead, Contact and Task plus the active users, in one /composite request, cached in
 * the state store for `ttlMinutes`. Every fetch re-checks the custom fields and the mapping.
 */
export async function loadOrgMetadata(opts: {
  gateway: SalesforceGateway;
  store: CacheStore;
  mapping: MappingConfig;
  now: Date;
  ttlMinutes: number;
  /** Skip writing the cache (dry run). */
  readOnly?: boolean;
}): Promise<OrgMetadata> {
  const cached = await opts.store.getCache(METADATA_CACHE_KEY);
  if (cached) return cached.value as OrgMetadata;
  const version = opts.gateway.conn.version;
  const base = `/services/data/v${version}`;
  const res = await opts.gateway.call('composite', (c) =>
    c.requestPost<{ compositeResponse: { body: unknown; httpStatusCode: number; referenceId: string }[] }>(`${base}/composite`, {
      allOrNone: false,
      compositeRequest: [
        { method: 'GET', url: `${base}/sobjects/Lead/describe`, referenceId: 'Lead' },
        { method: 'GET', url: `${base}/sobjects/Contact/describe`, referenceId: 'Contact' },
        { method: 'GET', url: `${base}/sobjects/Task/describe`, referenceId: 'Task' },
        {
          method: 'GET',
          url: `${base}/query?q=${encodeURIComponent('SELECT Id, Username, Email, IsActive, TimeZoneSidKey FROM User ORDER BY Username')}`,
          referenceId: 'users',
        },
      ],
    }),
  );
  const byRef = new Map(res.compositeResponse.map((r) => [r.referenceId, r]));
  const describe = (name: 'Lead' | 'Contact' | 'Task') => {
    const r = byRef.get(name);
    if (!r || r.httpStatusCode >= 400) {
      throw new HandoffError('FORBIDDEN', `Salesforce refused to describe ${name} (HTTP ${r?.httpStatusCode ?? '?'}); the integration user needs access to it`);
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
  const usersRes = byRef.get('users');
  let users: SalesforceUser[] = [];
  if (usersRes && usersRes.httpStatusCode < 400) {
    const page = usersRes.body as { records: SalesforceUser[]; nextRecordsUrl?: string };
    users = [...page.records];
    let next = page.nextRecordsUrl;
    while (next) {
      const locator = next;
      const more = await opts.gateway.call('query', (c) => c.queryMore(locator) as unknown as Promise<{ records: SalesforceUser[]; nextRecordsUrl?: string }>);
      users.push(...more.records);
      next = more.nextRecordsUrl;
    }
  }
  const meta: OrgMetadata = { describes, users, fetchedAt: opts.now.toISOString() };
  if (!opts.readOnly) {
    await opts.store.setCache(METADATA_CACHE_KEY, meta, new Date(opts.now.getTime() + opts.ttlMinutes * 60_000).toISOString());
  }
  return meta;
}
