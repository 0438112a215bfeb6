import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { HandoffError } from '../../src/domain/errors.js';
import { RemoteClock } from '../../src/adapters/clock/remote.js';
import { smallDataset } from '../fixtures/small-dataset.js';
import { ROOT } from '../helpers/cli.js';
import { CONFIG_DIR, startHarness } from '../helpers/pipeline.js';
import type { Harness } from '../helpers/pipeline.js';

const IN_2030 = Date.parse('2030-06-03T10:02:00.000Z');

/** A clock server the test sets by hand, counting how often it is read. */
async function clockServer(startMs: number): Promise<{ url: string; set(ms: number): void; reads(): number; close(): Promise<void> }> {
  let now = startMs;
  let reads = 0;
  const server = createServer((_req, res) => {
    reads++;
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ now: new Date(now).toISOString(), pinned: true, offsetMs: 0 }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/__sandbox/clock`,
    set: (ms) => void (now = ms),
    reads: () => reads,
    close: () => new Promise((r) => server.close(() => r())),
  };
}

describe('RemoteClock', () => {
  it('a sleep ends only once a reading shows the remote time at its deadline', async () => {
    const remote = await clockServer(IN_2030);
    try {
      const clock = await RemoteClock.connect({ url: remote.url, minPollMs: 5, maxPollMs: 20 });
      expect(clock.now()).toBe(IN_2030); // pinned: stays where it was read
      let done = false;
      const sleeping = clock.sleep(3_600_000).then(() => void (done = true));
      remote.set(IN_2030 + 3_599_999);
      const seen = remote.reads();
      await vi.waitFor(() => expect(remote.reads()).toBeGreaterThan(seen + 2));
      expect(done).toBe(false);
      expect(clock.now()).toBe(IN_2030 + 3_599_999);
      remote.set(IN_2030 + 3_600_000);
      await sleeping;
      expect(clock.now()).toBe(IN_2030 + 3_600_000);
    } finally {
      await remote.close();
    }
  });

  it('a sleep stops waiting when its signal aborts', async () => {
    const remote = await clockServer(IN_2030);
    try {
      const clock = await RemoteClock.connect({ url: remote.url, minPollMs: 5, maxPollMs: 20 });
      const ac = new AbortController();
      const sleeping = clock.sleep(60_000, ac.signal);
      const seen = remote.reads();
      await vi.waitFor(() => expect(remote.reads()).toBeGreaterThan(seen));
      ac.abort(new Error('stopping'));
      await expect(sleeping).rejects.toThrow('stopping');
    } finally {
      await remote.close();
    }
  });

  it('an unreachable clock is a configuration error naming the variable', async () => {
    const remote = await clockServer(IN_2030);
    await remote.close();
    const err = await RemoteClock.connect({ url: remote.url, requestTimeoutMs: 2_000 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HandoffError);
    expect(err).toMatchObject({ code: 'CONFIG_INVALID', message: expect.stringContaining('HANDOFF_CLOCK_URL') });
  });
});

describe('HANDOFF_CLOCK_URL: commands follow the sandbox clock', { timeout: 120_000 }, () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness(smallDataset());
    h.sandbox.control.clock.set(IN_2030);
  });
  afterAll(async () => h?.stop());

  const env = (): Record<string, string> => ({
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    ...h.sandbox.env,
    HANDOFF_DATABASE_URL: h.dbUrl,
    HANDOFF_CONFIG_DIR: CONFIG_DIR,
    HANDOFF_CLOCK_URL: `${h.sandbox.hubspotUrl}/__sandbox/clock`,
    LOG_FORMAT: 'json',
  });

  /** The CLI as a real process (TypeScript through tsx). */
  const handoff = (args: string[]) => spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'src/runtime/cli/main.ts'), ...args], { cwd: ROOT, env: env() });

  it('sync: the run report is stamped with the sandbox time', async () => {
    const child = handoff(['sync', '--json']);
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    const code = await new Promise<number | null>((r) => child.on('close', r));
    const report = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as { startedAt: string; finishedAt: string };
    expect(code).toBe(0);
    expect(Date.parse(report.startedAt)).toBeGreaterThanOrEqual(IN_2030);
    expect(Date.parse(report.finishedAt)).toBeLessThan(IN_2030 + 3_600_000);
  });

  it('daemon: the next run is computed on the sandbox time', async () => {
    const child = handoff(['daemon', '--port', '0']);
    let stderr = '';
    const started = new Promise<{ nextRunAt: string }>((resolve, reject) => {
      child.stderr.on('data', (d: Buffer) => {
        stderr += d.toString();
        for (const line of stderr.split('\n')) {
          if (!line.includes('scheduler started')) continue;
          resolve(JSON.parse(line) as { nextRunAt: string });
        }
      });
      child.on('close', (code) => reject(new Error(`daemon exited ${code}: ${stderr}`)));
    });
    const line = await started;
    const exited = new Promise<number | null>((r) => child.on('close', r));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    // The shipped schedule is every 5 minutes; the sandbox is just past 10:02 on a day in 2030.
    expect(line.nextRunAt).toBe('2030-06-03T10:05:00.000Z');
  });
});
