export { createMetrics } from './metrics.js';
export type { Metrics } from './metrics.js';
export { startHttpServer } from './server.js';
export type { Readiness, ReadinessCheck, RunningHttpServer } from './server.js';
