import { isContactId } from '../../domain/ids.js';
import type { HubSpotGateway, SearchRequest } from './gateway.js';
import { WRITEBACK_PROPERTIES } from './properties.js';
import { LIFECYCLE_ORDER } from './writeback.js';

const PAGE = 200;

/** Lifecycle stages that mean "marketing qualified or further along". */
export const QUALIFIED_STAGES: readonly string[] = LIFECYCLE_ORDER.slice(LIFECYCLE_ORDER.indexOf('marketingqualifiedlead'));

/**
 * Contacts HubSpot itself considers qualified, modified at or after `since`: those Handoff marked
 * (`handoff_status` set) or whose lifecycle stage is MQL or later, each with when it last changed
 * (ISO; null if HubSpot did not say). Paged by ascending id with a moving lower bound, so the
 * 10,000-result cap of search never applies.
 */
export async function qualifiedInHubSpot(gateway: HubSpotGateway, since: number): Promise<Map<string, string | null>> {
  // Searching on a property the account doesn't have is an error: the handoff properties exist
  // only once Handoff has written back.
  const hasStatus = (await gateway.contactPropertyNames()).has(WRITEBACK_PROPERTIES.status);
  const ids = new Map<string, string | null>();
  let lastId = '0';
  for (;;) {
    const common = [
      { propertyName: 'lastmodifieddate', operator: 'GTE', value: String(since) },
      { propertyName: 'hs_object_id', operator: 'GT', value: lastId },
    ];
    const req: SearchRequest = {
      filterGroups: [
        { filters: [...common, { propertyName: 'lifecyclestage', operator: 'IN', values: [...QUALIFIED_STAGES] }] },
        ...(hasStatus ? [{ filters: [...common, { propertyName: WRITEBACK_PROPERTIES.status, operator: 'HAS_PROPERTY' }] }] : []),
      ],
      sorts: ['hs_object_id'],
      properties: ['hs_object_id', 'lastmodifieddate'],
      limit: PAGE,
    };
    const page = await gateway.searchObjects('contacts', req);
    let maxId = lastId;
    for (const r of page.results) {
      const id = (r as { id?: unknown }).id;
      if (typeof id !== 'string' || !isContactId(id)) continue;
      ids.set(id, modifiedAt(r));
      if (Number(id) > Number(maxId)) maxId = id;
    }
    if (page.after === undefined || maxId === lastId) return ids;
    lastId = maxId;
  }
}

function modifiedAt(r: unknown): string | null {
  const o = r as { properties?: Record<string, unknown>; updatedAt?: unknown };
  const raw = o.properties?.lastmodifieddate ?? o.updatedAt;
  const ms = raw instanceof Date ? raw.getTime() : typeof raw === 'string' ? Date.parse(raw) : Number.NaN;
  return Number.isFinite(ms) ? new Date(ms).toISOString() : null;
}
