export { LeaderLease, DEFAULT_LEASE_NAME, DEFAULT_LEASE_TTL_MS } from './lease.js';
export type { LeaderLeaseOptions, LeaseHolderInfo, LeaseLost, LeaseRole } from './lease.js';
export { createScheduler, DEFAULT_STOP_DEADLINE_MS } from './scheduler.js';
export { assertSchedule } from './cron.js';
export type {
  CycleContext,
  CycleResult,
  RunCycle,
  Scheduler,
  SchedulerOptions,
  SchedulerState,
  SchedulerStatus,
  StopOutcome,
  TickOutcome,
} from './scheduler.js';
export { runDaemon } from './run-daemon.js';
export type { RunDaemonOptions, SignalSource, StopSignal } from './run-daemon.js';
export { assertSingleDaemonOnSqlite, isProcessAlive } from './single-daemon.js';
export type { SingleDaemonOptions } from './single-daemon.js';
export { daemonReadiness } from './readiness.js';
export type { DaemonReadiness, DaemonRole } from './readiness.js';
