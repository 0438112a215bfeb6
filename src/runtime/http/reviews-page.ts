import type { Config } from '../../config/load.js';
import { listReviews } from '../../jobs/review.js';
import type { ReviewItem } from '../../jobs/review.js';
import type { StateStore } from '../../ports/state.js';

/** The generic login hosts: a record link needs the org's own host. */
const GENERIC_LOGIN = /^https:\/\/(login|test)\.salesforce\.com$/i;

/** Where a Salesforce record link starts: SALESFORCE_INSTANCE_URL, else a My Domain login URL; null for the generic login hosts. */
export function salesforceRecordBase(config: Pick<Config, 'connections'>): string | null {
  const sf = config.connections.salesforce;
  if (sf.instanceUrl) return sf.instanceUrl;
  return GENERIC_LOGIN.test(sf.loginUrl) ? null : sf.loginUrl;
}

/** The dashboard's `/dashboard/reviews`: the list `handoff review list --json` prints, read from the state at each request. */
export function reviewsSource(deps: { config: Pick<Config, 'connections'>; state: StateStore }): { list: () => Promise<ReviewItem[]>; salesforceUrl: string | null } {
  return { list: () => listReviews({ state: deps.state }), salesforceUrl: salesforceRecordBase(deps.config) };
}
