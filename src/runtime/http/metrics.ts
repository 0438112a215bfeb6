import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { VENDOR_SYSTEMS } from '../../domain/errors.js';
import type { VendorSystem } from '../../domain/errors.js';

export type CycleOutcomeLabel = 'ok' | 'failed' | 'partial';

/** Record outcomes counted; a fixed set keeps the label's cardinality bounded. */
export const RECORD_OUTCOMES = [
  'created',
  'updated',
  'matched',
  'unchanged',
  'skipped',
  'dead_lettered',
  'task_created',
] as const;

const CYCLE_OUTCOMES: readonly CycleOutcomeLabel[] = ['ok', 'failed', 'partial'];

/** Cycles take from about a second (nothing changed) to tens of minutes (a backfill). */
export const CYCLE_DURATION_BUCKETS = [1, 2.5, 5, 10, 30, 60, 120, 300, 600, 900, 1200, 1800];

export interface CycleMetricsReport {
  outcome: CycleOutcomeLabel;
  durationMs: number;
  /** Counts per record outcome; names outside RECORD_OUTCOMES are ignored. */
  records: Record<string, number>;
  calls: Record<VendorSystem, number>;
  rateLimited: Record<VendorSystem, number>;
  /** Remaining share (0–1) of each system's budget, when known. */
  budgets: Partial<Record<VendorSystem, number>>;
  deadLetterQueueSize?: number;
  cursorLagSeconds?: number;
}

export interface Metrics {
  /** A registry of its own, so tests and embedders never share or collide on the global one. */
  readonly registry: Registry;
  readonly cycles: Counter<'outcome'>;
  readonly records: Counter<'outcome'>;
  readonly apiCalls: Counter<'system'>;
  readonly api429s: Counter<'system'>;
  readonly budgetRemaining: Gauge<'system'>;
  readonly deadLetters: Gauge;
  readonly cursorLagSeconds: Gauge;
  readonly cycleDuration: Histogram;
  recordCycle(report: CycleMetricsReport): void;
}

export interface MetricsOptions {
  /** Node process metrics (CPU, memory, event loop lag) under the handoff_ prefix; on by default. */
  defaultMetrics?: boolean;
}

export function createMetrics(options: MetricsOptions = {}): Metrics {
  const registry = new Registry();
  const registers = [registry];
  const cycles = new Counter({ name: 'handoff_cycles_total', help: 'Sync cycles finished, by outcome.', labelNames: ['outcome'] as const, registers });
  const records = new Counter({ name: 'handoff_records_total', help: 'Records processed, by outcome.', labelNames: ['outcome'] as const, registers });
  const apiCalls = new Counter({ name: 'handoff_api_calls_total', help: 'API calls made, by system.', labelNames: ['system'] as const, registers });
  const api429s = new Counter({ name: 'handoff_api_429_total', help: 'API calls answered 429 (rate limited), by system.', labelNames: ['system'] as const, registers });
  const budgetRemaining = new Gauge({
    name: 'handoff_budget_remaining',
    help: "Remaining share (0-1) of Handoff's API budget, by system.",
    labelNames: ['system'] as const,
    registers,
  });
  const deadLetters = new Gauge({ name: 'handoff_dead_letters', help: 'Records in the dead-letter queue.', registers });
  const cursorLagSeconds = new Gauge({
    name: 'handoff_cursor_lag_seconds',
    help: 'Seconds between now and the sync cursor (how far behind HubSpot changes Handoff is).',
    registers,
  });
  const cycleDuration = new Histogram({
    name: 'handoff_cycle_duration_seconds',
    help: 'Wall-clock duration of sync cycles.',
    buckets: CYCLE_DURATION_BUCKETS,
    registers,
  });

  // Series exist at zero from the start, so rate() and absence alerts work before the first event.
  for (const outcome of CYCLE_OUTCOMES) cycles.inc({ outcome }, 0);
  for (const outcome of RECORD_OUTCOMES) records.inc({ outcome }, 0);
  for (const system of VENDOR_SYSTEMS) {
    apiCalls.inc({ system }, 0);
    api429s.inc({ system }, 0);
  }

  if (options.defaultMetrics !== false) collectDefaultMetrics({ register: registry, prefix: 'handoff_' });

  const known = new Set<string>(RECORD_OUTCOMES);
  return {
    registry,
    cycles,
    records,
    apiCalls,
    api429s,
    budgetRemaining,
    deadLetters,
    cursorLagSeconds,
    cycleDuration,
    recordCycle(report) {
      cycles.inc({ outcome: report.outcome });
      cycleDuration.observe(Math.max(0, report.durationMs) / 1000);
      for (const [outcome, count] of Object.entries(report.records)) {
        if (known.has(outcome) && Number.isFinite(count) && count > 0) records.inc({ outcome }, count);
      }
      for (const system of VENDOR_SYSTEMS) {
        // Counters only go up; a negative count is a caller bug that must not throw here.
        const calls = report.calls[system];
        const limited = report.rateLimited[system];
        if (Number.isFinite(calls) && calls > 0) apiCalls.inc({ system }, calls);
        if (Number.isFinite(limited) && limited > 0) api429s.inc({ system }, limited);
        const share = report.budgets[system];
        if (share !== undefined && Number.isFinite(share)) budgetRemaining.set({ system }, Math.min(1, Math.max(0, share)));
      }
      if (report.deadLetterQueueSize !== undefined) deadLetters.set(report.deadLetterQueueSize);
      if (report.cursorLagSeconds !== undefined) cursorLagSeconds.set(Math.max(0, report.cursorLagSeconds));
    },
  };
}
