import { Connection } from 'jsforce';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { runSync } from '../../src/jobs/sync/run-sync.js';
import { deliverMessages } from '../../src/jobs/notify/deliver.js';
import { runSlaWatch } from '../../src/jobs/sla/watch.js';
import type { WatchReport } from '../../src/jobs/sla/watch.js';
import { noopLogger } from '../../src/lib/logger.js';
import { App } from '../../src/runtime/app.js';
import { withWriterLock } from '../../src/runtime/lease/writer-lock.js';
import { smallDataset } from '../fixtures/small-dataset.js';
import { copyShippedConfig, editFile } from '../helpers/config-dir.js';
import { systemClock } from '../../src/ports/clock.js';
import type { Clock } from '../../src/ports/clock.js';
import { sfQuery, startHarness } from '../helpers/pipeline.js';
import type { Harness } from '../helpers/pipeline.js';
import { FAKE_SLACK_TOKEN, startFakeSlack } from '../helpers/slack-server.js';
import type { FakeSlack } from '../helpers/slack-server.js';
import { startSmtpServer } from '../helpers/smtp-server.js';
import type { SmtpServer } from '../helpers/smtp-server.js';

const DAY = 86_400_000;

/** The system clock moved by `offsetMs`: leases renew on real time while the watch sees another day. */
function shiftedClock(offsetMs: number): Clock {
  return { now: () => Date.now() + offsetMs, sleep: systemClock.sleep };
}

