import type { StateStore, WriteOptions } from '../ports/state.js';

/**
 * Where Handoff's history begins: the start of the window the first sync or backfill read (after an
 * upgrade from a Handoff without the decision table, the first sync since). A contact last changed
 * before it, with no decision recorded, was never evaluated, so reconcile explains it as
 * `outside-history` rather than calling it a gap. Written once; later runs leave it alone.
 */
export const HISTORY_START_CURSOR = 'history-start';

export async function noteHistoryStart(store: StateStore, windowStart: number, opts: WriteOptions = {}): Promise<void> {
  if (await store.getCursor(HISTORY_START_CURSOR)) return;
  await store.setCursor(HISTORY_START_CURSOR, new Date(windowStart).toISOString(), opts);
}
