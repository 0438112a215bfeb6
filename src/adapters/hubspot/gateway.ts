import { Client } from '@hubspot/api-client';
import { HandoffError } from '../../domain/errors.js';
import type { Clock } from '../../ports/clock.js';
import type { Logger } from '../../lib/logger.js';
import { WindowLimiter } from '../../lib/rate-limiter.js';
import { laneRule } from '../../core/budget-lanes.js';
import type { BudgetRule } from '../../ports/budget.js';
import type { DailyAllowance, LaneShares, SharedGovernor } from '../budget/governor.js';
import { withRetry } from '../../lib/retry.js';
import type { RetryOptions } from '../../lib/retry.js';
import { mapHubSpotError } from './map-error.js';

/** HubSpot's 10-second limits per tier: https://developers.hubspot.com/docs/guides/apps/api-usage/usage-details */

/** An input of a batch write HubSpot refused while writing the others. */
export interface BatchRefusal {
  id: string;
  /** HubSpot's error category, e.g. OBJECT_NOT_FOUND. */
  category: string;
  message: string;
}

export const TEN_SECOND_LIMITS = { starter: 100, professional: 190, enterprise: 190, oauth: 110 } as const;
export type HubSpotTier = keyof typeof TEN_SECOND_LIMITS;

export interface HubSpotGatewayOptions {
  baseUrl: string;
  accessToken: string;
  clock: Clock;
  logger: Logger;
  tier: HubSpotTier;
  /** Share of the account's 10-second limit this process may use. */
  rateShare: number;
  searchPerSecond: number;
  requestTimeoutMs?: number;
  retry?: Pick<RetryOptions, 'retries' | 'baseDelayMs' | 'maxDelayMs'>;
  signal?: AbortSignal;
  /**
   * The budget shared through the state store with every other job and process (adapters/budget):
   * each call takes one in this governor's lane after the local limiter let it go.
   */
  shared?: { governor: SharedGovernor; shares: LaneShares; daily?: DailyAllowance };
}

/** Budget names in the shared ledger (ports/budget.ts). */
export const HUBSPOT_BUDGETS = { general: 'hubspot:10s', search: 'hubspot:search' } as const;
/** HubSpot counts its windows as requests arrive: a quarter second on top of 10 s, a tenth on 1 s. */
export const HUBSPOT_WINDOW_MS = { general: 10_250, search: 1_100 } as const;

export type CallKind = 'search' | 'list' | 'batch-read' | 'batch-update' | 'associations' | 'properties' | 'account' | 'owners' | 'lists';

export interface SearchRequest {
  filterGroups: { filters: { propertyName: string; operator: string; value?: string; highValue?: string; values?: string[] }[] }[];
  sorts: string[];
  properties: string[];
  limit: number;
  after?: string;
}

export interface SearchPage {
  total: number;
  results: unknown[];
  after: string | undefined;
}

/**
 * The only door to HubSpot. Every call passes the client-side limiter, the one retry layer and a
 * timeout, and is counted. The SDK's own retry and Bottleneck limiter stay off (they are off unless
 * configured), so attempts never multiply.
 */
export class HubSpotGateway {
  readonly client: Client;
  readonly calls: Record<CallKind, number> = {
    search: 0,
    list: 0,
    'batch-read': 0,
    'batch-update': 0,
    associations: 0,
    properties: 0,
    account: 0,
    owners: 0,
    lists: 0,
  };
  rateLimited = 0;
  private readonly general: WindowLimiter;
  private readonly search: WindowLimiter;
  private readonly opts: HubSpotGatewayOptions;
  private readonly fullLimit: number;
  private readonly rules: { general: BudgetRule; search: BudgetRule } | undefined;
  /** The daily usage the last answer that said so reported, and how many answers did. */
  private lastDaily: { used: number; limit: number } | null = null;
  private dailyReports = 0;

