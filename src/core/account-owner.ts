import type { AccountIndex } from '../domain/salesforce.js';
import type { Contact } from '../domain/types.js';
import { orgDomain } from './normalize/company.js';

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
