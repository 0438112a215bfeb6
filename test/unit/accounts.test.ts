import { describe, expect, it } from 'vitest';
import { readAccountChanges } from '../../src/adapters/salesforce/accounts.js';
import { accountOwner, applyAccountRead, foldAccountReads, ownersByDomain } from '../../src/core/account-owner.js';
import type { SalesforceGateway } from '../../src/adapters/salesforce/gateway.js';
import type { AccountIndexRow, StoredAccountRow } from '../../src/domain/salesforce.js';
import type { Contact } from '../../src/domain/types.js';
import { contact } from '../helpers/contact.js';

interface AccountRow {
  Id: string;
  Website: string | null;
  OwnerId: string | null;
  SystemModstamp: string;
}

function gateway(rows: AccountRow[], asked: string[] = []): SalesforceGateway {
  return {
    queryPages: async (soql: string, onPage: (records: AccountRow[]) => Promise<void>) => {
      asked.push(soql);
      for (let i = 0; i < rows.length; i += 2) await onPage(rows.slice(i, i + 2));
    },
  } as unknown as SalesforceGateway;
}

/** The owners by domain an index built from these Accounts gives. */
async function build(rows: AccountRow[]): Promise<Map<string, string | null>> {
  const held = new Map<string, StoredAccountRow>();
  await readAccountChanges(gateway(rows), null, (page) => {
    foldAccountReads(held, page);
    return Promise.resolve();
  });
  return ownersByDomain(held.values());
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

describe('readAccountChanges', () => {
  it('indexes an Account under the same domain a contact gets from the same website', async () => {
    const owners = await build([account('A1', 'https://acme.github.io/'), account('A2', 'www.globex.co.uk')]);
    expect([...owners.keys()].sort()).toEqual(['acme.github.io', 'globex.co.uk']);
  });

  it('never indexes an Account under a free-mail, disposable or platform domain', async () => {
    const owners = await build([account('A1', 'gmail.com'), account('A2', 'https://www.yahoo.co.uk'), account('A3', 'mailinator.com'), account('A4', 'linkedin.com/company/acme')]);
    expect(owners.size).toBe(0);
  });

  it('asks only for Accounts changed at or after the newest one stored, with Salesforce timestamps as ISO', async () => {
    const asked: string[] = [];
    const pages: AccountIndexRow[][] = [];
    await readAccountChanges(gateway([account('A1', 'acme.com')], asked), '2026-11-01T10:00:00.250Z', (page) => {
      pages.push(page);
      return Promise.resolve();
    });
    expect(asked[0]).toContain('WHERE SystemModstamp >= 2026-11-01T10:00:00Z');
    expect(pages).toEqual([[{ accountId: 'A1', domain: 'acme.com', ownerId: '005A1', modstamp: '2026-11-01T00:00:00.000Z' }]]);
  });
});

describe('the index rules', () => {
  const read = (id: string, domain: string | null, modstamp: string, ownerId = `005${id}`): AccountIndexRow => ({ accountId: id, domain, ownerId, modstamp });

  it('an older read never replaces a newer one, and an Account keeps its domainSince while its domain stays', () => {
    const stored = applyAccountRead(undefined, read('A1', 'acme.com', '2026-11-02T00:00:00.000Z')) as StoredAccountRow;
    expect(applyAccountRead(stored, read('A1', 'old.com', '2026-11-01T00:00:00.000Z'))).toBeNull();
    expect(applyAccountRead(stored, read('A1', 'acme.com', '2026-11-03T00:00:00.000Z', '005NEW'))).toMatchObject({ ownerId: '005NEW', domainSince: '2026-11-02T00:00:00.000Z' });
    expect(applyAccountRead(stored, read('A1', 'globex.com', '2026-11-03T00:00:00.000Z'))).toMatchObject({ domain: 'globex.com', domainSince: '2026-11-03T00:00:00.000Z' });
  });

  it('several Accounts on one domain: the one holding it longest wins, in whatever order the reads came', () => {
    const reads = [read('B2', 'acme.com', '2026-11-01T00:00:00.000Z'), read('A9', 'acme.com', '2026-11-02T00:00:00.000Z'), read('A1', 'acme.com', '2026-11-01T00:00:00.000Z')];
    for (const order of [reads, [...reads].reverse()]) {
      const held = new Map<string, StoredAccountRow>();
      foldAccountReads(held, order);
      // A1 and B2 since the 1st: the lower Id; A9 only since the 2nd.
      expect(ownersByDomain(held.values()).get('acme.com')).toBe('005A1');
    }
  });

  it('an Account that leaves a domain hands it to the next one on it', () => {
    const held = new Map<string, StoredAccountRow>();
    foldAccountReads(held, [read('A1', 'acme.com', '2026-11-01T00:00:00.000Z'), read('A2', 'acme.com', '2026-11-02T00:00:00.000Z')]);
    foldAccountReads(held, [read('A1', null, '2026-11-03T00:00:00.000Z')]);
    expect(ownersByDomain(held.values()).get('acme.com')).toBe('005A2');
  });
});

describe('accountOwner', () => {
  const index = new Map<string, string | null>([
    ['acme.github.io', '005A1'],
    ['gmail.com', '005A2'],
  ]);

  it('matches a contact on a hosted site to the Account on that site, not to its neighbours', async () => {
    const built = await build([account('A1', 'acme.github.io')]);
    expect(accountOwner(built, contact({ hubspotId: '1', companyDomain: 'acme.github.io' }))).toBe('005A1');
    expect(accountOwner(built, contact({ hubspotId: '2', companyDomain: 'other.github.io' }))).toBeNull();
  });

  it('falls back to a business email domain', () => {
    const globex = new Map([['globex.com', '005A3']]);
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
