import { DateTime } from 'luxon';
import type { Period } from './types.js';

/** Weeks shown when no `since` is given: the current ISO week and the eleven before it. */
export const DEFAULT_WEEKS = 12;

export type PeriodResult = { ok: true; period: Period } | { ok: false; problem: string };

/**
 * The report's period `[since, until)`. A date (2026-11-02) is midnight at the start of that day in
 * the reporting zone; an ISO date-time with an offset is taken as is; an age (30d, 12w) counts back
 * from `now`. Without `until`, the period ends at the start of tomorrow (today included); without
 * `since`, it starts on the Monday of the week eleven weeks before the last one.
 */
export function resolvePeriod(input: { since?: string | undefined; until?: string | undefined }, now: Date, timeZone: string): PeriodResult {
  const nowLocal = DateTime.fromJSDate(now, { zone: timeZone });
  if (!nowLocal.isValid) return { ok: false, problem: `unknown time zone "${timeZone}"` };
  let until: DateTime = nowLocal.startOf('day').plus({ days: 1 });
  if (input.until !== undefined) {
    const parsed = parseMoment(input.until, nowLocal, timeZone);
    if (parsed === null) return { ok: false, problem: `--until "${input.until}" is not a date (YYYY-MM-DD), an ISO date-time or an age like 7d` };
    until = parsed;
  }
  let since: DateTime = until.minus({ milliseconds: 1 }).startOf('week').minus({ weeks: DEFAULT_WEEKS - 1 });
  if (input.since !== undefined) {
    const parsed = parseMoment(input.since, nowLocal, timeZone);
    if (parsed === null) return { ok: false, problem: `--since "${input.since}" is not a date (YYYY-MM-DD), an ISO date-time or an age like 30d` };
    since = parsed;
  }
  if (since >= until) return { ok: false, problem: `--since (${since.toISO() ?? ''}) must be before --until (${until.toISO() ?? ''})` };
  return { ok: true, period: { since: iso(since), until: iso(until), timeZone } };
}

function parseMoment(text: string, nowLocal: DateTime, zone: string): DateTime | null {
  const age = /^(\d{1,4})([dw])$/.exec(text.trim());
  if (age) {
    const n = Number(age[1]);
    return age[2] === 'w' ? nowLocal.minus({ weeks: n }) : nowLocal.minus({ days: n });
  }
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) {
    const d = DateTime.fromISO(text, { zone });
    return d.isValid ? d.startOf('day') : null;
  }
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(text)) return null;
  const d = DateTime.fromISO(text, { zone, setZone: false });
  return d.isValid ? d.setZone(zone) : null;
}

function iso(d: DateTime): string {
  return d.toUTC().toISO() ?? '';
}

export interface WeekSlot {
  week: string;
  startMs: number;
  endMs: number;
}

/** The ISO weeks (in the zone) that overlap the period, each clipped to it, oldest first. */
export function weeksOf(period: Period): WeekSlot[] {
  const sinceMs = Date.parse(period.since);
  const untilMs = Date.parse(period.until);
  const out: WeekSlot[] = [];
  let start = DateTime.fromMillis(sinceMs, { zone: period.timeZone }).startOf('week');
  while (start.toMillis() < untilMs) {
    const next = start.plus({ weeks: 1 });
    out.push({ week: start.toFormat("kkkk-'W'WW"), startMs: Math.max(start.toMillis(), sinceMs), endMs: Math.min(next.toMillis(), untilMs) });
    start = next;
  }
  return out;
}

/** Index of the week holding `ms` (binary search over the slots), or -1 outside the period. */
export function weekIndex(slots: readonly WeekSlot[], ms: number): number {
  let lo = 0;
  let hi = slots.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const slot = slots[mid] as WeekSlot;
    if (ms < slot.startMs) hi = mid - 1;
    else if (ms >= slot.endMs) lo = mid + 1;
    else return mid;
  }
  return -1;
}
