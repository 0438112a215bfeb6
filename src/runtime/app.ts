import { hostname } from 'node:os';
import type { Config } from '../config/load.js';
import { HandoffError } from '../domain/errors.js';
import { systemClock } from '../ports/clock.js';
import type { Clock } from '../ports/clock.js';
import type { Logger } from '../lib/logger.js';
import { RemoteClock } from '../adapters/clock/remote.js';
import type { RetryOptions } from '../lib/retry.js';
import { connectSalesforce } from '../adapters/salesforce/connection.js';
import { SalesforceGateway } from '../adapters/salesforce/gateway.js';
import { HubSpotGateway } from '../adapters/hubspot/gateway.js';
import { openStateStore } from '../adapters/state/index.js';
import type { StateStore } from '../ports/state.js';

export interface AppOptions {
  config: Config;
  logger: Logger;
  clock?: Clock;
  /** Aborts waits and retries (graceful stop). */
  signal?: AbortSignal;
  /** Tests and the demo shorten backoff; production keeps the defaults (minutes of 5xx). */
  retry?: Pick<RetryOptions, 'retries' | 'baseDelayMs' | 'maxDelayMs'>;
  /** An already open store (tests, the daemon). */
  store?: StateStore;
}

/**
 * The clock a process runs on: the one served at HANDOFF_CLOCK_URL (the sandbox's, shared by every
 * process pointed at it) when set, else the system clock.
 */
export async function clockFromConfig(config: Config, logger?: Logger): Promise<Clock> {
  const url = config.env.HANDOFF_CLOCK_URL;
  return url ? RemoteClock.connect({ url, ...(logger ? { logger } : {}) }) : systemClock;
}

/**
 * The composition root: the only place clients, the store and their options are built from Config.
 * Salesforce connects lazily, so a cycle with nothing to write never calls it.
 */
export class App {
  readonly config: Config;
  readonly logger: Logger;
  readonly clock: Clock;
  readonly signal: AbortSignal | undefined;
  private storePromise: Promise<StateStore> | null = null;
  private hubspotGateway: HubSpotGateway | null = null;
  private salesforcePromise: Promise<SalesforceGateway> | null = null;
  readonly retry: AppOptions['retry'];

  constructor(opts: AppOptions) {
    this.config = opts.config;
    this.logger = opts.logger;
    this.clock = opts.clock ?? systemClock;
    this.signal = opts.signal;
    this.retry = opts.retry;
    if (opts.store) this.storePromise = Promise.resolve(opts.store);
  }

  store(): Promise<StateStore> {
    this.storePromise ??= openStateStore(this.config.connections.databaseUrl, { clock: this.clock });
    return this.storePromise;
  }

  hubspot(): HubSpotGateway {
    if (this.hubspotGateway) return this.hubspotGateway;
    const hs = this.config.connections.hubspot;
    if (!hs.accessToken) {
      throw new HandoffError('CONFIG_INVALID', 'HUBSPOT_ACCESS_TOKEN is not set (a private app token with the contacts scopes).');
    }
    this.hubspotGateway = new HubSpotGateway({
      baseUrl: hs.baseUrl,
      accessToken: hs.accessToken,
      clock: this.clock,
      logger: this.logger.child({ system: 'hubspot' }),
      tier: this.config.handoff.hubspot.tier,
      rateShare: this.config.handoff.hubspot.rateShare,
      searchPerSecond: this.config.handoff.hubspot.searchPerSecond,
      requestTimeoutMs: this.config.handoff.hubspot.requestTimeoutSeconds * 1000,
      ...(this.retry ? { retry: this.retry } : {}),
      ...(this.signal ? { signal: this.signal } : {}),
    });
    return this.hubspotGateway;
  }

  /** Connects on first use. */
  salesforce(): Promise<SalesforceGateway> {
    this.salesforcePromise ??= connectSalesforce(this.config.connections.salesforce).then(
      (conn) =>
        new SalesforceGateway({
          conn,
          clock: this.clock,
          logger: this.logger.child({ system: 'salesforce' }),
          dailyBudgetShare: this.config.handoff.salesforce.dailyBudgetShare,
          requestTimeoutMs: this.config.handoff.salesforce.requestTimeoutSeconds * 1000,
          ...(this.retry ? { retry: this.retry } : {}),
          ...(this.signal ? { signal: this.signal } : {}),
        }),
      (err: unknown) => {
        this.salesforcePromise = null;
        throw err;
      },
    );
    return this.salesforcePromise;
  }

  /** Calls made so far by this App, per system (for run reports and metrics). */
  async callCounts(): Promise<{
    hubspot: number;
    salesforce: number;
    hubspotRateLimited: number;
    salesforceBudget: { used: number; limit: number } | null;
  }> {
    let sf = null as SalesforceGateway | null;
    if (this.salesforcePromise) {
      try {
        sf = await this.salesforcePromise;
      } catch {
        sf = null; // the connection failed: it made no counted calls
      }
    }
    return {
      hubspot: this.hubspotGateway?.totalCalls ?? 0,
      salesforce: sf?.totalCalls ?? 0,
      hubspotRateLimited: this.hubspotGateway?.rateLimited ?? 0,
      salesforceBudget: sf?.apiUsage ?? null,
    };
  }

  holder(command: string): { id: string; pid: number; host: string; command: string } {
    return { id: `${hostname()}:${process.pid}:${this.clock.now()}`, pid: process.pid, host: hostname(), command };
  }

  async close(): Promise<void> {
    if (this.storePromise) await (await this.storePromise).close();
  }
}
