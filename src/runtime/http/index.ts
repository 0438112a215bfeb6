export { createMetrics, CYCLE_DURATION_BUCKETS, RECORD_OUTCOMES } from './metrics.js';
export type { CycleMetricsReport, CycleOutcomeLabel, Metrics, MetricsOptions, RecordOutcome } from './metrics.js';
export { startHttpServer, DEFAULT_READINESS_TIMEOUT_MS } from './server.js';
export type { HttpServerOptions, Readiness, ReadinessCheck, RunningHttpServer } from './server.js';
