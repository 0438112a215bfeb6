import type { HubSpotGateway, SearchRequest } from './gateway.js';
import { parsePage } from './schemas.js';
import type { RawObject, Rejected } from './schemas.js';

const PAGE = 200;

export interface WindowPage {
  ok: RawObject[];
  rejected: Rejected[];
}

function tsOf(o: RawObject, prop: string): number {
  const raw = o.properties[prop];
  if (raw === null || raw === undefined) return Number.NaN;
  const n = /^\d+$/.test(raw) ? Number(raw) : Date.parse(raw);
  return n;
}

/**
 * Reads every object whose `dateProp` lies in [since, until], however many there are, in ascending
 * `dateProp` order. Every page is its own query anchored at the last timestamp seen (ties are read
 * again; callers dedupe by id) rather than an offset into one result set: a streamed cycle writes
 * back to HubSpot between its pages, and a record that leaves the result set would shift an offset
 * past records never read. This also keeps under the 10,000-result cap. If a whole page shares one
 * timestamp, that instant is swept by hs_object_id instead, anchored the same way.
 * https://developers.hubspot.com/docs/api-reference/search/guide (limits)
 */
export async function* searchWindow(
  gateway: HubSpotGateway,
  objectType: string,
  dateProp: string,
  since: number,
  until: number,
  properties: string[],
): AsyncGenerator<WindowPage> {
  const props = [...new Set([...properties, dateProp, 'hs_object_id'])];
  let lower = since;
  for (;;) {
    const req: SearchRequest = {
      filterGroups: [
        {
          filters: [
            { propertyName: dateProp, operator: 'GTE', value: String(lower) },
            { propertyName: dateProp, operator: 'LTE', value: String(until) },
          ],
        },
      ],
      sorts: [dateProp],
      properties: props,
      limit: PAGE,
      after: '0',
    };
    const page = await gateway.searchObjects(objectType, req);
    const parsed = parsePage(page.results);
    yield parsed;
    if (page.after === undefined) return;
    let lastTs = Number.NaN;
    for (const o of parsed.ok) {
      const t = tsOf(o, dateProp);
      if (Number.isFinite(t)) lastTs = t;
    }
    if (!Number.isFinite(lastTs)) return;
    if (lastTs > lower) {
      lower = lastTs;
      continue;
    }
    // Every result of this page shares one timestamp: sweep that instant by id, then move past it.
    yield* sweepInstant(gateway, objectType, dateProp, lastTs, props);
    lower = lastTs + 1;
    if (lower > until) return;
  }
}

async function* sweepInstant(
  gateway: HubSpotGateway,
  objectType: string,
  dateProp: string,
  instant: number,
  props: string[],
): AsyncGenerator<WindowPage> {
  let lastId = '0';
  for (;;) {
    const page = await gateway.searchObjects(objectType, {
      filterGroups: [
        {
          filters: [
            { propertyName: dateProp, operator: 'EQ', value: String(instant) },
            { propertyName: 'hs_object_id', operator: 'GT', value: lastId },
          ],
        },
      ],
      sorts: ['hs_object_id'],
      properties: props,
      limit: PAGE,
      after: '0',
    });
    const parsed = parsePage(page.results);
    yield parsed;
    let maxId = lastId;
    for (const o of parsed.ok) if (Number(o.id) > Number(maxId)) maxId = o.id;
    if (page.after === undefined || maxId === lastId) return;
    lastId = maxId;
  }
}
