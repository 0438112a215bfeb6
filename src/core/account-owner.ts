import type { AccountIndexRow, StoredAccountRow } from '../domain/salesforce.js';
import type { Contact } from '../domain/types.js';
import { orgDomain } from './normalize/company.js';

/**
 * The domain a contact is matched to Accounts by: its company domain, else its email domain. Both
 * sides go through `orgDomain`, so "acme.github.io" finds only the Account at "acme.github.io", and
 * a free-mail or disposable domain never finds one.
 */
export function contactDomain(contact: Contact): string | null {
  return orgDomain(contact.companyDomain) ?? orgDomain(contact.email.domain);
}

/** Owner of the Account on the contact's domain, from the owners looked up for its chunk. */
export function accountOwner(owners: ReadonlyMap<string, string | null> | null, contact: Contact): string | null {
  if (owners === null) return null;
  const domain = contactDomain(contact);
  return domain === null ? null : (owners.get(domain) ?? null);
}

/** Code-unit order (Account Ids are case-sensitive), the same on every machine and database. */
function before(a: StoredAccountRow, b: StoredAccountRow): boolean {
  if (a.domainSince !== b.domainSince) return a.domainSince < b.domainSince;
  return a.accountId < b.accountId;
}

/**
 * Several Accounts on one domain: the one that has held it longest wins (the earliest
 * `domainSince`, then the lowest Id), deterministically, whichever job read them and in what order.
 */
export function ownersByDomain(rows: Iterable<StoredAccountRow>): Map<string, string | null> {
  const best = new Map<string, StoredAccountRow>();
  for (const r of rows) {
    if (r.domain === null) continue;
    const held = best.get(r.domain);
    if (!held || before(r, held)) best.set(r.domain, r);
  }
  return new Map([...best].map(([d, r]) => [d, r.ownerId]));
}

/**
 * A newer read of an Account over what is stored (the store's compare-and-set, in memory): an
 * older read never replaces a newer one, and the Account keeps `domainSince` while its domain
 * stays. Returns null when the stored row wins.
 */
export function applyAccountRead(stored: StoredAccountRow | undefined, read: AccountIndexRow): StoredAccountRow | null {
  if (stored && stored.modstamp > read.modstamp) return null;
  const domainSince = stored && stored.domain === read.domain ? stored.domainSince : read.modstamp;
  return { ...read, domainSince };
}

/** Lays reads over rows held in memory (a dry run, a benchmark), keeping only the reads `keep` wants. */
export function foldAccountReads(rows: Map<string, StoredAccountRow>, reads: readonly AccountIndexRow[], keep: (read: AccountIndexRow) => boolean = () => true): void {
  for (const read of reads) {
    if (!rows.has(read.accountId) && !keep(read)) continue;
    const next = applyAccountRead(rows.get(read.accountId), read);
    if (next) rows.set(read.accountId, next);
  }
}
