import type { StateStore } from '../../ports/state.js';
import { readCheckpoint } from './checkpoint.js';
import { listBackfillRequests, readBackfillControl } from './control.js';

export type BackfillState = 'requested' | 'running' | 'paused' | 'cancelled' | 'stopped' | 'done';

/** One backfill window as `handoff backfill status` shows it (and /metrics exports). */
export interface BackfillStatus {
  window: string;
  state: BackfillState;
  until: string | null;
  processed: number;
  scanned: number;
  pages: number;
  /** Contacts the run expected to scan (its estimate), when it had one. */
  toScan: number | null;
  percent: number | null;
  /** Contacts listed per second by the current (or last) run. */
  ratePerSecond: number | null;
  etaSeconds: number | null;
  callsSpent: number;
  callsExpected: number | null;
  /** Who holds the window's lease while it runs. */
  holder: { command: string; pid: number; host: string } | null;
  startedAt: string | null;
  finishedAt: string | null;
}

/** Every backfill the state knows: started ones by their checkpoint, and those handed to the daemon that have not started. */
export async function backfillStatuses(store: Pick<StateStore, 'listCursors' | 'getCursor' | 'getLock'>, nowMs: number): Promise<BackfillStatus[]> {
  const out: BackfillStatus[] = [];
  const requests = await listBackfillRequests(store);
  const seen = new Set<string>();
  for (const cursor of await store.listCursors('backfill:')) {
    const cp = await readCheckpoint(store, cursor.name).catch(() => null);
    if (!cp) continue;
    seen.add(cursor.name);
    const lock = await store.getLock(cursor.name);
    const live = lock?.holder && lock.expiresAt !== null && Date.parse(lock.expiresAt) > nowMs ? lock.holder : null;
    const control = await readBackfillControl(store, cursor.name);
    const request = requests.find((r) => r.checkpoint === cursor.name && r.state === 'requested');
    const state: BackfillState = cp.done ? 'done' : control === 'cancelled' ? 'cancelled' : control === 'paused' ? 'paused' : live ? 'running' : request ? 'requested' : 'stopped';
    const runMs = cp.runStartedAt ? Date.parse(cursor.updatedAt) - Date.parse(cp.runStartedAt) : 0;
    const rate = runMs > 0 ? (cp.scanned - cp.scannedAtRunStart) / (runMs / 1000) : null;
    const toScan = cp.estimate ? cp.estimate.toScan : null;
    out.push({
      window: cursor.name,
      state,
      until: cp.until,
      processed: cp.processed,
      scanned: cp.scanned,
      pages: cp.pages,
      toScan,
      percent: cp.done ? 100 : toScan && toScan > 0 ? Math.min(100, Math.round((cp.scanned / toScan) * 1000) / 10) : null,
      ratePerSecond: rate === null ? null : Math.round(rate * 10) / 10,
      etaSeconds: cp.done ? 0 : toScan !== null && rate !== null && rate > 0 ? Math.max(0, Math.round((toScan - cp.scanned) / rate)) : null,
      callsSpent: cp.calls,
      callsExpected: cp.estimate ? cp.estimate.hubspotCalls : null,
      holder: live ? { command: live.command, pid: live.pid, host: live.host } : null,
      startedAt: cp.startedAt,
      finishedAt: cp.finishedAt,
    });
  }
  for (const r of requests) {
    if (seen.has(r.checkpoint) || r.state !== 'requested') continue;
    out.push({ window: r.checkpoint, state: 'requested', until: r.until, processed: 0, scanned: 0, pages: 0, toScan: null, percent: null, ratePerSecond: null, etaSeconds: null, callsSpent: 0, callsExpected: null, holder: null, startedAt: null, finishedAt: null });
  }
  return out;
}
