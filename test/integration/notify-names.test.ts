import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { runSync } from '../../src/jobs/sync/run-sync.js';
import { deliverMessages } from '../../src/jobs/notify/deliver.js';
import { runSlaWatch } from '../../src/jobs/sla/watch.js';
import type { WatchReport } from '../../src/jobs/sla/watch.js';
import { App } from '../../src/runtime/app.js';
import { withWriterLock } from '../../src/runtime/lease/writer-lock.js';
import { systemClock } from '../../src/ports/clock.js';
import type { Clock } from '../../src/ports/clock.js';
import { smallDataset } from '../fixtures/small-dataset.js';
import { copyShippedConfig, editFile } from '../helpers/config-dir.js';
import { memoryLogger } from '../helpers/fault-harness.js';
import { sfQuery, startHarness } from '../helpers/pipeline.js';
import type { Harness } from '../helpers/pipeline.js';
import { FAKE_SLACK_TOKEN, startFakeSlack } from '../helpers/slack-server.js';
import type { FakeSlack } from '../helpers/slack-server.js';
import { startSmtpServer } from '../helpers/smtp-server.js';
import type { SmtpServer } from '../helpers/smtp-server.js';

const DAY = 86_400_000;

/** Everything the smallDataset's people are called (names and companies), as a log must never show them. */
const PERSONAL = /scully|skinner|reyes|doggett|byers|spender|covarrubias|acme corp|dana|walter|monica|marita/i;

/**
 * The admin names leads on Slack and email, not in Salesforce notifications; the rep is told at once
 * when a lead qualifies and reminded when its SLA runs out.
 */
function namesConfigDir(slackUrl: string): string {
  const dir = copyShippedConfig();
  editFile(dir, 'handoff.yaml', (t) =>
    t
      .replace('apiBaseUrl: https://slack.com/api', `apiBaseUrl: ${slackUrl}`)
      .replace('from: null ', 'from: handoff@acme.example ')
      .replace('notificationType: null ', 'notificationType: Handoff_SLA ')
      .replace('nameLeadOn: [slack, salesforce]', 'nameLeadOn: [slack, email]')
      .replace('rules: []', 'rules: [{ tiers: [], on: [qualified, reminder], channels: [slack, email, salesforce], anyHour: true }]'),
  );
  return dir;
}

const shiftedClock = (offsetMs: number): Clock => ({ now: () => Date.now() + offsetMs, sleep: systemClock.sleep });

describe('messages name the lead and link to it only in the body, on the channels the admin chose; logs keep ids', () => {
  let h: Harness;
  let slack: FakeSlack;
  let smtp: SmtpServer;
  const logger = memoryLogger();
  let watch: WatchReport;
  let baseUrl: string;

  const app = (clock: Clock = systemClock): App => {
    const config = loadConfig({ env: { ...h.sandbox.env, HANDOFF_DATABASE_URL: h.dbUrl, LOG_LEVEL: 'debug' }, dir: h.config.dir });
    return new App({ config, logger, clock, retry: { retries: 2, baseDelayMs: 5, maxDelayMs: 20 }, env: { SLACK_BOT_TOKEN: FAKE_SLACK_TOKEN, SMTP_URL: smtp.url } });
  };

  beforeAll(async () => {
    slack = await startFakeSlack();
    smtp = await startSmtpServer();
    h = await startHarness(smallDataset(), { dir: namesConfigDir(slack.baseUrl) });
    baseUrl = h.sandbox.salesforceUrl.replace(/\/+$/, '');
    const store = h.sandbox.control.salesforce.store;
    store.put('CustomNotificationType', { Id: store.ids.generate('0ML'), DeveloperName: 'Handoff_SLA', MasterLabel: 'Handoff SLA', Desktop: true, Mobile: true });
    for (const u of sfQuery(h, 'SELECT Id, Email FROM User')) slack.users.set(String(u.Email).toLowerCase(), `U${String(u.Id).slice(-6)}`);
    const now = app();
    expect((await runSync(await now.deps())).error).toBeNull();
    expect((await deliverMessages(await now.deps())).failed).toBe(0);
    await now.close();
    // A month on, every Task is past its SLA: each owner gets a reminder.
    const later = app(shiftedClock(30 * DAY));
    watch = await withWriterLock(later, 'sla', async (fence) => runSlaWatch(await later.deps(), { fence }));
    expect((await deliverMessages(await later.deps())).failed).toBe(0);
    await later.close();
  }, 120_000);
  afterAll(async () => {
    await h?.stop();
    await slack?.stop();
    await smtp?.stop();
  });

  const leadOf = (hubspotId: string): string => String(sfQuery(h, `SELECT Id FROM Lead WHERE HubSpot_Contact_Id__c = '${hubspotId}'`)[0]?.Id);
  const slackText = (p: { blocks: unknown[] }): string => JSON.stringify(p.blocks);

  it('Slack direct messages: the lead by first and last name and company, with its link, in the message; the notification preview names no one', () => {
    expect(watch.reminders.length).toBeGreaterThan(0);
    const lead101 = leadOf('101');
    const about101 = slack.posts.filter((p) => slackText(p).includes('101:1'));
    // The qualified message (from HubSpot's contact) and the reminder (read back from the Salesforce Lead).
    expect(about101).toHaveLength(2);
    for (const p of about101) {
      expect(slackText(p)).toMatch(/Lead: Dana Scully, Acme Corp/);
      expect(slackText(p)).toContain(`${baseUrl}/${lead101}|Open in Salesforce`);
      expect(p.text).toMatch(/handoff 101:1/);
      expect(p.text).not.toMatch(PERSONAL);
    }
    // A Task on a matched Contact: the reminder names the Contact as Salesforce has it.
    const reminder104 = slack.posts.find((p) => slackText(p).includes('104:1') && p.text.startsWith('Past its SLA'));
    expect(slackText(reminder104 ?? { blocks: [] })).toMatch(/Lead: Monica Reyes|Lead: Reyes/);
    expect(slack.posts.every((p) => slackText(p).includes('Lead: '))).toBe(true);
  });

  it('email: the name and link in the body, never in the subject', async () => {
    const mails = await smtp.waitFor(slack.posts.length);
    expect(mails).toHaveLength(slack.posts.length);
    const about101 = mails.filter((m) => m.headers.subject?.includes('101:1'));
    expect(about101).toHaveLength(2);
    for (const m of about101) {
      expect(m.body).toContain('Lead: Dana Scully, Acme Corp');
      expect(m.body).toContain(`${baseUrl}/${leadOf('101')}`);
    }
    for (const m of mails) expect(m.headers.subject ?? '').not.toMatch(PERSONAL);
  });

  it('Salesforce custom notifications, not chosen for names: record ids only', async () => {
    const notified = (await (await fetch(`${h.sandbox.salesforceUrl}/__sandbox/notifications`)).json()) as unknown[];
    expect(notified).toHaveLength(slack.posts.length);
    expect(JSON.stringify(notified)).not.toMatch(PERSONAL);
    expect(JSON.stringify(notified)).toContain('101:1');
  });

  it('no log line carries a name or company', () => {
    expect(logger.lines.some((l) => l.message === 'notify message')).toBe(true);
    const leaked = logger.lines.filter((l) => PERSONAL.test(JSON.stringify(l)));
    expect(leaked).toEqual([]);
  });
});
