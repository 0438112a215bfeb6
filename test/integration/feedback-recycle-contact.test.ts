import { Connection } from 'jsforce';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SandboxClock } from '@handoff/sandbox';
import { runFeedback } from '../../src/jobs/feedback/run-feedback.js';
import { runSync } from '../../src/jobs/sync/run-sync.js';
import type { Deps } from '../../src/jobs/deps.js';
import { smallDataset } from '../fixtures/small-dataset.js';
import { sfQuery, startHarness } from '../helpers/pipeline.js';
import type { Harness } from '../helpers/pipeline.js';

const DAY = 86_400_000;

/**
 * A contact whose Lead was converted and whose Opportunity was then lost is recycled through its
 * Contact (a converted Lead can't be updated): when it qualifies again after the cool-off, its new
 * episode is one Task on the Contact, and the converted Lead is left alone. Real jsforce and HubSpot
 * clients over HTTP against the sandbox, whose clock the jobs share.
 */
describe('recycling a converted contact whose Opportunity was lost', () => {
  let h: Harness;
  const sandboxClock = new SandboxClock();
  // The jobs run on the sandbox's clock (startHarness with `clock`).
  const deps = (): Promise<Deps> => h.newDeps();

  beforeAll(async () => {
    h = await startHarness(smallDataset(), { clock: sandboxClock });
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('opens exactly one new episode after the cool-off: a Task keyed <contactId>:2 on the Contact, no Lead write, no second Lead or Task', async () => {
    const first = await runSync(await deps());
    expect(first.error).toBeNull();
    const store = await deps().then((d) => d.state);
    const episode = (await store.listEpisodes()).find((e) => e.hubspotId === '101');
    expect(episode).toMatchObject({ episode: 1, salesforceContactId: null });
    const leadId = String(episode?.salesforceLeadId);

    // Sales converts the Lead with an Opportunity and loses the deal.
    const rep = new Connection({ oauth2: { clientId: h.sandbox.env.SALESFORCE_CLIENT_ID ?? '', clientSecret: h.sandbox.env.SALESFORCE_CLIENT_SECRET ?? '', loginUrl: h.sandbox.salesforceUrl }, version: '64.0' });
    await rep.authorize({ grant_type: 'client_credentials' });
    const converted = h.sandbox.control.salesforce.convertLead(leadId, { createOpportunity: true, amount: 10_000 });
    const contactId = String(converted.contactId);
    sandboxClock.advance(60_000);
    const open = await runFeedback(await deps());
    expect(open.error).toBeNull();
    expect((await store.getEpisodes(['101'])).get('101')?.[0]).toMatchObject({ salesStatus: 'converted', opportunityId: converted.opportunityId });
    sandboxClock.advance(DAY);
    await rep.authorize({ grant_type: 'client_credentials' }); // the rep's session expired over the day
    await rep.sobject('Opportunity').update({ Id: String(converted.opportunityId), StageName: 'Closed Lost' });
    sandboxClock.advance(60_000);

    const fed = await runFeedback(await deps());
    expect(fed.error).toBeNull();
    expect(fed.report.recycled).toBe(1);
    expect((await store.getHandoffRecords(['101'])).get('101')?.status).toBe('recycled');
    const [recycled] = (await store.getEpisodes(['101'])).get('101') ?? [];
    expect(recycled).toMatchObject({ salesStatus: 'recycled', salesforceContactId: contactId, won: false });
    const leadStamp = sfQuery(h, `SELECT SystemModstamp FROM Lead WHERE Id = '${leadId}'`)[0]?.SystemModstamp;

    // The contact qualifies again (fresh meetings) before the cool-off: nothing is written.
    const requalify = (): void => {
      for (let i = 0; i < 2; i++) h.sandbox.control.hubspot.logEngagement('101', 'meetings', { hs_meeting_outcome: 'COMPLETED', hs_meeting_title: 'Follow-up' });
    };
    sandboxClock.advance(10 * DAY);
    requalify();
    const early = await runSync(await deps());
    expect(early.error).toBeNull();
    expect(early.report.tasksCreated).toBe(0);
    expect(sfQuery(h, `SELECT Id FROM Task WHERE Handoff_Key__c = '101:2'`)).toEqual([]);

    // After the cool-off it opens episode 2: one Task on the Contact.
    sandboxClock.advance(25 * DAY);
    requalify();
    const reopened = await runSync(await deps());
    expect(reopened.error).toBeNull();
    expect(reopened.report).toMatchObject({ tasksCreated: 1, leadsCreated: 0, deadLettered: 0 });
    const tasks = sfQuery(h, `SELECT Id, WhoId FROM Task WHERE Handoff_Key__c = '101:2'`);
    expect(tasks).toEqual([expect.objectContaining({ WhoId: contactId })]);
    expect(sfQuery(h, `SELECT Id FROM Lead WHERE HubSpot_Contact_Id__c = '101'`)).toHaveLength(1);
    expect(sfQuery(h, `SELECT SystemModstamp FROM Lead WHERE Id = '${leadId}'`)[0]?.SystemModstamp).toBe(leadStamp);
    const episodes = (await store.getEpisodes(['101'])).get('101') ?? [];
    expect(episodes.map((e) => [e.episode, e.handoffKey, e.salesforceContactId])).toEqual([
      [1, '101:1', contactId],
      [2, '101:2', contactId],
    ]);
    expect((await store.getHandoffRecords(['101'])).get('101')).toMatchObject({ status: 'handed_off', episode: 2 });
    // The next feedback pass follows episode 2 on the Contact; the lost deal of episode 1 is not its.
    sandboxClock.advance(60_000);
    const next = await runFeedback(await deps());
    expect(next.error).toBeNull();
    expect((await store.getEpisodes(['101'])).get('101')?.[1]).toMatchObject({ episode: 2, salesStatus: 'handed_off', opportunityId: null, recycledAt: null });
    const props = (await (await deps()).hubspot.readContacts(['101'], ['handoff_episode', 'handoff_sales_status'])).contacts[0]?.properties;
    expect(props).toMatchObject({ handoff_episode: '2' });
    expect(props?.handoff_sales_status ?? '').toBe('');

    // Qualifying again later changes nothing: never a second Task for one episode.
    sandboxClock.advance(DAY);
    requalify();
    const again = await runSync(await deps());
    expect(again.error).toBeNull();
    expect(again.report.tasksCreated).toBe(0);
    expect(sfQuery(h, `SELECT Id FROM Task WHERE Handoff_Key__c LIKE '101:%'`)).toHaveLength(2);
    expect(sfQuery(h, `SELECT Id FROM Lead WHERE HubSpot_Contact_Id__c = '101'`)).toHaveLength(1);
  });
});
