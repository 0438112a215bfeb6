import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import pg from 'pg';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { openStateStore } from '../../src/adapters/state/index.js';

/**
 * Two real daemon processes on one PostgreSQL schema, each with a fake cycle that writes under
 * its fence. Proves leader election, fencing across processes and takeover after a SIGKILL.
 * Margins are generous: two busy cores can delay ticks and renewals by a second or more.
 */
const PG_URL = process.env.HANDOFF_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const skip = process.env.HANDOFF_TEST_POSTGRES === 'skip';
const SCHEMA = `handoff_test_ha_${randomBytes(4).toString('hex')}`;
const ROOT = join(import.meta.dirname, '..', '..');
const TTL_MS = 1_500;
const TAKEOVER_MARGIN_MS = 6_000;

interface ChildEvent {
  pid: number;
  t: number;
  event: 'role' | 'write' | 'cycle' | 'exit' | 'refused';
  role?: 'leader' | 'standby';
  token?: number | null;
  start?: number;
  end?: number;
  code?: number;
  errorCode?: string | null;
}

interface Daemon {
  proc: ChildProcess;
  pid: number;
  events: ChildEvent[];
  stderr: string[];
  exited: Promise<number | null>;
}

const daemons: Daemon[] = [];

function startDaemon(): Daemon {
  const proc = spawn(process.execPath, ['--import', 'tsx', join('test', 'fixtures', 'daemon-child.ts')], {
    cwd: ROOT,
    env: { ...process.env, HA_DATABASE_URL: `${PG_URL}?schema=${SCHEMA}`, HA_TTL_MS: String(TTL_MS), HA_CRON: '* * * * * *', HA_CYCLE_MS: '150' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const daemon: Daemon = {
    proc,
    pid: proc.pid ?? -1,
    events: [],
    stderr: [],
    exited: new Promise((resolve) => proc.once('exit', (code) => resolve(code))),
  };
  createInterface({ input: proc.stdout! }).on('line', (line) => {
    try {
      daemon.events.push(JSON.parse(line) as ChildEvent);
    } catch {
      daemon.stderr.push(`stdout: ${line}`);
    }
  });
  createInterface({ input: proc.stderr! }).on('line', (line) => daemon.stderr.push(line));
  daemons.push(daemon);
  return daemon;
}

const writes = (d: Daemon, after = 0): ChildEvent[] => d.events.filter((e) => e.event === 'write' && e.t >= after);
const roleOf = (d: Daemon): string | undefined => d.events.filter((e) => e.event === 'role').at(-1)?.role;
const diagnose = (): string => daemons.map((d) => `pid ${d.pid}:\n${d.events.map((e) => JSON.stringify(e)).join('\n')}\n${d.stderr.join('\n')}`).join('\n---\n');

afterAll(async () => {
  for (const d of daemons) if (d.proc.exitCode === null && d.proc.signalCode === null) d.proc.kill('SIGKILL');
  await Promise.all(daemons.map((d) => d.exited));
  if (skip) return;
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  await client.query(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE`);
  await client.end();
});

describe.skipIf(skip)('high availability with two daemon processes on PostgreSQL', () => {
  it('one leader at a time, fenced writes, takeover after the leader is killed', async () => {
    const one = startDaemon();
    const two = startDaemon();

    // Both come up and report a role; one of them leads and writes.
    await vi.waitFor(
      () => {
        expect(one.events.some((e) => e.event === 'role'), diagnose()).toBe(true);
        expect(two.events.some((e) => e.event === 'role'), diagnose()).toBe(true);
        expect(writes(one).length + writes(two).length, diagnose()).toBeGreaterThanOrEqual(3);
      },
      { timeout: 20_000, interval: 100 },
    );
    const leader = roleOf(one) === 'leader' ? one : two;
    const standby = leader === one ? two : one;
    expect(roleOf(leader), diagnose()).toBe('leader');
    expect(roleOf(standby), diagnose()).toBe('standby');
    expect(writes(leader).length).toBeGreaterThanOrEqual(1);

    const killedAt = Date.now();
    leader.proc.kill('SIGKILL');
    await leader.exited;

    // The survivor takes over once the dead leader's lease runs out, and keeps writing.
    await vi.waitFor(
      () => {
        expect(roleOf(standby), diagnose()).toBe('leader');
        expect(writes(standby, killedAt).length, diagnose()).toBeGreaterThanOrEqual(2);
      },
      { timeout: TTL_MS + TAKEOVER_MARGIN_MS + 3_000, interval: 100 },
    );
    const tookOverAt = standby.events.findLast((e) => e.event === 'role' && e.role === 'leader')!.t;
    expect(tookOverAt - killedAt, diagnose()).toBeLessThan(TTL_MS + TAKEOVER_MARGIN_MS);

    // A graceful stop: exit code 0, and the lease is released rather than left to expire.
    standby.proc.kill('SIGTERM');
    expect(await standby.exited, diagnose()).toBe(0);
    expect(standby.events.at(-1)).toMatchObject({ event: 'exit', code: 0 });

    const store = await openStateStore(PG_URL, { schema: SCHEMA, poolSize: 1 });
    try {
      expect(await store.getLock('leader')).toMatchObject({ holder: null });
      const rows = (await store.queryLedger({})).map((r) => ({ seq: r.seq, ...(r.detail as { pid: number; token: number; start: number; end: number }) }));
      expect(new Set(rows.map((r) => r.pid))).toEqual(new Set([leader.pid, standby.pid]));
      const pidOfToken = new Map<number, number>();
      for (const [i, row] of rows.entries()) {
        // A token is one grant to one process.
        expect(pidOfToken.get(row.token) ?? row.pid).toBe(row.pid);
        pidOfToken.set(row.token, row.pid);
        const prev = rows[i - 1];
        if (!prev) continue;
        // Landed writes follow the grants: tokens never go back, and a new holder's cycle starts
        // only after the previous holder's last landed write finished.
        expect(row.token).toBeGreaterThanOrEqual(prev.token);
        if (row.token !== prev.token) expect(prev.end, `rows ${prev.seq} and ${row.seq}`).toBeLessThanOrEqual(row.start);
      }
      const killedMax = Math.max(...rows.filter((r) => r.pid === leader.pid).map((r) => r.token));
      expect(rows.filter((r) => r.pid === standby.pid && r.token > killedMax).length).toBeGreaterThanOrEqual(2);
    } finally {
      await store.close();
    }
  });
});
