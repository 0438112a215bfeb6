import { describe, expect, it } from 'vitest';
import { accountOwner, refreshAccountIndex } from '../../src/adapters/salesforce/accounts.js';
import type { AccountIndex } from '../../src/adapters/salesforce/accounts.js';
import type { SalesforceGateway } from '../../src/adapters/salesforce/gateway.js';
import type { Contact } from '../../src/domain/types.js';
import { contact } from '../helpers/contact.js';

interface AccountRow {
  Id: string;
  Website: string | null;
  OwnerId: string | null;
  SystemModstamp: string;
}

function gateway(rows: AccountRow[]): SalesforceGateway {
  return { query: async () => rows } as unknown as SalesforceGateway;
}

function account(id: string, website: string | null): AccountRow {
  return { Id: id, Website: website, OwnerId: `005${id}`, SystemModstamp: '2026-11-01T00:00:00.000+0000' };
}

function gmailOnly(over: Partial<Contact> = {}): Contact {
  return contact({
    hubspotId: '9',
    companyDomain: null,
    email: { original: 'jane@gmail.com', value: 'jane@gmail.com', valid: true, domain: 'gmail.com', freeMail: true, disposable: false },
    ...over,
  });
}

describe('refreshAccountIndex', () => {
  it('indexes an Account under the same domain a contact gets from the same website', async () => {
    const index = await refreshAccountIndex(gateway([account('A1', 'https://acme.github.io/'), account('A2', 'www.globex.co.uk')]), null);
    expect(Object.keys(index.domains).sort()).toEqual(['acme.github.io', 'globex.co.uk']);
  });

  it('never indexes an Account under a free-mail, disposable or platform domain', async () => {
    const index = await refreshAccountIndex(
      gateway([account('A1', 'gmail.com'), account('A2', 'https://www.yahoo.co.uk'), account('A3', 'mailinator.com'), account('A4', 'linkedin.com/company/acme')]),
      null,
    );
    expect(index.domains).toEqual({});
  });
});

describe('accountOwner', () => {
  const index: AccountIndex = {
    since: null,
    domains: { 'acme.github.io': { id: 'A1', ownerId: '005A1' }, 'gmail.com': { id: 'A2', ownerId: '005A2' } },
  };

  it('matches a contact on a hosted site to the Account on that site, not to its neighbours', async () => {
    const built = await refreshAccountIndex(gateway([account('A1', 'acme.github.io')]), null);
    expect(accountOwner(built, contact({ hubspotId: '1', companyDomain: 'acme.github.io' }))).toBe('005A1');
    expect(accountOwner(built, contact({ hubspotId: '2', companyDomain: 'other.github.io' }))).toBeNull();
  });

  it('falls back to a business email domain', () => {
    const globex: AccountIndex = { since: null, domains: { 'globex.com': { id: 'A3', ownerId: '005A3' } } };
    const c = contact({
      hubspotId: '3',
      companyDomain: null,
      email: { original: 'jo@mail.globex.com', value: 'jo@mail.globex.com', valid: true, domain: 'mail.globex.com', freeMail: false, disposable: false },
    });
    expect(accountOwner(globex, c)).toBe('005A3');
  });

  it('never matches a contact whose only domain is free mail, even to an Account on that domain', () => {
    expect(accountOwner(index, gmailOnly())).toBeNull();
    // Not even when the flag was never set, nor when the website field holds the mailbox provider.
    expect(accountOwner(index, gmailOnly({ email: { ...gmailOnly().email, freeMail: false } }))).toBeNull();
    expect(accountOwner(index, gmailOnly({ companyDomain: 'gmail.com' }))).toBeNull();
  });

  it('without an index there is no account owner', () => {
    expect(accountOwner(null, contact({ hubspotId: '4', companyDomain: 'acme.github.io' }))).toBeNull();
  });
});
