import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LeaderLease } from '../../src/runtime/lease/leader-lease.js';
import type { LeaderLeaseOptions, LeaseLost, LeaseRole } from '../../src/runtime/lease/types.js';
import { daemonReadiness } from '../../src/runtime/daemon/readiness.js';
import { createScheduler } from '../../src/runtime/daemon/scheduler.js';
import type { RunCycle, Scheduler } from '../../src/runtime/daemon/scheduler.js';
import { assertSingleDaemonOnSqlite } from '../../src/runtime/daemon/single-daemon.js';
import { HandoffError } from '../../src/domain/errors.js';
import type { Clock } from '../../src/ports/clock.js';
import { noopLogger } from '../../src/lib/logger.js';
import { openStateStore } from '../../src/adapters/state/index.js';
import type { LockHolder, StateStore } from '../../src/adapters/state/index.js';

const PG_URL = process.env.HANDOFF_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const PG_PREFIX = `handoff_test_daemon_${randomBytes(4).toString('hex')}`;
const skipPostgres = process.env.HANDOFF_TEST_POSTGRES === 'skip';
const T0 = Date.UTC(2025, 2, 10, 15, 0, 0);
const TTL = 1_000;

/**
 * Time that moves only when told. advance() wakes the sleepers that fell due (renew loops);
 * jump() moves time without waking anyone, like a process that didn't get the CPU for a while.
 */
function manualClock(start = T0): Clock & { advance(ms: number): void; jump(ms: number): void } {
  let now = start;
  const sleepers = new Set<{ at: number; wake: () => void }>();
  return {
    now: () => now,
    sleep: (ms, signal) =>
      new Promise<void>((resolve, reject) => {
        if (signal?.aborted) {
          reject(signal.reason as Error);
          return;
        }
        const onAbort = (): void => {
          sleepers.delete(sleeper);
          reject(signal?.reason as Error);
        };
        const sleeper = {
          at: now + ms,
          wake: () => {
            signal?.removeEventListener('abort', onAbort);
            resolve();
          },
        };
        sleepers.add(sleeper);
        signal?.addEventListener('abort', onAbort, { once: true });
      }),
    advance(ms) {
      now += ms;
      for (const s of [...sleepers]) {
        if (s.at <= now) {
          sleepers.delete(s);
          s.wake();
        }
      }
    },
    jump(ms) {
      now += ms;
    },
  };
}

function holder(id: string, over: Partial<LockHolder> = {}): LockHolder {
  return { id, pid: 40_000 + id.charCodeAt(0), host: `host-${id}`, command: `handoff daemon (${id})`, ...over };
}

interface Location {
  dialect: 'sqlite' | 'postgres';
  open(clock: Clock): Promise<StateStore>;
  cleanup(): Promise<void>;
}

let pgN = 0;
async function withAdmin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

