import pg from 'pg';
import type { Backend, StateTx, TxMode } from '../backend.js';
import type { SqlConn } from '../sql/conn.js';
import { pendingMigrations } from '../sql/migrations.js';
import type { Row } from '../sql/rows.js';
import { sqlTx } from '../sql/tx.js';
import { postgresBulk } from './bulk.js';
import { POSTGRES_MIGRATIONS } from './migrations.js';

export interface PostgresBackendOptions {
  connectionString: string;
  /** Where the tables live (created if missing); unset means the role's default search_path. */
  schema: string | undefined;
  /** Extra libpq `options` from the URL, kept alongside our search_path. */
  serverOptions: string | undefined;
  poolSize: number;
  now: () => string;
}

export async function openPostgresBackend(options: PostgresBackendOptions): Promise<Backend> {
  const serverOptions = [options.serverOptions, options.schema && `-c search_path=${options.schema}`].filter(Boolean).join(' ');
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.poolSize,
    application_name: 'handoff',
    ...(serverOptions ? { options: serverOptions } : {}),
  });
  // An idle client losing its connection emits 'error' on the pool; unhandled it would kill the
  // process. The next query fails with the real error instead, where a caller can act on it.
  pool.on('error', () => undefined);
  try {
    await migrate(pool, options.schema, options.now());
  } catch (err) {
    await pool.end();
    throw err;
  }
  return new PostgresBackend(pool);
}

async function migrate(pool: pg.Pool, schema: string | undefined, now: string): Promise<void> {
  await withClient(pool, async (client) => {
    // Two replicas starting together: the advisory lock makes the second wait, then find nothing to do.
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`handoff:migrate:${schema ?? ''}`]);
    if (schema) await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    await client.query(
      'CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL)',
    );
    const applied = (await client.query<{ version: number }>('SELECT version FROM schema_migrations')).rows.map((r) => r.version);
    for (const m of pendingMigrations(POSTGRES_MIGRATIONS, applied)) {
      for (const statement of m.statements) await client.query(statement);
      await client.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [m.version, m.name, now]);
    }
  });
}

/** One transaction on one pooled client; a client whose ROLLBACK failed is discarded, not reused. */
async function withClient<T>(pool: pg.Pool, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query('BEGIN');
    const result = await fn(client);
    await client.query('COMMIT');
    return result;
  } catch (err) {
    await client.query('ROLLBACK').catch((rollbackErr: unknown) => {
      broken = rollbackErr instanceof Error ? rollbackErr : new Error(String(rollbackErr));
    });
    throw err;
  } finally {
    client.release(broken);
  }
}

function pgConn(db: pg.Pool | pg.PoolClient): SqlConn {
  return {
    style: 'postgres',
    // jsonb arrives parsed; SQL NULL stays null.
    json: (value) => value ?? null,
    query: async (sql, params = []) => (await db.query<Row>(sql, params as unknown[])).rows,
    queryArrays: async (sql, params = []) => (await db.query<unknown[]>({ text: sql, values: params as unknown[], rowMode: 'array' })).rows,
    exec: async (sql, params = []) => (await db.query(sql, params as unknown[])).rowCount ?? 0,
  };
}

function txFor(db: pg.Pool | pg.PoolClient): StateTx {
  const conn = pgConn(db);
  return sqlTx(conn, postgresBulk(conn));
}

class PostgresBackend implements Backend {
  readonly dialect = 'postgres' as const;
  // Reads are single statements, so they run on the pool without BEGIN/COMMIT round trips.
  private readonly readTx: StateTx;
  private closing: Promise<void> | undefined;

  constructor(private readonly pool: pg.Pool) {
    this.readTx = txFor(pool);
  }

  transaction<T>(mode: TxMode, fn: (tx: StateTx) => Promise<T>): Promise<T> {
    if (mode === 'read') return fn(this.readTx);
    return withClient(this.pool, (client) => fn(txFor(client)));
  }

  close(): Promise<void> {
    this.closing ??= this.pool.end();
    return this.closing;
  }
}
