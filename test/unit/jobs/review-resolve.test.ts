import { describe, expect, it } from 'vitest';
import { HandoffError } from '../../../src/domain/errors.js';
import type { EpisodeAtHandoff } from '../../../src/domain/episode.js';
import { listReviews, resolveReview } from '../../../src/jobs/review.js';
import { episodeRow } from '../../helpers/episodes.js';
import { fakeDeps } from '../../helpers/fake-ports.js';
import type { FakeDeps } from '../../helpers/fake-ports.js';

const NOW = '2026-11-02T10:00:00.000Z';

/** Contact 101 handed off to Lead LA (matched by email), with Lead LB passed over; its Task T1 on LA. */
async function seeded(): Promise<{ deps: FakeDeps; id: number }> {
  const deps = await fakeDeps({ now: NOW });
  const { hubspotId, episode, handoffKey, handedOffAt, salesforceContactId, salesforceTaskId, firstOwnerId, team, tier, slaDueAt, grade, source, segment } = episodeRow('101', NOW);
  const row: EpisodeAtHandoff = { hubspotId, episode, handoffKey, handedOffAt, salesforceLeadId: 'LA', salesforceContactId, salesforceTaskId: salesforceTaskId ?? 'T1', firstOwnerId, team, tier, slaDueAt, score: 72, grade, modelVersion: 'm-1', source, segment };
  await deps.state.commitBatch({
    records: [{ hubspotId: '101', episode: 1, status: 'handed_off', salesforceLeadId: 'LA', salesforceTaskId: 'T1', score: 72, grade: 'B', fingerprint: 'f', handoffKey: '101:1', firstHandedOffAt: NOW }],
    episodes: [row],
    ledger: [
      {
        runId: 'r1',
        hubspotId: '101',
        salesforceIds: { taskId: 'T1', whoId: 'LA' },
        action: 'match.review',
        result: 'ok',
        detail: { handoffKey: '101:1', picked: { id: 'LA', object: 'Lead' }, alternatives: [{ id: 'LB', object: 'Lead' }], written: ['Company', 'HubSpot_Contact_Id__c', 'Handoff_Score__c'] },
        at: NOW,
      },
    ],
  });
  deps.reviewSalesforce.taskWhoIds.set('T1', 'LA');
  deps.reviewSalesforce.leadKeys.set('LA', '101');
  deps.reviewSalesforce.leadKeys.set('LB', null);
  const [item] = await listReviews(deps);
  return { deps, id: item?.id ?? 0 };
}

