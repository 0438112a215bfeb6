import { UsageError } from '../../domain/errors.js';

const DAY_MS = 86_400_000;
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * The contacts a backfill covers: those whose createdate lies in [since, until). `until` is null
 * when the admin gave none; the run then fixes it to the moment the backfill first started, so a
 * resume covers the same contacts.
 */
export interface BackfillWindow {
  /** Epoch ms, inclusive. */
  since: number;
  /** Epoch ms, exclusive; null: open-ended, resolved at the first start. */
  until: number | null;
  /** Stable text of the window, the checkpoint's name: `backfill:<since>:<until|now>`. */
  checkpoint: string;
}

interface Bound {
  ms: number;
  text: string;
}

/**
 * A bound is a calendar date (UTC) or a date-time with its zone. A date as `since` starts at
 * 00:00 UTC; a date as `until` includes that whole day.
 */
function parseBound(flag: string, value: string, endOfDay: boolean): Bound {
  const v = value.trim();
  if (DATE_ONLY.test(v)) {
    const ms = Date.parse(`${v}T00:00:00.000Z`);
    if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== v) throw new UsageError(`${flag} ${value}: not a calendar date`);
    return { ms: endOfDay ? ms + DAY_MS : ms, text: v };
  }
  if (DATE_TIME.test(v)) {
    const ms = Date.parse(v);
    if (Number.isNaN(ms)) throw new UsageError(`${flag} ${value}: not a valid date-time`);
    return { ms, text: new Date(ms).toISOString() };
  }
  throw new UsageError(`${flag} ${value}: expected a date (2025-01-31) or a date-time with a zone (2025-01-31T12:00:00Z)`);
}

export function parseBackfillWindow(since: string, until: string | undefined, nowMs: number): BackfillWindow {
  const from = parseBound('--since', since, false);
  if (from.ms > nowMs) throw new UsageError(`--since ${since} lies in the future`);
  if (until === undefined) return { since: from.ms, until: null, checkpoint: `backfill:${from.text}:now` };
  const to = parseBound('--until', until, true);
  if (to.ms <= from.ms) throw new UsageError(`--until ${until} must come after --since ${since}`);
  return { since: from.ms, until: to.ms, checkpoint: `backfill:${from.text}:${to.text}` };
}

/** HubSpot's createdate (ISO text, or epoch ms on some older records), falling back to the object's createdAt. */
export function createdAtOf(properties: Record<string, string | null | undefined>, createdAt: string | undefined): number | null {
  const raw = properties.createdate ?? createdAt;
  if (!raw) return null;
  const ms = /^\d+$/.test(raw) ? Number(raw) : Date.parse(raw);
  return Number.isFinite(ms) ? ms : null;
}

export function inWindow(createdMs: number | null, since: number, until: number): boolean {
  return createdMs !== null && createdMs >= since && createdMs < until;
}
