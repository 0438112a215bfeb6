import { Connection } from 'jsforce';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runFeedback } from '../../src/jobs/feedback/run-feedback.js';
import { runSync } from '../../src/jobs/sync/run-sync.js';
import { smallDataset } from '../fixtures/small-dataset.js';
import { startHarness } from '../helpers/pipeline.js';
import type { Harness } from '../helpers/pipeline.js';

/** What sales did in the sandbox's Salesforce, read back by the real adapters over HTTP and reported to the sandbox's HubSpot. */
describe('feedback against the sandbox', () => {
  let h: Harness;
  let rep: Connection;

  const hubspotContact = async (id: string, props: string[]): Promise<Record<string, string | null>> => {
    const res = await fetch(`${h.sandbox.hubspotUrl}/crm/v3/objects/contacts/${id}?properties=${props.join(',')}`, {
      headers: { authorization: `Bearer ${h.sandbox.env.HUBSPOT_ACCESS_TOKEN ?? ''}` },
    });
    return ((await res.json()) as { properties: Record<string, string | null> }).properties;
  };

  beforeAll(async () => {
    h = await startHarness(smallDataset());
    rep = new Connection({ oauth2: { clientId: h.sandbox.env.SALESFORCE_CLIENT_ID ?? '', clientSecret: h.sandbox.env.SALESFORCE_CLIENT_SECRET ?? '', loginUrl: h.sandbox.salesforceUrl }, version: '64.0' });
    await rep.authorize({ grant_type: 'client_credentials' });
    const sync = await runSync(await h.newDeps());
    expect(sync.report.tasksCreated).toBeGreaterThan(2);
  });
  afterAll(async () => h?.stop());

  it('reads closed Tasks, past Events, Lead Status and conversions with the Opportunity, and writes them to HubSpot once', async () => {
    const store = await h.newApp().store();
    const episodes = (await store.listEpisodes()).filter((e) => e.salesforceLeadId !== null && e.salesforceContactId === null);
    expect(episodes.length).toBeGreaterThanOrEqual(3);
    const [a, b, c] = episodes as [(typeof episodes)[number], (typeof episodes)[number], (typeof episodes)[number]];
    // A: the rep closes the handoff Task with a scorecard. B: moves the Lead to Working. C: held a meeting, then converts with an Opportunity and wins it.
    await rep.sobject('Task').update({ Id: a.salesforceTaskId ?? '', Status: 'Completed', Handoff_Outcome__c: 'connected', Handoff_Lead_Quality__c: 4 });
    await rep.sobject('Lead').update({ Id: b.salesforceLeadId ?? '', Status: 'Working - Contacted' });
    const start = new Date().toISOString();
    // The rep fills the scorecard on the meeting rather than on the handoff Task (activity fields: Event has them too).
    await rep.sobject('Event').create({ WhoId: c.salesforceLeadId, Subject: 'Meeting', StartDateTime: start, EndDateTime: start, DurationInMinutes: 0, Handoff_Outcome__c: 'meeting booked', Handoff_Lead_Quality__c: 5 });
    const converted = h.sandbox.control.salesforce.convertLead(c.salesforceLeadId ?? '', { createOpportunity: true, amount: 25_000 });
    await rep.sobject('Opportunity').update({ Id: String(converted.opportunityId), StageName: 'Closed Won' });

    // Under the feedback job's lease, with per-contact claims ended in each commit.
    const lease = await store.acquireLock('feedback', { id: 'test', pid: process.pid, host: 'test', command: 'feedback' }, 60_000);
    if (!lease.ok) throw new Error('lease refused');
    const first = await runFeedback(await h.newDeps(), { fence: { name: 'feedback', token: lease.token } });
    expect(first.error).toBeNull();
    expect(first.report).toMatchObject({ status: 'succeeded', touched: 3 });
    // Every handed-off contact gets its feedback properties once (its episode number at least).
    expect(first.report.hubspotUpdates).toBe((await store.listEpisodes()).length);

    const after = new Map((await store.listEpisodes()).map((e) => [e.hubspotId, e]));
    expect(after.get(a.hubspotId)).toMatchObject({ firstTouchKind: 'task', outcome: 'connected', leadQuality: 4, salesStatus: 'working' });
    expect(after.get(b.hubspotId)).toMatchObject({ firstTouchKind: 'status', leadStatus: 'Working - Contacted', salesStatus: 'working' });
    expect(after.get(c.hubspotId)).toMatchObject({ firstTouchKind: 'event', outcome: 'meeting booked', leadQuality: 5, salesStatus: 'won', won: true, opportunityId: converted.opportunityId, opportunityAmount: 25_000, opportunityStage: 'Closed Won' });
    expect(after.get(c.hubspotId)?.currencyIsoCode).toEqual(expect.any(String));
    expect(after.get(c.hubspotId)?.salesforceContactId).toBe(converted.contactId);
    for (const id of [a.hubspotId, b.hubspotId, c.hubspotId]) expect(after.get(id)?.responseBusinessMinutes).toEqual(expect.any(Number));

    const props = await hubspotContact(c.hubspotId, ['handoff_sales_status', 'handoff_opportunity_amount', 'handoff_first_touch_at', 'handoff_episode', 'handoff_sales_outcome', 'handoff_lead_quality']);
    expect(props).toMatchObject({ handoff_sales_status: 'won', handoff_opportunity_amount: '25000', handoff_episode: '1', handoff_sales_outcome: 'meeting booked', handoff_lead_quality: '5' });
    expect(props.handoff_first_touch_at).toBeTruthy();

    // Nothing happened since: at most one query per object, no HubSpot call.
    const quiet = await runFeedback(await h.newDeps());
    expect(quiet.report).toMatchObject({ status: 'succeeded', hubspotCalls: 0, hubspotUpdates: 0, episodesUpdated: 0 });
    // Five objects in one /composite and LeadHistory on its own: six SOQL queries, two API calls.
    expect(quiet.report.soqlQueries).toBe(6);
    expect(quiet.report.salesforceCalls).toBe(2);
  });
});