describe('review resolve: the move is recorded before it is written and finishes when run again', () => {
  it('a failure after the first write leaves the handoff on the first pick with a planned line; the next run finishes the move once', async () => {
    const { deps, id } = await seeded();
    const reparent = deps.reviewSalesforce.reparent.bind(deps.reviewSalesforce);
    // The first attempt clears the old key, then Salesforce refuses the rest.
    deps.reviewSalesforce.reparent = () => {
      deps.reviewSalesforce.leadKeys.set('LA', null);
      return Promise.reject(new HandoffError('SERVER_ERROR', 'Salesforce went away', { system: 'salesforce' }));
    };
    await expect(resolveReview(deps, { id, pick: 'LB' })).rejects.toThrow('Salesforce went away');
    expect((await deps.state.getHandoffRecords(['101'])).get('101')?.salesforceLeadId).toBe('LA');
    expect((await deps.state.queryLedger({ action: 'match.resolve' })).map((l) => l.result)).toEqual(['planned']);

    deps.reviewSalesforce.reparent = reparent;
    const done = await resolveReview(deps, { id, pick: 'LB' });
    // The key was cleared by the first attempt: this one does not clear it again, and still lists what Handoff wrote on LA.
    expect(done).toMatchObject({ alreadyDone: false, from: { id: 'LA', object: 'Lead' }, to: { id: 'LB', object: 'Lead' }, keyCleared: null, overwritten: ['Company', 'HubSpot_Contact_Id__c', 'Handoff_Score__c'] });
    expect(deps.reviewSalesforce.reparents).toEqual([{ taskId: 'T1', to: { id: 'LB', object: 'Lead' }, clearKeyOf: null, leadFields: { HubSpot_Contact_Id__c: '101', Handoff_Score__c: 72, Handoff_Grade__c: 'B', Handoff_Model_Version__c: 'm-1' } }]);
    expect(deps.reviewSalesforce.taskWhoIds.get('T1')).toBe('LB');
    expect((await deps.state.getHandoffRecords(['101'])).get('101')).toMatchObject({ salesforceLeadId: 'LB', salesforceTaskId: 'T1', fingerprint: 'f', status: 'handed_off' });
    expect((await deps.state.getEpisodes(['101'])).get('101')?.[0]).toMatchObject({ salesforceLeadId: 'LB', salesforceTaskId: 'T1' });
    expect((await deps.state.queryLedger({ action: 'match.resolve' })).map((l) => l.result)).toEqual(['planned', 'planned', 'ok']);

    expect(await resolveReview(deps, { id, pick: 'LB' })).toMatchObject({ alreadyDone: true });
    expect(deps.reviewSalesforce.reparents).toHaveLength(1);
    // Back to the first pick is a move like any other: LB lets go of the key, LA takes it again.
    expect(await resolveReview(deps, { id, pick: 'LA' })).toMatchObject({ from: { id: 'LB' }, to: { id: 'LA' }, keyCleared: 'LB', overwritten: ['Handoff_Grade__c', 'Handoff_Model_Version__c', 'Handoff_Score__c', 'HubSpot_Contact_Id__c'] });
    expect((await listReviews(deps))[0]?.resolved?.to).toEqual({ id: 'LA', object: 'Lead' });
  });

  it('picking the record the handoff is on accepts the pick: one match.resolve line (from = to), no Salesforce call, the review resolved; again, nothing', async () => {
    const { deps, id } = await seeded();
    const reads = { n: 0 };
    const state = deps.reviewSalesforce.state.bind(deps.reviewSalesforce);
    deps.reviewSalesforce.state = (...args) => {
      reads.n += 1;
      return state(...args);
    };
    expect((await listReviews(deps))[0]?.resolved).toBeNull();

    const accepted = await resolveReview(deps, { id, pick: 'LA' });
    expect(accepted).toMatchObject({ accepted: true, alreadyDone: false, from: { id: 'LA', object: 'Lead' }, to: { id: 'LA', object: 'Lead' }, keyCleared: null, overwritten: [] });
    const lines = await deps.state.queryLedger({ action: 'match.resolve' });
    expect(lines).toEqual([
      expect.objectContaining({ hubspotId: '101', result: 'ok', salesforceIds: { taskId: 'T1', whoId: 'LA', fromId: 'LA' }, detail: { review: id, from: { id: 'LA', object: 'Lead' }, to: { id: 'LA', object: 'Lead' }, accepted: true } }),
    ]);
    expect((await listReviews(deps))[0]?.resolved).toEqual({ to: { id: 'LA', object: 'Lead' }, at: NOW, accepted: true });
    // The handoff, its episode and Salesforce are as they were.
    expect((await deps.state.getHandoffRecords(['101'])).get('101')).toMatchObject({ salesforceLeadId: 'LA', salesforceTaskId: 'T1' });
    expect(deps.reviewSalesforce.reparents).toEqual([]);
    expect(deps.reviewSalesforce.taskWhoIds.get('T1')).toBe('LA');
    expect(reads.n).toBe(0);

    // Idempotent: run again, it is resolved there already and writes nothing.
    expect(await resolveReview(deps, { id, pick: 'LA' })).toMatchObject({ accepted: false, alreadyDone: true });
    expect(await deps.state.queryLedger({ action: 'match.resolve' })).toEqual(lines);
    expect(reads.n).toBe(0);

    // Accepted is not final: moving to the alternative still works, and the review then points there.
    expect(await resolveReview(deps, { id, pick: 'LB' })).toMatchObject({ accepted: false, alreadyDone: false, from: { id: 'LA' }, to: { id: 'LB' } });
    expect((await listReviews(deps))[0]?.resolved).toEqual({ to: { id: 'LB', object: 'Lead' }, at: NOW });
  });

  it('refuses a Lead keyed to another contact, and a handoff that is no longer open (exit 2 errors)', async () => {
    const { deps, id } = await seeded();
    deps.reviewSalesforce.leadKeys.set('LB', '555');
    await expect(resolveReview(deps, { id, pick: 'LB' })).rejects.toMatchObject({ code: 'USAGE', message: expect.stringContaining('handed off as HubSpot contact 555') });
    await deps.state.commitBatch({ records: [{ hubspotId: '101', episode: 1, status: 'recycled', salesforceLeadId: 'LA', handoffKey: '101:1' }] });
    await expect(resolveReview(deps, { id, pick: 'LB' })).rejects.toMatchObject({ code: 'USAGE', message: expect.stringContaining('no longer the contact') });
    expect(deps.reviewSalesforce.reparents).toEqual([]);
  });
});
