import type { Deps } from '../deps.js';
import type { Contact } from '../../domain/types.js';
import type { Fence } from '../../ports/state.js';
import { contactDomain, foldAccountReads, ownersByDomain } from '../../core/account-owner.js';

/** Shared by a cycle's chunks: the stored index was brought up to date once in this cycle. */
export interface AccountRefresh {
  done: boolean;
}

/**
 * The owners of the Accounts on these contacts' domains: the stored index is brought up to date
 * (only Accounts changed since its newest row, a page at a time, each page one compare-and-set
 * transaction), then read for these domains alone, so memory holds the chunk's Accounts, not the
 * org's. With `refresh`, a cycle's chunks share one update: the first chunk that routes makes it,
 * the later ones read the stored index as it left it (an Account changed meanwhile counts from the
 * next cycle), so a window of many chunks costs one query, like a window of one. A dry run stores
 * nothing: the changes it reads are laid over the stored rows in memory, keeping only those on the
 * chunk's domains, so each of its chunks reads them.
 */
export async function accountOwners(
  deps: Deps,
  contacts: readonly Contact[],
  opts: { dryRun: boolean; fence?: Fence | undefined; refresh?: AccountRefresh | undefined },
): Promise<Map<string, string | null>> {
  const accounts = deps.state.accounts;
  const domains = [...new Set(contacts.map(contactDomain).filter((d): d is string => d !== null))];
  if (!opts.dryRun) {
    if (!opts.refresh?.done) {
      const write = opts.fence ? { fence: opts.fence } : undefined;
      await deps.salesforce.readAccountChanges(await accounts.since(), (rows) => accounts.apply(rows, write));
      if (opts.refresh) opts.refresh.done = true;
    }
    return ownersByDomain(domains.length === 0 ? [] : await accounts.onDomains(domains));
  }
  const since = await accounts.since();
  const rows = new Map((domains.length === 0 ? [] : await accounts.onDomains(domains)).map((r) => [r.accountId, r]));
  const wanted = new Set(domains);
  await deps.salesforce.readAccountChanges(since, (page) => {
    foldAccountReads(rows, page, (read) => read.domain !== null && wanted.has(read.domain));
    return Promise.resolve();
  });
  return ownersByDomain(rows.values());
}
