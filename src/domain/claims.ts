/**
 * Per-contact claims: which job may route and write a contact right now. A claim is held by a job
 * lease (its name and fencing token) until it expires, the job releases it, or the job's lease is
 * gone (a killed job frees its contacts as soon as its lease runs out). See docs/architecture.md,
 * "The claim rule".
 */

/** The owner a job chose for a contact, recorded with its claim so a retry reuses it. */
export interface ReservedOwner {
  ownerId: string;
  /** The round-robin team it came from; null when it came from no team (account owner, fallback). */
  team: string | null;
}

/** Another job's live claim on a contact this job asked for. */
export interface HeldClaim {
  hubspotId: string;
  /** The lease name of the holder: `sync`, `backfill:<window>`, `feedback`, `sla`, … */
  job: string;
  expiresAt: string;
}

export interface ClaimResult {
  /** The contacts this job now holds (including those it already held), in the order asked. */
  granted: string[];
  /** The contacts another live job holds. */
  held: HeldClaim[];
  /** Owners recorded with the granted claims by an earlier attempt that did not finish. */
  owners: Map<string, ReservedOwner>;
}

/** One claim row as stored (for status commands and tests). */
export interface ContactClaim {
  hubspotId: string;
  job: string;
  token: number;
  claimedAt: string;
  expiresAt: string;
  owner: ReservedOwner | null;
}

/** What a round-robin reservation computed: the pointers to store and the owner of each contact. */
export interface OwnerReservation<T> {
  pointers: Record<string, number>;
  owners: ReadonlyMap<string, ReservedOwner>;
  /** Whatever else the caller computed along the way (its routing decisions). */
  value: T;
}
