import { openPostgresBackend } from './postgres/backend.js';
import { SqlStateStore } from './sql-store.js';
import type { StoreClock } from './sql-store.js';
import { openSqliteBackend } from './sqlite/backend.js';
import { iso } from './sql/values.js';
import type { StateStore } from '../../ports/state.js';
import { assertSchemaName, parseStateUrl } from './url.js';

export type * from '../../ports/state.js';
export type { StoreClock } from './sql-store.js';
export { parseStateUrl } from './url.js';
export type { StateLocation } from './url.js';

export interface OpenStateStoreOptions {
  /** Time for every stamp and every expiry decision (leases, cache). Defaults to the system clock. */
  clock?: StoreClock;
  /** PostgreSQL schema for the tables; overrides `?schema=` in the URL. Created if missing. */
  schema?: string;
  /** SQLite: how long to wait for another process's write lock. Default 5000. */
  busyTimeoutMs?: number;
  /** PostgreSQL: connections in the pool. Default 5. */
  poolSize?: number;
}

/** Opens (creating and migrating as needed) the store the URL names; see url.ts for the forms. */
export async function openStateStore(url: string, options: OpenStateStoreOptions = {}): Promise<StateStore> {
  const clock = options.clock ?? { now: () => Date.now() };
  const now = (): string => iso(clock.now());
  const location = parseStateUrl(url);
  if (location.kind === 'sqlite') {
    const backend = await openSqliteBackend({ path: location.path, busyTimeoutMs: options.busyTimeoutMs ?? 5000, now });
    return new SqlStateStore(backend, clock);
  }
  if (options.schema !== undefined) assertSchemaName(options.schema);
  const backend = await openPostgresBackend({
    connectionString: location.connectionString,
    schema: options.schema ?? location.schema,
    serverOptions: location.serverOptions,
    poolSize: options.poolSize ?? 5,
    now,
  });
  return new SqlStateStore(backend, clock);
}
