/** Documented exit codes (README, "Exit codes"). */
export const EXIT = {
  OK: 0,
  /** The run failed: an outage, an auth failure, a budget exhausted, a bug. */
  RUN_FAILED: 1,
  /** Configuration or usage error: nothing was attempted. */
  CONFIG: 2,
  /** Finished, but some records were dead-lettered. */
  DEAD_LETTERED: 3,
} as const;
