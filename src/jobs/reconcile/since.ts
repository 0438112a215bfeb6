import { UsageError } from '../../domain/errors.js';

const UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;

/**
 * Reads a `--since` value: an ISO date (`2026-03-01`, midnight UTC), an ISO date-time
 * (`2026-03-01T09:30:00Z`), or an age counted back from now (`90m`, `12h`, `7d`, `2w`).
 * Returns an ISO timestamp; anything else is the user's mistake.
 */
export function parseSince(text: string, now: number): string {
  const value = text.trim();
  const age = /^(\d+)\s*([mhdw])$/i.exec(value);
  if (age?.[1] && age[2]) {
    const unit = age[2].toLowerCase() as keyof typeof UNIT_MS;
    return new Date(now - Number(age[1]) * UNIT_MS[unit]).toISOString();
  }
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const t = Date.parse(`${value}T00:00:00.000Z`);
    if (Number.isFinite(t)) return new Date(t).toISOString();
  } else if (/^\d{4}-\d{2}-\d{2}T/.test(value)) {
    const t = Date.parse(value);
    if (Number.isFinite(t)) return new Date(t).toISOString();
  }
  throw new UsageError(`--since takes a date (2026-03-01), a date-time (2026-03-01T09:30:00Z) or an age (12h, 7d), got "${text}"`);
}

/** The default look-back of reporting commands: as far as the first sync reads. */
export function defaultSince(now: number, lookbackDays: number): string {
  return new Date(now - lookbackDays * UNIT_MS.d).toISOString();
}
