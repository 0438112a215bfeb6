import { Gauge } from 'prom-client';
import type { Registry } from 'prom-client';
import { backfillStatuses } from '../../jobs/backfill/status.js';
import type { BackfillState } from '../../jobs/backfill/status.js';
import type { StateStore } from '../../ports/state.js';

const STATES: readonly BackfillState[] = ['requested', 'running', 'paused', 'cancelled', 'stopped', 'done'];

/**
 * Backfill progress on /metrics, read from the state at each scrape, so a backfill run from the CLI
 * beside the daemon shows up as well as one the daemon runs (`window` is the checkpoint's name).
 */
export function registerBackfillMetrics(registry: Registry, store: Pick<StateStore, 'listCursors' | 'getCursor' | 'getLock'>, now: () => number): void {
  const registers = [registry];
  const scanned = new Gauge({ name: 'handoff_backfill_contacts_scanned', help: 'Contacts a backfill has listed so far, by window.', labelNames: ['window'] as const, registers });
  const processed = new Gauge({ name: 'handoff_backfill_contacts_processed', help: 'Contacts in the window a backfill has processed, by window.', labelNames: ['window'] as const, registers });
  const toScan = new Gauge({ name: 'handoff_backfill_contacts_to_scan', help: "Contacts a backfill expected to scan (its estimate), by window.", labelNames: ['window'] as const, registers });
  const calls = new Gauge({ name: 'handoff_backfill_calls_spent', help: 'API calls a backfill has spent, by window.', labelNames: ['window'] as const, registers });
  const eta = new Gauge({ name: 'handoff_backfill_eta_seconds', help: 'Estimated seconds until a running backfill finishes, by window.', labelNames: ['window'] as const, registers });
  new Gauge({
    name: 'handoff_backfill_state',
    help: 'A backfill window’s state (1 for the current one), by window and state.',
    labelNames: ['window', 'state'] as const,
    registers,
    async collect() {
      this.reset();
      for (const g of [scanned, processed, toScan, calls, eta]) g.reset();
      let all;
      try {
        all = await backfillStatuses(store, now());
      } catch {
        return; // a scrape during a store outage shows no backfill rather than failing /metrics
      }
      for (const s of all) {
        const window = s.window;
        for (const state of STATES) this.set({ window, state }, s.state === state ? 1 : 0);
        scanned.set({ window }, s.scanned);
        processed.set({ window }, s.processed);
        calls.set({ window }, s.callsSpent);
        if (s.toScan !== null) toScan.set({ window }, s.toScan);
        if (s.etaSeconds !== null) eta.set({ window }, s.etaSeconds);
      }
    },
  });
}
