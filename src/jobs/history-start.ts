import type { StateStore, WriteOptions } from '../ports/state.js';

/**
 * Where Handoff's history begins: the start of the window the first sync or backfill read. A
 * contact last changed before it was never read, so reconcile explains it as `outside-history`
 * rather than calling it a gap. Written once; later runs leave it alone.
 */
export const HISTORY_START_CURSOR = 'history-start';

export async function noteHistoryStart(store: StateStore, windowStart: number, opts: WriteOptions = {}): Promise<void> {
  if (await store.getCursor(HISTORY_START_CURSOR)) return;
  await store.setCursor(HISTORY_START_CURSOR, new Date(windowStart).toISOString(), opts);
}
