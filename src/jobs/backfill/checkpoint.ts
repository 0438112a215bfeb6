import { UsageError } from '../../domain/errors.js';
import type { StateStore } from '../../ports/state.js';
import type { BackfillEstimate } from './estimate.js';

/**
 * Where a backfill stands, stored as JSON in the cursor named after its window and committed in
 * the same transaction as each chunk's results: after a crash it points at the first chunk whose
 * results did not land.
 */
export interface BackfillCheckpoint {
  /** HubSpot's paging cursor for the next list page; null: start from the beginning, or finished. */
  after: string | null;
  /** Contacts created in the window and run through the pipeline so far. */
  processed: number;
  /** Contacts listed so far, in the window or not. */
  scanned: number;
  /** List pages read so far. */
  pages: number;
  /** When this backfill first started (kept across resumes). */
  startedAt: string;
  /** The window's end as resolved at the first start (ISO). */
  until: string;
  done: boolean;
  finishedAt: string | null;
  /** What the run expected when it first started (estimate.ts), for status and its ETA. */
  estimate: BackfillEstimate | null;
  /** HubSpot and Salesforce calls spent so far, over every run of this window. */
  calls: number;
  /** When the current (or last) run started, and how many contacts had been listed then: its rate. */
  runStartedAt: string | null;
  scannedAtRunStart: number;
}

export function freshCheckpoint(startedAt: string, until: string): BackfillCheckpoint {
  return { after: null, processed: 0, scanned: 0, pages: 0, startedAt, until, done: false, finishedAt: null, estimate: null, calls: 0, runStartedAt: startedAt, scannedAtRunStart: 0 };
}

const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : 0);

/** The checkpoint stored under `name`, or null when this window was never started. */
export async function readCheckpoint(store: Pick<StateStore, 'getCursor'>, name: string): Promise<BackfillCheckpoint | null> {
  const cursor = await store.getCursor(name);
  if (!cursor) return null;
  let doc: Record<string, unknown>;
  try {
    doc = JSON.parse(cursor.value) as Record<string, unknown>;
  } catch {
    throw new UsageError(`the checkpoint ${name} is unreadable; run the backfill again with --restart`);
  }
  if (typeof doc !== 'object' || doc === null || typeof doc.startedAt !== 'string' || typeof doc.until !== 'string') {
    throw new UsageError(`the checkpoint ${name} is unreadable; run the backfill again with --restart`);
  }
  return {
    after: typeof doc.after === 'string' && doc.after !== '' ? doc.after : null,
    processed: num(doc.processed),
    scanned: num(doc.scanned),
    pages: num(doc.pages),
    startedAt: doc.startedAt,
    until: doc.until,
    done: doc.done === true,
    finishedAt: typeof doc.finishedAt === 'string' ? doc.finishedAt : null,
    estimate: parseEstimate(doc.estimate),
    calls: num(doc.calls),
    runStartedAt: typeof doc.runStartedAt === 'string' ? doc.runStartedAt : null,
    scannedAtRunStart: num(doc.scannedAtRunStart),
  };
}

function parseEstimate(v: unknown): BackfillEstimate | null {
  const e = v as Partial<BackfillEstimate> | null;
  if (typeof e !== 'object' || e === null) return null;
  return { toScan: num(e.toScan), inWindow: num(e.inWindow), hubspotCalls: num(e.hubspotCalls), seconds: num(e.seconds), callsPer10s: num(e.callsPer10s) };
}

export function serializeCheckpoint(c: BackfillCheckpoint): string {
  return JSON.stringify(c);
}
