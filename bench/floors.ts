/**
 * The fewest API calls a sync cycle could make for the data it read and wrote, given the page and
 * batch sizes of the endpoints it uses. Benchmarks compare the calls counted by the sandboxes with
 * these, so a regression shows up as a ratio rather than as a number nobody remembers.
 */

/** HubSpot search pages hold at most 200 results. */
export const SEARCH_PAGE = 200;
/** Associations v4 batch reads take at most 1,000 ids. */
export const ASSOCIATION_BATCH = 1_000;
/** Contact batch updates take at most 100 inputs. */
export const UPDATE_BATCH = 100;
/** sObject Collections and the lookups' IN lists take 200 records per call. */
export const COLLECTION = 200;

const pages = (n: number, size: number): number => Math.ceil(Math.max(0, n) / size);

export interface HubSpotFloorInput {
  /** Contacts the cycle read. */
  contacts: number;
  /** Engagement objects modified in the window, per engagement type the cycle reads. */
  engagements: Record<string, number>;
  /** Contacts handed off for the first time (each gets a writeback; a Lead refresh gets none). */
  handedOff: number;
}

export interface Floor {
  total: number;
  parts: Record<string, number>;
}

/**
 * ⌈contacts/200⌉ search pages, per engagement type ⌈n/200⌉ search pages and ⌈n/1000⌉ association
 * reads, and ⌈handed off/100⌉ writeback updates. A type with nothing in the window still costs the
 * one search call that finds it empty.
 */
export function hubspotFloor(input: HubSpotFloorInput): Floor {
  const parts: Record<string, number> = { 'contacts search': Math.max(1, pages(input.contacts, SEARCH_PAGE)) };
  for (const [type, n] of Object.entries(input.engagements)) {
    parts[`${type} search`] = Math.max(1, pages(n, SEARCH_PAGE));
    parts[`${type} associations`] = pages(n, ASSOCIATION_BATCH);
  }
  parts['writeback updates'] = pages(input.handedOff, UPDATE_BATCH);
  return { total: Object.values(parts).reduce((a, b) => a + b, 0), parts };
}

/** ⌈n/200⌉ each for the Lead writes, the Task creates and the lookups of n handed-off contacts. */
export function salesforceFloor(handedOff: number): Floor {
  const n = pages(handedOff, COLLECTION);
  const parts = { 'Lead writes': n, 'Task creates': n, lookups: n };
  return { total: 3 * n, parts };
}

/** actual/floor; a floor of 0 met exactly counts as 1, and any call above it has no ratio (null). */
export function ratio(actual: number, floor: number): number | null {
  if (floor === 0) return actual === 0 ? 1 : null;
  return Math.round((actual / floor) * 1000) / 1000;
}

/** Calls per 1,000 contacts read, to one decimal. */
export function per1k(calls: number, contacts: number): number {
  return contacts > 0 ? Math.round((calls / contacts) * 10_000) / 10 : 0;
}
