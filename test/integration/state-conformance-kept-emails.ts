import { describe, expect, it } from 'vitest';
import type { StateStore } from '../../src/adapters/state/index.js';

/** The kept-email index's part of the StateStore conformance suite (called from state-conformance.ts). */
export function describeKeptEmails(ctx: { store(): StateStore; reopen(): Promise<StateStore>; query(sql: string): Promise<Array<Record<string, unknown>>> }): void {
  const h = (n: number): string => n.toString(16).padStart(64, '0');
  describe('kept-email index', () => {
    it('keeps the first contact per hash, with the batch, and empties with the commit that ends the window', async () => {
      const store = ctx.store();
      await store.commitBatch({ keptEmails: [{ hash: h(1), hubspotId: '10' }, { hash: h(2), hubspotId: '20' }], cursor: { name: 'contacts', value: 'a' } });
      // A later chunk offering another contact for a kept hash does not replace the first.
      await store.commitBatch({ keptEmails: [{ hash: h(1), hubspotId: '11' }, { hash: h(3), hubspotId: '30' }] });
      const got = await (await ctx.reopen()).keptForEmails([h(1), h(2), h(3), h(4)]);
      expect(Object.fromEntries(got)).toEqual({ [h(1)]: '10', [h(2)]: '20', [h(3)]: '30' });
      // Only hashes are stored: the table has no other text than the hash and the id.
      expect(Object.keys((await ctx.query('SELECT * FROM kept_emails'))[0] ?? {}).sort()).toEqual(['hash', 'hubspot_id']);

      await ctx.store().commitBatch({ keptEmails: [{ hash: h(5), hubspotId: '50' }], clearKeptEmails: true, cursor: { name: 'contacts', value: 'b' } });
      expect((await ctx.store().keptForEmails([h(1), h(5)])).size).toBe(0);
      expect(await ctx.store().keptForEmails([])).toEqual(new Map());
    });

    it('a refused batch adds nothing to the index', async () => {
      const store = ctx.store();
      await expect(store.commitBatch({ keptEmails: [{ hash: h(7), hubspotId: '70' }], episodes: [{ hubspotId: 'x' } as never] })).rejects.toBeDefined();
      expect((await store.keptForEmails([h(7)])).size).toBe(0);
    });

    it('answers for more than a thousand hashes at once', async () => {
      const rows = Array.from({ length: 2_500 }, (_, i) => ({ hash: h(1_000 + i), hubspotId: String(i) }));
      await ctx.store().commitBatch({ keptEmails: rows });
      const got = await ctx.store().keptForEmails(rows.map((r) => r.hash));
      expect(got.size).toBe(2_500);
      expect(got.get(h(3_499))).toBe('2499');
    });
  });
}
