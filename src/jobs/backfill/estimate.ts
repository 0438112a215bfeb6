import type { Deps } from '../deps.js';
import type { BackfillWindow } from './window.js';

/** HubSpot calls per 100 contacts in the window beyond the list page: associations per engagement type and their batch reads. */
export const ACTIVITY_CALLS_PER_100 = 8;

/** What a backfill will cost, printed before it starts (and kept in its checkpoint for status). */
export interface BackfillEstimate {
  /** Contacts the list will page through: every contact in the portal (the list has no date filter). */
  toScan: number;
  /** Of those, created in the window: the ones run through the pipeline. */
  inWindow: number;
  /** HubSpot calls: one list page per 100 scanned, plus the activity reads of those in the window. */
  hubspotCalls: number;
  /** At the backfill's share of the budget, with no live work competing. */
  seconds: number;
  /** The backfill lane's calls per 10 s the time is computed at. */
  callsPer10s: number;
}

/**
 * Two HubSpot search calls (their totals): how many contacts the backfill will scan and how many of
 * them lie in its window, and what that costs at `callsPer10s`. `alreadyScanned` (a resumed
 * checkpoint) is left out of what remains.
 */
export async function estimateBackfill(deps: Pick<Deps, 'hubspot'>, window: BackfillWindow, args: { until: number; callsPer10s: number; alreadyScanned?: number }): Promise<BackfillEstimate> {
  const total = await deps.hubspot.countContacts();
  const inWindow = await deps.hubspot.countContacts({ since: window.since, until: args.until });
  const toScan = Math.max(0, total - (args.alreadyScanned ?? 0));
  const share = total > 0 ? toScan / total : 0;
  const hubspotCalls = Math.ceil(toScan / 100) + Math.ceil((inWindow * share) / 100) * ACTIVITY_CALLS_PER_100;
  const callsPer10s = Math.max(1, args.callsPer10s);
  return { toScan, inWindow, hubspotCalls, seconds: Math.ceil((hubspotCalls / callsPer10s) * 10), callsPer10s };
}
