import { request } from 'node:http';
import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createMetrics, startHttpServer } from '../../src/runtime/http/index.js';
import type { Readiness, RunningHttpServer } from '../../src/runtime/http/index.js';
import { noopLogger } from '../../src/lib/logger.js';

const running: RunningHttpServer[] = [];
afterEach(async () => {
  for (const s of running.splice(0)) await s.stop();
});

async function start(
  readiness: () => Promise<Readiness>,
  metrics = createMetrics(),
  token?: string,
): Promise<RunningHttpServer> {
  const server = await startHttpServer({
    port: 0,
    host: '127.0.0.1',
    logger: noopLogger,
    readiness,
    metrics,
    readinessTimeoutMs: 500,
    ...(token === undefined ? {} : { token }),
  });
  running.push(server);
  return server;
}

const allOk = (): Promise<Readiness> =>
  Promise.resolve({ ready: true, role: 'leader', checks: { state: { ok: true }, salesforce: { ok: true } } });

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** Parses Prometheus text exposition lines into samples (comments skipped). */
function parseSamples(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)/.exec(line);
    if (m === null) throw new Error(`unparseable metrics line: ${line}`);
    const labels: Record<string, string> = {};
    for (const pair of (m[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) labels[pair[1] ?? ''] = pair[2] ?? '';
    samples.push({ name: m[1] ?? '', labels, value: Number(m[3]) });
  }
  return samples;
}

function value(samples: Sample[], name: string, labels: Record<string, string> = {}): number | undefined {
  return samples.find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))?.value;
}

