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
import { SalesforceApiSink } from '../adapters/salesforce/sink.js';
import { HubSpotGateway } from '../adapters/hubspot/gateway.js';
import { HubSpotApiSource } from '../adapters/hubspot/source.js';
import { openStateStore } from '../adapters/state/index.js';
import type { StateStore } from '../ports/state.js';
import { silentAlerter } from '../ports/alerter.js';
import type { Alerter } from '../ports/alerter.js';
import type { Deps } from '../jobs/deps.js';
import type { Messenger } from '../ports/messenger.js';
import { createMessenger } from '../adapters/notify/messenger.js';
import { DAILY_BUDGETS, DAILY_REFRESH_MS, DailyAllowance, SharedGovernor } from '../adapters/budget/governor.js';
import type { LaneShares } from '../adapters/budget/governor.js';
import type { BudgetLane, BudgetLedger } from '../ports/budget.js';
import { CustomNotifications } from '../adapters/salesforce/custom-notification.js';
import { SalesforceSlaApi } from '../adapters/salesforce/sla.js';
import { SalesforceReviewApi } from '../adapters/salesforce/review.js';

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
  /** Where jobs raise alerts; one-shot commands keep the silent default. */
  alerter?: Alerter;
  /** Where the notifier's secrets are read (the variables notify: names); default process.env. */
  env?: Readonly<Record<string, string | undefined>>;
  /** The notifier's HTTP client (tests); default fetch. */
  fetch?: typeof fetch;
  /**
   * The lane this App's API calls take in the budget shared through the state (ports/budget.ts):
   * `live` (default: sync, replay, the SLA watch, feedback) or `backfill`.
   */
  lane?: BudgetLane;
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
 * Jobs get them as ports through `deps()`. Salesforce connects lazily, so a cycle with nothing to
 * write never calls it.
 */
export class App {
  readonly config: Config;
  readonly logger: Logger;
  readonly clock: Clock;
  readonly signal: AbortSignal | undefined;
  readonly retry: AppOptions['retry'];
  readonly alerter: Alerter;
  readonly lane: BudgetLane;
  private storePromise: Promise<StateStore> | null = null;
  private readonly hubspotSource: HubSpotApiSource;
  private readonly salesforceSink: SalesforceApiSink;
  private messengerInstance: Messenger | null = null;
  private readonly env: Readonly<Record<string, string | undefined>>;
  private readonly fetchFn: typeof fetch;

  constructor(opts: AppOptions) {
    this.config = opts.config;
    this.logger = opts.logger;
    this.clock = opts.clock ?? systemClock;
    this.signal = opts.signal;
    this.retry = opts.retry;
    this.alerter = opts.alerter ?? silentAlerter();
    this.lane = opts.lane ?? 'live';
    this.env = opts.env ?? process.env;
    this.fetchFn = opts.fetch ?? fetch;
    if (opts.store) this.storePromise = Promise.resolve(opts.store);
    this.hubspotSource = new HubSpotApiSource(() => this.buildHubSpot());
    this.salesforceSink = new SalesforceApiSink({
      connect: () => this.connectSalesforce(),
      clock: this.clock,
      retry: this.retry,
      signal: this.signal,
    });
  }

  store(): Promise<StateStore> {
    this.storePromise ??= openStateStore(this.config.connections.databaseUrl, { clock: this.clock });
    return this.storePromise;
  }

  /** What jobs run on: the open store and the HubSpot and Salesforce ports of this App. */
  async deps(): Promise<Deps> {
    return {
      config: this.config,
      clock: this.clock,
      logger: this.logger,
      state: await this.store(),
      hubspot: this.hubspotSource,
      salesforce: this.salesforceSink,
      alerter: this.alerter,
      messenger: this.messenger(await this.store()),
      slaSalesforce: new SalesforceSlaApi(() => this.salesforce()),
      reviewSalesforce: new SalesforceReviewApi(() => this.salesforce()),
    };
  }

  /** The notifier's channels, built once per App over its store (the Slack id cache). */
  private messenger(store: StateStore): Messenger {
    const notify = this.config.handoff.notify;
    const type = notify.salesforce.notificationType;
    const custom = type === null ? null : new CustomNotifications(() => this.salesforce(), type);
    this.messengerInstance ??= createMessenger({
      config: notify,
      env: this.env,
      clock: this.clock,
      logger: this.logger.child({ system: 'notify' }),
      fetch: this.fetchFn,
      cache: store,
      salesforce: custom === null ? null : (n) => custom.send(n),
      allowInsecureSmtp: this.config.handoff.alerts.email.allowInsecure,
    });
    return this.messengerInstance;
  }

