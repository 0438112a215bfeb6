import { DateTime } from 'luxon';

/**
 * HubSpot's daily limit resets at midnight in the account's time zone
 * (https://developers.hubspot.com/docs/guides/apps/api-usage/usage-details). After a DAILY 429 the
 * daemon starts no cycle until then: every call before the reset would only fail.
 */
export function nextMidnight(nowMs: number, timeZone: string): number {
  let now = DateTime.fromMillis(nowMs, { zone: timeZone });
  if (!now.isValid) now = DateTime.fromMillis(nowMs, { zone: 'UTC' });
  return now.plus({ days: 1 }).startOf('day').toMillis();
}

export class DailyPause {
  private until: number | null = null;

  pauseUntilMidnight(nowMs: number, timeZone: string): number {
    this.until = nextMidnight(nowMs, timeZone);
    return this.until;
  }

  /** The reset instant while paused, else null (and the pause is forgotten once it has passed). */
  active(nowMs: number): number | null {
    if (this.until !== null && nowMs >= this.until) this.until = null;
    return this.until;
  }
}
