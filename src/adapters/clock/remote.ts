import { z } from 'zod';
import { HandoffError } from '../../domain/errors.js';
import { abortReason } from '../../ports/clock.js';
import type { Clock } from '../../ports/clock.js';
import { noopLogger } from '../../lib/logger.js';
import type { Logger } from '../../lib/logger.js';

/** What `GET /__sandbox/clock` answers: `{now: ISO, pinned, offsetMs}` (epoch ms accepted too). */
const answerSchema = z.object({
  now: z.union([z.string(), z.number()]),
  pinned: z.boolean().optional(),
});

export interface RemoteClockOptions {
  url: string;
  logger?: Logger;
  /** First wait between polls while a sleep waits on a stopped (pinned) clock; doubles up to maxPollMs. */
  minPollMs?: number;
  /** Longest real wait between two reads while a sleep is pending. */
  maxPollMs?: number;
  /** now() reads again in the background once its reading is older than this. */
  maxAgeMs?: number;
  requestTimeoutMs?: number;
}

interface Reading {
  remoteMs: number;
  pinned: boolean;
  /** performance.now() when the answer arrived. */
  at: number;
}

/** The URL without credentials or query, for messages. */
function shown(url: string): string {
  try {
    const u = new URL(url);
    return `${u.origin}${u.pathname}`;
  } catch {
    return 'HANDOFF_CLOCK_URL';
  }
}

const realWait = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(abortReason(signal));
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(abortReason(signal as AbortSignal));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });

/** The promise, or the signal's reason as soon as it aborts (the promise's own failure is then ignored). */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => {
      promise.catch(() => undefined);
      reject(abortReason(signal));
    };
    if (signal.aborted) {
      onAbort();
      return;
    }
    signal.addEventListener('abort', onAbort, { once: true });
    void promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/**
 * Follows a clock served over HTTP (the sandbox's `/__sandbox/clock`), so every process of a test
 * or demo shares one simulated time. `now()` answers from the latest reading: a running remote clock
 * moves on at the real rate from it, a pinned one stays where it was read; a reading older than
 * maxAgeMs is refreshed in the background. A sleep ends only when a fresh reading shows the remote
 * time at or past its deadline; until then it polls on a real timer, with backoff while the remote
 * clock stands still.
 */
export class RemoteClock implements Clock {
  private reading: Reading;
  private refreshing: Promise<Reading> | undefined;
  private readonly url: string;
  private readonly logger: Logger;
  private readonly minPollMs: number;
  private readonly maxPollMs: number;
  private readonly maxAgeMs: number;
  private readonly requestTimeoutMs: number;

  private constructor(opts: RemoteClockOptions, first: Reading) {
    this.url = opts.url;
    this.logger = (opts.logger ?? noopLogger).child({ component: 'clock' });
    this.minPollMs = opts.minPollMs ?? 20;
    this.maxPollMs = opts.maxPollMs ?? 1_000;
    this.maxAgeMs = opts.maxAgeMs ?? 250;
    this.requestTimeoutMs = opts.requestTimeoutMs ?? 5_000;
    this.reading = first;
  }

  /** Reads the remote time once; an unreachable or unreadable clock is a configuration error. */
  static async connect(opts: RemoteClockOptions): Promise<RemoteClock> {
    try {
      return new RemoteClock(opts, await read(opts.url, opts.requestTimeoutMs ?? 5_000));
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error);
      throw new HandoffError('CONFIG_INVALID', `HANDOFF_CLOCK_URL: could not read the time from ${shown(opts.url)} (${why})`);
    }
  }

  now(): number {
    const r = this.reading;
    const age = performance.now() - r.at;
    if (age > this.maxAgeMs) void this.refresh().catch(() => undefined);
    return r.pinned ? r.remoteMs : r.remoteMs + Math.floor(age);
  }

  /** A fresh reading (one request in flight at a time). */
  refresh(): Promise<Reading> {
    this.refreshing ??= read(this.url, this.requestTimeoutMs)
      .then((r) => {
        this.reading = r;
        return r;
      })
      .finally(() => {
        this.refreshing = undefined;
      });
    return this.refreshing;
  }

  async sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) throw abortReason(signal);
    const deadline = this.now() + Math.max(0, ms);
    let backoff = this.minPollMs;
    for (;;) {
      let r: Reading | undefined;
      try {
        r = await untilAborted(this.refresh(), signal);
      } catch (error) {
        if (signal?.aborted) throw abortReason(signal);
        this.logger.warn('could not read the clock; trying again', { url: shown(this.url), error });
      }
      if (r && r.remoteMs >= deadline) return;
      if (r && !r.pinned) {
        // A running clock reaches the deadline in (deadline - now) real ms unless someone moves it.
        await realWait(Math.min(deadline - r.remoteMs, this.maxPollMs), signal);
        backoff = this.minPollMs;
      } else {
        await realWait(backoff, signal);
        backoff = Math.min(backoff * 2, this.maxPollMs);
      }
    }
  }
}

async function read(url: string, timeoutMs: number): Promise<Reading> {
  const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), headers: { accept: 'application/json' } });
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  const answer = answerSchema.parse(await res.json());
  const remoteMs = typeof answer.now === 'number' ? answer.now : Date.parse(answer.now);
  if (!Number.isFinite(remoteMs)) throw new Error('the answer carries no readable time');
  return { remoteMs, pinned: answer.pinned ?? false, at: performance.now() };
}
