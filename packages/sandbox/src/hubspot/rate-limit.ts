import { DateTime } from 'luxon';
import { correlationId } from './errors.js';
import type { SandboxClock } from '../shared/clock.js';

export type HubSpotTier = 'starter' | 'professional' | 'enterprise' | 'oauth';

/**
 * Limits per developers.hubspot.com/docs/guides/apps/api-usage/usage-details (api-facts §1.7): a rolling
 * 10-second burst per app, a daily cap per account that resets at midnight in the account's time zone
 * (none for public OAuth apps), and a separate 5 requests/second for CRM search.
 */
const TEN_SECOND: Record<HubSpotTier, number> = { starter: 100, professional: 190, enterprise: 190, oauth: 110 };
const DAILY: Record<HubSpotTier, number | null> = { starter: 250_000, professional: 625_000, enterprise: 1_000_000, oauth: null };
const WINDOW_MS = 10_000;
const SEARCH_WINDOW_MS = 1_000;
const SEARCH_PER_SECOND = 5;

export interface RateLimitSettings {
  tier: HubSpotTier;
  enabled: boolean;
  /** Overrides the tier's 10-second burst (tests use small numbers). */
  tenSecondLimit?: number;
  /** Overrides the tier's daily cap. */
  dailyLimit?: number;
  searchPerSecond?: number;
  /** Which of HubSpot's two bodies a secondly (search) 429 carries; default 'errorType'. */
  secondlyBody?: SecondlyBodyStyle;
}

/**
 * A search 429 has been seen in two shapes: `{status, message, errorType: "RATE_LIMIT", correlationId,
 * policyName: "SECONDLY"}` like the other rate limits, and `{status, message, correlationId, category:
 * "RATE_LIMITS"}` (a recorded real answer), both saying "You have reached your secondly limit.".
 */
export type SecondlyBodyStyle = 'errorType' | 'category';

export type RateLimitBody =
  | { status: 'error'; message: string; errorType: 'RATE_LIMIT'; correlationId: string; policyName: string }
  | { status: 'error'; message: string; correlationId: string; category: 'RATE_LIMITS' };

export type RateDecision = { ok: true; headers: Record<string, string> } | { ok: false; headers: Record<string, string>; body: RateLimitBody };

export function rateLimitBody(policyName: string, secondlyBody: SecondlyBodyStyle = 'errorType'): RateLimitBody {
  const message =
    policyName === 'SECONDLY' ? 'You have reached your secondly limit.' : `You have reached your ${policyName.toLowerCase()} limit.`;
  if (policyName === 'SECONDLY' && secondlyBody === 'category') return { status: 'error', message, correlationId: correlationId(), category: 'RATE_LIMITS' };
  return { status: 'error', message, errorType: 'RATE_LIMIT', correlationId: correlationId(), policyName };
}

export class RateLimiter {
  private burst: number[] = [];
  private search: number[] = [];
  private dayKey = '';
  private dayCount = 0;

  constructor(
    private readonly clock: SandboxClock,
    private readonly timeZone: string,
    public settings: RateLimitSettings,
  ) {}

  get tenSecondLimit(): number {
    return this.settings.tenSecondLimit ?? TEN_SECOND[this.settings.tier];
  }

  get dailyLimit(): number | null {
    return this.settings.tier === 'oauth' ? null : (this.settings.dailyLimit ?? DAILY[this.settings.tier]);
  }

  /** Counts the request if it is allowed. Rejected requests do not count. */
  check(isSearch: boolean): RateDecision {
    const now = this.clock.now();
    this.rollDay(now);
    const daily = this.dailyLimit;
    if (!this.settings.enabled) return { ok: true, headers: {} };
    if (isSearch) {
      // Search answers carry no X-HubSpot-RateLimit-* headers (api-facts §1.3).
      this.search = inWindow(this.search, now, SEARCH_WINDOW_MS);
      if (daily !== null && this.dayCount >= daily) return { ok: false, headers: {}, body: rateLimitBody('DAILY') };
      if (this.search.length >= (this.settings.searchPerSecond ?? SEARCH_PER_SECOND)) {
        return { ok: false, headers: {}, body: rateLimitBody('SECONDLY', this.settings.secondlyBody) };
      }
      this.search.push(now);
      this.dayCount++;
      return { ok: true, headers: {} };
    }
    this.burst = inWindow(this.burst, now, WINDOW_MS);
    if (daily !== null && this.dayCount >= daily) return { ok: false, headers: this.headers(), body: rateLimitBody('DAILY') };
    if (this.burst.length >= this.tenSecondLimit) return { ok: false, headers: this.headers(), body: rateLimitBody('TEN_SECONDLY_ROLLING') };
    this.burst.push(now);
    this.dayCount++;
    return { ok: true, headers: this.headers() };
  }

  headers(): Record<string, string> {
    const h: Record<string, string> = {
      'X-HubSpot-RateLimit-Max': String(this.tenSecondLimit),
      'X-HubSpot-RateLimit-Remaining': String(Math.max(0, this.tenSecondLimit - this.burst.length)),
      'X-HubSpot-RateLimit-Interval-Milliseconds': String(WINDOW_MS),
    };
    const daily = this.dailyLimit;
    if (daily !== null) {
      h['X-HubSpot-RateLimit-Daily'] = String(daily);
      h['X-HubSpot-RateLimit-Daily-Remaining'] = String(Math.max(0, daily - this.dayCount));
    }
    return h;
  }

  usage(): { tier: HubSpotTier; enabled: boolean; tenSecondLimit: number; dailyLimit: number | null; dailyUsed: number; day: string; resetsAt: string } {
    const now = this.clock.now();
    this.rollDay(now);
    const resetsAt = DateTime.fromMillis(now, { zone: this.timeZone }).startOf('day').plus({ days: 1 }).toUTC().toISO() ?? '';
    return { tier: this.settings.tier, enabled: this.settings.enabled, tenSecondLimit: this.tenSecondLimit, dailyLimit: this.dailyLimit, dailyUsed: this.dayCount, day: this.dayKey, resetsAt };
  }

  reset(): void {
    this.burst = [];
    this.search = [];
    this.dayCount = 0;
  }

  private rollDay(now: number): void {
    const key = DateTime.fromMillis(now, { zone: this.timeZone }).toISODate() ?? '';
    if (key !== this.dayKey) {
      this.dayKey = key;
      this.dayCount = 0;
    }
  }
}

/** Timestamps still inside (now - window, now]; entries from a clock moved backwards are dropped too. */
function inWindow(stamps: number[], now: number, windowMs: number): number[] {
  if (stamps.length === 0) return stamps;
  const first = stamps[0] as number;
  if (first > now - windowMs && (stamps.at(-1) as number) <= now) return stamps;
  return stamps.filter((t) => t > now - windowMs && t <= now);
}