/** The shipped config with every team led by someone, notify rules on every channel, and round-robin reassignment. */
function slaConfigDir(slackUrl: string): string {
  const dir = copyShippedConfig();
  editFile(dir, 'routing.yaml', (t) => t.replace(/(\n {4}calendar: [a-z-]+\n)( {4}members: \[)/g, '$1    lead: noah.tan@acme-sales.example\n$2'));
  editFile(dir, 'handoff.yaml', (t) =>
    t
      .replace('apiBaseUrl: https://slack.com/api', `apiBaseUrl: ${slackUrl}`)
      .replace('channel: null ', 'channel: C0SALES ')
      .replace('from: null ', 'from: handoff@acme.example ')
      .replace('notificationType: null ', 'notificationType: Handoff_SLA ')
      .replace('rules: []', 'rules: [{ tiers: [], on: [reminder, escalation, reassignment], channels: [slack, email, salesforce] }, { tiers: [], on: [escalation], channels: [slack-channel], anyHour: true }]')
      .replace('policy: none ', 'policy: round-robin '),
  );
  return dir;
}

describe('the SLA watch against the sandbox', () => {
  let h: Harness;
  let slack: FakeSlack;
  let smtp: SmtpServer;
  let later: Clock;
  let first: WatchReport;
  let before: Map<string, Record<string, unknown>>;
  let touchedKey: string;

  const app = (clock = later): App => {
    const config = loadConfig({ env: { ...h.sandbox.env, HANDOFF_DATABASE_URL: h.dbUrl }, dir: h.config.dir });
    return new App({ config, logger: noopLogger, clock, retry: { retries: 2, baseDelayMs: 5, maxDelayMs: 20 }, env: { SLACK_BOT_TOKEN: FAKE_SLACK_TOKEN, SMTP_URL: smtp.url } });
  };
  const tasks = () => new Map(sfQuery(h, 'SELECT Id, Handoff_Key__c, OwnerId, WhoId, Handoff_SLA_Due__c, ActivityDate FROM Task WHERE Handoff_Key__c != null').map((t) => [String(t.Handoff_Key__c), t]));

  beforeAll(async () => {
    slack = await startFakeSlack();
    smtp = await startSmtpServer();
    h = await startHarness(smallDataset(), { dir: slaConfigDir(slack.baseUrl) });
    // The notification type `handoff setup` creates for notify.salesforce.notificationType.
    const store = h.sandbox.control.salesforce.store;
    store.put('CustomNotificationType', { Id: store.ids.generate('0ML'), DeveloperName: 'Handoff_SLA', MasterLabel: 'Handoff SLA', Desktop: true, Mobile: true });
    for (const u of sfQuery(h, 'SELECT Id, Email FROM User')) slack.users.set(String(u.Email).toLowerCase(), `U${String(u.Id).slice(-6)}`);
    expect((await runSync(await h.newDeps())).error).toBeNull();
    before = tasks();
    // A rep logs a call on one lead: a closed Task after the handoff is a touch.
    const [key, task] = [...before.entries()].find(([, t]) => String(t.WhoId).startsWith('00Q')) ?? [];
    touchedKey = key ?? '';
    const conn = new Connection({ oauth2: { clientId: h.sandbox.env.SALESFORCE_CLIENT_ID ?? '', clientSecret: h.sandbox.env.SALESFORCE_CLIENT_SECRET ?? '', loginUrl: h.sandbox.salesforceUrl }, version: '64.0' });
    await conn.authorize({ grant_type: 'client_credentials' });
    await conn.sobject('Task').create({ WhoId: task?.WhoId, Subject: 'Call', Status: 'Completed', OwnerId: task?.OwnerId });
    // Thirty days on, every other Task is past its SLA, past escalation and past reassignment.
    later = shiftedClock(30 * DAY);
    const a = app();
    first = await withWriterLock(a, 'sla', async (fence) => runSlaWatch(await a.deps(), { fence }));
    await a.close();
    // Messages to reps wait for their business hours: deliver once all of them have begun.
    const d = app(shiftedClock(34 * DAY));
    await deliverMessages(await d.deps());
    await d.close();
  });
  afterAll(async () => {
    await h?.stop();
    await slack?.stop();
    await smtp?.stop();
  });

  it('takes each step once for every overdue untouched Task, none for the touched one', () => {
    const untouched = [...before.keys()].filter((k) => k !== touchedKey).sort();
    expect(first.overdue).toBe(before.size);
    expect(first.touched).toBe(1);
    expect(first.reminders.map((r) => r.handoffKey).sort()).toEqual(untouched);
    expect(first.escalations.map((r) => r.handoffKey).sort()).toEqual(untouched);
    expect(first.reassignments.every((r) => untouched.includes(r.handoffKey) && r.toOwnerId !== r.fromOwnerId)).toBe(true);
    // The team's lead hears of it; the integration user (owner of a Contact Handoff did not route) has nobody.
    const integration = sfQuery(h, "SELECT Id FROM User WHERE Username = 'integration@acme-sales.example'")[0]?.Id;
    expect(first.escalations.filter((e) => e.ownerId !== integration).every((e) => e.recipientId !== null)).toBe(true);
  });

  it('moves each reassigned Task and its Lead to the new owner with a new due time; a Contact keeps its owner', () => {
    const after = tasks();
    expect(first.reassignments.length).toBeGreaterThan(0);
    for (const r of first.reassignments) {
      const t = after.get(r.handoffKey);
      expect(t?.OwnerId).toBe(r.toOwnerId);
      expect(new Date(String(t?.Handoff_SLA_Due__c)).toISOString()).toBe(r.dueAt);
      const who = String(t?.WhoId);
      if (who.startsWith('00Q')) expect(sfQuery(h, `SELECT OwnerId FROM Lead WHERE Id = '${who}'`)[0]?.OwnerId).toBe(r.toOwnerId);
      else expect(sfQuery(h, `SELECT OwnerId FROM Contact WHERE Id = '${who}'`)[0]?.OwnerId).not.toBe(r.toOwnerId);
    }
  });

  it('sends each message once: Slack, email and Salesforce custom notifications, counted by the fakes', async () => {
    const steps = first.reminders.length + first.escalations.length + first.reassignments.length;
    const people = (ids: (string | null)[]): number => new Set(ids.filter((id) => id !== null)).size;
    const direct =
      first.reminders.length +
      first.escalations.filter((e) => e.recipientId !== null).length +
      first.reassignments.reduce((n, r) => n + people([r.fromOwnerId, r.recipientId]), 0);
    expect(steps).toBeGreaterThan(0);
    expect(slack.posts.filter((p) => p.channel !== 'C0SALES')).toHaveLength(direct);
    expect(slack.posts.filter((p) => p.channel === 'C0SALES')).toHaveLength(first.escalations.length);
    expect(direct).toBeGreaterThan(first.reminders.length);
    expect(await smtp.waitFor(direct)).toHaveLength(direct);
    const notified = (await (await fetch(`${h.sandbox.salesforceUrl}/__sandbox/notifications`)).json()) as unknown[];
    expect(notified).toHaveLength(direct);
    // Nothing again on the next pass, and nothing more to send.
    const a = app();
    const again = await withWriterLock(a, 'sla', async (fence) => runSlaWatch(await a.deps(), { fence }));
    expect([again.reminders, again.escalations, again.reassignments]).toEqual([[], [], []]);
    expect(await deliverMessages(await a.deps())).toEqual({ sent: 0, retrying: 0, failed: 0 });
    await a.close();
    expect(slack.posts).toHaveLength(direct + first.escalations.length);
  });

  it('a quiet pass costs one Salesforce query', async () => {
    const a = app(shiftedClock(-DAY));
    const report = await runSlaWatch(await a.deps());
    expect(report.overdue).toBe(0);
    expect((await a.salesforce()).totalCalls).toBe(1);
    await a.close();
  });
});
