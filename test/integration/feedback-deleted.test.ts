import { Connection } from 'jsforce';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SandboxClock } from '@handoff/sandbox';
import { runFeedback } from '../../src/jobs/feedback/run-feedback.js';
import { runSync } from '../../src/jobs/sync/run-sync.js';
import type { Deps } from '../../src/jobs/deps.js';
import { smallDataset } from '../fixtures/small-dataset.js';
import { startHarness } from '../helpers/pipeline.js';
import type { Harness } from '../helpers/pipeline.js';

const DAY = 86_400_000;

interface Lead {
  hubspotId: string;
  salesforceLeadId: string;
}

/**
 * Activities sales deletes in Salesforce, read with queryAll inside the one-query-per-object budget:
 * what happened stays recorded (a closed Task deleted later was still a touch), a meeting deleted
 * before its start was cancelled and never becomes a touch. Real jsforce against the sandbox.
 */
describe('feedback and deleted activities', () => {
  let h: Harness;
  let rep: Connection;
  const sandboxClock = new SandboxClock();
  // The jobs run on the sandbox's clock (startHarness with `clock`).
  const deps = (): Promise<Deps> => h.newDeps();
  const login = async (): Promise<void> => {
    rep = new Connection({ oauth2: { clientId: h.sandbox.env.SALESFORCE_CLIENT_ID ?? '', clientSecret: h.sandbox.env.SALESFORCE_CLIENT_SECRET ?? '', loginUrl: h.sandbox.salesforceUrl }, version: '64.0' });
    await rep.authorize({ grant_type: 'client_credentials' });
  };

  beforeAll(async () => {
    h = await startHarness(smallDataset(), { clock: sandboxClock });
    expect((await runSync(await deps())).report.tasksCreated).toBeGreaterThan(2);
    await login();
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('a cancelled (deleted) future meeting never becomes a touch; a deleted closed Task stays one; a quiet pass costs the same', async () => {
    const store = (await deps()).state;
    const onLeads = (await store.listEpisodes()).filter((e) => e.salesforceLeadId !== null && e.salesforceContactId === null);
    expect(onLeads.length).toBeGreaterThanOrEqual(3);
    const [a, b, c] = onLeads.map((e) => ({ hubspotId: e.hubspotId, salesforceLeadId: String(e.salesforceLeadId) })) as [Lead, Lead, Lead];
    sandboxClock.advance(60_000);
    // A: a meeting booked two days ahead. B: a call logged as done, then deleted before Handoff looked.
    // C: a call logged as done, seen by a pass, deleted afterwards.
    const start = new Date(sandboxClock.now() + 2 * DAY).toISOString();
    const meeting = await rep.sobject('Event').create({ WhoId: a.salesforceLeadId, Subject: 'Meeting', StartDateTime: start, DurationInMinutes: 30 });
    const call = (whoId: string) => rep.sobject('Task').create({ WhoId: whoId, Subject: 'Call', Status: 'Completed' });
    const bCall = await call(b.salesforceLeadId);
    const cCall = await call(c.salesforceLeadId);
    await rep.sobject('Task').destroy(String(bCall.id));
    sandboxClock.advance(60_000);

    const first = await runFeedback(await deps());
    expect(first.error).toBeNull();
    const after1 = (await store.getEpisodes([a.hubspotId, b.hubspotId, c.hubspotId]));
    expect(after1.get(a.hubspotId)?.[0]).toMatchObject({ firstTouchAt: null, meetingAt: null });
    expect(after1.get(b.hubspotId)?.[0]).toMatchObject({ firstTouchKind: 'task', salesStatus: 'working' });
    const cTouch = after1.get(c.hubspotId)?.[0]?.firstTouchAt;
    expect(cTouch).toEqual(expect.any(String));

    // The meeting is cancelled by deleting it, C's call is deleted; then the meeting's time passes.
    sandboxClock.advance(DAY);
    await login();
    await rep.sobject('Event').destroy(String(meeting.id));
    await rep.sobject('Task').destroy(String(cCall.id));
    sandboxClock.advance(2 * DAY);
    await login();
    const second = await runFeedback(await deps());
    expect(second.error).toBeNull();
    expect(second.report.eventsRead).toBe(1);
    const after2 = await store.getEpisodes([a.hubspotId, c.hubspotId]);
    expect(after2.get(a.hubspotId)?.[0]).toMatchObject({ firstTouchAt: null, meetingAt: null, salesStatus: 'handed_off', slaMet: false });
    expect(after2.get(c.hubspotId)?.[0]).toMatchObject({ firstTouchAt: cTouch, firstTouchKind: 'task' });

    // Nothing new: still one query per object, two API calls (the describes cached by the pass before).
    sandboxClock.advance(10 * 60_000);
    const quiet = await runFeedback(await deps());
    expect(quiet.report).toMatchObject({ episodesUpdated: 0, hubspotCalls: 0, soqlQueries: 6, salesforceCalls: 2 });
  });
});
