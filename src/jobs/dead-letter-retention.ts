import type { StateStore, WriteOptions } from '../ports/state.js';

/** When the daemon last purged dead letters (ISO), so a restart doesn't purge again at once. */
export const LAST_PURGE_CURSOR = 'dead-letters:last-purge';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

export interface RetentionSettings {
  /** Dead letters last seen longer ago than this are deleted. */
  retentionDays: number;
  /** How often the daemon purges; 0: never (only `handoff dlq purge`). */
  purgeEveryHours: number;
}

export interface Purged {
  purged: number;
  /** Dead letters last seen before this time were deleted. */
  before: string;
}

/**
 * Deletes dead letters, resolved or not, last seen longer ago than the retention period: their
 * payloads hold personal data.
 */
export async function purgeExpiredDeadLetters(
  store: Pick<StateStore, 'purgeDeadLettersOlderThan'>,
  retentionDays: number,
  now: number,
  opts: WriteOptions = {},
): Promise<Purged> {
  const before = new Date(now - retentionDays * DAY_MS).toISOString();
  return { purged: await store.purgeDeadLettersOlderThan(before, opts), before };
}

/**
 * Purges when due: when no purge was recorded yet, or `purgeEveryHours` after the last one. The
 * time of the purge goes into a state cursor, so a daemon that restarts often still purges once
 * per interval. Null when nothing was due.
 */
export async function purgeDeadLettersIfDue(
  store: Pick<StateStore, 'purgeDeadLettersOlderThan' | 'getCursor' | 'setCursor'>,
  settings: RetentionSettings,
  now: number,
  opts: WriteOptions = {},
): Promise<Purged | null> {
  if (settings.purgeEveryHours <= 0) return null;
  const last = await store.getCursor(LAST_PURGE_CURSOR);
  const lastAt = last ? Date.parse(last.value) : Number.NaN;
  if (Number.isFinite(lastAt) && now - lastAt < settings.purgeEveryHours * HOUR_MS) return null;
  const result = await purgeExpiredDeadLetters(store, settings.retentionDays, now, opts);
  await store.setCursor(LAST_PURGE_CURSOR, new Date(now).toISOString(), opts);
  return result;
}
