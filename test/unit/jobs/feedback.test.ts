import { describe, expect, it } from 'vitest';
import { FEEDBACK_CURSOR, runFeedback } from '../../../src/jobs/feedback/run-feedback.js';
import { runSync } from '../../../src/jobs/sync/run-sync.js';
import type { Config } from '../../../src/config/load.js';
import { fakeDeps, meeting, rawContact } from '../../helpers/fake-ports.js';
import type { FakeDeps } from '../../helpers/fake-ports.js';

const NOW = '2026-11-02T15:00:00.000Z'; // Monday 10:00 in New York
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const recyclable = (c: Config): Config => ({
  ...c,
  handoff: { ...c.handoff, feedback: { ...c.handoff.feedback, leadStatus: { ...c.handoff.feedback.leadStatus, recyclable: ['Nurture'] }, recycle: { coolOffDays: 30, hubspotLeadStatus: 'BAD_TIMING' } } },
});

async function handedOff(...ids: string[]): Promise<FakeDeps> {
  const deps = await fakeDeps({ now: NOW, config: recyclable });
  for (const id of ids) {
    deps.hubspot.put(rawContact(id));
    deps.hubspot.addActivity(meeting(id, 1)).addActivity(meeting(id, 2));
  }
  await runSync(deps);
  return deps;
}

const at = (deps: FakeDeps, plusMs = 0): string => new Date(deps.clock.now() + plusMs).toISOString();

