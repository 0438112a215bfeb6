import { describe, expect, it } from 'vitest';
import { runSync } from '../../../src/jobs/sync/run-sync.js';
import type { CommitBatch } from '../../../src/ports/state.js';
import { fakeDeps, meeting, rawContact } from '../../helpers/fake-ports.js';

const NOW = '2026-11-02T10:00:00.000Z';

describe('sync writes the episode of each handoff', () => {
  it('records one episode per Task in the same commit as the handoff, with the values at the handoff, and keeps them', async () => {
    const deps = await fakeDeps({ now: NOW });
    for (const id of ['101', '102']) {
      deps.hubspot.put(rawContact(id));
      deps.hubspot.addActivity(meeting(id, 1)).addActivity(meeting(id, 2));
    }
    const commits: CommitBatch[] = [];
    const commitBatch = deps.state.commitBatch.bind(deps.state);
    deps.state.commitBatch = (batch) => {
      commits.push(batch);
      return commitBatch(batch);
    };

    await runSync(deps);

    expect(commits).toHaveLength(1);
    expect(commits[0]?.episodes?.map((e) => e.handoffKey).sort()).toEqual(['101:1', '102:1']);
    const records = await deps.state.getHandoffRecords(['101']);
    const task = deps.salesforce.tasks.get('101:1');
    const [episode] = (await deps.state.getEpisodes(['101'])).get('101') ?? [];
    const decision = (await deps.state.getDecisions(['101'])).get('101');
    expect(episode).toMatchObject({
      hubspotId: '101',
      episode: 1,
      handoffKey: '101:1',
      handedOffAt: NOW,
      salesforceLeadId: records.get('101')?.salesforceLeadId,
      salesforceContactId: null,
      salesforceTaskId: records.get('101')?.salesforceTaskId,
      firstOwnerId: records.get('101')?.ownerId,
      slaDueAt: new Date(String(task?.record.Handoff_SLA_Due__c)).toISOString(),
      tier: task?.record.Handoff_SLA_Tier__c,
      score: decision?.score,
      grade: decision?.grade,
      modelVersion: decision?.modelVersion,
      source: decision?.source,
      segment: decision?.segment,
      salesStatus: 'handed_off',
      firstTouchAt: null,
    });
    expect(episode?.calendar).toEqual(expect.any(String));
    expect(episode?.timeZone).toEqual(expect.any(String));

    // The contact changes later (a higher score): the Lead is refreshed, the episode keeps its values at handoff.
    deps.clock.advance(3_600_000);
    deps.hubspot.put(rawContact('101', { updatedAt: new Date(deps.clock.now() - 60_000).toISOString(), properties: { jobtitle: 'Chief Marketing Officer' } }));
    const second = await runSync(deps);
    expect(second.report).toMatchObject({ leadsUpdated: 1, tasksCreated: 0 });
    expect((await deps.state.getEpisodes(['101'])).get('101')).toEqual([episode]);
  });
});
