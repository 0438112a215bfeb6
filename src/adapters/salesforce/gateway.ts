import type { Connection } from 'jsforce';
import type { Clock } from '../../ports/clock.js';
import type { Logger } from '../../lib/logger.js';
import { withRetry } from '../../lib/retry.js';
import type { RetryOptions } from '../../lib/retry.js';
import { mapSalesforceError, salesforceError } from './map-error.js';
import type { DailyAllowance } from '../budget/governor.js';

export type SfCallKind = 'query' | 'composite' | 'collection' | 'describe' | 'limits' | 'tooling' | 'identity';

/** One per-record result of an sObject Collection call, in input order. */
export interface RecordResult {
  id: string | null;
  success: boolean;
  created?: boolean;
  errors: { code: string; message: string; fields: string[] }[];
}

export interface SalesforceGatewayOptions {
  conn: Connection;
  clock: Clock;
  logger: Logger;
  /** Stop starting new work above this share of the daily API allocation. */
  dailyBudgetShare: number;
  retry?: Pick<RetryOptions, 'retries' | 'baseDelayMs' | 'maxDelayMs'>;
  requestTimeoutMs?: number;
  signal?: AbortSignal;
  /** The daily allocation shared through the state with every process (adapters/budget): each call takes one. */
  daily?: DailyAllowance;
}

interface CompositeSubResponse {
  body: unknown;
  httpStatusCode: number;
  referenceId: string;
}

/**
 * The only door to Salesforce. Every call passes the one retry layer, is counted, and reads the
 * daily allocation from Sforce-Limit-Info (jsforce keeps it in conn.limitInfo).
 */
export class SalesforceGateway {
  readonly calls: Record<SfCallKind, number> = { query: 0, composite: 0, collection: 0, describe: 0, limits: 0, tooling: 0, identity: 0 };
  rateLimited = 0;
  constructor(private readonly opts: SalesforceGatewayOptions) {}

  get conn(): Connection {
    return this.opts.conn;
  }

  get totalCalls(): number {
    return Object.values(this.calls).reduce((a, b) => a + b, 0);
  }

  /** API usage as last reported by Salesforce, or null before the first call. */
  get apiUsage(): { used: number; limit: number } | null {
    const usage = this.opts.conn.limitInfo?.apiUsage;
    return usage ? { used: usage.used, limit: usage.limit } : null;
  }

  /** Throws DAILY_LIMIT when the configured share of the daily allocation is used up. */
  assertBudget(): void {
    const usage = this.apiUsage;
    if (usage && usage.limit > 0 && usage.used >= usage.limit * this.opts.dailyBudgetShare) {
      throw salesforceError(
        'DAILY_LIMIT',
        `Salesforce daily API budget reached: ${usage.used}/${usage.limit} used, Handoff stops at ${Math.round(this.opts.dailyBudgetShare * 100)}%`,
        'HANDOFF_BUDGET',
      );
    }
  }

  /**
   * assertBudget, first learning the usage when no answer has reported it yet: a fresh connection
   * (every CLI run, every daemon cycle) knows nothing until its first call, and would otherwise go
   * past the share. One /limits call; its Sforce-Limit-Info header is what counts.
   */
  async checkBudget(): Promise<void> {
    if (!this.apiUsage) await this.call('limits', (c) => c.request(`/services/data/v${c.version}/limits`));
    this.assertBudget();
  }

  async call<T>(kind: SfCallKind, fn: (conn: Connection) => Promise<T>): Promise<T> {
    return withRetry(
      async () => {
        const run = (): Promise<T> => {
          this.calls[kind] += 1;
          return this.withTimeout(fn(this.opts.conn));
        };
        const daily = this.opts.daily;
        if (!daily) return run();
        // jsforce replaces limitInfo with each answer that carries Sforce-Limit-Info.
        const before = this.opts.conn.limitInfo;
        return daily.around(run, () => (this.opts.conn.limitInfo !== before ? this.apiUsage : null));
      },
      {
        clock: this.opts.clock,
        mapError: mapSalesforceError,
        ...(this.opts.signal ? { signal: this.opts.signal } : {}),
        ...this.opts.retry,
        onRetry: ({ error, attempt, waitMs }) => {
          if (error.code === 'RATE_LIMITED') this.rateLimited += 1;
          this.opts.logger.warn('salesforce call retrying', { kind, code: error.code, vendorCode: error.vendorCode, attempt, waitMs });
        },
      },
    );
  }

  /** All records of a SOQL query, following query-more pages. */
  async query<R extends Record<string, unknown>>(soql: string): Promise<R[]> {
    const records: R[] = [];
    await this.queryPages<R>(soql, (page) => {
      records.push(...page);
      return Promise.resolve();
    });
    return records;
  }

