import { describe, expect, it } from 'vitest';
import type { StateStore } from '../../src/adapters/state/index.js';

/** The kept-email index's part of the StateStore conformance suite (called from state-conformance.ts). */
export function describeKeptEmails(ctx: { store(): StateStore; reopen(): Promise<StateStore>; query(sql: string): Promise<Array<Record<string, unknown>>> }): void {
  const h = (n: number): string => n.toString(16).padStart(64, '0');
  describe('kept-email index', () => {
    it('keeps the first contact per hash, on its own, and empties with the commit that ends the window', async () => {
      const store = ctx.store();
      await store.keepEmails([{ hash: h(1), hubspotId: '10' }, { hash: h(2), hubspotId: '20' }]);
      // A later chunk offering another contact for a kept hash does not replace the first.
      await store.keepEmails([{ hash: h(1), hubspotId: '11' }, { hash: h(3), hubspotId: '30' }]);
      const got = await (await ctx.reopen()).keptForEmails([h(1), h(2), h(3), h(4)]);
      expect(Object.fromEntries(got)).toEqual({ [h(1)]: '10', [h(2)]: '20', [h(3)]: '30' });
      // Only hashes are stored: the table has no other text than the hash and the id.
      expect(Object.keys((await ctx.query('SELECT * FROM kept_emails'))[0] ?? {}).sort()).toEqual(['hash', 'hubspot_id']);

      await ctx.store().commitBatch({ clearKeptEmails: true, cursor: { name: 'contacts', value: 'b' } });
      expect((await ctx.store().keptForEmails([h(1), h(3)])).size).toBe(0);
      expect(await ctx.store().keptForEmails([])).toEqual(new Map());
    });

    it('a batch the store refuses leaves the index as it was', async () => {
      const store = ctx.store();
      await store.keepEmails([{ hash: h(7), hubspotId: '70' }]);
      await expect(store.commitBatch({ clearKeptEmails: true, episodes: [{ hubspotId: 'x' } as never] })).rejects.toBeDefined();
      expect((await store.keptForEmails([h(7)])).get(h(7))).toBe('70');
    });

    it('is fenced: a job whose lease was taken over stores nothing', async () => {
      const store = ctx.store();
      const got = await store.acquireLock('sync', { id: 'a', pid: 1, host: 'test', command: 'sync' }, 60_000);
      if (!got.ok) throw new Error('no lease');
      await expect(store.keepEmails([{ hash: h(8), hubspotId: '80' }], { fence: { name: 'sync', token: got.token + 1 } })).rejects.toMatchObject({ code: 'LOCKED' });
      expect((await store.keptForEmails([h(8)])).size).toBe(0);
      await store.keepEmails([{ hash: h(8), hubspotId: '81' }], { fence: { name: 'sync', token: got.token } });
      expect((await store.keptForEmails([h(8)])).get(h(8))).toBe('81');
    });

    it('answers for more than a thousand hashes at once', async () => {
      const rows = Array.from({ length: 2_500 }, (_, i) => ({ hash: h(1_000 + i), hubspotId: String(i) }));
      await ctx.store().keepEmails(rows);
      const got = await ctx.store().keptForEmails(rows.map((r) => r.hash));
      expect(got.size).toBe(2_500);
      expect(got.get(h(3_499))).toBe('2499');
    });
  });
}