  constructor(opts: HubSpotGatewayOptions) {
    this.opts = opts;
    this.fullLimit = Math.max(1, Math.floor(TEN_SECOND_LIMITS[opts.tier] * opts.rateShare));
    // A quarter second on top of each window: HubSpot counts requests when they arrive, and transit
    // time can bunch requests that left 10 s apart into one of its windows.
    const searchLimit = Math.max(1, Math.floor(opts.searchPerSecond));
    const shares = opts.shared?.shares;
    this.rules = shares && {
      general: laneRule(HUBSPOT_BUDGETS.general, HUBSPOT_WINDOW_MS.general, this.fullLimit, shares),
      search: laneRule(HUBSPOT_BUDGETS.search, HUBSPOT_WINDOW_MS.search, searchLimit, shares),
    };
    // A backfill's own pace never exceeds its cap, so it asks the shared ledger only for what it may get.
    const backfill = opts.shared?.governor.lane === 'backfill' && this.rules;
    if (backfill) this.fullLimit = this.rules?.general.backfillLimit ?? this.fullLimit;
    this.general = new WindowLimiter(this.fullLimit, HUBSPOT_WINDOW_MS.general, opts.clock);
    this.search = new WindowLimiter(backfill ? (this.rules?.search.backfillLimit ?? searchLimit) : searchLimit, HUBSPOT_WINDOW_MS.search, opts.clock);
    this.client = new Client({
      accessToken: opts.accessToken,
      basePath: opts.baseUrl,
      middleware: [
        {
          pre: (ctx: unknown) => ctx,
          // Other integrations share the account's window: when HubSpot says little is left, slow down.
          post: (ctx: unknown) => {
            this.observe((ctx as { headers?: Record<string, string> }).headers ?? {});
            return ctx;
          },
        },
      ],
    });
  }

  get totalCalls(): number {
    return Object.values(this.calls).reduce((a, b) => a + b, 0);
  }

  /** Runs one HubSpot call through limiter, timeout and retry. */
  async call<T>(kind: CallKind, fn: (client: Client) => Promise<T>): Promise<T> {
    const limiter = kind === 'search' ? this.search : this.general;
    return withRetry(
      async () => {
        await limiter.acquire();
        const shared = this.opts.shared;
        if (shared && this.rules) await shared.governor.acquire(kind === 'search' ? this.rules.search : this.rules.general);
        const run = (): Promise<T> => {
          this.calls[kind] += 1;
          return this.withTimeout(fn(this.client));
        };
        if (!shared?.daily) return run();
        const before = this.dailyReports;
        return shared.daily.around(run, () => (this.dailyReports !== before ? this.lastDaily : null));
      },
      {
        clock: this.opts.clock,
        mapError: mapHubSpotError,
        ...(this.opts.signal ? { signal: this.opts.signal } : {}),
        ...this.opts.retry,
        onRetry: ({ error, attempt, waitMs }) => {
          if (error.code === 'RATE_LIMITED') this.rateLimited += 1;
          this.opts.logger.warn('hubspot call retrying', { kind, code: error.code, vendorCode: error.vendorCode, attempt, waitMs });
        },
      },
    );
  }

  async searchObjects(objectType: string, req: SearchRequest): Promise<SearchPage> {
    const res = await this.call('search', (c) =>
      c.crm.objects.searchApi.doSearch(objectType, { ...req, after: req.after ?? '0' } as never),
    );
    return { total: res.total, results: res.results, after: res.paging?.next?.after };
  }

  async listContacts(after: string | undefined, properties: string[], limit = 100): Promise<{ results: unknown[]; after: string | undefined }> {
    const res = await this.call('list', (c) =>
      c.crm.contacts.basicApi.getPage(limit, after, properties, undefined, undefined, false),
    );
    return { results: res.results, after: res.paging?.next?.after };
  }

  async batchRead(objectType: string, ids: string[], properties: string[]): Promise<unknown[]> {
    if (ids.length === 0) return [];
    if (ids.length > 100) throw new RangeError('batch read takes at most 100 ids');
    const res = await this.call('batch-read', (c) =>
      c.crm.objects.batchApi.read(objectType, { inputs: ids.map((id) => ({ id })), properties, propertiesWithHistory: [] }),
    );
    return res.results;
  }

  /**
   * Which of these contact ids HubSpot still holds, unarchived (≤100 ids, one batch read). A merged
   * contact's old id counts as held when the winner comes back naming it.
   */
  async existingContacts(ids: readonly string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    if (ids.length > 100) throw new RangeError('batch read takes at most 100 ids');
    const res = await this.call('batch-read', (c) =>
      c.crm.contacts.batchApi.read({ inputs: ids.map((id) => ({ id })), properties: ['hs_merged_object_ids'], propertiesWithHistory: [] }, false),
    );
    const held = new Set<string>();
    for (const r of res.results) {
      if (r.archived === true) continue;
      held.add(r.id);
      for (const merged of (r.properties['hs_merged_object_ids'] ?? '').split(';')) if (merged.trim() !== '') held.add(merged.trim());
    }
    return held;
  }

  /** Every member of a contact list: lists memberships pages of 250, in id order. */
  async listMembers(listId: string): Promise<Set<string>> {
    const out = new Set<string>();
    for (let after: string | undefined; ; ) {
      const page = await this.call('lists', (c) => c.crm.lists.membershipsApi.getPage(listId, after, undefined, 250));
      for (const r of page.results) out.add(String(r.recordId));
      after = page.paging?.next?.after;
      if (!after) return out;
    }
  }

