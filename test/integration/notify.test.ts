import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMessenger } from '../../src/adapters/notify/messenger.js';
import type { Config } from '../../src/config/load.js';
import type { OutboxMessageInput } from '../../src/domain/outbox.js';
import { deliverMessages } from '../../src/jobs/notify/deliver.js';
import type { Logger } from '../../src/lib/logger.js';
import type { CustomNotification } from '../../src/adapters/salesforce/custom-notification.js';
import { fakeDeps } from '../helpers/fake-ports.js';
import type { FakeDeps } from '../helpers/fake-ports.js';
import { FAKE_SLACK_TOKEN, startFakeSlack } from '../helpers/slack-server.js';
import type { FakeSlack } from '../helpers/slack-server.js';
import { startSmtpServer } from '../helpers/smtp-server.js';
import type { SmtpServer } from '../helpers/smtp-server.js';

const NOW = Date.parse('2026-11-02T15:00:00.000Z');
const MIN = 60_000;

function notifyConfig(c: Config, slack: FakeSlack): Config {
  return {
    ...c,
    handoff: {
      ...c.handoff,
      notify: {
        ...c.handoff.notify,
        slack: { ...c.handoff.notify.slack, apiBaseUrl: slack.baseUrl, channel: 'C0SALES' },
        email: { ...c.handoff.notify.email, from: 'handoff@acme.example' },
        salesforce: { notificationType: 'Handoff_Lead' },
        rules: [{ tiers: [], on: ['qualified', 'reminder', 'escalation', 'reassignment'], channels: ['slack', 'email', 'slack-channel', 'salesforce'], anyHour: false }],
      },
    },
  };
}

function message(n: number, channel: OutboxMessageInput['channel'], over: Partial<OutboxMessageInput> = {}): OutboxMessageInput {
  return {
    key: `${n}:1:qualified:${channel}:005REP`,
    kind: 'qualified',
    channel,
    recipientId: channel === 'slack-channel' ? null : '005REP',
    hubspotId: String(n),
    handoffKey: `${n}:1`,
    body: { title: `New hot lead: Ada Lovelace ${n}`, lines: ['Why: VP of marketing', 'Due by 17:00'], link: 'https://acme.my.salesforce.com/00Q000000000001', targetId: '00Q000000000001', to: 'olivia@acme.example' },
    sendAfter: new Date(NOW).toISOString(),
    ...over,
  };
}

