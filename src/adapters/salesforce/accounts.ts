import type { AccountIndex } from '../../domain/salesforce.js';
import { orgDomain } from '../../core/normalize/company.js';
import type { SalesforceGateway } from './gateway.js';

export type { AccountIndex } from '../../domain/salesforce.js';
export { accountOwner } from '../../core/account-owner.js';

/**
 * Website is free text, so no IN query can match a domain against it: Handoff keeps its own index,
 * refreshed incrementally by SystemModstamp (one query, paged by query-more). The boundary second is
 * read again (>=), which is harmless: re-indexing an Account is idempotent.
 */
export async function refreshAccountIndex(gateway: SalesforceGateway, index: AccountIndex | null): Promise<AccountIndex> {
  const next: AccountIndex = { since: index?.since ?? null, domains: { ...(index?.domains ?? {}) } };
  const where = next.since ? ` WHERE SystemModstamp >= ${next.since}` : '';
  const rows = await gateway.query<{ Id: string; Website: string | null; OwnerId: string | null; SystemModstamp: string }>(
    `SELECT Id, Website, OwnerId, SystemModstamp FROM Account${where} ORDER BY SystemModstamp ASC`,
  );
  for (const r of rows) {
    const domain = orgDomain(r.Website);
    // An Account whose Website changed must not keep its old domain.
    if (index) for (const [d, v] of Object.entries(next.domains)) if (v.id === r.Id && d !== domain) delete next.domains[d];
    if (domain) {
      const existing = next.domains[domain];
      // Several Accounts on one domain: keep the one seen first (the oldest), deterministically.
      if (!existing || existing.id === r.Id) next.domains[domain] = { id: r.Id, ownerId: r.OwnerId };
    }
    next.since = toSoqlDateTime(r.SystemModstamp);
  }
  return next;
}

/** SOQL datetime literals take no quotes and no milliseconds offset form like +0000 → Z. */
function toSoqlDateTime(value: string): string {
  const d = new Date(value.replace(/\+0000$/, 'Z'));
  return Number.isNaN(d.getTime()) ? value : d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