  /** Associations v4 batch read (≤1,000 ids). Ids without associations simply don't appear. */
  async associations(fromType: string, toType: string, ids: string[]): Promise<Map<string, string[]>> {
    const out = new Map<string, string[]>();
    if (ids.length === 0) return out;
    if (ids.length > 1000) throw new RangeError('association batch read takes at most 1,000 ids');
    const res = await this.call('associations', (c) =>
      c.crm.associations.v4.batchApi.getPage(fromType, toType, { inputs: ids.map((id) => ({ id })) }),
    );
    for (const r of res.results) {
      out.set(String(r._from.id), r.to.map((t) => String(t.toObjectId)));
    }
    return out;
  }

  /**
   * One batch update. HubSpot answers 207 when some inputs failed (a contact deleted or merged away):
   * those come back as refusals, by id, and the rest were written.
   */
  async batchUpdateContacts(inputs: { id: string; properties: Record<string, string> }[]): Promise<BatchRefusal[]> {
    if (inputs.length === 0) return [];
    const res = await this.call('batch-update', (c) => c.crm.contacts.batchApi.update({ inputs }));
    const errors = (res as { errors?: { category?: string; message?: string; context?: Record<string, string[]> }[] }).errors ?? [];
    return errors.flatMap((e) => (e.context?.ids ?? []).map((id) => ({ id, category: e.category ?? 'UNKNOWN', message: e.message ?? 'refused' })));
  }

  async contactPropertyNames(): Promise<Set<string>> {
    const res = await this.call('properties', (c) => c.crm.properties.coreApi.getAll('contacts'));
    return new Set(res.results.map((p) => p.name));
  }

  async createPropertyGroup(name: string, label: string): Promise<void> {
    try {
      await this.call('properties', (c) => c.crm.properties.groupsApi.create('contacts', { name, label, displayOrder: -1 }));
    } catch (err) {
      if (!(err instanceof HandoffError && err.code === 'DUPLICATE')) throw err;
    }
  }

  async createProperty(def: { name: string; label: string; type: string; fieldType: string; groupName: string; options?: readonly { label: string; value: string }[] }): Promise<void> {
    try {
      await this.call('properties', (c) => c.crm.properties.coreApi.create('contacts', def as never));
    } catch (err) {
      if (!(err instanceof HandoffError && err.code === 'DUPLICATE')) throw err;
    }
  }

  /** A contact property's enumeration options, in the portal's display order. */
  async contactPropertyOptions(name: string): Promise<string[]> {
    const res = await this.call('properties', (c) => c.crm.properties.coreApi.getByName('contacts', name));
    const options = [...(res.options ?? [])].filter((o) => !o.hidden);
    options.sort((a, b) => (a.displayOrder ?? 0) - (b.displayOrder ?? 0));
    return options.map((o) => o.value);
  }

  async accountTimeZone(): Promise<string> {
    const res = await this.call('account', async (c) => {
      const r = await c.apiRequest({ method: 'GET', path: '/account-info/v3/details' });
      if (!r.ok) throw Object.assign(new Error(`account-info ${r.status}`), { code: r.status, body: await r.json() });
      return (await r.json()) as { timeZone?: string };
    });
    return res.timeZone ?? 'UTC';
  }

  private observe(headers: Record<string, string>): void {
    const day = Number(headers['x-hubspot-ratelimit-daily']);
    const dayLeft = Number(headers['x-hubspot-ratelimit-daily-remaining']);
    if (headers['x-hubspot-ratelimit-daily'] !== undefined && Number.isFinite(day) && Number.isFinite(dayLeft) && day > 0) {
      this.lastDaily = { used: Math.max(0, day - dayLeft), limit: day };
      this.dailyReports += 1;
    }
    const remaining = Number(headers['x-hubspot-ratelimit-remaining']);
    const max = Number(headers['x-hubspot-ratelimit-max']);
    if (!Number.isFinite(remaining) || !Number.isFinite(max) || max <= 0) return;
    // Other integrations share the window: when under a tenth of it is left, halve our pace until it recovers.
    this.general.setLimit(remaining <= max * 0.1 ? Math.max(1, Math.floor(this.fullLimit / 2)) : this.fullLimit);
  }

  private withTimeout<T>(p: Promise<T>): Promise<T> {
    const ms = this.opts.requestTimeoutMs ?? 30_000;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        const err = new Error(`no answer within ${ms} ms`);
        err.name = 'TimeoutError';
        reject(err);
      }, ms);
    });
    return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
  }
}
