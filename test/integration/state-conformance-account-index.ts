import { describe, expect, it } from 'vitest';
import type { StateStore } from '../../src/adapters/state/index.js';
import { ownersByDomain } from '../../src/core/account-owner.js';
import type { AccountIndexRow } from '../../src/domain/salesforce.js';
import { HandoffError } from '../../src/domain/errors.js';

/** The Account index's part of the StateStore conformance suite (ports/account-index.ts; called from state-conformance.ts). */
export function describeAccountIndex(ctx: { store(): StateStore; open(): Promise<StateStore>; query(sql: string): Promise<Array<Record<string, unknown>>> }): void {
  const day = (d: number, h = 0): string => new Date(Date.UTC(2026, 10, d, h)).toISOString();
  const read = (id: string, domain: string | null, modstamp: string, ownerId = `005${id}`): AccountIndexRow => ({ accountId: id, domain, ownerId, modstamp });
  const owners = async (store: StateStore, domains: string[]): Promise<Record<string, string | null>> => Object.fromEntries(ownersByDomain(await store.accounts.onDomains(domains)));

  describe('account index', () => {
    it('stores Accounts by domain, answers only the domains asked, and knows the newest change it holds', async () => {
      const store = ctx.store();
      expect(await store.accounts.since()).toBeNull();
      await store.accounts.apply([read('A1', 'acme.com', day(1)), read('A2', 'globex.com', day(2)), read('A3', null, day(3))]);
      expect(await owners(store, ['acme.com', 'initech.com'])).toEqual({ 'acme.com': '005A1' });
      expect(await store.accounts.since()).toBe(day(3));
      expect(await store.accounts.onDomains([])).toEqual([]);
    });

    it('compare-and-set: an older read of an Account never replaces a newer one, whoever writes last', async () => {
      const a = ctx.store();
      const b = await ctx.open();
      // Job B read the Account after it moved to globex.com and wrote first; job A's older read of
      // it on acme.com, with another owner, comes in after.
      await b.accounts.apply([read('A1', 'globex.com', day(5), '005NEW')]);
      await a.accounts.apply([read('A1', 'acme.com', day(4), '005OLD')]);
      expect(await owners(a, ['acme.com', 'globex.com'])).toEqual({ 'globex.com': '005NEW' });
      // The same read again (the boundary second is re-read) changes nothing; a newer one moves it on.
      await a.accounts.apply([read('A1', 'globex.com', day(5), '005NEW')]);
      await a.accounts.apply([read('A1', 'globex.com', day(6), '005LATER')]);
      expect(await owners(b, ['globex.com'])).toEqual({ 'globex.com': '005LATER' });
    });

    it('several Accounts on one domain: the one holding it longest keeps it, whichever job wrote first', async () => {
      const a = ctx.store();
      const b = await ctx.open();
      await b.accounts.apply([read('B7', 'acme.com', day(3))]);
      await a.accounts.apply([read('B7', 'acme.com', day(2)), read('A9', 'acme.com', day(1))]);
      expect(await owners(a, ['acme.com'])).toEqual({ 'acme.com': '005A9' });
      // A9's owner changes: it keeps the domain (held since day 1).
      await b.accounts.apply([read('A9', 'acme.com', day(7), '005X')]);
      expect(await owners(a, ['acme.com'])).toEqual({ 'acme.com': '005X' });
      // A9 leaves the domain: B7 takes it; A9's row stays, so its older read can't bring it back.
      await a.accounts.apply([read('A9', null, day(8))]);
      await b.accounts.apply([read('A9', 'acme.com', day(7), '005X')]);
      expect(await owners(b, ['acme.com'])).toEqual({ 'acme.com': '005B7' });
    });

    it('two stores bringing the index up to date at once end as one serial run would', async () => {
      const a = ctx.store();
      const b = await ctx.open();
      const reads = Array.from({ length: 600 }, (_, i) => read(`A${String(i).padStart(4, '0')}`, `d${i % 200}.com`, day(1 + (i % 20), i % 24)));
      const newer = reads.map((r, i) => (i % 3 === 0 ? { ...r, ownerId: `${r.ownerId ?? ''}-new`, modstamp: day(25) } : r));
      // One job writes the older reads page by page, the other the newer ones, interleaved.
      const pages = (list: AccountIndexRow[]): AccountIndexRow[][] => Array.from({ length: 6 }, (_, k) => list.slice(k * 100, k * 100 + 100));
      await Promise.all([(async () => { for (const p of pages(reads)) await a.accounts.apply(p); })(), (async () => { for (const p of pages(newer).reverse()) await b.accounts.apply(p); })()]);
      const rows = await a.accounts.onDomains(reads.map((r) => r.domain as string));
      expect(rows).toHaveLength(600);
      for (const r of rows) {
        const i = Number(r.accountId.slice(1));
        expect(r.ownerId).toBe(i % 3 === 0 ? `005A${String(i).padStart(4, '0')}-new` : `005A${String(i).padStart(4, '0')}`);
      }
      expect(await b.accounts.since()).toBe(day(25));
    });

    it('a write under a lost lease lands nothing', async () => {
      const store = ctx.store();
      const got = await store.acquireLock('sync', { id: 'x', pid: 1, host: 'h', command: 'sync' }, 60_000);
      if (!got.ok) throw new Error('lock refused');
      await store.releaseLock('sync', got.token);
      await expect(store.accounts.apply([read('A1', 'acme.com', day(1))], { fence: { name: 'sync', token: got.token } })).rejects.toSatisfy((e) => e instanceof HandoffError && e.code === 'LOCKED');
      expect(await store.accounts.since()).toBeNull();
      expect(Number((await ctx.query('SELECT COUNT(*) AS n FROM account_index'))[0]?.n)).toBe(0);
    });
  });
}
