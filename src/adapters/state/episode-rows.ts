import { blankOutcome } from '../../domain/episode.js';
import type { Episode, EpisodeAtHandoff, EpisodePatch } from '../../domain/episode.js';
import { iso } from './sql/values.js';

/**
 * Caller input → complete episode rows, before any SQL: times normalised to ISO, nulls for
 * omissions, one row per (hubspotId, episode) (the last given wins).
 */

const TIME_FIELDS = [
  'handedOffAt',
  'slaDueAt',
  'firstTouchAt',
  'acceptedAt',
  'workingAt',
  'meetingAt',
  'convertedAt',
  'opportunityCreatedAt',
  'closedAt',
  'disqualifiedAt',
  'recycledAt',
  'remindedAt',
  'escalatedAt',
  'reassignedAt',
] as const;

export function episodeKey(e: { hubspotId: string; episode: number }): string {
  return `${e.hubspotId}\u0000${e.episode}`;
}

function check(e: { hubspotId: unknown; episode: unknown }): void {
  if (typeof e.hubspotId !== 'string' || e.hubspotId === '') throw new RangeError('hubspotId must be a non-empty string');
  if (!Number.isSafeInteger(e.episode) || (e.episode as number) < 1) throw new RangeError(`episode must be a positive integer, got ${String(e.episode)}`);
}

function normalTimes<T extends Partial<Record<(typeof TIME_FIELDS)[number], string | null>>>(row: T): T {
  const out = { ...row };
  for (const f of TIME_FIELDS) {
    const v = out[f];
    if (v !== undefined && v !== null) (out as Record<string, unknown>)[f] = iso(v);
  }
  return out;
}

function checkQuality(q: unknown): void {
  if (q !== null && q !== undefined && !Number.isSafeInteger(q)) throw new RangeError(`leadQuality must be a whole number, got ${String(q)}`);
}

export function newEpisodeRows(rows: readonly EpisodeAtHandoff[], now: string): Episode[] {
  const byKey = new Map<string, Episode>();
  for (const r of rows) {
    check(r);
    if (typeof r.handoffKey !== 'string' || r.handoffKey === '') throw new RangeError('handoffKey must be a non-empty string');
    const atHandoff: EpisodeAtHandoff = { calendar: null, timeZone: null, ...r };
    byKey.set(episodeKey(r), normalTimes({ ...blankOutcome(), ...atHandoff, updatedAt: now }));
  }
  return [...byKey.values()];
}

/** The stored rows with their patches applied, in patch order; patches of unknown episodes are dropped. */
export function patchedEpisodeRows(stored: readonly Episode[], patches: readonly EpisodePatch[], now: string): Episode[] {
  const byKey = new Map(stored.map((e) => [episodeKey(e), e]));
  const changed = new Map<string, Episode>();
  for (const p of patches) {
    check(p);
    checkQuality(p.leadQuality);
    const key = episodeKey(p);
    const base = changed.get(key) ?? byKey.get(key);
    if (!base) continue;
    const defined = Object.fromEntries(Object.entries(p).filter(([, v]) => v !== undefined)) as EpisodePatch;
    changed.set(key, normalTimes({ ...base, ...defined, hubspotId: base.hubspotId, episode: base.episode, updatedAt: now }));
  }
  return [...changed.values()];
}
