import type { Contact } from '../../domain/types.js';
import { orgDomain } from '../../core/normalize/company.js';
import type { SalesforceGateway } from './gateway.js';

/** A local index of Accounts by the `orgDomain` of their Website. */
export interface AccountIndex {
  /** Newest SystemModstamp seen; the next refresh reads only Accounts changed after it. */
  since: string | null;
  domains: Record<string, { id: string; ownerId: string | null }>;
}

/**
 * Owner of the Account on the contact's domain: its company domain, else its email domain. Both
 * sides go through `orgDomain`, so "acme.github.io" finds only the Account at "acme.github.io", and
 * a free-mail or disposable domain never finds one.
 */
export function accountOwner(index: AccountIndex | null, contact: Contact): string | null {
  if (index === null) return null;
  const domain = orgDomain(contact.companyDomain) ?? orgDomain(contact.email.domain);
  return domain === null ? null : (index.domains[domain]?.ownerId ?? null);
}

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
