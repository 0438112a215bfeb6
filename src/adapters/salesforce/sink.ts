import type { MappingConfig } from '../../config/mapping.js';
import type { WritePlan } from '../../domain/plan.js';
import type { AccountIndex, SalesforceView } from '../../domain/salesforce.js';
import type { Contact } from '../../domain/types.js';
import type { Lookup } from '../../core/match.js';
import type { Clock } from '../../ports/clock.js';
import type { ApplyResult, CacheStore, OrgMetadata, SalesforceAsk, SalesforceCallCounts, SalesforceSink } from '../../ports/salesforce.js';
import type { RetryOptions } from '../../lib/retry.js';
import { refreshAccountIndex } from './accounts.js';
import { applyPlan } from './apply.js';
import type { SalesforceGateway } from './gateway.js';
import { lookupExisting } from './lookup.js';
import { loadOrgMetadata } from './metadata.js';
import { readSalesforceView } from './reconcile-view.js';

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

  async orgMetadata(opts: { cache: CacheStore; mapping: MappingConfig; now: Date; ttlMinutes: number; readOnly: boolean }): Promise<OrgMetadata> {
    return loadOrgMetadata({ gateway: await this.gateway(), store: opts.cache, mapping: opts.mapping, now: opts.now, ttlMinutes: opts.ttlMinutes, readOnly: opts.readOnly });
  }

  async lookup(contacts: readonly Contact[]): Promise<Lookup> {
    return lookupExisting(await this.gateway(), contacts);
  }

  async refreshAccountIndex(index: AccountIndex | null): Promise<AccountIndex> {
    return refreshAccountIndex(await this.gateway(), index);
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
