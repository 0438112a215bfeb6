import { Connection } from 'jsforce';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSync } from '../../src/jobs/sync/run-sync.js';
import type { FloorTruth } from '@handoff/sandbox';
import { smallDataset } from '../fixtures/small-dataset.js';
import { startHarness } from '../helpers/pipeline.js';
import type { Harness } from '../helpers/pipeline.js';

type Row = Record<string, unknown>;
const DAY = 86_400_000;
const sfTime = (iso: string): string => iso.replace('Z', '+0000');

/**
 * Handoff's own sync hands leads over; the sandbox's sales floor then works the Tasks Handoff created as
 * the clock runs 30 days, and what it says it did is what a connector reads back through jsforce.
 */
describe('the sales floor works the handoffs a sync created', () => {
  let h: Harness;
  let conn: Connection;
  let truth: FloorTruth;
  const control = (path: string, body?: unknown): Promise<unknown> =>
    fetch(`${h.sandbox.salesforceUrl}/__sandbox/${path}`, body === undefined ? {} : { method: 'POST', body: JSON.stringify(body) }).then((r) => r.json());

  beforeAll(async () => {
    h = await startHarness(smallDataset(), { salesFloor: { seed: 13 } });
    conn = new Connection({ oauth2: { clientId: h.sandbox.env.SALESFORCE_CLIENT_ID ?? '', clientSecret: h.sandbox.env.SALESFORCE_CLIENT_SECRET ?? '', loginUrl: h.sandbox.salesforceUrl }, version: '64.0' });
    await conn.authorize({ grant_type: 'client_credentials' });
    const sync = await runSync(await h.newDeps());
    expect(sync.report.tasksCreated).toBeGreaterThan(0);
    await control('clock', { advance: 30 * DAY });
    // Sessions live two hours on the sandbox clock.
    await conn.authorize({ grant_type: 'client_credentials' });
    truth = (await control('salesfloor/truth')) as FloorTruth;
  });
  afterAll(async () => h?.stop());

  it('knows every handoff Task the sync created, worked by its owner', async () => {
    const tasks = (await conn.query<Row>('SELECT Id, Handoff_Key__c, OwnerId, WhoId FROM Task WHERE Handoff_Key__c != null')).records;
    expect(truth).toMatchObject({ enabled: true, seed: 13 });
    expect(truth.handoffs.map((x) => x.key).sort()).toEqual(tasks.map((t) => String(t.Handoff_Key__c)).sort());
    for (const t of tasks) {
      const x = truth.handoffs.find((y) => y.key === t.Handoff_Key__c);
      expect(x).toMatchObject({ taskId: t.Id, repId: t.OwnerId });
      // Conversion moves the Lead's Tasks to the new Contact.
      expect(t.WhoId).toBe(x?.conversion?.contactId ?? x?.whoId);
    }
    expect(truth.handoffs.some((x) => x.firstTouch !== null)).toBe(true);
  });

  it('each touch and each closed Task is in the records at the time the truth gives', async () => {
    const closed = (await conn.query<Row>('SELECT Handoff_Key__c, CompletedDateTime, Handoff_Outcome__c FROM Task WHERE Handoff_Key__c != null AND IsClosed = true')).records;
    expect(closed.map((t) => [t.Handoff_Key__c, t.CompletedDateTime]).sort()).toEqual(
      truth.handoffs.filter((x) => x.taskCompletedAt).map((x) => [x.key, sfTime(x.taskCompletedAt ?? '')]).sort(),
    );
    const logged = (await conn.query<Row>('SELECT Id, CompletedDateTime FROM Task WHERE Handoff_Key__c = null AND IsClosed = true')).records;
    for (const a of truth.handoffs.flatMap((x) => x.attempts.filter((t) => t.kind === 'call' || t.kind === 'email'))) {
      expect(logged.find((l) => l.Id === a.activityId)?.CompletedDateTime).toBe(sfTime(a.at));
    }
    const history = (await conn.query<Row>("SELECT LeadId, NewValue, CreatedDate FROM LeadHistory WHERE Field = 'Status'")).records;
    for (const x of truth.handoffs) {
      for (const s of x.statusChanges) expect(history).toContainEqual(expect.objectContaining({ LeadId: x.whoId, NewValue: s.to, CreatedDate: sfTime(s.at) }));
    }
  });
});
