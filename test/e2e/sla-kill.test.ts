import { spawnHandoff } from '../helpers/cli.js';
import type { ChildProcess } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { generateDataset, startSandbox, withUsers } from '@handoff/sandbox';
import type { RunningSandbox } from '@handoff/sandbox';
import { openStateStore } from '../../src/adapters/state/index.js';
import { loadConfig } from '../../src/config/load.js';
import { runSync } from '../../src/jobs/sync/run-sync.js';
import { noopLogger } from '../../src/lib/logger.js';
import { App } from '../../src/runtime/app.js';
import { routingUsers } from '../../src/runtime/cli/routing-users.js';
import { copyShippedConfig, editFile } from '../helpers/config-dir.js';
import { killWhen } from '../helpers/kill.js';
import { freshStateUrl } from '../helpers/pipeline.js';
import { FAKE_SLACK_TOKEN, startFakeSlack } from '../helpers/slack-server.js';
import type { FakeSlack } from '../helpers/slack-server.js';
import { startSmtpServer } from '../helpers/smtp-server.js';
import type { SmtpServer } from '../helpers/smtp-server.js';

/**
 * A real `handoff sla --once` process SIGKILLed at a random point (while it reads Salesforce, while
 * it reassigns, while it sends messages, or after a random delay), then run again to completion
 * and once more. Every overdue untouched Task must end with each step once, its reassignment in
 * Salesforce, every queued message sent, and no message sent twice beyond the one the documented
 * window allows for the kill. The state is a new SQLite file, or a schema of its own with
 * HANDOFF_TEST_STATE=postgres (npm run test:faults:postgres).
 */
const DAY = 86_400_000;
const children: ChildProcess[] = [];

function slaOnce(sandbox: RunningSandbox, env: Record<string, string>, extra: string[] = []): { proc: ChildProcess; done: Promise<{ code: number | null; stdout: string; stderr: string }> } {
  return spawnHandoff(['sla', '--once', '--json', ...extra], { ...sandbox.env, ...env, LOG_FORMAT: 'json', LOG_LEVEL: 'warn' }, children);
}

const count = (counters: Record<string, number>, pattern: RegExp): number => Object.entries(counters).filter(([k]) => pattern.test(k)).reduce((n, [, v]) => n + v, 0);

/** What each test started, stopped once all are done (children killed first). */
const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  for (const cleanup of cleanups) await cleanup();
});

/** The fake Slack and SMTP servers and a fresh state, stopped and dropped after the tests. */
async function fixtures(): Promise<{ slack: FakeSlack; smtp: SmtpServer; state: { url: string } }> {
  const slack = await startFakeSlack();
  const smtp = await startSmtpServer();
  const state = freshStateUrl();
  cleanups.push(slack.stop, smtp.stop, state.drop);
  return { slack, smtp, state };
}

/**
 * After the kill: the interrupted run (every point but the random delay is reached before it ends),
 * then a run to completion (the dead process's lease waited out) and one more; the last one's report.
 */
async function rerunAfterKill(sandbox: RunningSandbox, env: Record<string, string>, first: ReturnType<typeof slaOnce>, point: string, killed: boolean): Promise<unknown> {
  const interrupted = await first.done;
  if (point !== 'delay') expect(killed, `${point}: ${interrupted.stderr}`).toBe(true);
  const resumed = await slaOnce(sandbox, env).done;
  expect(resumed.code, resumed.stderr).toBe(0);
  const again = await slaOnce(sandbox, env).done;
  expect(again.code, again.stderr).toBe(0);
  return JSON.parse(again.stdout);
}