describe('http server', () => {
  it('GET /healthz answers 200 {status:"ok"}', async () => {
    const s = await start(allOk);
    expect(s.url).toBe(`http://127.0.0.1:${s.port}`);
    const res = await fetch(`${s.url}/healthz`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/json');
    expect(await res.json()).toEqual({ status: 'ok' });
  });

  it('GET /readyz?verbose is 200 with the readiness JSON and role when every check passes', async () => {
    const s = await start(allOk);
    const res = await fetch(`${s.url}/readyz?verbose`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ready: true, role: 'leader', checks: { state: { ok: true }, salesforce: { ok: true } } });
  });

  it('GET /readyz?verbose is 503 when a check fails, and when the check throws or hangs', async () => {
    let mode: 'fail' | 'throw' | 'hang' = 'fail';
    const s = await start(() => {
      if (mode === 'throw') return Promise.reject(new Error('pool closed'));
      if (mode === 'hang') return new Promise<Readiness>(() => undefined);
      return Promise.resolve({
        ready: false,
        role: 'standby',
        checks: { state: { ok: true }, salesforce: { ok: false, detail: 'AUTH_FAILED' } },
      });
    });
    const failing = await fetch(`${s.url}/readyz?verbose`);
    expect(failing.status).toBe(503);
    expect(await failing.json()).toEqual({
      ready: false,
      role: 'standby',
      checks: { state: { ok: true }, salesforce: { ok: false, detail: 'AUTH_FAILED' } },
    });

    mode = 'throw';
    const thrown = await fetch(`${s.url}/readyz?verbose`);
    expect(thrown.status).toBe(503);
    expect(((await thrown.json()) as Readiness).checks.readiness?.ok).toBe(false);

    mode = 'hang';
    const hung = await fetch(`${s.url}/readyz?verbose`);
    expect(hung.status).toBe(503);
    expect(((await hung.json()) as Readiness).checks.readiness?.detail).toContain('500 ms');
  });

  it('GET /metrics serves the registry text with its content type, values reflecting recordCycle', async () => {
    const metrics = createMetrics();
    const s = await start(allOk, metrics);
    metrics.recordCycle({
      outcome: 'ok',
      durationMs: 42_000,
      records: { created: 3, updated: 2, matched: 5, task_created: 3, dead_lettered: 1, bogus: 9 },
      calls: { hubspot: 12, salesforce: 30 },
      rateLimited: { hubspot: 1, salesforce: 0 },
      budgets: { hubspot: 0.8, salesforce: 1.7 },
      deadLetterQueueSize: 4,
      cursorLagSeconds: 95,
    });
    metrics.recordCycle({
      outcome: 'failed',
      durationMs: 500,
      records: { created: 1 },
      calls: { hubspot: 1, salesforce: 0 },
      rateLimited: { hubspot: 0, salesforce: 0 },
      budgets: {},
    });

    const res = await fetch(`${s.url}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(metrics.registry.contentType);
    expect(res.headers.get('content-type')).toContain('text/plain');
    const text = await res.text();
    const samples = parseSamples(text);

    expect(value(samples, 'handoff_cycles_total', { outcome: 'ok' })).toBe(1);
    expect(value(samples, 'handoff_cycles_total', { outcome: 'failed' })).toBe(1);
    expect(value(samples, 'handoff_cycles_total', { outcome: 'partial' })).toBe(0);
    expect(value(samples, 'handoff_records_total', { outcome: 'created' })).toBe(4);
    expect(value(samples, 'handoff_records_total', { outcome: 'task_created' })).toBe(3);
    expect(value(samples, 'handoff_records_total', { outcome: 'skipped' })).toBe(0);
    expect(samples.some((x) => x.labels.outcome === 'bogus')).toBe(false);
    expect(value(samples, 'handoff_api_calls_total', { system: 'hubspot' })).toBe(13);
    expect(value(samples, 'handoff_api_calls_total', { system: 'salesforce' })).toBe(30);
    expect(value(samples, 'handoff_api_429_total', { system: 'hubspot' })).toBe(1);
    expect(value(samples, 'handoff_budget_remaining', { system: 'hubspot' })).toBe(0.8);
    expect(value(samples, 'handoff_budget_remaining', { system: 'salesforce' })).toBe(1);
    expect(value(samples, 'handoff_dead_letters')).toBe(4);
    expect(value(samples, 'handoff_cursor_lag_seconds')).toBe(95);
    expect(value(samples, 'handoff_cycle_duration_seconds_count')).toBe(2);
    expect(value(samples, 'handoff_cycle_duration_seconds_sum')).toBeCloseTo(42.5);
    expect(value(samples, 'handoff_cycle_duration_seconds_bucket', { le: '1' })).toBe(1);
    expect(value(samples, 'handoff_cycle_duration_seconds_bucket', { le: '60' })).toBe(2);
    expect(value(samples, 'handoff_cycle_duration_seconds_bucket', { le: '1800' })).toBe(2);
    // Default process metrics live in the same dedicated registry, under the prefix.
    expect(text).toContain('# TYPE handoff_process_cpu_seconds_total counter');
    expect(samples.some((x) => x.name.startsWith('handoff_nodejs_'))).toBe(true);
    expect(samples.every((x) => x.name.startsWith('handoff_'))).toBe(true);
  });

  it('separate Metrics objects do not share a registry', async () => {
    const a = createMetrics({ defaultMetrics: false });
    const b = createMetrics({ defaultMetrics: false });
    a.cycles.inc({ outcome: 'ok' });
    expect(value(parseSamples(await b.registry.metrics()), 'handoff_cycles_total', { outcome: 'ok' })).toBe(0);
  });

  it('unknown paths are 404 JSON and other methods 405; query strings are ignored', async () => {
    const s = await start(allOk);
    const missing = await fetch(`${s.url}/admin`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toContain('application/json');
    expect(await missing.json()).toEqual({ error: 'not_found' });

    const post = await fetch(`${s.url}/healthz`, { method: 'POST' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
    await post.body?.cancel();

    expect((await fetch(`${s.url}/healthz?probe=1`)).status).toBe(200);
  });

  it('plain /readyz answers probes with status and a minimal body, never the checks', async () => {
    const standby = (): Promise<Readiness> =>
      Promise.resolve({
        ready: false,
        role: 'standby',
        checks: { lease: { ok: true, detail: 'standing by; daemon (pid 4242 on db-host-7) holds the lease' }, store: { ok: false } },
      });
    const s = await start(standby);
    const res = await fetch(`${s.url}/readyz`);
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ ready: false });
    const ok = await start(allOk);
    const okRes = await fetch(`${ok.url}/readyz`);
    expect(okRes.status).toBe(200);
    expect(await okRes.json()).toEqual({ ready: true });
  });

  it('without a token, details go to loopback callers only, and a forwarded request is not loopback', async () => {
    const s = await start(allOk);
    for (const headers of [{ 'x-forwarded-for': '203.0.113.9' }, { forwarded: 'for=203.0.113.9' }]) {
      const res = await fetch(`${s.url}/readyz?verbose`, { headers });
      expect(res.status).toBe(403);
      const body = JSON.stringify(await res.json());
      expect(body).not.toContain('salesforce');
    }
  });

  it('with HANDOFF_HTTP_TOKEN set, details need the bearer token; the query string never carries it', async () => {
    const token = 'k3y-for-probes-0123456789';
    const s = await start(allOk, createMetrics(), token);
    const anonymous = await fetch(`${s.url}/readyz?verbose`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toBe('Bearer');
    await anonymous.body?.cancel();
    const wrong = await fetch(`${s.url}/readyz?verbose`, { headers: { authorization: 'Bearer k3y-for-probes-0123456780' } });
    expect(wrong.status).toBe(401);
    await wrong.body?.cancel();
    const inQuery = await fetch(`${s.url}/readyz?verbose&token=${token}&access_token=${token}`);
    expect(inQuery.status).toBe(401);
    await inQuery.body?.cancel();
    const authorized = await fetch(`${s.url}/readyz?verbose`, {
      headers: { authorization: `Bearer ${token}`, 'x-forwarded-for': '203.0.113.9' },
    });
    expect(authorized.status).toBe(200);
    expect(((await authorized.json()) as Readiness).checks.salesforce).toEqual({ ok: true });
    // Probes and scrapes stay open.
    expect((await fetch(`${s.url}/readyz`)).status).toBe(200);
    expect((await fetch(`${s.url}/healthz`)).status).toBe(200);
    const metrics = await fetch(`${s.url}/metrics`);
    expect(metrics.status).toBe(200);
    await metrics.body?.cancel();
  });

  it('closes a connection that sends nothing within 15 s', { timeout: 15_000 }, async () => {
    const s = await start(allOk);
    const socket = connect(s.port, '127.0.0.1');
    socket.on('error', () => undefined);
    // Read whatever the server says (a 408), or 'end' and so 'close' would never be emitted.
    socket.resume();
    // The test's own timeout bounds the wait at 15 s; the server closes it after headersTimeout (5 s).
    await new Promise<void>((resolve) => socket.once('close', () => resolve()));
    expect(socket.destroyed).toBe(true);
  });

  it('stop() closes promptly even with a keep-alive connection open', async () => {
    const s = await start(allOk);
    await new Promise<void>((resolve, reject) => {
      const req = request(`${s.url}/healthz`, { agent: false, headers: { connection: 'keep-alive' } }, (res) => {
        res.resume();
        res.on('end', resolve);
      });
      req.on('error', reject);
      req.end();
    });
    const started = Date.now();
    await running.pop()?.stop();
    expect(Date.now() - started).toBeLessThan(1_000);
    await expect(fetch(`${s.url}/healthz`)).rejects.toThrow();
  });
});
