import type { HubSpotGateway, SearchRequest } from './gateway.js';
import { parsePage } from './schemas.js';
import type { RawObject, Rejected } from './schemas.js';

/** HubSpot search returns at most 10,000 results per query; paging past that is a 400. */
export const SEARCH_CAP = 10_000;
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
 * Reads every object whose `dateProp` lies in [since, until], however many there are.
 * Search stops at 10,000 results, so when a query nears the cap it is re-anchored at the last
 * timestamp seen (ties are read again; callers dedupe by id). If 10,000 objects share one
 * timestamp, that instant is swept by hs_object_id instead.
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
    let after = 0;
    let lastTs = Number.NaN;
    let exhausted = false;
    while (after + PAGE <= SEARCH_CAP) {
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
        after: String(after),
      };
      const page = await gateway.searchObjects(objectType, req);
      const parsed = parsePage(page.results);
      yield parsed;
      for (const o of parsed.ok) {
        const t = tsOf(o, dateProp);
        if (Number.isFinite(t)) lastTs = t;
      }
      if (page.after === undefined) {
        exhausted = true;
        break;
      }
      after = Number(page.after);
    }
    if (exhausted) return;
    if (!Number.isFinite(lastTs)) return;
    if (lastTs > lower) {
      lower = lastTs;
      continue;
    }
    // Every result of this query shares one timestamp: sweep that instant by id, then move past it.
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
    let after = 0;
    let maxId = lastId;
    while (after + PAGE <= SEARCH_CAP) {
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
        after: String(after),
      });
      const parsed = parsePage(page.results);
      yield parsed;
      for (const o of parsed.ok) if (Number(o.id) > Number(maxId)) maxId = o.id;
      if (page.after === undefined) return;
      after = Number(page.after);
    }
    if (maxId === lastId) return;
    lastId = maxId;
  }
}
