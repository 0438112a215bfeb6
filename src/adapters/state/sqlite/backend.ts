import { chmodSync, closeSync, existsSync, mkdirSync, openSync, realpathSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import type { SQLInputValue, StatementSync } from 'node:sqlite';
import type { Backend, StateTx, TxMode } from '../backend.js';
import type { SqlConn } from '../sql/conn.js';
import { pendingMigrations } from '../sql/migrations.js';
import type { Row } from '../sql/rows.js';
import { sqlTx } from '../sql/tx.js';
import { parseJsonText } from '../sql/values.js';
import { sqliteBulk } from './bulk.js';
import { SQLITE_MIGRATIONS } from './migrations.js';

export interface SqliteBackendOptions {
  /** A file path, or ':memory:'. */
  path: string;
  /** How long to wait for another process's write lock before failing. */
  busyTimeoutMs: number;
  now: () => string;
}

/**
 * node:sqlite is synchronous and a connection has one transaction at a time, so every call is
 * queued: an await inside one transaction must never let another call's statements into it.
 *
 * The queue is shared by every connection this process has open on the same file. A second
 * connection's BEGIN IMMEDIATE would otherwise wait for the busy timeout *synchronously*, blocking
 * the very event loop the first connection needs to finish its transaction: a self-deadlock.
 * Other processes are fine; their transactions finish on their own while we wait.
 */
const lanes = new Map<string, { tail: Promise<unknown>; users: number }>();

export async function openSqliteBackend(options: SqliteBackendOptions): Promise<Backend> {
  if (options.path !== ':memory:') {
    mkdirSync(dirname(options.path), { recursive: true });
    // Dead letters hold contact payloads: the file is created owner-only rather than by the umask.
    closeSync(openSync(options.path, 'a', 0o600));
    keepPrivate(options.path);
  }
  const db = new DatabaseSync(options.path, { timeout: options.busyTimeoutMs });
  const backend = new SqliteBackend(db, options.path === ':memory:' ? null : realpathSync(options.path));
  try {
    // On the lane too: a migration's BEGIN IMMEDIATE must not block on a sibling's open transaction.
    await backend.exclusive(() => {
      // WAL lets readers (a status command) run beside the writer. FULL sync because a commit
      // records Salesforce writes that already happened; losing one on power loss could repeat them.
      if (options.path !== ':memory:') {
        db.exec('PRAGMA journal_mode = WAL');
        // SQLite gives these its main file's mode; ones left by an earlier version are tightened.
        for (const sibling of [`${options.path}-wal`, `${options.path}-shm`]) keepPrivate(sibling);
      }
      db.exec(`PRAGMA busy_timeout = ${Math.max(0, Math.trunc(options.busyTimeoutMs))}`);
      db.exec('PRAGMA synchronous = FULL');
      db.exec('PRAGMA foreign_keys = ON');
      migrate(db, options.now());
    });
  } catch (err) {
    await backend.close();
    throw err;
  }
  return backend;
}

/** Owner-only permissions on an existing file; one owned by another user is left as it is. */
function keepPrivate(path: string): void {
  if (!existsSync(path)) return;
  try {
    chmodSync(path, 0o600);
  } catch {
    // EPERM: not ours to change, and not a reason to refuse to run.
  }
}

function migrate(db: DatabaseSync, now: string): void {
  inTransaction(db, 'BEGIN IMMEDIATE', () => {
    db.exec(
      'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL) STRICT',
    );
    const applied = db.prepare('SELECT version FROM schema_migrations').all().map((r) => Number(r.version));
    const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
    for (const m of pendingMigrations(SQLITE_MIGRATIONS, applied)) {
      for (const statement of m.statements) db.exec(statement);
      record.run(m.version, m.name, now);
    }
  });
}

function inTransaction(db: DatabaseSync, begin: string, fn: () => void): void {
  db.exec(begin);
  try {
    fn();
    db.exec('COMMIT');
  } catch (err) {
    db.exec('ROLLBACK');
    throw err;
  }
}

class SqliteBackend implements Backend {
  readonly dialect = 'sqlite' as const;
  private readonly statements = new Map<string, StatementSync>();
  private readonly tx: StateTx;
  private readonly lane: { tail: Promise<unknown>; users: number };
  private closed = false;
  private closing: Promise<void> | undefined;

  constructor(
    private readonly db: DatabaseSync,
    private readonly file: string | null,
  ) {
    const shared = file === null ? undefined : lanes.get(file);
    this.lane = shared ?? { tail: Promise.resolve(), users: 0 };
    this.lane.users += 1;
    if (file !== null) lanes.set(file, this.lane);
    const conn: SqlConn = {
      style: 'sqlite',
      json: parseJsonText,
      query: async (sql, params = []) => this.statement(sql).all(...(params as SQLInputValue[])) as Row[],
      queryArrays: async (sql, params = []) => {
        // A statement of its own: the shared cache hands out statements that return objects.
        const stmt = this.db.prepare(sql);
        stmt.setReturnArrays(true);
        return stmt.all(...(params as SQLInputValue[])) as unknown as unknown[][];
      },
      exec: async (sql, params = []) => Number(this.statement(sql).run(...(params as SQLInputValue[])).changes),
    };
    this.tx = sqlTx(conn, sqliteBulk(conn));
  }

  transaction<T>(mode: TxMode, fn: (tx: StateTx) => Promise<T>): Promise<T> {
    return this.exclusive(async () => {
      // IMMEDIATE takes the write lock up front, so a fence check and the write it guards are atomic
      // against other processes; a deferred read transaction gives a consistent snapshot.
      this.db.exec(mode === 'write' ? 'BEGIN IMMEDIATE' : 'BEGIN');
      try {
        const result = await fn(this.tx);
        this.db.exec('COMMIT');
        return result;
      } catch (err) {
        if (this.db.isTransaction) this.db.exec('ROLLBACK');
        throw err;
      }
    });
  }

  /** Runs fn when every earlier call on this file, from any connection in this process, is done. */
  exclusive<T>(fn: () => T | Promise<T>): Promise<T> {
    const run = async (): Promise<T> => {
      if (this.closed) throw new Error('The state store is closed');
      return fn();
    };
    const result = this.lane.tail.then(run, run);
    this.lane.tail = result.catch(() => undefined);
    return result;
  }

  /** Queued like any call, so work already asked for finishes first; later calls are refused. */
  close(): Promise<void> {
    this.closing ??= this.exclusive(() => {
      this.closed = true;
      this.statements.clear();
      this.db.close();
      this.lane.users -= 1;
      if (this.file !== null && this.lane.users === 0) lanes.delete(this.file);
    });
    return this.closing;
  }

  private statement(sql: string): StatementSync {
    let stmt = this.statements.get(sql);
    if (!stmt) {
      // Filter combinations make a small, bounded set of texts; the cap only guards against misuse.
      if (this.statements.size > 500) this.statements.clear();
      stmt = this.db.prepare(sql);
      this.statements.set(sql, stmt);
    }
    return stmt;
  }
}
