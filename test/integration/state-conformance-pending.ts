import { describe, expect, it } from 'vitest';
import type { StateStore } from '../../src/adapters/state/index.js';

/** The pending contacts' part of the StateStore conformance suite (called from state-conformance.ts). */
export function describePendingContacts(ctx: { store(): StateStore; reopen(): Promise<StateStore> }): void {
  describe('pending contacts', () => {
    it('adds ids idempotently and pages them in byte order of the id, the same on every store', async () => {
      const store = ctx.store();
      await store.addPendingContacts(['9', '10', '100', '2', 'b', 'B', 'a']);
      // Adding one again (a window read twice) changes nothing.
      await store.addPendingContacts(['10', '10', '2']);
      await store.addPendingContacts([]);
      const reopened = await ctx.reopen();
      expect(await reopened.pendingContacts({ limit: 100 })).toEqual(['10', '100', '2', '9', 'B', 'a', 'b']);
      expect(await reopened.pendingContacts({ limit: 3 })).toEqual(['10', '100', '2']);
      expect(await reopened.pendingContacts({ after: '2', limit: 3 })).toEqual(['9', 'B', 'a']);
      expect(await reopened.pendingContacts({ after: 'b', limit: 3 })).toEqual([]);
      // An `after` that is not pending itself pages from where it would stand.
      expect(await reopened.pendingContacts({ after: '11', limit: 2 })).toEqual(['2', '9']);
      await expect(reopened.pendingContacts({ limit: 0 })).rejects.toThrow(RangeError);
    });

    it('a commit settles its contacts with its cursor; a batch the store refuses settles none', async () => {
      const store = ctx.store();
      await store.addPendingContacts(['1', '2', '3']);
      await expect(store.commitBatch({ settlePending: ['1'], cursor: { name: 'contacts', value: 'x' }, episodes: [{ hubspotId: 'x' } as never] })).rejects.toBeDefined();
      expect(await store.pendingContacts({ limit: 10 })).toEqual(['1', '2', '3']);
      // Ids not pending are settled too, without complaint.
      await store.commitBatch({ settlePending: ['1', '3', '4', '1'], cursor: { name: 'contacts', value: 'y' } });
      expect(await store.pendingContacts({ limit: 10 })).toEqual(['2']);
      expect((await store.getCursor('contacts'))?.value).toBe('y');
    });

    it('is fenced: a job whose lease was taken over adds nothing', async () => {
      const store = ctx.store();
      const got = await store.acquireLock('sync', { id: 'a', pid: 1, host: 'test', command: 'sync' }, 60_000);
      if (!got.ok) throw new Error('no lease');
      await expect(store.addPendingContacts(['70'], { fence: { name: 'sync', token: got.token + 1 } })).rejects.toMatchObject({ code: 'LOCKED' });
      expect(await store.pendingContacts({ limit: 10 })).toEqual([]);
      await store.addPendingContacts(['70'], { fence: { name: 'sync', token: got.token } });
      expect(await store.pendingContacts({ limit: 10 })).toEqual(['70']);
    });

    it('adds and settles more than a thousand at once', async () => {
      const ids = Array.from({ length: 2_500 }, (_, i) => `c${String(i).padStart(5, '0')}`);
      await ctx.store().addPendingContacts(ids);
      expect(await ctx.store().pendingContacts({ limit: 5_000 })).toEqual(ids);
      await ctx.store().commitBatch({ settlePending: ids.slice(0, 2_499) });
      expect(await ctx.store().pendingContacts({ limit: 5_000 })).toEqual(['c02499']);
    });
  });
}
