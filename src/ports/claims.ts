/**
 * The claims capability of the state store (`StateStore.claims`): a job takes a fenced claim on
 * each contact before it routes or writes it, so many jobs can run at once and each contact has
 * one owner at a time. Both stores implement it; every call is one transaction and claiming or
 * releasing a chunk is one statement, whatever its size. The fence is the job's own lease
 * (`sync`, `backfill:<window>`, `feedback`, `sla`); a call with a fence that no longer holds fails
 * with LOCKED. `src/jobs/claims.ts` wraps it for jobs (claim, process, release a chunk).
 */
import type { ClaimResult, ContactClaim, OwnerReservation } from '../domain/claims.js';
import type { Fence } from '../domain/state.js';

export type * from '../domain/claims.js';

export interface ContactClaims {
  /**
   * Claims the contacts for the job holding `fence`, for `ttlMs`. A contact is granted when it is
   * unclaimed, its claim expired, its holder's lease is gone (released, expired or taken over), or
   * the claim is already this job's (then it is extended). Contacts another live job holds come
   * back in `held`, untouched.
   */
  claim(fence: Fence, hubspotIds: readonly string[], ttlMs: number): Promise<ClaimResult>;
  /**
   * Gives claims up without committing results: they become free at once, but an owner recorded
   * with them stays, so whichever job claims the contact next reuses it. Returns how many were ours.
   */
  release(fence: Fence, hubspotIds: readonly string[]): Promise<number>;
  /**
   * Round robin, atomically: reads the pointers, runs `assign` (pure, synchronous) on them, stores
   * the pointers it returns and records each owner with its contact's claim, all in one
   * transaction that no other reservation can interleave with. Every contact in `owners` must be
   * claimed by this job (else LOCKED and nothing changes). Returns `assign`'s value.
   */
  reserveOwners<T>(fence: Fence, assign: (pointers: Record<string, number>) => OwnerReservation<T>): Promise<T>;
  /** The claims currently stored, live or not, ordered by contact; `job` narrows to one lease name. */
  list(query?: { job?: string; limit?: number }): Promise<ContactClaim[]>;
}