describe('feedback pass on fake ports', () => {
  it('reflects a closed handoff Task on the episode and on the HubSpot contact, once; a quiet pass then costs one read and no HubSpot call', async () => {
    const deps = await handedOff('101', '102');
    const lead = deps.salesforce.leads.get('101');
    const task = deps.salesforce.tasks.get('101:1');
    deps.clock.advance(2 * HOUR);
    deps.salesforce.sales.tasks.push({ id: String(task?.Id), handoffKey: '101:1', whoId: String(lead?.Id), ownerId: null, isClosed: true, completedAt: at(deps, -HOUR), slaDueAt: null, outcome: 'connected', leadQuality: 5, modstamp: at(deps, -HOUR) });

    const { report, error } = await runFeedback(deps);

    expect(error).toBeNull();
    // 102 had no news but gets its episode number once; 101 its touch.
    expect(report).toMatchObject({ status: 'succeeded', tasksRead: 1, touched: 1, hubspotUpdates: 2, episodesUpdated: 1 });
    const [e] = (await deps.state.getEpisodes(['101'])).get('101') ?? [];
    expect(e).toMatchObject({ firstTouchAt: at(deps, -HOUR), firstTouchKind: 'task', responseBusinessMinutes: 60, slaMet: true, outcome: 'connected', leadQuality: 5, salesStatus: 'working' });
    const update = deps.hubspot.updates.flat().find((u) => u.hubspotId === '101');
    expect(update?.properties).toMatchObject({ handoff_sales_status: 'working', handoff_response_business_minutes: '60', handoff_sla_met: 'true', handoff_sales_outcome: 'connected', handoff_lead_quality: '5', handoff_episode: '1' });
    expect(update?.properties).not.toHaveProperty('lifecyclestage');
    expect(deps.hubspot.ensured).toContain(deps.config.handoff.writeback.propertyGroup);

    // Nothing new: the overlap re-reads the same Task, nothing changes, HubSpot is not called.
    deps.clock.advance(10 * 60_000);
    const hsBefore = deps.hubspot.calls.length;
    const reads = deps.salesforce.calls.filter((c) => c === 'readSalesChanges').length;
    const quiet = await runFeedback(deps);
    expect(quiet.report).toMatchObject({ status: 'succeeded', touched: 0, hubspotUpdates: 0, episodesUpdated: 0, hubspotCalls: 0 });
    expect(quiet.report.soqlQueries).toBeLessThanOrEqual(6);
    expect(deps.hubspot.calls.length).toBe(hsBefore);
    expect(deps.salesforce.calls.filter((c) => c === 'readSalesChanges').length).toBe(reads + 1);
    expect(JSON.parse((await deps.state.getCursor(FEEDBACK_CURSOR))?.value ?? '{}').since.Task).toBe(at(deps, -HOUR - 10 * 60_000));
  });

  it('a dry run reads and reports but writes nothing', async () => {
    const deps = await handedOff('101');
    deps.clock.advance(DAY);
    const { report } = await runFeedback(deps, { dryRun: true });
    expect(report).toMatchObject({ dryRun: true, hubspotUpdates: 1 });
    expect(deps.hubspot.updates).toEqual([]);
    expect(await deps.state.getCursor(FEEDBACK_CURSOR)).toBeNull();
    expect((await deps.state.getEpisodes(['101'])).get('101')?.[0]?.slaMet).toBeNull();
  });

  it('recycles a nurtured Lead; the contact qualifying again opens exactly one new episode after the cool-off, never before, on the same Lead', async () => {
    const deps = await handedOff('101');
    const lead = deps.salesforce.leads.get('101');
    deps.clock.advance(DAY);
    deps.salesforce.sales.leads.push({ id: String(lead?.Id), hubspotId: '101', status: 'Nurture', ownerId: null, isConverted: false, convertedContactId: null, convertedOpportunityId: null, reason: null, modstamp: at(deps, -HOUR) });
    deps.salesforce.sales.statusHistory?.push({ leadId: String(lead?.Id), status: 'Nurture', at: at(deps, -HOUR) });
    const recycled = await runFeedback(deps);
    expect(recycled.report.recycled).toBe(1);
    expect((await deps.state.getHandoffRecords(['101'])).get('101')?.status).toBe('recycled');
    expect(deps.hubspot.updates.flat().at(-1)?.properties).toMatchObject({ handoff_sales_status: 'recycled', hs_lead_status: 'BAD_TIMING' });

    // Qualifies again (the contact changes) ten days later: still cooling off, no Task, decision says so.
    const requalify = async (): Promise<void> => {
      deps.hubspot.put(rawContact('101', { updatedAt: at(deps, -60_000), properties: { jobtitle: `VP Marketing ${deps.clock.now()}` } }));
      await runSync(deps);
    };
    deps.clock.advance(10 * DAY);
    await requalify();
    expect([...deps.salesforce.tasks.keys()]).toEqual(['101:1']);
    expect((await deps.state.getDecisions(['101'])).get('101')?.reason).toBe('cooling-off');

    deps.clock.advance(25 * DAY);
    deps.hubspot.addActivity(meeting('101', 3, at(deps, -DAY))).addActivity(meeting('101', 4, at(deps, -DAY)));
    await requalify();
    await requalify();
    expect([...deps.salesforce.tasks.keys()].sort()).toEqual(['101:1', '101:2']);
    expect(deps.salesforce.leads.size).toBe(1);
    const reopen = deps.salesforce.writes.filter((w) => w.object === 'Lead' && w.record.Status !== undefined).at(-1);
    expect(reopen?.record.Status).toBe('Open - Not Contacted');
    const episodes = (await deps.state.getEpisodes(['101'])).get('101') ?? [];
    expect(episodes.map((e) => [e.episode, e.salesStatus])).toEqual([
      [1, 'recycled'],
      [2, 'handed_off'],
    ]);
    const next = await runFeedback(deps);
    expect(next.report.newEpisodes).toBe(1);
    expect(deps.hubspot.updates.flat().at(-1)?.properties).toMatchObject({ handoff_episode: '2', handoff_sales_status: '' });
  });

  it('dead-letters a contact HubSpot refuses, writes the others, and closes the dead letter once a later write lands', async () => {
    const deps = await handedOff('101', '102');
    const lead = deps.salesforce.leads.get('101');
    const task = deps.salesforce.tasks.get('101:1');
    deps.hubspot.refuseUpdates.add('101');
    deps.clock.advance(2 * HOUR);
    const closed = { id: String(task?.Id), handoffKey: '101:1', whoId: String(lead?.Id), ownerId: null, isClosed: true, completedAt: at(deps, -HOUR), slaDueAt: null, outcome: null, leadQuality: null, modstamp: at(deps, -HOUR) };
    deps.salesforce.sales.tasks.push(closed);
    const first = await runFeedback(deps);
    expect(first.report).toMatchObject({ status: 'succeeded', deadLettered: 1, hubspotUpdates: 1 });
    const [dead] = await deps.state.listDeadLetters({ stage: 'feedback.hubspot', unresolvedOnly: true });
    expect(dead).toMatchObject({ hubspotId: '101', code: 'NOT_FOUND', payload: { episode: 1, properties: { handoff_sales_status: 'working' } } });
    // The refused values are not retried on every pass.
    deps.clock.advance(10 * 60_000);
    expect((await runFeedback(deps)).report).toMatchObject({ deadLettered: 0, hubspotCalls: 0 });

    // HubSpot takes the contact again; its next change is written and closes the dead letter.
    deps.hubspot.refuseUpdates.delete('101');
    deps.clock.advance(HOUR);
    deps.salesforce.sales.tasks.push({ ...closed, outcome: 'connected', leadQuality: 4, modstamp: at(deps, -60_000) });
    const later = await runFeedback(deps);
    expect(later.report).toMatchObject({ deadLettered: 0, hubspotUpdates: 1 });
    expect(deps.hubspot.updates.flat().at(-1)).toMatchObject({ hubspotId: '101', properties: { handoff_sales_outcome: 'connected' } });
    expect(await deps.state.listDeadLetters({ stage: 'feedback.hubspot', unresolvedOnly: true })).toEqual([]);
  });
});
