import { describe, expect, it } from 'vitest';
import { HandoffError } from '../../src/domain/errors.js';
import type { Fence, LockHolder, StateStore } from '../../src/adapters/state/index.js';
import { laneRule } from '../../src/core/budget-lanes.js';

/**
 * The claims and budget capabilities of a StateStore (ports/claims.ts, ports/budget.ts), run by
 * describeStateStore on both stores. `ctx` reaches the suite's store, a second store over the same
 * data, and its clock.
 */
export interface ClaimsContext {
  store(): StateStore;
  open(): Promise<StateStore>;
  advance(ms: number): void;
}

const SEC = 1000;
const MIN = 60 * SEC;
const locked = (err: unknown): boolean => err instanceof HandoffError && err.code === 'LOCKED';
const holderOf = (id: string): LockHolder => ({ id, pid: 4242, host: 'test-host', command: `handoff ${id}` });

async function lease(store: StateStore, name: string, id = name, ttlMs = 30 * MIN): Promise<Fence> {
  const got = await store.acquireLock(name, holderOf(id), ttlMs);
  if (!got.ok) throw new Error(`expected the ${name} lease`);
  return { name, token: got.token };
}

export function claimsConformance(ctx: ClaimsContext): void {
  describe('contact claims', () => {
    it('grants free contacts in one call and reports those another live job holds', async () => {
      const store = ctx.store();
      const sync = await lease(store, 'sync');
      const backfill = await lease(store, 'backfill:2025-01-01:now');
      const a = await store.claims.claim(sync, ['3', '1', '2', '1'], 5 * MIN);
      expect(a.granted).toEqual(['3', '1', '2']);
      expect(a.held).toEqual([]);
      const b = await store.claims.claim(backfill, ['2', '3', '4'], 5 * MIN);
      expect(b.granted).toEqual(['4']);
      expect(b.held.map((h) => [h.hubspotId, h.job])).toEqual([
        ['2', 'sync'],
        ['3', 'sync'],
      ]);
      // Claiming again what the job holds extends it.
      ctx.advance(MIN);
      expect((await store.claims.claim(sync, ['1'], 5 * MIN)).granted).toEqual(['1']);
      const rows = await store.claims.list({ job: 'sync' });
      expect(rows.map((r) => r.hubspotId)).toEqual(['1', '2', '3']);
      expect(rows[0]?.expiresAt).toBe(new Date(Date.parse(rows[1]?.expiresAt ?? '') + MIN).toISOString());
    });

    it('frees a contact when its claim expires, or as soon as its holder’s lease is gone', async () => {
      const store = ctx.store();
      const sync = await lease(store, 'sync', 'sync-1', 30 * SEC);
      const other = await lease(store, 'sla', 'sla-1', 10 * MIN);
      await store.claims.claim(sync, ['1'], 10 * MIN);
      await store.claims.claim(other, ['2'], MIN);
      expect((await store.claims.claim(other, ['1'], MIN)).granted).toEqual([]);
      // The sync's process dies: its lease runs out long before its claim would.
      ctx.advance(31 * SEC);
      expect((await store.claims.claim(other, ['1'], MIN)).granted).toEqual(['1']);
      // A claim past its own expiry is free even while its job lives.
      const sync2 = await lease(store, 'sync', 'sync-2', 10 * MIN);
      ctx.advance(MIN);
      expect((await store.claims.claim(sync2, ['2'], MIN)).granted).toEqual(['2']);
    });

    it('a newer holder of the same lease takes its predecessor’s claims; a stale token can neither claim nor commit', async () => {
      const store = ctx.store();
      const old = await lease(store, 'sync', 'sync-old', 30 * SEC);
      await store.claims.claim(old, ['1', '2'], 10 * MIN);
      ctx.advance(31 * SEC);
      const next = await lease(store, 'sync', 'sync-new');
      expect((await store.claims.claim(next, ['1', '2'], MIN)).granted).toEqual(['1', '2']);
      await expect(store.claims.claim(old, ['3'], MIN)).rejects.toSatisfy(locked);
      await expect(store.commitBatch({ claims: ['1'], fence: old, cursor: { name: 'contacts', value: 'x' } })).rejects.toSatisfy(locked);
      expect(await store.getCursor('contacts')).toBeNull();
    });

    it('a commit ends the claims it covers, and refuses the whole batch when another job holds one of them', async () => {
      const store = ctx.store();
      const sync = await lease(store, 'sync');
      const sla = await lease(store, 'sla');
      await store.claims.claim(sync, ['1', '2'], MIN);
      await store.claims.claim(sla, ['3'], MIN);
      await expect(store.commitBatch({ claims: ['2', '3'], fence: sync, cursor: { name: 'contacts', value: 'a' } })).rejects.toSatisfy(locked);
      expect(await store.getCursor('contacts')).toBeNull();
      await store.commitBatch({ claims: ['1', '2'], fence: sync, cursor: { name: 'contacts', value: 'b' } });
      expect((await store.getCursor('contacts'))?.value).toBe('b');
      expect((await store.claims.list()).map((c) => [c.hubspotId, c.job])).toEqual([['3', 'sla']]);
      // Claims without the fence that holds them are a programming error.
      await expect(store.commitBatch({ claims: ['1'] })).rejects.toThrow(/fence/);
    });

    it('release frees the contacts at once and keeps the reserved owner for the next claimer', async () => {
      const store = ctx.store();
      const sync = await lease(store, 'sync');
      const backfill = await lease(store, 'backfill:w');
      await store.claims.claim(sync, ['1', '2'], 10 * MIN);
      await store.claims.reserveOwners(sync, () => ({ pointers: { emea: 1 }, owners: new Map([['1', { ownerId: '005A', team: 'emea' }]]), value: null }));
      expect(await store.claims.release(sync, ['1', '2', '9'])).toBe(2);
      const got = await store.claims.claim(backfill, ['1', '2'], MIN);
      expect(got.granted).toEqual(['1', '2']);
      expect([...got.owners]).toEqual([['1', { ownerId: '005A', team: 'emea' }]]);
    });

    it('reserves round-robin slots atomically: two jobs reserving at once never reuse a position', async () => {
      const store = ctx.store();
      const second = await ctx.open();
      const sync = await lease(store, 'sync');
      const backfill = await lease(second, 'backfill:w');
      const syncIds = Array.from({ length: 20 }, (_, i) => `s${i}`);
      const backfillIds = Array.from({ length: 20 }, (_, i) => `b${i}`);
      await store.claims.claim(sync, syncIds, MIN);
      await second.claims.claim(backfill, backfillIds, MIN);
      const seen: number[] = [];
      const reserve = (s: StateStore, fence: Fence, id: string): Promise<number> =>
        s.claims.reserveOwners(fence, (pointers) => {
          const at = pointers.emea ?? 0;
          seen.push(at);
          return { pointers: { ...pointers, emea: at + 1 }, owners: new Map([[id, { ownerId: `005${at}`, team: 'emea' }]]), value: at };
        });
      await Promise.all([...syncIds.map((id) => reserve(store, sync, id)), ...backfillIds.map((id) => reserve(second, backfill, id))]);
      expect((await store.getPointers()).emea).toBe(40);
      expect(new Set(seen).size).toBe(40);
      const owners = new Set((await store.claims.list()).map((c) => c.owner?.ownerId));
      expect(owners.size).toBe(40);
    });

    it('refuses a reservation for a contact the job does not hold, and changes nothing', async () => {
      const store = ctx.store();
      const sync = await lease(store, 'sync');
      await store.claims.claim(sync, ['1'], MIN);
      await expect(
        store.claims.reserveOwners(sync, () => ({ pointers: { emea: 5 }, owners: new Map([['1', { ownerId: 'x', team: 'emea' }], ['2', { ownerId: 'y', team: 'emea' }]]), value: null })),
      ).rejects.toSatisfy(locked);
      expect(await store.getPointers()).toEqual({});
      expect((await store.claims.list())[0]?.owner).toBeNull();
    });
  });

  describe('shared API budget', () => {
    const rule = laneRule('hubspot:10s', 10 * SEC, 10, { maxShare: 0.5, liveReserve: 0.2 });

    it('gives backfill only its share and never the live reserve; live may use the whole window', async () => {
      const store = ctx.store();
      const second = await ctx.open();
      let backfill = 0;
      for (let i = 0; i < 10; i++) if ((await second.budget.take(rule, 'backfill')).ok) backfill += 1;
      expect(backfill).toBe(5);
      let live = 0;
      for (let i = 0; i < 10; i++) if ((await store.budget.take(rule, 'live')).ok) live += 1;
      expect(live).toBe(5);
      expect(await store.budget.usage('hubspot:10s', 10 * SEC)).toEqual({ live: 5, backfill: 5 });
      const refused = await store.budget.take(rule, 'live');
      expect(refused.ok).toBe(false);
      if (!refused.ok) expect(refused.retryAfterMs).toBeGreaterThan(0);
      ctx.advance(10 * SEC + 100);
      // Live took 6 of the next window: backfill stops at the reserve (8), with 2 left.
      for (let i = 0; i < 6; i++) expect((await store.budget.take(rule, 'live')).ok).toBe(true);
      expect((await second.budget.take(rule, 'backfill')).ok).toBe(true);
      expect((await second.budget.take(rule, 'backfill')).ok).toBe(true);
      expect((await second.budget.take(rule, 'backfill')).ok).toBe(false);
      expect((await store.budget.take(rule, 'live')).ok).toBe(true);
    });
  });

  describe('daily allowances', () => {
    const live = { budget: 'salesforce:daily', share: 0.5, refreshMs: 5 * MIN };
    const backfill = { ...live, share: 0.4 };

    it('two stores together stop at the share of the limit the vendor reported, counting calls in flight', async () => {
      const a = ctx.store();
      const b = await ctx.open();
      // Before any report the limit is unknown: calls go ahead.
      expect(await a.budget.takeDaily(live)).toEqual({ ok: true, probe: false });
      await a.budget.returnDaily(live, { used: 40, limit: 100 }, false);
      // 40 used of a stop at 50: ten more calls in flight between the two stores, then refusal.
      for (let i = 0; i < 10; i++) expect((await (i % 2 ? a : b).budget.takeDaily(live)).ok).toBe(true);
      expect(await b.budget.takeDaily(live)).toEqual({ ok: false, used: 40, limit: 100, stopAt: 50 });
      expect(await a.budget.daily('salesforce:daily')).toMatchObject({ used: 40, limit: 100, inFlight: 10 });
      // The calls come back; the usage is the highest report, never a lower one within refreshMs.
      for (let i = 0; i < 10; i++) await b.budget.returnDaily(live, { used: 41 + (i === 3 ? 9 : i % 2), limit: 100 }, false);
      expect(await a.budget.daily('salesforce:daily')).toMatchObject({ used: 50, inFlight: 0 });
      expect((await a.budget.takeDaily(live)).ok).toBe(false);
      // The backfill lane stops earlier, at its own share.
      expect(await b.budget.takeDaily(backfill)).toMatchObject({ ok: false, stopAt: 40 });
    });

    it('a refused allowance lets one probe through after refreshMs, and the probe\'s report replaces the usage', async () => {
      const a = ctx.store();
      const b = await ctx.open();
      await a.budget.takeDaily(live);
      await a.budget.returnDaily(live, { used: 60, limit: 100 }, false);
      // A killed process left a call counted in flight.
      await b.budget.takeDaily({ ...live, share: 1 });
      expect((await a.budget.takeDaily(live)).ok).toBe(false);
      // A fresh connection's first call may probe at once (the next cycle, a new command).
      expect(await b.budget.takeDaily(live, true)).toEqual({ ok: true, probe: true });
      await b.budget.returnDaily(live, { used: 61, limit: 100 }, true);
      expect((await a.budget.takeDaily(live)).ok).toBe(false);
      ctx.advance(5 * MIN);
      expect(await a.budget.takeDaily(live)).toEqual({ ok: true, probe: true });
      // One probe per refreshMs, across stores.
      expect((await b.budget.takeDaily(live)).ok).toBe(false);
      await a.budget.returnDaily(live, { used: 12, limit: 100 }, true);
      expect(await b.budget.daily('salesforce:daily')).toMatchObject({ used: 12, inFlight: 0 });
      expect(await b.budget.takeDaily(live)).toEqual({ ok: true, probe: false });
    });

    it('after refreshMs the next report replaces the highest one, so a drained window is seen', async () => {
      const a = ctx.store();
      await a.budget.takeDaily(live);
      await a.budget.returnDaily(live, { used: 45, limit: 100 }, false);
      ctx.advance(5 * MIN);
      await a.budget.takeDaily(live);
      await a.budget.returnDaily(live, { used: 20, limit: 100 }, false);
      await a.budget.takeDaily(live);
      await a.budget.returnDaily(live, { used: 18, limit: 100 }, false);
      expect(await a.budget.daily('salesforce:daily')).toMatchObject({ used: 20, limit: 100, inFlight: 0 });
      expect(await a.budget.daily('hubspot:daily')).toBeNull();
    });
  });
}
