import type { SandboxClock } from '../shared/clock.js';
import { DAY_MS } from './format.js';

/**
 * A rolling 24-hour counter ("API Request Limits and Allocations", Salesforce Developer Limits and
 * Allocations Quick Reference): each call is remembered with its clock time and forgotten a day later.
 */
export class RollingCounter {
  private events: { at: number; n: number }[] = [];
  private head = 0;
  private total = 0;

  constructor(private readonly clock: SandboxClock) {}

  used(): number {
    const cutoff = this.clock.now() - DAY_MS;
    while (this.head < this.events.length && (this.events[this.head]?.at ?? Infinity) <= cutoff) {
      this.total -= this.events[this.head]?.n ?? 0;
      this.head += 1;
    }
    if (this.head > 10_000 && this.head * 2 > this.events.length) {
      this.events = this.events.slice(this.head);
      this.head = 0;
    }
    return this.total;
  }

  add(n = 1): void {
    const at = this.clock.now();
    const last = this.events[this.events.length - 1];
    if (last && last.at === at) last.n += n;
    else this.events.push({ at, n });
    this.total += n;
  }

  reset(used = 0): void {
    this.events = [];
    this.head = 0;
    this.total = 0;
    if (used > 0) this.add(used);
  }
}

export const BULK_BATCHES_PER_DAY = 15_000;
export const BULK_QUERY_JOBS_PER_DAY = 10_000;

export class OrgLimits {
  readonly api: RollingCounter;
  readonly bulkBatches: RollingCounter;
  dailyApiLimit: number;

  constructor(clock: SandboxClock, dailyApiLimit: number) {
    this.api = new RollingCounter(clock);
    this.bulkBatches = new RollingCounter(clock);
    this.dailyApiLimit = dailyApiLimit;
  }

  /** Counts one call; false when the allocation is already used up (the call is then refused, not counted). */
  tryConsume(): boolean {
    if (this.api.used() >= this.dailyApiLimit) return false;
    this.api.add();
    return true;
  }

  /** `Sforce-Limit-Info` ("Limit Info Header", REST API Developer Guide). */
  header(): string {
    return `api-usage=${this.api.used()}/${this.dailyApiLimit}`;
  }

  /** `GET /limits` ("List Org Limits", REST API Developer Guide); storage values are nominal. */
  body(): Record<string, unknown> {
    const apiUsed = this.api.used();
    const batches = this.bulkBatches.used();
    return {
      ConcurrentAsyncGetReportInstances: { Max: 200, Remaining: 200 },
      DailyApiRequests: { Max: this.dailyApiLimit, Remaining: Math.max(0, this.dailyApiLimit - apiUsed) },
      DailyAsyncApexExecutions: { Max: 250000, Remaining: 250000 },
      DailyBulkApiBatches: { Max: BULK_BATCHES_PER_DAY, Remaining: Math.max(0, BULK_BATCHES_PER_DAY - batches) },
      DailyBulkV2QueryFileStorageMB: { Max: 976562, Remaining: 976562 },
      DailyBulkV2QueryJobs: { Max: BULK_QUERY_JOBS_PER_DAY, Remaining: BULK_QUERY_JOBS_PER_DAY },
      DataStorageMB: { Max: 1024, Remaining: 1000 },
      FileStorageMB: { Max: 1024, Remaining: 1024 },
      HourlyTimeBasedWorkflow: { Max: 1000, Remaining: 1000 },
      SingleEmail: { Max: 5000, Remaining: 5000 },
    };
  }

  reset(): void {
    this.api.reset();
    this.bulkBatches.reset();
  }
}
