import type { Deps } from '../deps.js';
import type { Contact } from '../../domain/types.js';
import type { Fence } from '../../ports/state.js';
import { contactDomain, foldAccountReads, ownersByDomain } from '../../core/account-owner.js';

/**
 * The owners of the Accounts on these contacts' domains: the stored index is brought up to date
 * (only Accounts changed since its newest row, a page at a time, each page one compare-and-set
 * transaction), then read for these domains alone, so memory holds the chunk's Accounts, not the
 * org's. A dry run stores nothing: the changes it reads are laid over the stored rows in memory,
 * keeping only those on the chunk's domains.
 */
export async function accountOwners(deps: Deps, contacts: readonly Contact[], opts: { dryRun: boolean; fence?: Fence | undefined }): Promise<Map<string, string | null>> {
  const accounts = deps.state.accounts;
  const domains = [...new Set(contacts.map(contactDomain).filter((d): d is string => d !== null))];
  const since = await accounts.since();
  if (!opts.dryRun) {
    const write = opts.fence ? { fence: opts.fence } : undefined;
    await deps.salesforce.readAccountChanges(since, (rows) => accounts.apply(rows, write));
    return ownersByDomain(domains.length === 0 ? [] : await accounts.onDomains(domains));
  }
  const rows = new Map((domains.length === 0 ? [] : await accounts.onDomains(domains)).map((r) => [r.accountId, r]));
  const wanted = new Set(domains);
  await deps.salesforce.readAccountChanges(since, (page) => {
    foldAccountReads(rows, page, (read) => read.domain !== null && wanted.has(read.domain));
    return Promise.resolve();
  });
  return ownersByDomain(rows.values());
}
