import pRetry, { AbortError } from 'p-retry';
import { HandoffError } from '../domain/errors.js';
import type { Clock } from '../ports/clock.js';
import { isTransient } from '../domain/policy.js';

export interface RetryOptions {
  clock: Clock;
  /** Attempts after the first. Default 8: with the defaults below, about four minutes of 5xx. */
  retries?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  signal?: AbortSignal;
  /** Called before each wait, for logs and metrics. */
  onRetry?: (info: { error: HandoffError; attempt: number; waitMs: number }) => void;
  /** Turns whatever the call threw into a HandoffError with a code (the edge's map-error). */
  mapError: (err: unknown) => HandoffError;
}

export const DEFAULT_RETRY = { retries: 8, baseDelayMs: 1_000, maxDelayMs: 60_000 } as const;

/** Exponential backoff with full jitter, capped. `random` is injectable for tests. */
export function backoffMs(attempt: number, base: number, max: number, random: () => number = Math.random): number {
  const ceiling = Math.min(max, base * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

/**
 * The single retry layer around every HubSpot and Salesforce call. p-retry keeps the attempt
 * bookkeeping; waits go through the injected clock (p-retry's own timer is set to zero), and the
 * server's Retry-After, when it gave one, replaces the computed backoff.
 */
export async function withRetry<T>(fn: () => Promise<T>, options: RetryOptions): Promise<T> {
  const retries = options.retries ?? DEFAULT_RETRY.retries;
  const base = options.baseDelayMs ?? DEFAULT_RETRY.baseDelayMs;
  const max = options.maxDelayMs ?? DEFAULT_RETRY.maxDelayMs;
  return pRetry(
    async () => {
      try {
        return await fn();
      } catch (err) {
        const mapped = err instanceof HandoffError ? err : options.mapError(err);
        if (!isTransient(mapped.code)) throw new AbortError(mapped);
        throw mapped;
      }
    },
    {
      retries,
      minTimeout: 0,
      maxTimeout: 0,
      ...(options.signal ? { signal: options.signal } : {}),
      onFailedAttempt: async ({ error, attemptNumber, retriesLeft }) => {
        if (retriesLeft <= 0) return;
        const mapped = error as HandoffError;
        const waitMs = mapped.retryAfterMs ?? backoffMs(attemptNumber, base, max);
        options.onRetry?.({ error: mapped, attempt: attemptNumber, waitMs });
        await options.clock.sleep(waitMs, options.signal);
      },
    },
  );
}
