import type { Clock } from '../ports/clock.js';

/**
 * A sliding-window limiter: at most `limit` starts in any `windowMs`. It mirrors HubSpot's rolling
 * 10-second window and per-second search limit, so the client waits instead of collecting 429s.
 * https://developers.hubspot.com/docs/guides/apps/api-usage/usage-details
 */
export class WindowLimiter {
  private readonly starts: number[] = [];
  private head = 0;
  private chain: Promise<void> = Promise.resolve();

  constructor(
    private limit: number,
    private readonly windowMs: number,
    private readonly clock: Clock,
  ) {
    if (!(limit >= 1)) throw new RangeError(`limit must be at least 1, got ${limit}`);
  }

  /** Resolves when one more call may start. Calls are admitted in order. */
  acquire(): Promise<void> {
    const next = this.chain.then(() => this.admit());
    this.chain = next.catch(() => undefined);
    return next;
  }

  /** Lowers (or restores) the limit, e.g. from the server's remaining-budget headers. */
  setLimit(limit: number): void {
    this.limit = Math.max(1, Math.floor(limit));
  }

  get currentLimit(): number {
    return this.limit;
  }

  private async admit(): Promise<void> {
    for (;;) {
      const now = this.clock.now();
      while (this.head < this.starts.length && (this.starts[this.head] ?? 0) <= now - this.windowMs) this.head++;
      if (this.head > 1024) {
        this.starts.splice(0, this.head);
        this.head = 0;
      }
      if (this.starts.length - this.head < this.limit) {
        this.starts.push(now);
        return;
      }
      const oldest = this.starts[this.starts.length - this.limit] ?? now;
      await this.clock.sleep(oldest + this.windowMs - now + 1);
    }
  }
}
