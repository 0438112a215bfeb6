import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStateStore } from '../../src/adapters/state/index.js';
import type { StateStore } from '../../src/adapters/state/index.js';
import { describeStateStore, holder, T0 } from './state-conformance.js';
import { POSTGRES_MIGRATIONS } from '../../src/adapters/state/postgres/migrations.js';

/**
 * Runs against a real PostgreSQL (HANDOFF_TEST_DATABASE_URL, default the local test database).
 * Every test gets its own schema under this file's random prefix; all of them are dropped after.
 * Set HANDOFF_TEST_POSTGRES=skip to skip these where no PostgreSQL is available.
 */
const URL = process.env.HANDOFF_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const PREFIX = `handoff_test_${randomBytes(4).toString('hex')}`;
const skip = process.env.HANDOFF_TEST_POSTGRES === 'skip';
let n = 0;

async function withAdmin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: URL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

async function dropSchemas(): Promise<void> {
  await withAdmin(async (c) => {
    const { rows } = await c.query<{ nspname: string }>('SELECT nspname FROM pg_namespace WHERE starts_with(nspname, $1)', [PREFIX]);
    for (const { nspname } of rows) await c.query(`DROP SCHEMA IF EXISTS ${nspname} CASCADE`);
  });
}

describe.skipIf(skip)('postgres', () => {
  afterAll(dropSchemas);

  describeStateStore('postgres', async () => {
    const schema = `${PREFIX}_${++n}`;
    return {
      open: (clock) => openStateStore(`${URL}?schema=${schema}`, { clock }),
      query: (sql) =>
        withAdmin(async (c) => {
          await c.query(`SET search_path = ${schema}`);
          return (await c.query<Record<string, unknown>>(sql)).rows;
        }),
      cleanup: () => withAdmin(async (c) => void (await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`))),
    };
  });

  describe('postgres specifics', () => {
    const schema = `${PREFIX}_race`;
    const stores: StateStore[] = [];
    let a: StateStore;
    let b: StateStore;
    let now = T0;
    const clock = { now: () => now };

    beforeAll(async () => {
      // Two stores = two pools = two independent sets of connections, as two processes would have.
      a = await openStateStore(`${URL}?schema=${schema}`, { clock, poolSize: 2 });
      b = await openStateStore(URL, { clock, schema, poolSize: 2 });
      stores.push(a, b);
    });

    afterAll(async () => {
      for (const s of stores) await s.close();
    });

    it('keeps its tables in the chosen schema', async () => {
      const tables = await withAdmin(async (c) =>
        (await c.query<{ table_name: string }>('SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY 1', [schema])).rows.map(
          (r) => r.table_name,
        ),
      );
      expect(tables).toEqual(['account_index', 'activities', 'budget_calls', 'budget_daily', 'cache', 'claims', 'cursors', 'dead_letters', 'decisions', 'episodes', 'handoffs', 'kept_emails', 'ledger', 'locks', 'outbox', 'pending_contacts', 'rr_pointers', 'runs', 'schema_migrations', 'sla_steps']);
    });

    it('two pools acquiring at once: exactly one winner, fresh and on takeover of an expired lease', async () => {
      for (let round = 0; round < 25; round++) {
        const name = `race-${round}`;
        const fresh = await Promise.all([a.acquireLock(name, holder('a'), 1000), b.acquireLock(name, holder('b'), 1000)]);
        expect(fresh.filter((r) => r.ok)).toHaveLength(1);
        const first = fresh.find((r) => r.ok);
        now += 1000;
        const takeover = await Promise.all([a.acquireLock(name, holder('c'), 1000), b.acquireLock(name, holder('d'), 1000)]);
        const winners = takeover.filter((r) => r.ok);
        expect(winners).toHaveLength(1);
        expect(winners[0]?.ok && first?.ok && winners[0].token > first.token).toBe(true);
      }
    });

    it('a fenced write from the other pool is refused once the lease moved', async () => {
      const la = await a.acquireLock('writer', holder('a'), 1000);
      if (!la.ok) throw new Error('expected the lock');
      now += 1000;
      const lb = await b.acquireLock('writer', holder('b'), 1000);
      if (!lb.ok) throw new Error('expected a takeover');
      await expect(a.commitBatch({ cursor: { name: 'contacts', value: 'stale' }, fence: { name: 'writer', token: la.token } })).rejects.toMatchObject({
        code: 'LOCKED',
      });
      await b.commitBatch({ cursor: { name: 'contacts', value: 'fresh' }, fence: { name: 'writer', token: lb.token } });
      expect((await a.getCursor('contacts'))?.value).toBe('fresh');
    });

    it('opening concurrently migrates once', async () => {
      const racing = `${PREFIX}_migrate`;
      const opened = await Promise.all([0, 1, 2].map(() => openStateStore(`${URL}?schema=${racing}`, { poolSize: 1 })));
      stores.push(...opened);
      const versions = await withAdmin(async (c) => (await c.query(`SELECT version FROM ${racing}.schema_migrations ORDER BY version`)).rows);
      // Each migration recorded exactly once, however many processes raced to apply it.
      expect(versions).toEqual(POSTGRES_MIGRATIONS.map((m) => ({ version: m.version })));
    });
  });
});