  /** The HubSpot gateway behind the port, for commands that call HubSpot outside a job. */
  hubspot(): HubSpotGateway {
    return this.hubspotSource.gateway();
  }

  /** The Salesforce gateway behind the port; connects on first use. */
  salesforce(): Promise<SalesforceGateway> {
    return this.salesforceSink.gateway();
  }

  private buildHubSpot(): HubSpotGateway {
    const hs = this.config.connections.hubspot;
    if (!hs.accessToken) {
      throw new HandoffError('CONFIG_INVALID', 'HUBSPOT_ACCESS_TOKEN is not set (a private app token with the contacts scopes).');
    }
    return new HubSpotGateway({
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
      shared: { governor: this.governor(), shares: this.laneShares(), daily: this.dailyAllowance('hubspot') },
    });
  }

  /**
   * This App's lane in a vendor's daily allowance, shared through the state by every process:
   * HubSpot's daily limit whole for live work, Salesforce's `salesforce.dailyBudgetShare` of the
   * allocation; a backfill stops short of either by `budget.liveReserve`, so live work can still
   * run after a long backfill.
   */
  dailyAllowance(vendor: 'hubspot' | 'salesforce'): DailyAllowance {
    const reserve = this.lane === 'backfill' ? 1 - this.config.handoff.budget.liveReserve : 1;
    const share = (vendor === 'salesforce' ? this.config.handoff.salesforce.dailyBudgetShare : 1) * reserve;
    const ledger = {
      takeDaily: async (...args: Parameters<BudgetLedger['takeDaily']>) => (await this.store()).budget.takeDaily(...args),
      returnDaily: async (...args: Parameters<BudgetLedger['returnDaily']>) => (await this.store()).budget.returnDaily(...args),
    };
    const name = vendor === 'hubspot' ? 'HubSpot' : 'Salesforce';
    return new DailyAllowance(ledger, { budget: DAILY_BUDGETS[vendor], share, refreshMs: DAILY_REFRESH_MS }, (why) =>
      new HandoffError('DAILY_LIMIT', `${name} daily API budget reached: ${why.used}/${why.limit} used, Handoff's ${this.lane} work stops at ${why.stopAt}`, {
        system: vendor,
        vendorCode: 'HANDOFF_BUDGET',
      }),
    );
  }

  /** This App's lane in the API budget every process on the store shares. */
  governor(): SharedGovernor {
    const ledger = { take: async (...args: Parameters<BudgetLedger['take']>) => (await this.store()).budget.take(...args) };
    return new SharedGovernor(ledger, this.lane, this.clock, this.signal);
  }

  laneShares(): LaneShares {
    return { maxShare: this.config.handoff.backfill.maxShare, liveReserve: this.config.handoff.budget.liveReserve };
  }

  private async connectSalesforce(): Promise<SalesforceGateway> {
    return this.salesforceAs(this.config.connections.salesforce, this.dailyAllowance('salesforce'));
  }

  /** A Salesforce gateway over other credentials (`handoff setup`'s admin ones), with this App's clock, retry and limits. */
  async salesforceAs(settings: Config['connections']['salesforce'], daily?: DailyAllowance): Promise<SalesforceGateway> {
    const conn = await connectSalesforce(settings);
    return new SalesforceGateway({
      conn,
      clock: this.clock,
      logger: this.logger.child({ system: 'salesforce' }),
      // The daily allocation is counted by Salesforce for every process alike; a backfill stops short
      // of Handoff's share by the live reserve, so live work can still write after a long backfill.
      dailyBudgetShare: this.config.handoff.salesforce.dailyBudgetShare * (this.lane === 'backfill' ? 1 - this.config.handoff.budget.liveReserve : 1),
      requestTimeoutMs: this.config.handoff.salesforce.requestTimeoutSeconds * 1000,
      ...(this.retry ? { retry: this.retry } : {}),
      ...(this.signal ? { signal: this.signal } : {}),
      ...(daily ? { daily } : {}),
    });
  }

  holder(command: string): { id: string; pid: number; host: string; command: string } {
    return { id: `${hostname()}:${process.pid}:${this.clock.now()}`, pid: process.pid, host: hostname(), command };
  }

  async close(): Promise<void> {
    if (this.storePromise) await (await this.storePromise).close();
  }
}
