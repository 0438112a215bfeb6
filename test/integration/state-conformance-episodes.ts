import { describe, expect, it } from 'vitest';
import type { EpisodeAtHandoff, StateStore } from '../../src/adapters/state/index.js';
import { episodeReportRow } from '../../src/domain/episode.js';

/** The episode table's part of the StateStore conformance suite (called from state-conformance.ts). */
export interface EpisodeSuiteContext {
  store(): StateStore;
  /** Moves the store's clock by ms. */
  tick(ms: number): void;
  reopen(): Promise<StateStore>;
  t0: number;
}

const MIN = 60_000;
const HOUR = 60 * MIN;

export function episodeAtHandoff(id: string, episode = 1, handedOffAt = '2025-03-10T15:00:00.000Z', over: Partial<EpisodeAtHandoff> = {}): EpisodeAtHandoff {
  return {
    hubspotId: id,
    episode,
    handoffKey: `${id}:${episode}`,
    handedOffAt,
    salesforceLeadId: `00Q${id.padStart(12, '0')}`,
    salesforceContactId: null,
    salesforceTaskId: `00T${id.padStart(12, '0')}`,
    firstOwnerId: '005000000000001',
    team: 'emea',
    tier: 'hot',
    slaDueAt: '2025-03-10T17:00:00.000Z',
    score: 72.5,
    grade: 'A',
    modelVersion: '2026.11-1',
    source: 'ORGANIC_SEARCH',
    segment: 'midmarket',
    calendar: 'default',
    timeZone: 'Europe/Berlin',
    ...over,
  };
}