describe('the notifier', () => {
  let slack: FakeSlack;
  let smtp: SmtpServer;
  let deps: FakeDeps;
  let notifications: CustomNotification[];
  let logged: string[];

  beforeEach(async () => {
    slack = await startFakeSlack();
    slack.users.set('olivia@acme.example', 'U0OLIVIA');
    smtp = await startSmtpServer();
    notifications = [];
    logged = [];
    const logger: Logger = {
      error: (m, meta) => void logged.push(JSON.stringify([m, meta])),
      warn: (m, meta) => void logged.push(JSON.stringify([m, meta])),
      info: (m, meta) => void logged.push(JSON.stringify([m, meta])),
      debug: (m, meta) => void logged.push(JSON.stringify([m, meta])),
      child: () => logger,
    } as Logger;
    const base = await fakeDeps({ now: new Date(NOW).toISOString(), config: (c) => notifyConfig(c, slack), logger });
    const messenger = createMessenger({
      config: base.config.handoff.notify,
      env: { SLACK_BOT_TOKEN: FAKE_SLACK_TOKEN, SMTP_URL: smtp.url },
      clock: base.clock,
      logger,
      fetch,
      cache: base.state,
      salesforce: (n) => {
        notifications.push(n);
        return Promise.resolve();
      },
    });
    deps = { ...base, messenger };
  });

  afterEach(async () => {
    await slack.stop();
    await smtp.stop();
    await deps.state.close();
  });

  it('sends each queued message once on its channel, finds the rep in Slack by email once, and logs ids only', async () => {
    await deps.state.enqueueMessages([message(1, 'slack'), message(2, 'slack'), message(1, 'email'), message(1, 'slack-channel'), message(1, 'salesforce')]);
    expect(await deliverMessages(deps)).toEqual({ sent: 5, retrying: 0, failed: 0 });
    expect(slack.posts.map((p) => p.channel).sort()).toEqual(['C0SALES', 'U0OLIVIA', 'U0OLIVIA']);
    expect(slack.lookups).toEqual(['olivia@acme.example']);
    expect(slack.posts[0]?.text).toContain('New hot lead');
    expect(JSON.stringify(slack.posts[0]?.blocks)).toContain('<https://acme.my.salesforce.com/00Q000000000001|Open in Salesforce>');
    const mails = await smtp.waitFor(1);
    expect(mails).toHaveLength(1);
    expect(mails[0]?.to).toEqual(['olivia@acme.example']);
    expect(mails[0]?.headers.subject).toContain('New hot lead');
    expect(notifications).toEqual([{ recipientIds: ['005REP'], title: 'New hot lead: Ada Lovelace 1', body: 'Why: VP of marketing\nDue by 17:00', targetId: '00Q000000000001' }]);

    // A second pass finds nothing to send; what was sent keeps ids only.
    expect(await deliverMessages(deps)).toEqual({ sent: 0, retrying: 0, failed: 0 });
    expect(slack.posts).toHaveLength(3);
    const stored = await deps.state.listMessages();
    expect(stored.every((m) => m.status === 'sent' && m.body === null)).toBe(true);
    expect(logged.join('\n')).not.toMatch(/olivia@|Lovelace|xoxb/);
  });

  it('holds a message until its send time', async () => {
    await deps.state.enqueueMessages([message(1, 'slack', { sendAfter: new Date(NOW + 60 * MIN).toISOString() })]);
    expect(await deliverMessages(deps)).toEqual({ sent: 0, retrying: 0, failed: 0 });
    deps.clock.set(NOW + 60 * MIN);
    expect(await deliverMessages(deps)).toEqual({ sent: 1, retrying: 0, failed: 0 });
    expect(slack.posts).toHaveLength(1);
  });

  it('retries a rate-limited or failing Slack within the pass, then across passes after a backoff; sends once', async () => {
    slack.failNext('chat.postMessage', { status: 429, error: 'ratelimited', retryAfter: 2 }, { status: 500 });
    await deps.state.enqueueMessages([message(1, 'slack')]);
    expect(await deliverMessages(deps)).toEqual({ sent: 1, retrying: 0, failed: 0 });
    expect(slack.posts).toHaveLength(1);

    slack.failNext('chat.postMessage', { status: 503 }, { status: 503 }, { status: 503 });
    await deps.state.enqueueMessages([message(2, 'slack')]);
    expect(await deliverMessages(deps)).toEqual({ sent: 0, retrying: 1, failed: 0 });
    const [pending] = await deps.state.listMessages({ status: 'pending' });
    expect(pending?.lastError).toBe('SERVER_ERROR:HTTP_503');
    expect(Date.parse(pending?.nextAttemptAt ?? '')).toBeGreaterThan(deps.clock.now());
    expect(await deliverMessages(deps)).toEqual({ sent: 0, retrying: 0, failed: 0 });
    deps.clock.set(Date.parse(pending?.nextAttemptAt ?? ''));
    expect(await deliverMessages(deps)).toEqual({ sent: 1, retrying: 0, failed: 0 });
    expect(slack.posts).toHaveLength(2);
  });

  it('gives up on a permanent refusal at once (a rep Slack does not know), and on a channel after maxAttempts', async () => {
    await deps.state.enqueueMessages([message(1, 'slack', { body: { ...message(1, 'slack').body, to: 'nobody@acme.example' } })]);
    expect(await deliverMessages(deps)).toEqual({ sent: 0, retrying: 0, failed: 1 });
    expect((await deps.state.listMessages({ status: 'failed' }))[0]?.lastError).toBe('NOT_FOUND:users_not_found');

    const failing = { ...deps, config: { ...deps.config, handoff: { ...deps.config.handoff, notify: { ...deps.config.handoff.notify, worker: { ...deps.config.handoff.notify.worker, maxAttempts: 2 } } } } };
    slack.failNext('chat.postMessage', ...Array.from({ length: 6 }, () => ({ status: 500 })));
    await deps.state.enqueueMessages([message(2, 'slack')]);
    expect(await deliverMessages(failing)).toMatchObject({ retrying: 1 });
    deps.clock.advance(2 * 3_600_000);
    expect(await deliverMessages(failing)).toMatchObject({ failed: 1 });
    expect(slack.posts).toHaveLength(0);
  });
});