  /** A SOQL query's records one page at a time, each handled before the next is read. */
  async queryPages<R extends Record<string, unknown>>(soql: string, onPage: (records: R[]) => Promise<void>): Promise<void> {
    const first = await this.call('query', (c) => c.query<R>(soql, { autoFetch: false }) as unknown as Promise<QueryPage<R>>);
    await onPage(first.records);
    let next = first.nextRecordsUrl;
    while (next) {
      const locator = next;
      const page = await this.call('query', (c) => c.queryMore<R>(locator) as unknown as Promise<QueryPage<R>>);
      await onPage(page.records);
      next = page.nextRecordsUrl;
    }
  }

  /**
   * Several independent SOQL queries in one /composite request (≤5 query subrequests count
   * toward one API call), `opts.all` naming those run with queryAll. Each result set beyond its first
   * page is fetched with query-more.
   * https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_composite_composite.htm
   */
  async queries(soqls: Record<string, string>, opts: { all?: readonly string[] } = {}): Promise<Record<string, Record<string, unknown>[]>> {
    const entries = Object.entries(soqls);
    if (entries.length === 0) return {};
    const version = this.opts.conn.version;
    const body = {
      allOrNone: false,
      // `all` names the queries run with queryAll: deleted rows (IsDeleted = true) come back too.
      compositeRequest: entries.map(([ref, soql]) => ({
        method: 'GET',
        url: `/services/data/v${version}/${opts.all?.includes(ref) ? 'queryAll' : 'query'}?q=${encodeURIComponent(soql)}`,
        referenceId: ref,
      })),
    };
    const res = await this.call('composite', (c) =>
      c.requestPost<{ compositeResponse: CompositeSubResponse[] }>(`/services/data/v${version}/composite`, body),
    );
    const out: Record<string, Record<string, unknown>[]> = {};
    for (const sub of res.compositeResponse) {
      if (sub.httpStatusCode >= 400) {
        const first = (Array.isArray(sub.body) ? sub.body[0] : sub.body) as { errorCode?: string; message?: string } | undefined;
        throw mapSalesforceError(Object.assign(new Error(first?.message ?? 'composite query failed'), { errorCode: first?.errorCode ?? `ERROR_HTTP_${sub.httpStatusCode}` }));
      }
      const page = sub.body as QueryPage<Record<string, unknown>>;
      const records = [...page.records];
      let next = page.nextRecordsUrl;
      while (next) {
        const locator = next;
        const more = await this.call('query', (c) => c.queryMore(locator) as unknown as Promise<QueryPage<Record<string, unknown>>>);
        records.push(...more.records);
        next = more.nextRecordsUrl;
      }
      out[sub.referenceId] = records;
    }
    return out;
  }

  async describe(type: string): Promise<unknown> {
    return this.call('describe', (c) => c.sobject(type).describe());
  }

  /** Upsert ≤200 records by an External ID field; results in input order. */
  async upsert(type: string, extField: string, records: Record<string, unknown>[], headers: Record<string, string>): Promise<RecordResult[]> {
    if (records.length === 0) return [];
    const res = await this.call('collection', (c) =>
      c.sobject(type).upsert(records as never, extField as never, { headers, allOrNone: false }) as unknown as Promise<unknown[]>,
    );
    return normalizeResults(res);
  }

  async create(type: string, records: Record<string, unknown>[], headers: Record<string, string>): Promise<RecordResult[]> {
    if (records.length === 0) return [];
    const res = await this.call('collection', (c) =>
      c.sobject(type).create(records as never, { headers, allOrNone: false }) as unknown as Promise<unknown[]>,
    );
    return normalizeResults(res);
  }

  async update(type: string, records: Record<string, unknown>[], headers: Record<string, string>): Promise<RecordResult[]> {
    if (records.length === 0) return [];
    const res = await this.call('collection', (c) =>
      c.sobject(type).update(records as never, { headers, allOrNone: false }) as unknown as Promise<unknown[]>,
    );
    return normalizeResults(res);
  }

  private withTimeout<T>(p: Promise<T>): Promise<T> {
    const ms = this.opts.requestTimeoutMs ?? 60_000;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(Object.assign(new Error(`no answer within ${ms} ms`), { name: 'TimeoutError' })), ms);
    });
    return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
  }
}

interface QueryPage<R> {
  totalSize: number;
  done: boolean;
  records: R[];
  nextRecordsUrl?: string;
}

/** jsforce hands collection results back untouched: failures carry `statusCode`, though its types say `errorCode`. */
function normalizeResults(raw: unknown): RecordResult[] {
  const list = Array.isArray(raw) ? raw : [raw];
  return list.map((r) => {
    const rec = r as { id?: string | null; success?: boolean; created?: boolean; errors?: { statusCode?: string; errorCode?: string; message?: string; fields?: string[] }[] };
    return {
      id: rec.id ?? null,
      success: rec.success === true,
      ...(rec.created !== undefined ? { created: rec.created } : {}),
      errors: (rec.errors ?? []).map((e) => ({ code: e.statusCode ?? e.errorCode ?? 'UNKNOWN', message: e.message ?? '', fields: e.fields ?? [] })),
    };
  });
}