const locations: Array<{ name: 'sqlite' | 'postgres'; skip: boolean; make: () => Location }> = [
  {
    name: 'sqlite',
    skip: false,
    make: () => {
      const dir = mkdtempSync(join(tmpdir(), 'handoff-daemon-'));
      return {
        dialect: 'sqlite',
        open: (clock) => openStateStore(`sqlite:${join(dir, 'state.db')}`, { clock }),
        cleanup: async () => rmSync(dir, { recursive: true, force: true }),
      };
    },
  },
  {
    name: 'postgres',
    skip: skipPostgres,
    make: () => {
      const schema = `${PG_PREFIX}_${++pgN}`;
      return {
        dialect: 'postgres',
        open: (clock) => openStateStore(PG_URL, { clock, schema, poolSize: 2 }),
        cleanup: () => withAdmin(async (c) => void (await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`))),
      };
    },
  },
];

afterAll(async () => {
  if (skipPostgres) return;
  await withAdmin(async (c) => {
    const { rows } = await c.query<{ nspname: string }>('SELECT nspname FROM pg_namespace WHERE starts_with(nspname, $1)', [PG_PREFIX]);
    for (const { nspname } of rows) await c.query(`DROP SCHEMA IF EXISTS ${nspname} CASCADE`);
  });
});

describe.each(locations)('leader lease on $name', ({ name, skip, make }) => {
  let location: Location;
  let clock: ReturnType<typeof manualClock>;
  let storeA: StateStore;
  let storeB: StateStore;
  const leases: LeaderLease[] = [];
  const schedulers: Scheduler[] = [];

  function lease(store: StateStore, id: string, over: Partial<LeaderLeaseOptions> = {}): LeaderLease {
    const l = new LeaderLease({ store, holder: holder(id), ttlMs: TTL, clock, logger: noopLogger, ...over });
    leases.push(l);
    return l;
  }

  function scheduler(l: LeaderLease, runCycle: RunCycle): Scheduler {
    const s = createScheduler({ cron: '* * * * *', timeZone: 'UTC', runCycle, lease: l, logger: noopLogger, trigger: 'manual' });
    schedulers.push(s);
    return s;
  }

  /** A fake cycle that lands one ledger row and moves a cursor under the cycle's fence. */
  const writeCycle =
    (store: StateStore, label: string): RunCycle =>
    async (_signal, { fence }) => {
      if (!fence) throw new Error('a leader cycle must get a fence');
      await store.commitBatch({
        ledger: [{ runId: label, action: 'skip', result: 'ok', detail: { token: fence.token } }],
        cursor: { name: 'ha-test', value: `${label}:${fence.token}` },
        fence,
      });
      return { ok: true };
    };

  beforeEach(async () => {
    if (skip) return;
    location = make();
    clock = manualClock();
    // Two stores on one location: two connections (pools), as two daemons would have.
    storeA = await location.open(clock);
    storeB = await location.open(clock);
  });

  afterEach(async () => {
    if (skip) return;
    for (const s of schedulers.splice(0)) await s.stop(100);
    for (const l of leases.splice(0)) await l.release();
    await storeA.close();
    await storeB.close();
    await location.cleanup();
  });

  it.skipIf(skip)("a stale leader's fenced write is refused and nothing of it lands", async () => {
    const lost: LeaseLost[] = [];
    // A's renew loop sleeps on the manual clock: jump() below is a pause A doesn't notice.
    const a = lease(storeA, 'a', { onLost: (l) => lost.push(l) });
    const b = lease(storeB, 'b');
    expect(await a.tryAcquire()).toBe(true);
    const stale = a.fence();
    expect(stale).toEqual({ name: 'leader', token: expect.any(Number) });
    const aSignal = a.signal;
    expect(await b.tryAcquire()).toBe(false);
    expect(b.role).toBe('standby');
    expect(b.heldBy()?.holder).toEqual(holder('a'));

    clock.jump(TTL + 1);
    expect(await b.tryAcquire()).toBe(true);
    expect(b.fence()!.token).toBeGreaterThan(stale!.token);

    await expect(
      storeA.commitBatch({
        ledger: [{ runId: 'stale-run', action: 'lead.create', result: 'ok' }],
        records: [{ hubspotId: '101', episode: 1, status: 'handed_off' }],
        cursor: { name: 'ha-test', value: 'stale' },
        fence: stale!,
      }),
    ).rejects.toMatchObject({ code: 'LOCKED' });
    expect(await storeB.getCursor('ha-test')).toBeNull();
    expect(await storeB.queryLedger({ runId: 'stale-run' })).toEqual([]);
    expect((await storeB.getHandoffRecords(['101'])).size).toBe(0);
    await expect(storeA.setCursor('ha-test', 'stale', { fence: stale! })).rejects.toBeInstanceOf(HandoffError);

    // A wakes up: its next renewal is refused, it steps down and its cycles are aborted.
    clock.advance(0);
    await vi.waitFor(() => expect(lost).toEqual([{ token: stale!.token, reason: 'refused' }]));
    expect(a.role).toBe('standby');
    expect(a.fence()).toBeUndefined();
    expect(aSignal.aborted).toBe(true);
    expect((aSignal.reason as HandoffError).code).toBe('LOCKED');

    await storeB.commitBatch({ cursor: { name: 'ha-test', value: 'fresh' }, fence: b.fence()! });
    expect((await storeA.getCursor('ha-test'))?.value).toBe('fresh');
  });

  it.skipIf(skip)('the renew loop keeps the lease well past its TTL; a standby cannot take it', async () => {
    const a = lease(storeA, 'a', { renewEveryMs: 250 });
    const b = lease(storeB, 'b');
    expect(await a.tryAcquire()).toBe(true);
    const token = a.fence()!.token;
    for (let step = 0; step < 12; step++) {
      clock.advance(250);
      await vi.waitFor(async () => expect(Date.parse((await storeA.getLock('leader'))!.expiresAt!)).toBe(clock.now() + TTL));
    }
    expect(clock.now() - T0).toBe(3 * TTL);
    expect(await b.tryAcquire()).toBe(false);
    expect(a.fence()).toEqual({ name: 'leader', token });
    expect(await a.tryAcquire()).toBe(true); // already leader: same token, no new grant
    expect(a.fence()!.token).toBe(token);
  });

  it.skipIf(skip)('a standby scheduler takes over once the leader stops renewing; the old leader is fenced off', async () => {
    const roles: Array<[string, LeaseRole]> = [];
    const a = lease(storeA, 'a', { onRoleChange: (r) => roles.push(['a', r]) });
    const b = lease(storeB, 'b', { onRoleChange: (r) => roles.push(['b', r]) });
    const sa = scheduler(a, writeCycle(storeA, 'a'));
    const sb = scheduler(b, writeCycle(storeB, 'b'));
    await sa.start();
    await sb.start();

    expect(await sa.runNow()).toEqual({ ran: true, result: { ok: true } });
    expect(await sb.runNow()).toEqual({ ran: false, reason: 'standby' });
    expect(daemonReadiness(sa).role).toBe(name === 'sqlite' ? 'single' : 'leader');
    expect(daemonReadiness(sb)).toMatchObject(
      name === 'sqlite'
        ? { role: 'single', checks: { lease: { ok: false, detail: expect.stringContaining('pid 40097') } } }
        : { role: 'standby', checks: { lease: { ok: true, detail: expect.stringContaining('handoff daemon (a)') } } },
    );

    clock.jump(TTL + 1); // A stalls past its lease
    expect(await sb.tick()).toEqual({ ran: true, result: { ok: true } });
    // A still believes it leads; its cycle runs but the store refuses its write.
    expect(a.role).toBe('leader');
    expect(await sa.tick()).toEqual({ ran: true, result: { ok: false, errorCode: 'LOCKED' } });
    clock.advance(0);
    await vi.waitFor(() => expect(a.role).toBe('standby'));
    expect(await sa.tick()).toEqual({ ran: false, reason: 'standby' });
    expect(await sb.tick()).toMatchObject({ ran: true });

    const ledger = await storeA.queryLedger({});
    expect(ledger.map((r) => r.runId)).toEqual(['a', 'b', 'b']);
    const tokens = ledger.map((r) => (r.detail as { token: number }).token);
    expect(tokens[1]).toBeGreaterThan(tokens[0]!);
    expect(roles).toEqual([
      ['a', 'leader'],
      ['b', 'leader'],
      ['a', 'standby'],
    ]);
  });

  it.skipIf(skip)("losing the lease mid-cycle aborts that cycle's signal", async () => {
    const a = lease(storeA, 'a');
    const b = lease(storeB, 'b');
    let signal: AbortSignal | undefined;
    const sa = scheduler(a, async (s) => {
      signal = s;
      await new Promise<void>((r) => s.addEventListener('abort', () => r(), { once: true }));
      return { ok: false, errorCode: 'ABORTED' };
    });
    await sa.start();
    const cycle = sa.tick();
    await vi.waitFor(() => expect(signal).toBeDefined());
    clock.jump(TTL + 1);
    expect(await b.tryAcquire()).toBe(true);
    expect(signal!.aborted).toBe(false);
    clock.advance(0); // A's renewal is due, and refused
    expect(await cycle).toEqual({ ran: true, result: { ok: false, errorCode: 'ABORTED' } });
    expect(signal!.aborted).toBe(true);
  });

  it.skipIf(skip)("stopping the scheduler releases the lease; the next daemon starts as leader at once", async () => {
    const a = lease(storeA, 'a');
    const sa = scheduler(a, writeCycle(storeA, 'a'));
    await sa.start();
    await sa.runNow();
    const token = a.fence()!.token;
    expect(await sa.stop()).toEqual({ drained: true });
    expect(a.role).toBe('standby');
    expect(await storeB.getLock('leader')).toMatchObject({ token, holder: null });
    const b = lease(storeB, 'b');
    expect(await b.tryAcquire()).toBe(true); // no TTL wait
  });

  it.skipIf(skip)(
    name === 'sqlite' ? 'a second daemon on the same SQLite file refuses to start, naming the holder' : 'a second daemon on PostgreSQL becomes a standby',
    async () => {
      const a = lease(storeA, 'a');
      await assertSingleDaemonOnSqlite(a);
      // SQLite: the check takes the lease. PostgreSQL: it leaves that to the scheduler's first tick.
      expect(a.role).toBe(name === 'sqlite' ? 'leader' : 'standby');
      expect(await a.tryAcquire()).toBe(true);
      const b = lease(storeB, 'b');
      if (name === 'sqlite') {
        const err = await assertSingleDaemonOnSqlite(b).then(
          () => null,
          (e: unknown) => e,
        );
        expect(err).toBeInstanceOf(HandoffError);
        expect((err as HandoffError).code).toBe('LOCKED');
        const message = (err as HandoffError).message;
        expect(message).toContain('handoff daemon (a)');
        expect(message).toContain(`pid ${holder('a').pid} on host-a`);
        expect(message).toContain(`since ${new Date(T0).toISOString()}`);
        expect(message).toMatch(/SQLite allows one writer/);
      } else {
        await assertSingleDaemonOnSqlite(b);
        expect(b.role).toBe('standby');
      }
    },
  );
});

describe('leader lease without a database', () => {
  it('tolerates a failed renewal while the lease has time left, then steps down', async () => {
    const clock = manualClock();
    let renewals = 0;
    const lost: LeaseLost[] = [];
    const store = {
      dialect: 'postgres' as const,
      acquireLock: () => Promise.resolve({ ok: true as const, token: 7, expiresAt: new Date(clock.now() + 900).toISOString() }),
      renewLock: () => {
        renewals++;
        return Promise.reject(new HandoffError('NETWORK', 'connection reset'));
      },
      releaseLock: () => Promise.resolve(true),
    };
    const l = new LeaderLease({ store, holder: holder('x'), ttlMs: 900, clock, onLost: (x) => lost.push(x) });
    expect(await l.tryAcquire()).toBe(true);
    clock.advance(300);
    await vi.waitFor(() => expect(renewals).toBe(1));
    expect(l.role).toBe('leader'); // 300 + 300 < 900: the next attempt still comes in time
    clock.advance(300);
    await vi.waitFor(() => expect(lost).toHaveLength(1));
    expect(lost[0]).toMatchObject({ token: 7, reason: 'error' });
    expect(l.role).toBe('standby');
    await l.release();
  });

  it('waits out a dead holder on this host before taking the SQLite lease', async () => {
    let now = T0;
    const clock: Clock = { now: () => now, sleep: async (ms) => void (now += ms) };
    const expiresAt = new Date(T0 + 20_000).toISOString();
    let attempts = 0;
    const store = {
      dialect: 'sqlite' as const,
      acquireLock: () =>
        Promise.resolve(
          ++attempts === 1 || now < Date.parse(expiresAt)
            ? { ok: false as const, heldBy: holder('old', { host: 'box', pid: 4242 }), acquiredAt: new Date(T0 - 5_000).toISOString(), expiresAt }
            : { ok: true as const, token: 3, expiresAt: new Date(now + TTL).toISOString() },
        ),
      renewLock: () => Promise.resolve(true),
      releaseLock: () => Promise.resolve(true),
    };
    const l = new LeaderLease({ store, holder: holder('new', { host: 'box', pid: 99 }), ttlMs: TTL, clock: manualClock() });
    await assertSingleDaemonOnSqlite(l, { clock, host: 'box', isProcessAlive: (pid) => pid !== 4242 });
    expect(l.role).toBe('leader');
    expect(now).toBeGreaterThan(Date.parse(expiresAt));

    // A live holder is never waited for.
    const l2 = new LeaderLease({ store: { ...store, acquireLock: () => Promise.resolve({ ok: false as const, heldBy: holder('live', { host: 'box', pid: 5 }), acquiredAt: expiresAt, expiresAt }) }, holder: holder('n2', { host: 'box' }), ttlMs: TTL });
    const before = now;
    await expect(assertSingleDaemonOnSqlite(l2, { clock, host: 'box', isProcessAlive: () => true })).rejects.toMatchObject({ code: 'LOCKED' });
    expect(now).toBe(before);
    await l.release();
  });
});
