import { Cron } from 'croner';
import { ConfigError } from '../../domain/errors.js';
import type { StateStore } from '../../ports/state.js';

/** A cron expression (five fields, or six with seconds first) in an IANA time zone. */
export interface CronSchedule {
  /** The first run strictly after `afterMs` (epoch ms), or null when the expression never fires again. */
  next(afterMs: number): number | null;
}

function parse(expression: string, timeZone: string): Cron {
  return new Cron(expression, { timezone: timeZone, mode: '5-or-6-parts' });
}

/** Validates the schedule up front: a bad expression would otherwise fail later, or never fire. */
export function assertSchedule(expression: string, timeZone: string): void {
  const problems: string[] = [];
  try {
    parse(expression, 'UTC');
  } catch {
    problems.push(`schedule.cron: "${expression}" is not a valid cron expression`);
  }
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
  } catch {
    problems.push(`schedule.timeZone: "${timeZone}" is not an IANA time zone (e.g. Europe/Berlin, UTC)`);
  }
  if (problems.length > 0) throw new ConfigError(problems);
}

/** Only parses and computes instants: the scheduler waits for them on its own clock. */
export function cronSchedule(expression: string, timeZone: string): CronSchedule {
  assertSchedule(expression, timeZone);
  const cron = parse(expression, timeZone);
  return { next: (afterMs) => cron.nextRun(new Date(afterMs))?.getTime() ?? null };
}

/**
 * Whether a scheduled pass whose last run is remembered in the cursor `cursor` (an ISO time) is due
 * at `now`: the schedule has fired since that run or, before any run, since `startedAt`. So a
 * restart neither runs a pass again at once nor skips a due one.
 */
export async function passIsDue(store: Pick<StateStore, 'getCursor'>, cursor: string, schedule: CronSchedule, startedAt: number, now: number): Promise<boolean> {
  const last = await store.getCursor(cursor);
  const lastAt = last ? Date.parse(last.value) : Number.NaN;
  const due = schedule.next(Number.isFinite(lastAt) ? lastAt : startedAt);
  return due !== null && due <= now;
}