describe('the SLA watch killed with SIGKILL and run again (real processes)', () => {

  it('ends with each step once per Task, every message sent, none twice beyond the resend window', { timeout: 480_000 }, async () => {
    const { slack, smtp, state } = await fixtures();
    const dir = copyShippedConfig();
    editFile(dir, 'routing.yaml', (t) => t.replace(/(\n {4}calendar: [a-z-]+\n)( {4}members: \[)/g, '$1    lead: noah.tan@acme-sales.example\n$2'));
    editFile(dir, 'handoff.yaml', (t) =>
      t
        .replace('apiBaseUrl: https://slack.com/api', `apiBaseUrl: ${slack.baseUrl}`)
        .replace('from: null ', 'from: handoff@acme.example ')
        .replace('rules: []', 'rules: [{ tiers: [], on: [reminder, escalation, reassignment], channels: [slack, email], anyHour: true }]')
        .replace('policy: none ', 'policy: round-robin '),
    );
    const base = loadConfig({ env: {}, dir });
    const sandbox = await startSandbox({ dataset: withUsers(generateDataset({ contacts: 1500, seed: 14 }), routingUsers(base.routing)), rateLimits: false });
    cleanups.push(() => sandbox.stop());
    for (const u of sandbox.control.salesforce.query('SELECT Id, Email FROM User')) slack.users.set(String(u.Email).toLowerCase(), `U${String(u.Id).slice(-8)}`);
    const env = { HANDOFF_DATABASE_URL: state.url, HANDOFF_CONFIG_DIR: dir, SLACK_BOT_TOKEN: FAKE_SLACK_TOKEN, SMTP_URL: smtp.url, HANDOFF_CLOCK_URL: `${sandbox.salesforceUrl}/__sandbox/clock` };
    const app = new App({ config: loadConfig({ env: { ...sandbox.env, HANDOFF_DATABASE_URL: env.HANDOFF_DATABASE_URL }, dir }), logger: noopLogger });
    const sync = await runSync(await app.deps());
    await app.close();
    expect(sync.report.tasksCreated).toBeGreaterThan(20);
    // Reps close every third handoff Task; thirty days on, the rest are past due, escalation and reassignment.
    const tasks = sandbox.control.salesforce.query('SELECT Id, Handoff_Key__c FROM Task WHERE Handoff_Key__c != null ORDER BY Handoff_Key__c');
    tasks.forEach((t, i) => {
      if (i % 3 === 0) sandbox.control.salesforce.completeTask(String(t.Id));
    });
    sandbox.control.salesforce.clock.set(Date.now() + 30 * DAY);
    // The Tasks that get steps: overdue and untouched (a meeting on the record since the handoff is a touch).
    const dry = await slaOnce(sandbox, env, ['--dry-run']).done;
    expect(dry.code, dry.stderr).toBe(0);
    const open = (JSON.parse(dry.stdout) as { reminders: { handoffKey: string }[] }).reminders.map((r) => r.handoffKey);
    expect(open.length).toBeGreaterThan(10);

    const points = ['salesforce-read', 'reassign', 'slack-post', 'delay'] as const;
    // HANDOFF_SLA_KILL_POINT=slack-post (or another point) reproduces one case.
    const forced = points.find((p) => p === process.env.HANDOFF_SLA_KILL_POINT);
    const point = forced ?? points[Math.floor(Math.random() * points.length)] ?? 'delay';
    console.log(`sla kill point: ${point}`);
    const delayMs = 100 + Math.floor(Math.random() * 2500);
    const q0 = count(sandbox.control.salesforce.log.counters(), /query/);
    const w0 = count(sandbox.control.salesforce.log.counters(), /PATCH/);
    const started = Date.now();
    const first = slaOnce(sandbox, env);
    const killed = await new Promise<boolean>((resolve) => {
      const poll = setInterval(() => {
        const counters = sandbox.control.salesforce.log.counters() ?? {};
        const due =
          point === 'salesforce-read' ? count(counters, /query/) > q0 : point === 'reassign' ? count(counters, /PATCH/) > w0 : point === 'slack-post' ? slack.posts.length > 0 : Date.now() - started >= delayMs;
        if (due) {
          clearInterval(poll);
          resolve(first.proc.kill('SIGKILL'));
        }
      }, 2);
      void first.done.then(() => {
        clearInterval(poll);
        resolve(false);
      });
    });
    // Run again to completion (the dead process's lease and claims are waited out), then once more.
    expect(await rerunAfterKill(sandbox, env, first, point, killed)).toMatchObject({ reminders: [], escalations: [], reassignments: [], delivery: { sent: 0, failed: 0 } });

    const store = await openStateStore(state.url);
    try {
      const steps = await store.getSlaSteps(open);
      for (const key of open) expect((steps.get(key) ?? []).map((s) => s.step).sort(), key).toEqual(expect.arrayContaining(['escalation', 'reminder']));
      expect(await store.unappliedReassignments()).toEqual([]);
      // Each reassignment is in Salesforce, and in the ledger once.
      const reassigned = [...steps.values()].flat().filter((s) => s.step === 'reassignment');
      expect(reassigned.length).toBeGreaterThan(0);
      for (const s of reassigned) expect(sandbox.control.salesforce.query(`SELECT OwnerId FROM Task WHERE Id = '${s.taskId}'`)[0]?.OwnerId).toBe(s.toOwnerId);
      const ledger = await store.queryLedger({ action: 'sla.reassignment' });
      expect(new Set(ledger.filter((l) => l.result === 'ok').map((l) => l.hubspotId)).size).toBe(ledger.filter((l) => l.result === 'ok').length);
      // Every message sent; each post at most twice, and only the one the kill could have caught in its window.
      const messages = await store.listMessages();
      expect(messages.every((m) => m.status === 'sent')).toBe(true);
      const slackMessages = messages.filter((m) => m.channel === 'slack').length;
      const byText = new Map<string, number>();
      for (const p of slack.posts) byText.set(`${p.channel} ${p.text}`, (byText.get(`${p.channel} ${p.text}`) ?? 0) + 1);
      const repeated = [...byText.values()].filter((n) => n > 1);
      expect(repeated.every((n) => n === 2) && repeated.length <= 1).toBe(true);
      expect(slack.posts.length - repeated.length).toBe(slackMessages);
      const emails = messages.length - slackMessages;
      expect(smtp.messages.length - emails).toBeGreaterThanOrEqual(0);
      expect(smtp.messages.length - emails).toBeLessThanOrEqual(1);
    } finally {
      await store.close();
    }
  });
});

/**
 * The notifier alone: the `qualified` messages a sync queued with its handoffs, delivered by a real
 * `handoff sla --once` SIGKILLed at a random point (after the first Slack post, after a later one,
 * after the first email, or after a random delay), then run again to completion and once more. Every
 * message ends sent; each is received once, except at most one received twice: the one the kill
 * could catch between the channel's answer and its mark (the documented resend window).
 */
describe('the notifier killed with SIGKILL while it sends the qualified messages, and run again (real processes)', () => {

  it('sends every message, none twice beyond the one message the kill may catch in its window', { timeout: 480_000 }, async () => {
    const { slack, smtp, state } = await fixtures();
    const dir = copyShippedConfig();
    editFile(dir, 'handoff.yaml', (t) =>
      t
        .replace('apiBaseUrl: https://slack.com/api', `apiBaseUrl: ${slack.baseUrl}`)
        .replace('from: null ', 'from: handoff@acme.example ')
        // At any hour: every message is due at once, so the run that is killed has all of them to send.
        .replace('rules: []', 'rules: [{ tiers: [], on: [qualified], channels: [slack, email], anyHour: true }]'),
    );
    const base = loadConfig({ env: {}, dir });
    const sandbox = await startSandbox({ dataset: withUsers(generateDataset({ contacts: 1200, seed: 15 }), routingUsers(base.routing)), rateLimits: false });
    cleanups.push(() => sandbox.stop());
    for (const u of sandbox.control.salesforce.query('SELECT Id, Email FROM User')) slack.users.set(String(u.Email).toLowerCase(), `U${String(u.Id)}`);
    const env = { HANDOFF_DATABASE_URL: state.url, HANDOFF_CONFIG_DIR: dir, SLACK_BOT_TOKEN: FAKE_SLACK_TOKEN, SMTP_URL: smtp.url, HANDOFF_CLOCK_URL: `${sandbox.salesforceUrl}/__sandbox/clock` };
    // The sync queues one message per channel for each Task it creates, in the commit of the handoff.
    const app = new App({ config: loadConfig({ env: { ...sandbox.env, HANDOFF_DATABASE_URL: state.url }, dir }), logger: noopLogger, env: { SLACK_BOT_TOKEN: FAKE_SLACK_TOKEN, SMTP_URL: smtp.url } });
    const sync = await runSync(await app.deps());
    const queued = await (await app.store()).listMessages();
    await app.close();
    expect(sync.report.tasksCreated).toBeGreaterThan(20);
    expect(queued.length).toBe(2 * sync.report.tasksCreated);
    expect(queued.every((m) => m.kind === 'qualified' && m.status === 'pending')).toBe(true);

    const points = ['first-slack-post', 'later-slack-post', 'first-email', 'delay'] as const;
    // HANDOFF_NOTIFY_KILL_POINT=first-email (or another point) reproduces one case.
    const forced = points.find((p) => p === process.env.HANDOFF_NOTIFY_KILL_POINT);
    const point = forced ?? points[Math.floor(Math.random() * points.length)] ?? 'delay';
    console.log(`notifier kill point: ${point}`);
    const delayMs = 100 + Math.floor(Math.random() * 2500);
    const started = Date.now();
    const first = slaOnce(sandbox, env);
    const killed = await killWhen(first, () =>
      point === 'first-slack-post'
        ? slack.posts.length >= 1
        : point === 'later-slack-post'
          ? slack.posts.length >= 12
          : point === 'first-email'
            ? smtp.messages.length >= 1
            : Date.now() - started >= delayMs,
    );
    expect(await rerunAfterKill(sandbox, env, first, point, killed)).toMatchObject({ overdue: 0, delivery: { sent: 0, retrying: 0, failed: 0 } });

    const store = await openStateStore(state.url);
    try {
      const messages = await store.listMessages();
      expect(messages.map((m) => m.id).sort()).toEqual(queued.map((m) => m.id).sort());
      expect(messages.filter((m) => m.status !== 'sent')).toEqual([]);
      // Each message received by its recipient: once, or twice for at most one message in all.
      const users = new Map(sandbox.control.salesforce.query('SELECT Id, Email FROM User').map((u) => [String(u.Id), String(u.Email).toLowerCase()]));
      const mentions = (text: string, key: string): boolean => new RegExp(`(^|[^0-9])${key}([^0-9]|$)`).test(text);
      const times = messages.map((m) =>
        m.channel === 'slack'
          ? slack.posts.filter((p) => p.channel === `U${m.recipientId ?? ''}` && mentions(JSON.stringify(p.blocks), m.handoffKey ?? '')).length
          : smtp.messages.filter((x) => x.to.map((a) => a.toLowerCase()).includes(users.get(m.recipientId ?? '') ?? '-') && mentions(x.body, m.handoffKey ?? '')).length,
      );
      expect(times.every((n) => n === 1 || n === 2)).toBe(true);
      expect(times.filter((n) => n === 2).length).toBeLessThanOrEqual(1);
      expect(slack.posts.length + smtp.messages.length).toBe(times.reduce<number>((a, n) => a + (n ?? 0), 0));
    } finally {
      await store.close();
    }
  });
});
