import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStateStore } from '../../src/adapters/state/index.js';
import { App } from '../../src/runtime/app.js';
import type { Deps } from '../../src/jobs/deps.js';
import { loadConfig } from '../../src/config/load.js';
import type { Config } from '../../src/config/load.js';
import { noopLogger } from '../../src/lib/logger.js';
import { systemClock } from '../../src/ports/clock.js';
import type { Clock } from '../../src/ports/clock.js';
import { routingUsers } from '../../src/runtime/cli/routing-users.js';
import pg from 'pg';
import { startSandbox } from '@handoff/sandbox';
import type { Dataset, RunningSandbox, SandboxOptions } from '@handoff/sandbox';

export const CONFIG_DIR = join(import.meta.dirname, '..', '..', 'config');

export interface Harness {
  sandbox: RunningSandbox;
  config: Config;
  dbUrl: string;
  newApp(): App;
  /** The ports of a new App, for running jobs. */
  newDeps(): Promise<Deps>;
  stop(): Promise<void>;
}

const PG_URL = process.env.HANDOFF_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/**
 * A fresh, empty state: a new SQLite file, or with HANDOFF_TEST_STATE=postgres a new schema in the
 * test database (`npm run test:faults:postgres` runs the fault matrix so; HANDOFF_TEST_POSTGRES=skip
 * keeps SQLite). `drop` removes the schema.
 */
export function freshStateUrl(): { url: string; drop: () => Promise<void> } {
  if (process.env.HANDOFF_TEST_STATE !== 'postgres' || process.env.HANDOFF_TEST_POSTGRES === 'skip') {
    const dir = mkdtempSync(join(tmpdir(), 'handoff-state-'));
    return { url: `sqlite:${join(dir, 'handoff.db')}`, drop: () => Promise.resolve(rmSync(dir, { recursive: true, force: true })) };
  }
  const schema = `handoff_harness_${randomBytes(6).toString('hex')}`;
  return {
    url: `${PG_URL}?schema=${schema}`,
    async drop() {
      const client = new pg.Client({ connectionString: PG_URL });
      await client.connect();
      try {
        await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      } finally {
        await client.end();
      }
    },
  };
}

/**
 * Makes the state at `to` (a freshStateUrl, unused so far) a copy of the one at `from`, for a
 * reference run from the same starting point. SQLite: the file (closed, so checkpointed). PostgreSQL:
 * the schema's tables, created by the migrations, then every row copied and the id sequences moved on.
 */
export async function copyState(from: string, to: string): Promise<void> {
  if (from.startsWith('sqlite:') && to.startsWith('sqlite:')) {
    copyFileSync(from.slice('sqlite:'.length), to.slice('sqlite:'.length));
    return;
  }
  const schemaOf = (url: string): string => {
    const schema = new URL(url).searchParams.get('schema');
    if (!schema || !/^[a-z0-9_]+$/.test(schema)) throw new Error(`not a harness schema: ${url}`);
    return schema;
  };
  const [src, dst] = [schemaOf(from), schemaOf(to)];
  await (await openStateStore(to)).close();
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  try {
    const tables = await client.query<{ name: string }>(`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = $1 AND table_type = 'BASE TABLE'`, [src]);
    const serials = await client.query<{ t: string; c: string }>(
      `SELECT table_name AS t, column_name AS c FROM information_schema.columns WHERE table_schema = $1 AND (is_identity = 'YES' OR column_default LIKE 'nextval%')`,
      [src],
    );
    await client.query('BEGIN');
    for (const { name } of tables.rows) {
      await client.query(`TRUNCATE ${dst}.${name}`);
      await client.query(`INSERT INTO ${dst}.${name} OVERRIDING SYSTEM VALUE SELECT * FROM ${src}.${name}`);
    }
    for (const { t, c } of serials.rows) {
      await client.query(`SELECT setval(pg_get_serial_sequence('${dst}.${t}', '${c}'), COALESCE((SELECT max(${c}) FROM ${dst}.${t}), 0) + 1, false)`);
    }
    await client.query('COMMIT');
  } finally {
    await client.end();
  }
}

/**
 * A sandbox with the dataset (plus the users routing.yaml names), the shipped config pointed at it, and a
 * fresh state (see freshStateUrl). With `clock` (a SandboxClock) the Apps it builds run on that clock.
 */
export async function startHarness(dataset: Dataset, opts: SandboxOptions & { dir?: string; env?: Record<string, string> } = {}): Promise<Harness> {
  const base = loadConfig({ env: {}, dir: opts.dir ?? CONFIG_DIR });
  const sandbox = await startSandbox({ ...opts, dataset, users: routingUsers(base.routing) });
  const state = freshStateUrl();
  const dbUrl = state.url;
  const config = loadConfig({ env: { ...sandbox.env, HANDOFF_DATABASE_URL: dbUrl, ...opts.env }, dir: opts.dir ?? CONFIG_DIR });
  const apps: App[] = [];
  // Given a sandbox clock, the jobs run on it too (a test moves time with `clock.advance`).
  const shared = opts.clock;
  const clock: Clock | undefined = shared ? { now: () => shared.now(), sleep: (ms, signal) => systemClock.sleep(ms, signal) } : undefined;
  const newApp = (): App => {
    const app = new App({ config, logger: noopLogger, retry: { retries: 4, baseDelayMs: 5, maxDelayMs: 20 }, ...(clock ? { clock } : {}) });
    apps.push(app);
    return app;
  };
  return {
    sandbox,
    config,
    dbUrl,
    newApp,
    newDeps: () => newApp().deps(),
    async stop() {
      for (const a of apps) await a.close();
      await sandbox.stop();
      await state.drop();
    },
  };
}

/** Salesforce records as the emulator holds them (no API allocation used). */
export function sfQuery(h: Harness, soql: string): Record<string, unknown>[] {
  return h.sandbox.control.salesforce.query(soql);
}
