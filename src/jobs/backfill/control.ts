import type { StateStore } from '../../ports/state.js';

/**
 * Admin controls of a running backfill, kept in the state beside its checkpoint so they reach it
 * from any process (`handoff backfill pause|resume|cancel`): the run looks between chunks.
 */
export type BackfillControlState = 'running' | 'paused' | 'cancelled';

const CONTROL = 'backfill-control:';
const REQUEST = 'backfill-request:';

export function controlName(checkpoint: string): string {
  return `${CONTROL}${checkpoint}`;
}

export async function readBackfillControl(store: Pick<StateStore, 'getCursor'>, checkpoint: string): Promise<BackfillControlState> {
  const c = await store.getCursor(controlName(checkpoint));
  const state = c ? ((JSON.parse(c.value) as { state?: unknown }).state ?? 'running') : 'running';
  return state === 'paused' || state === 'cancelled' ? state : 'running';
}

/** Not fenced: a control belongs to the admin, not to the job holding the window's lease. */
export async function setBackfillControl(store: Pick<StateStore, 'setCursor'>, checkpoint: string, state: BackfillControlState, at: string): Promise<void> {
  await store.setCursor(controlName(checkpoint), JSON.stringify({ state, at }));
}

/** A backfill handed to the daemon (`handoff backfill --detach`): what to run, and whether it still waits. */
export interface BackfillRequest {
  checkpoint: string;
  since: string;
  until: string | null;
  withTasks: boolean;
  restart: boolean;
  requestedAt: string;
  /** 'requested' until the daemon finished it (or it was cancelled). */
  state: 'requested' | 'finished';
}

export async function requestBackfill(store: Pick<StateStore, 'setCursor'>, request: BackfillRequest): Promise<void> {
  await store.setCursor(`${REQUEST}${request.checkpoint}`, JSON.stringify(request));
}

export async function listBackfillRequests(store: Pick<StateStore, 'listCursors'>): Promise<BackfillRequest[]> {
  const rows = await store.listCursors(REQUEST);
  const out: BackfillRequest[] = [];
  for (const r of rows) {
    try {
      const doc = JSON.parse(r.value) as BackfillRequest;
      if (typeof doc.checkpoint === 'string' && typeof doc.since === 'string') out.push(doc);
    } catch {
      // An unreadable request is ignored; status shows the checkpoint if the run ever started.
    }
  }
  return out;
}
