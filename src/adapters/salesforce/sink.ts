import type { MappingConfig } from '../../config/mapping.js';
import type { WritePlan } from '../../domain/plan.js';
import type { AccountIndexRow, SalesforceView } from '../../domain/salesforce.js';
import type { Contact } from '../../domain/types.js';
import type { Lookup } from '../../core/match.js';
import type { Clock } from '../../ports/clock.js';
import type { ApplyResult, CacheStore, OrgMetadata, SalesforceAsk, SalesforceCallCounts, SalesforceSink } from '../../ports/salesforce.js';
import type { RetryOptions } from '../../lib/retry.js';
import { readAccountChanges } from './accounts.js';
import { applyPlan } from './apply.js';
import type { SalesforceGateway } from './gateway.js';
import { lookupExisting } from './lookup.js';
import { loadOrgMetadata } from './metadata.js';
import { readSalesforceView } from './reconcile-view.js';
import { opportunityHasCurrency, readOpportunities, readSalesChanges } from './sales-changes.js';
import type { SalesChanges, SalesCursors, SalesOpportunity } from '../../domain/sales.js';

export interface SalesforceApiSinkOptions {
  /** Connects and builds the gateway; called on first use, and again after a failed attempt. */
  connect: () => Promise<SalesforceGateway>;
  /** Waits between per-record attempts of an apply. */
  clock: Clock;
  retry?: Pick<RetryOptions, 'baseDelayMs' | 'maxDelayMs'> | undefined;
  signal?: AbortSignal | undefined;
}

/**
 * The Salesforce port over jsforce. It connects on the first call that needs the org, so a cycle
 * with nothing to write never connects.
 */
export class SalesforceApiSink implements SalesforceSink {
  private pending: Promise<SalesforceGateway> | null = null;

  constructor(private readonly opts: SalesforceApiSinkOptions) {}

  /** The gateway behind this sink, connecting now if it was not yet. */
  gateway(): Promise<SalesforceGateway> {
    this.pending ??= this.opts.connect().catch((err: unknown) => {
      this.pending = null;
      throw err;
    });
    return this.pending;
  }

  async assertBudget(): Promise<void> {
    const gateway = await this.gateway();
    if (gateway.apiUsage) gateway.assertBudget();
  }

  async checkBudget(): Promise<void> {
    await (await this.gateway()).checkBudget();
  }

  async orgMetadata(opts: { cache: CacheStore; mapping: MappingConfig; now: Date; ttlMinutes: number; readOnly: boolean; availabilityField: string | null }): Promise<OrgMetadata> {
    return loadOrgMetadata({ gateway: await this.gateway(), store: opts.cache, mapping: opts.mapping, now: opts.now, ttlMinutes: opts.ttlMinutes, readOnly: opts.readOnly, availabilityField: opts.availabilityField });
  }

  async lookup(contacts: readonly Contact[]): Promise<Lookup> {
    return lookupExisting(await this.gateway(), contacts);
  }

  async readAccountChanges(since: string | null, onPage: (rows: AccountIndexRow[]) => Promise<void>): Promise<void> {
    return readAccountChanges(await this.gateway(), since, onPage);
  }

  async apply(plan: WritePlan, opts: { leadHeaders: Record<string, string>; maxRecordAttempts: number }): Promise<ApplyResult> {
    return applyPlan(plan, {
      gateway: await this.gateway(),
      leadHeaders: opts.leadHeaders,
      maxRecordAttempts: opts.maxRecordAttempts,
      clock: this.opts.clock,
      ...(this.opts.retry ? { retry: this.opts.retry } : {}),
      ...(this.opts.signal ? { signal: this.opts.signal } : {}),
    });
  }

  async reconcileView(ask: SalesforceAsk): Promise<SalesforceView> {
    return readSalesforceView(await this.gateway(), ask);
  }

  async readSalesChanges(
    since: Required<SalesCursors>,
    opts: { reasonField: string | null; scorecard: boolean; cache: CacheStore; now: Date; ttlMinutes: number },
  ): Promise<SalesChanges> {
    const gateway = await this.gateway();
    const currency = await this.currency(gateway, opts);
    return readSalesChanges(gateway, since, { reasonField: opts.reasonField, scorecard: opts.scorecard, currency });
  }

  async readOpportunities(ids: readonly string[], opts: { cache: CacheStore; now: Date; ttlMinutes: number }): Promise<SalesOpportunity[]> {
    if (ids.length === 0) return [];
    const gateway = await this.gateway();
    return readOpportunities(gateway, ids, await this.currency(gateway, opts));
  }

  /** Whether Opportunity carries CurrencyIsoCode, cached in state like the describes. */
  private async currency(gateway: SalesforceGateway, opts: { cache: CacheStore; now: Date; ttlMinutes: number }): Promise<boolean> {
    const key = 'salesforce:opportunity-currency';
    const cached = await opts.cache.getCache(key);
    if (cached && typeof cached.value === 'boolean') return cached.value;
    const has = await opportunityHasCurrency(gateway);
    await opts.cache.setCache(key, has, new Date(opts.now.getTime() + opts.ttlMinutes * 60_000).toISOString());
    return has;
  }

  async callCounts(): Promise<SalesforceCallCounts> {
    let gateway: SalesforceGateway | null = null;
    if (this.pending) {
      try {
        gateway = await this.pending;
      } catch {
        gateway = null; // the connection failed: it made no counted calls
      }
    }
    return { calls: gateway?.totalCalls ?? 0, budget: gateway?.apiUsage ?? null };
  }
}
