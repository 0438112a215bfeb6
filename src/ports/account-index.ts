/**
 * The Account index capability of the state store (`StateStore.accounts`): Salesforce Accounts by
 * the `orgDomain` of their Website, for routing by account owner. It is stored, one row per
 * Account, and read only for the domains a chunk needs, so its size is the org's, never a job's
 * memory. Every write is a compare-and-set by the Account's SystemModstamp in one statement, so two
 * jobs bringing it up to date at once cannot undo each other's newer reads.
 */
import type { AccountIndexRow, StoredAccountRow } from '../domain/salesforce.js';
import type { WriteOptions } from '../domain/state.js';

export interface AccountIndexStore {
  /** The newest SystemModstamp stored: the next read asks for Accounts changed at or after it. Null when empty. */
  since(): Promise<string | null>;
  /**
   * Stores these reads, one transaction: an Account not yet indexed is inserted; a stored one is
   * replaced only by a read at least as new (its `domainSince` kept while its domain stays).
   */
  apply(rows: readonly AccountIndexRow[], opts?: WriteOptions): Promise<void>;
  /** The stored Accounts on these domains (core/account-owner.ts `ownersByDomain` picks one per domain). */
  onDomains(domains: readonly string[]): Promise<StoredAccountRow[]>;
}
