/** A backfill's writer lease: renewed every 5 s, so a killed backfill's lease frees within 15 s. */
export const BACKFILL_LEASE_MS = 15_000;