export function describeEpisodes(ctx: EpisodeSuiteContext): void {
  const at = (ms: number): string => new Date(ms).toISOString();
  describe('episodes', () => {
    it('records a new episode with the values at handoff, in the batch, and keeps them when it is recorded again', async () => {
      const store = ctx.store();
      await store.commitBatch({ episodes: [episodeAtHandoff('1'), episodeAtHandoff('2')], cursor: { name: 'contacts', value: 'a' } });
      ctx.tick(MIN);
      await store.commitBatch({ episodes: [episodeAtHandoff('1', 1, at(ctx.t0 + HOUR), { score: 10, firstOwnerId: '005x' })] });
      const got = await store.getEpisodes(['1', '2', '3']);
      expect([...got.keys()].sort()).toEqual(['1', '2']);
      const [e] = got.get('1') ?? [];
      expect(e).toMatchObject({ ...episodeAtHandoff('1'), salesStatus: 'handed_off', firstTouchAt: null, slaMet: null, won: null, leadQuality: null, hubspotHash: null });
      expect(e?.updatedAt).toBe(at(ctx.t0));
    });

    it('applies patches field by field, keeps the values at handoff, and ignores unknown episodes', async () => {
      const store = ctx.store();
      await store.commitBatch({ episodes: [episodeAtHandoff('1'), episodeAtHandoff('1', 2, '2025-05-01T09:00:00Z')] });
      ctx.tick(HOUR);
      const n = await store.updateEpisodes([
        { hubspotId: '1', episode: 1, salesStatus: 'working', firstTouchAt: '2025-03-10T16:30:00+01:00', firstTouchKind: 'task', responseBusinessMinutes: 30, slaMet: true },
        { hubspotId: '1', episode: 1, outcome: 'connected', leadQuality: 4, won: false },
        { hubspotId: '1', episode: 3, salesStatus: 'won' },
        { hubspotId: '9', episode: 1, salesStatus: 'won' },
      ]);
      expect(n).toBe(1);
      const [one, two] = (await store.getEpisodes(['1'])).get('1') ?? [];
      expect(one).toMatchObject({
        ...episodeAtHandoff('1'),
        salesStatus: 'working',
        firstTouchAt: '2025-03-10T15:30:00.000Z',
        firstTouchKind: 'task',
        responseBusinessMinutes: 30,
        slaMet: true,
        outcome: 'connected',
        leadQuality: 4,
        won: false,
        updatedAt: at(ctx.t0 + HOUR),
      });
      expect(two).toMatchObject({ episode: 2, handedOffAt: '2025-05-01T09:00:00.000Z', salesStatus: 'handed_off', updatedAt: at(ctx.t0) });
      // An explicit null clears a value; a field left out stays.
      await store.commitBatch({ episodeUpdates: [{ hubspotId: '1', episode: 1, slaMet: null, opportunityAmount: 1234.5, currencyIsoCode: 'EUR' }] });
      expect((await store.getEpisodes(['1'])).get('1')?.[0]).toMatchObject({ slaMet: null, outcome: 'connected', opportunityAmount: 1234.5, currencyIsoCode: 'EUR' });
    });

    it('lists in (hubspotId, episode) order with period filters and keyset pages', async () => {
      const store = ctx.store();
      const eps = ['3', '10', '2', '1'].flatMap((id, i) => [episodeAtHandoff(id, 1, at(ctx.t0 + i * HOUR)), episodeAtHandoff(id, 2, at(ctx.t0 + (10 + i) * HOUR))]);
      await store.commitBatch({ episodes: eps });
      const all = await store.listEpisodes();
      expect(all.map((e) => `${e.hubspotId}:${e.episode}`)).toEqual(['1:1', '1:2', '10:1', '10:2', '2:1', '2:2', '3:1', '3:2']);
      const page1 = await store.listEpisodes({ limit: 3 });
      const last = page1.at(-1);
      const page2 = await store.listEpisodes({ limit: 3, ...(last ? { after: { hubspotId: last.hubspotId, episode: last.episode } } : {}) });
      expect([...page1, ...page2].map((e) => e.handoffKey)).toEqual(all.slice(0, 6).map((e) => e.handoffKey));
      const period = await store.listEpisodes({ handedOffSince: at(ctx.t0 + HOUR), handedOffBefore: at(ctx.t0 + 11 * HOUR) });
      expect(period.map((e) => e.handoffKey)).toEqual(['1:1', '10:1', '2:1', '3:2']);
      expect((await store.listEpisodes({ hubspotId: '2' })).map((e) => e.episode)).toEqual([1, 2]);
      ctx.tick(HOUR);
      await store.updateEpisodes([{ hubspotId: '3', episode: 2, salesStatus: 'accepted' }]);
      expect((await store.listEpisodes({ updatedSince: at(ctx.t0 + HOUR) })).map((e) => e.handoffKey)).toEqual(['3:2']);
    });

    it("reads the report's lean rows of a period: the whole rows' values, times as epoch milliseconds", async () => {
      const store = ctx.store();
      await store.commitBatch({
        episodes: [
          episodeAtHandoff('1', 1, at(ctx.t0)),
          episodeAtHandoff('2', 1, at(ctx.t0 + HOUR), { score: null, grade: null, firstOwnerId: null, slaDueAt: null }),
          episodeAtHandoff('3', 1, at(ctx.t0 + 2 * HOUR)),
          episodeAtHandoff('4', 1, at(ctx.t0 + 3 * HOUR)),
        ],
      });
      await store.updateEpisodes([
        {
          hubspotId: '1', episode: 1, firstTouchAt: at(ctx.t0 + 90_123), responseBusinessMinutes: 1.5, acceptedAt: at(ctx.t0 + 90_123), meetingAt: at(ctx.t0 + 2 * HOUR),
          convertedAt: at(ctx.t0 + 3 * HOUR), opportunityId: '006A', opportunityCreatedAt: at(ctx.t0 + 3 * HOUR), opportunityAmount: 1234.5, currencyIsoCode: 'EUR',
          closedAt: at(ctx.t0 + 9 * HOUR), won: true, outcome: 'meeting booked', leadQuality: 4, remindedAt: at(ctx.t0 + 10 * MIN), escalatedAt: at(ctx.t0 + 20 * MIN),
        },
        { hubspotId: '2', episode: 1, workingAt: at(ctx.t0 + 2 * HOUR), won: false, reassignedAt: at(ctx.t0 + 3 * HOUR) },
      ]);
      const rows = await store.listEpisodeReportRows({ handedOffSince: at(ctx.t0), handedOffBefore: at(ctx.t0 + 3 * HOUR) });
      const want = (await store.listEpisodes({ handedOffSince: at(ctx.t0), handedOffBefore: at(ctx.t0 + 3 * HOUR) })).map(episodeReportRow);
      expect(want).toHaveLength(3);
      expect([...rows].sort((a, b) => a.handedOffMs - b.handedOffMs)).toEqual(want);
      expect(want[0]).toMatchObject({ firstTouchMs: ctx.t0 + 90_123, hasOpportunity: true, won: true, reminded: true, escalated: true, reassigned: false, acceptedOrWorking: true });
      expect(want[1]).toMatchObject({ slaDueMs: null, score: null, won: false, reassigned: true, acceptedOrWorking: true, hasOpportunity: false });
      expect(want[2]).toMatchObject({ won: null, firstTouchMs: null, acceptedOrWorking: false });
    });

    it('rolls back episodes with the rest of a failing batch, and refuses bad input before any SQL', async () => {
      const store = ctx.store();
      await expect(
        store.commitBatch({
          episodes: [episodeAtHandoff('1')],
          deadLetters: [{ stage: 's', code: null as unknown as string, message: 'm', hubspotId: 'x' }],
          cursor: { name: 'contacts', value: 'after' },
        }),
      ).rejects.toBeInstanceOf(Error);
      expect((await store.getEpisodes(['1'])).size).toBe(0);
      await expect(store.commitBatch({ episodes: [episodeAtHandoff('1', 0)] })).rejects.toBeInstanceOf(RangeError);
      await expect(store.commitBatch({ episodes: [episodeAtHandoff('1', 1, 'yesterday')] })).rejects.toBeInstanceOf(RangeError);
      await store.commitBatch({ episodes: [episodeAtHandoff('1')] });
      await expect(store.updateEpisodes([{ hubspotId: '1', episode: 1, leadQuality: 4.5 }])).rejects.toBeInstanceOf(RangeError);
      await expect(store.updateEpisodes([{ hubspotId: '1', episode: 1, closedAt: 'soon' }])).rejects.toBeInstanceOf(RangeError);
      expect((await store.getEpisodes(['1'])).get('1')?.[0]?.leadQuality).toBeNull();
    });

    it('survives a reopen and reads many contacts at once', async () => {
      const ids = Array.from({ length: 1_500 }, (_, i) => String(i + 1));
      await ctx.store().commitBatch({ episodes: ids.map((id) => episodeAtHandoff(id)) });
      const again = await ctx.reopen();
      const got = await again.getEpisodes(ids);
      expect(got.size).toBe(1_500);
      expect(got.get('1500')?.[0]?.handoffKey).toBe('1500:1');
    });
  });
}
