import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createAlerter, defaultMailTransportFactory } from '../../src/adapters/alerts/index.js';
import { ConfigError } from '../../src/domain/errors.js';
import type { Alert, AlertSeverity } from '../../src/adapters/alerts/index.js';
import { handoffSchema } from '../../src/config/handoff.js';
import type { HandoffConfig } from '../../src/config/handoff.js';
import { virtualClock } from '../helpers/virtual-clock.js';
import type { LogMeta, Logger } from '../../src/lib/logger.js';
import { startSmtpServer } from '../helpers/smtp-server.js';
import type { SmtpServer } from '../helpers/smtp-server.js';

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  raw: Buffer;
}

interface Receiver {
  url: string;
  requests: Received[];
  server: Server;
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** A real HTTP endpoint that records every request and answers with `status` (or never, for 'hang'). */
async function startReceiver(status: number | 'hang' = 200): Promise<Receiver> {
  const requests: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      requests.push({ path: req.url ?? '', headers: req.headers, raw: Buffer.concat(chunks) });
      if (status === 'hang') return;
      res.writeHead(status, { 'content-type': 'text/plain' }).end(status === 200 ? 'ok' : 'boom');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  cleanups.push(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  return { url: `http://127.0.0.1:${port}/hooks/T000/B000/s3cr3tpath`, requests, server };
}

async function smtp(): Promise<SmtpServer> {
  const s = await startSmtpServer();
  cleanups.push(() => s.stop());
  return s;
}

/** A port that was just free: connecting to it is refused. */
async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}/hook`;
}

interface LogEntry {
  level: 'error' | 'warn' | 'info' | 'debug';
  message: string;
  meta: LogMeta;
}

function captureLogger(): Logger & { entries: LogEntry[]; text(): string } {
  const entries: LogEntry[] = [];
  const make = (bound: LogMeta): Logger => {
    const at =
      (level: LogEntry['level']) =>
      (message: string, meta?: LogMeta): void => {
        entries.push({ level, message, meta: { ...bound, ...meta } });
      };
    return { error: at('error'), warn: at('warn'), info: at('info'), debug: at('debug'), child: (m) => make({ ...bound, ...m }) };
  };
  return Object.assign(make({}), { entries, text: () => JSON.stringify(entries) });
}

function alertsConfig(alerts: unknown): HandoffConfig['alerts'] {
  return handoffSchema.parse({ alerts }).alerts;
}

const T0 = Date.parse('2025-03-03T09:00:00Z');
const SECRET = 'whsec_test_6f1c2b';

function alert(overrides: Partial<Alert> = {}): Alert {
  return {
    key: 'cycle.failed',
    severity: 'critical',
    title: 'Sync cycle failed',
    detail: 'The cycle stopped with SERVER_ERROR.',
    fields: { errorCode: 'SERVER_ERROR', cycleId: 42 },
    at: new Date(T0),
    ...overrides,
  };
}

function json(r: Received | undefined): Record<string, unknown> {
  return JSON.parse(r?.raw.toString('utf8') ?? 'null') as Record<string, unknown>;
}

const routesAll = (names: string[]): Record<AlertSeverity, string[]> => ({ critical: names, warning: names, info: names });

describe('slack channel', () => {
  it('posts {text, blocks} with the title to the incoming-webhook URL from the environment', async () => {
    const slack = await startReceiver();
    const alerter = createAlerter({
      config: alertsConfig({ channels: [{ type: 'slack' }], routes: { critical: ['slack'], warning: [], info: [] } }),
      env: { SLACK_WEBHOOK_URL: slack.url },
      logger: captureLogger(),
      clock: virtualClock(T0),
    });
    await alerter.raise(alert({ title: 'Sync cycle failed <at> Acme & co' }));
    await alerter.raise(alert({ key: 'deadletters.threshold', severity: 'warning', title: 'Not routed to Slack' }));

    expect(slack.requests).toHaveLength(1);
    const req = slack.requests[0];
    expect(req?.path).toBe('/hooks/T000/B000/s3cr3tpath');
    expect(req?.headers['content-type']).toBe('application/json');
    const body = json(req);
    expect(body.text).toContain('Sync cycle failed &lt;at&gt; Acme &amp; co');
    expect(body.text).toContain('[CRITICAL]');
    expect(JSON.stringify(body.blocks)).toContain('The cycle stopped with SERVER_ERROR.');
    expect(JSON.stringify(body.blocks)).toContain('cycleId: 42');
  });
});

describe('webhook channel', () => {
  it('signs the raw body with HMAC-SHA256 of the secret and sends the documented body', async () => {
    const hook = await startReceiver();
    const clock = virtualClock(T0);
    const alerter = createAlerter({
      config: alertsConfig({ channels: [{ type: 'webhook' }], routes: routesAll(['webhook']) }),
      env: { ALERT_WEBHOOK_URL: hook.url, ALERT_WEBHOOK_SECRET: SECRET },
      logger: captureLogger(),
      clock,
    });
    await alerter.raise(alert());

    const req = hook.requests[0];
    expect(req).toBeDefined();
    const header = String(req?.headers['x-handoff-signature']);
    expect(header).toMatch(/^sha256=[0-9a-f]{64}$/);
    const expected = Buffer.from(`sha256=${createHmac('sha256', SECRET).update(req?.raw ?? '').digest('hex')}`);
    expect(timingSafeEqual(Buffer.from(header), expected)).toBe(true);
    // A different secret must not verify.
    expect(header).not.toBe(`sha256=${createHmac('sha256', 'other').update(req?.raw ?? '').digest('hex')}`);
    const ts = Number(req?.headers['x-handoff-timestamp']);
    expect(Math.abs(ts - Math.floor(clock.now() / 1000))).toBeLessThanOrEqual(1);
    // The new header covers the timestamp too, so a captured request cannot be replayed later.
    const v2 = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(String(req?.headers['x-handoff-signature-256']));
    expect(v2).not.toBeNull();
    expect(Number(v2?.[1])).toBe(ts);
    const signed = createHmac('sha256', SECRET).update(`${v2?.[1]}.`).update(req?.raw ?? '').digest();
    expect(timingSafeEqual(Buffer.from(v2?.[2] ?? '', 'hex'), signed)).toBe(true);
    const otherTime = createHmac('sha256', SECRET).update(`${ts + 60}.`).update(req?.raw ?? '').digest('hex');
    expect(v2?.[2]).not.toBe(otherTime);
    expect(json(req)).toEqual({
      key: 'cycle.failed',
      severity: 'critical',
      title: 'Sync cycle failed',
      detail: 'The cycle stopped with SERVER_ERROR.',
      fields: { errorCode: 'SERVER_ERROR', cycleId: 42 },
      at: '2025-03-03T09:00:00.000Z',
    });
  });

  it('a 500 from the receiver is logged without URL or secret, never thrown, and other channels still get the alert', async () => {
    const failing = await startReceiver(500);
    const healthy = await startReceiver();
    const logger = captureLogger();
    const alerter = createAlerter({
      config: alertsConfig({
        channels: [
          { type: 'webhook', name: 'broken', urlEnv: 'BROKEN_URL', secretEnv: 'HOOK_SECRET' },
          { type: 'webhook', name: 'good', urlEnv: 'GOOD_URL', secretEnv: 'HOOK_SECRET' },
          { type: 'log' },
        ],
        routes: routesAll(['broken', 'good', 'log']),
      }),
      env: { BROKEN_URL: failing.url, GOOD_URL: healthy.url, HOOK_SECRET: SECRET },
      logger,
      clock: virtualClock(T0),
    });
    await expect(alerter.raise(alert())).resolves.toBeUndefined();

    expect(failing.requests).toHaveLength(1);
    expect(healthy.requests).toHaveLength(1);
    expect(logger.entries.some((e) => e.level === 'error' && e.message === 'alert: Sync cycle failed')).toBe(true);
    const failure = logger.entries.find((e) => e.message.includes('"broken" failed'));
    expect(failure?.meta).toMatchObject({ channel: 'broken', alertKey: 'cycle.failed', reason: 'HTTP 500' });
    expect(logger.text()).not.toContain('s3cr3tpath');
    expect(logger.text()).not.toContain(SECRET);
    expect(alerter.stats()).toEqual({ delivered: 2, failed: 1, suppressed: 0 });
  });

  it('a refused connection and a receiver that never answers are logged failures within the timeout', async () => {
    const hanging = await startReceiver('hang');
    const refused = await closedPortUrl();
    const logger = captureLogger();
    const alerter = createAlerter({
      config: alertsConfig({
        channels: [
          { type: 'webhook', name: 'refused', urlEnv: 'REFUSED_URL' },
          { type: 'slack', name: 'slow', urlEnv: 'SLOW_URL' },
        ],
        routes: routesAll(['refused', 'slow']),
      }),
      env: { REFUSED_URL: refused, SLOW_URL: hanging.url, ALERT_WEBHOOK_SECRET: SECRET },
      logger,
      clock: virtualClock(T0),
      webhookTimeoutMs: 300,
    });
    const started = Date.now();
    await alerter.raise(alert());
    expect(Date.now() - started).toBeLessThan(3_000);

    const reasons = Object.fromEntries(
      logger.entries.filter((e) => e.message.endsWith('failed')).map((e) => [e.meta.channel, e.meta.reason]),
    );
    expect(reasons).toEqual({ refused: 'ECONNREFUSED', slow: 'timeout after 300 ms' });
    expect(logger.text()).not.toContain('127.0.0.1');
  });
});

describe('email channel', () => {
  it('sends over SMTP with subject [Handoff][SEVERITY] title and the detail in the body', async () => {
    const mail = await smtp();
    const alerter = createAlerter({
      config: alertsConfig({
        channels: [{ type: 'email', from: 'handoff@example.com', to: ['ops@example.com', 'oncall@example.com'] }],
        routes: routesAll(['email']),
      }),
      env: { SMTP_URL: mail.url },
      logger: captureLogger(),
      clock: virtualClock(T0),
    });
    await alerter.raise(alert({ key: 'auth.salesforce', title: 'Authentication with Salesforce failed' }));

    const [message] = await mail.waitFor(1);
    expect(message?.from).toBe('handoff@example.com');
    expect(message?.to).toEqual(['ops@example.com', 'oncall@example.com']);
    expect(message?.headers.subject).toBe('[Handoff][CRITICAL] Authentication with Salesforce failed');
    expect(message?.body).toContain('The cycle stopped with SERVER_ERROR.');
    expect(message?.body).toContain('key: auth.salesforce');
    expect(message?.body).toContain('cycleId: 42');
  });

  it('an unreachable SMTP server is a logged failure', async () => {
    const logger = captureLogger();
    const refused = (await closedPortUrl()).replace('http://', 'smtp://user:hunter2@').replace('/hook', '');
    const alerter = createAlerter({
      config: alertsConfig({
        channels: [{ type: 'email', from: 'handoff@example.com', to: ['ops@example.com'] }],
        routes: routesAll(['email']),
      }),
      env: { SMTP_URL: refused },
      logger,
      clock: virtualClock(T0),
    });
    await alerter.raise(alert());
    expect(logger.entries.find((e) => e.message.endsWith('failed'))?.meta.reason).toBe('ESOCKET ECONNREFUSED');
    expect(logger.text()).not.toContain('hunter2');
  });
});

describe('transport security', () => {
  const emailConfig = (extra: Record<string, unknown> = {}): HandoffConfig['alerts'] =>
    alertsConfig({
      channels: [{ type: 'email', from: 'handoff@example.com', to: ['ops@example.com'] }],
      routes: routesAll(['email']),
      ...extra,
    });

  it('requires STARTTLS for smtp:// to anything but loopback, unless alerts.email.allowInsecure', async () => {
    const seen: { url: string; requireTLS: boolean }[] = [];
    const factory = (url: string, security?: { requireTLS: boolean }) => {
      seen.push({ url, requireTLS: security?.requireTLS ?? false });
      return { sendMail: () => Promise.resolve() };
    };
    for (const [url, config] of [
      ['smtp://user:pw@mail.example.com:587', emailConfig()],
      ['smtp://user:pw@127.0.0.1:2525', emailConfig()],
      ['smtp://user:pw@localhost:2525', emailConfig()],
      ['smtp://user:pw@mail.example.com:587', emailConfig({ email: { allowInsecure: true } })],
    ] as const) {
      const alerter = createAlerter({ config, env: { SMTP_URL: url }, logger: captureLogger(), clock: virtualClock(T0), transportFactory: factory });
      await alerter.raise(alert());
    }
    expect(seen.map((s) => s.requireTLS)).toEqual([true, false, false, false]);
  });

  it('with TLS required, a server without STARTTLS never gets the message or the password', async () => {
    const mail = await smtp();
    const transport = defaultMailTransportFactory(mail.url.replace('smtp://', 'smtp://user:hunter2@'), { requireTLS: true });
    await expect(transport.sendMail({ from: 'handoff@example.com', to: ['ops@example.com'], subject: 's', text: 't' })).rejects.toThrow();
    expect(mail.messages).toHaveLength(0);
  });

  it('refuses an http:// Slack URL outside loopback at startup, saying why', () => {
    const build = (url: string) =>
      createAlerter({
        config: alertsConfig({ channels: [{ type: 'slack' }], routes: routesAll(['slack']) }),
        env: { SLACK_WEBHOOK_URL: url },
        logger: captureLogger(),
        clock: virtualClock(T0),
      });
    let thrown: unknown;
    try {
      build('http://hooks.slack.com/services/T000/B000/s3cr3tpath');
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(ConfigError);
    const problems = (thrown as ConfigError).problems.join('\n');
    expect(problems).toMatch(/SLACK_WEBHOOK_URL.*https/);
    expect(problems).not.toContain('s3cr3tpath');
    expect(() => build('http://127.0.0.1:9/hooks/x')).not.toThrow();
  });

  it('warns about an http:// webhook outside loopback without logging its URL', () => {
    const logger = captureLogger();
    createAlerter({
      config: alertsConfig({ channels: [{ type: 'webhook' }], routes: routesAll(['webhook']) }),
      env: { ALERT_WEBHOOK_URL: 'http://alerts.example.com/hook/s3cr3tpath', ALERT_WEBHOOK_SECRET: SECRET },
      logger,
      clock: virtualClock(T0),
    });
    const warning = logger.entries.find((e) => e.level === 'warn');
    expect(warning?.message).toMatch(/not encrypted|http:\/\//);
    expect(logger.text()).not.toContain('s3cr3tpath');
    expect(logger.text()).not.toContain('alerts.example.com');
  });
});

describe('missing secrets', () => {
  it('skips a channel whose environment variable is unset, warning once, and never throws', async () => {
    const logger = captureLogger();
    const hook = await startReceiver();
    const alerter = createAlerter({
      config: alertsConfig({
        channels: [{ type: 'slack' }, { type: 'webhook' }, { type: 'log' }],
        routes: routesAll(['slack', 'webhook', 'log']),
      }),
      // The URL alone is not enough: an unsigned webhook is not sent.
      env: { ALERT_WEBHOOK_URL: hook.url, SLACK_WEBHOOK_URL: '  ' },
      logger,
      clock: virtualClock(T0),
    });
    await alerter.raise(alert());
    await alerter.raise(alert({ key: 'cycle.stale' }));

    const warnings = logger.entries.filter((e) => e.level === 'warn' && e.message.includes('disabled'));
    expect(warnings.map((w) => [w.meta.channel, w.meta.variables])).toEqual([
      ['slack', ['SLACK_WEBHOOK_URL']],
      ['webhook', ['ALERT_WEBHOOK_SECRET']],
    ]);
    expect(hook.requests).toHaveLength(0);
    expect(logger.entries.filter((e) => e.level === 'error' && e.message.startsWith('alert:'))).toHaveLength(2);
  });
});

describe('dedupe and recovery', () => {
  async function setup(): Promise<{ hook: Receiver; alerter: ReturnType<typeof createAlerter>; clock: ReturnType<typeof virtualClock> }> {
    const hook = await startReceiver();
    const clock = virtualClock(T0);
    const alerter = createAlerter({
      config: alertsConfig({
        channels: [{ type: 'webhook' }, { type: 'log' }],
        routes: { critical: ['webhook'], warning: ['webhook'], info: ['log'] },
        dedupeWindowMinutes: 30,
      }),
      env: { ALERT_WEBHOOK_URL: hook.url, ALERT_WEBHOOK_SECRET: SECRET },
      logger: captureLogger(),
      clock,
    });
    return { hook, alerter, clock };
  }

  it('suppresses the same key within the window, counts it, and sends again after the window', async () => {
    const { hook, alerter, clock } = await setup();
    await alerter.raise(alert());
    await clock.sleep(29 * 60_000);
    await alerter.raise(alert({ detail: 'still failing' }));
    expect(hook.requests).toHaveLength(1);
    expect(alerter.stats().suppressed).toBe(1);
    expect(alerter.active().map((a) => a.detail)).toEqual(['still failing']);

    await clock.sleep(2 * 60_000);
    await alerter.raise(alert({ detail: 'failing for over half an hour' }));
    expect(hook.requests).toHaveLength(2);
    expect(json(hook.requests[1]).detail).toBe('failing for over half an hour');

    // Other keys are independent.
    await alerter.raise(alert({ key: 'auth.hubspot' }));
    expect(hook.requests).toHaveLength(3);
  });

  it('an escalation from warning to critical inside the window is sent', async () => {
    const { hook, alerter, clock } = await setup();
    await alerter.raise(alert({ key: 'budget.hubspot.daily', severity: 'warning' }));
    await clock.sleep(60_000);
    await alerter.raise(alert({ key: 'budget.hubspot.daily', severity: 'critical' }));
    await alerter.raise(alert({ key: 'budget.hubspot.daily', severity: 'warning' }));
    expect(hook.requests.map((r) => json(r).severity)).toEqual(['warning', 'critical']);
  });

  it('sends a recovery notice only for an active key, routed like the original', async () => {
    const { hook, alerter } = await setup();
    await alerter.resolve('cycle.failed', 'Cycle succeeded.');
    expect(hook.requests).toHaveLength(0);

    await alerter.raise(alert());
    expect(alerter.active().map((a) => a.key)).toEqual(['cycle.failed']);
    await alerter.resolve('cycle.failed', 'Cycle succeeded.');
    expect(hook.requests).toHaveLength(2);
    const notice = json(hook.requests[1]);
    expect(notice).toMatchObject({ key: 'cycle.failed', severity: 'info', recovered: true, detail: 'Cycle succeeded.' });
    expect(notice.title).toBe('Recovered: Sync cycle failed');
    expect(alerter.active()).toEqual([]);

    await alerter.resolve('cycle.failed', 'again');
    expect(hook.requests).toHaveLength(2);
    // Once resolved, the same key is news again at once.
    await alerter.raise(alert());
    expect(hook.requests).toHaveLength(3);
  });
});

describe('log channel', () => {
  it('logs at the level matching the severity', async () => {
    const logger = captureLogger();
    const alerter = createAlerter({ config: alertsConfig({}), env: {}, logger, clock: virtualClock(T0) });
    await alerter.raise(alert());
    await alerter.raise(alert({ key: 'deadletters.threshold', severity: 'warning', title: 'Dead letters' }));
    await alerter.raise(alert({ key: 'note', severity: 'info', title: 'Note' }));
    await alerter.resolve('cycle.failed', 'ok now');
    const alerts = logger.entries.filter((e) => e.message.startsWith('alert'));
    expect(alerts.map((e) => [e.level, e.message])).toEqual([
      ['error', 'alert: Sync cycle failed'],
      ['warn', 'alert: Dead letters'],
      ['info', 'alert: Note'],
      ['info', 'alert resolved: Recovered: Sync cycle failed'],
    ]);
    expect(alerts[0]?.meta).toMatchObject({ alertKey: 'cycle.failed', severity: 'critical', fields: { cycleId: 42 } });
  });
});
