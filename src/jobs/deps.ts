import type { Config } from '../config/load.js';
import type { Logger } from '../lib/logger.js';
import type { Alerter } from '../ports/alerter.js';
import type { Clock } from '../ports/clock.js';
import type { HubSpotSource } from '../ports/hubspot.js';
import type { Messenger } from '../ports/messenger.js';
import type { ReviewSalesforce } from '../ports/review.js';
import type { SlaSalesforce } from '../ports/sla.js';
import type { SalesforceSink } from '../ports/salesforce.js';
import type { StateStore } from '../ports/state.js';

/**
 * Everything a job may use, as ports. Jobs take a Deps and nothing else: they never build a client,
 * open a store or read the environment. The App (src/runtime/app.ts) builds the real one from
 * Config; tests build one from in-memory fakes (test/helpers/fake-ports.ts).
 */
export interface Deps {
  readonly config: Config;
  readonly clock: Clock;
  readonly logger: Logger;
  /** The open state store. */
  readonly state: StateStore;
  readonly hubspot: HubSpotSource;
  /** Connects on first use: a job that writes nothing never reaches Salesforce. */
  readonly salesforce: SalesforceSink;
  readonly alerter: Alerter;
  /** Messages to people about leads (Slack, email, Salesforce notifications), sent from the outbox. */
  readonly messenger: Messenger;
  /** Salesforce as the SLA watch sees it: overdue handoff Tasks, touches, users, reassignment. */
  readonly slaSalesforce: SlaSalesforce;
  /** Salesforce as `handoff review resolve` sees it: the handoff Task and the records an ambiguous match chose between. */
  readonly reviewSalesforce: ReviewSalesforce;
}

/** Calls made so far through these ports, per system (for run reports and metrics). */
export interface CallCounts {
  hubspot: number;
  salesforce: number;
  hubspotRateLimited: number;
  salesforceBudget: { used: number; limit: number } | null;
}

export async function callCounts(deps: Pick<Deps, 'hubspot' | 'salesforce'>): Promise<CallCounts> {
  const hs = deps.hubspot.callCounts();
  const sf = await deps.salesforce.callCounts();
  return { hubspot: hs.calls, salesforce: sf.calls, hubspotRateLimited: hs.rateLimited, salesforceBudget: sf.budget };
}
