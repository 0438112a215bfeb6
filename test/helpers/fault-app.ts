import { App } from '../../src/app.js';
import type { AppOptions } from '../../src/app.js';
import { connectSalesforce } from '../../src/sinks/salesforce/connection.js';
import { SalesforceGateway } from '../../src/sinks/salesforce/gateway.js';
import { HubSpotGateway } from '../../src/sources/hubspot/gateway.js';

/**
 * An App whose gateways give up on a silent server after `timeoutMs` rather than the production
 * 30 s (HubSpot) and 60 s (Salesforce). The timeouts are gateway options that neither the App nor
 * the configuration exposes, so the gateways are built here the way App builds them.
 */
export class ShortTimeoutApp extends App {
  private hs: HubSpotGateway | null = null;
  private sf: Promise<SalesforceGateway> | null = null;

  constructor(
    opts: AppOptions,
    private readonly timeoutMs: number,
  ) {
    super(opts);
  }

  override hubspot(): HubSpotGateway {
    const hs = this.config.connections.hubspot;
    this.hs ??= new HubSpotGateway({
      baseUrl: hs.baseUrl,
      accessToken: hs.accessToken ?? '',
      clock: this.clock,
      logger: this.logger,
      tier: this.config.handoff.hubspot.tier,
      rateShare: this.config.handoff.hubspot.rateShare,
      searchPerSecond: this.config.handoff.hubspot.searchPerSecond,
      requestTimeoutMs: this.timeoutMs,
      retry: { retries: 4, baseDelayMs: 5, maxDelayMs: 20 },
    });
    return this.hs;
  }

  override salesforce(): Promise<SalesforceGateway> {
    this.sf ??= connectSalesforce(this.config.connections.salesforce).then(
      (conn) =>
        new SalesforceGateway({
          conn,
          clock: this.clock,
          logger: this.logger,
          dailyBudgetShare: this.config.handoff.salesforce.dailyBudgetShare,
          requestTimeoutMs: this.timeoutMs,
          retry: { retries: 4, baseDelayMs: 5, maxDelayMs: 20 },
        }),
    );
    return this.sf;
  }

  override async callCounts(): Promise<Awaited<ReturnType<App['callCounts']>>> {
    const sf = this.sf ? await this.sf : null;
    return {
      hubspot: this.hs?.totalCalls ?? 0,
      salesforce: sf?.totalCalls ?? 0,
      hubspotRateLimited: this.hs?.rateLimited ?? 0,
      salesforceBudget: sf?.apiUsage ?? null,
    };
  }
}
