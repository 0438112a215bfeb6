import { resolve } from 'node:path';
import { ConfigError } from '../../domain/errors.js';

/**
 * HANDOFF_DATABASE_URL → where the state lives.
 *   sqlite::memory:                 an in-memory database (tests, dry runs)
 *   sqlite:./data/handoff.db        a file, relative to the working directory
 *   sqlite:///var/lib/handoff.db    an absolute path
 *   postgres://user@host:5432/db?schema=handoff   PostgreSQL; `schema` selects (and creates) the
 *                                   schema the tables live in, so one database can host several stores
 */
export type StateLocation =
  | { kind: 'sqlite'; path: string }
  | { kind: 'postgres'; connectionString: string; schema: string | undefined; serverOptions: string | undefined };

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

export function parseStateUrl(url: string): StateLocation {
  if (url.startsWith('sqlite:')) {
    let path = url.slice('sqlite:'.length);
    if (path.startsWith('//')) path = path.slice(2);
    if (path === '') throw invalid('sqlite: needs a file path or :memory:');
    return { kind: 'sqlite', path: path === ':memory:' ? path : resolve(path) };
  }
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      // The URL may hold a password: never echo it.
      throw invalid('the postgres:// URL could not be parsed');
    }
    const schema = parsed.searchParams.get('schema') ?? undefined;
    if (schema !== undefined) assertSchemaName(schema);
    const serverOptions = parsed.searchParams.get('options') ?? undefined;
    // Ours, not the driver's: pg would otherwise let its own `options` override our search_path.
    parsed.searchParams.delete('schema');
    parsed.searchParams.delete('options');
    return { kind: 'postgres', connectionString: parsed.toString(), schema, serverOptions };
  }
  throw invalid('must start with sqlite: or postgres://');
}

/** Plain lower-case identifiers only, so the name needs no quoting in SQL or in libpq options. */
export function assertSchemaName(schema: string): void {
  if (!SCHEMA_NAME.test(schema)) {
    throw invalid(`schema "${schema}" must be a lower-case identifier (letters, digits, underscore)`);
  }
}

function invalid(message: string): ConfigError {
  return new ConfigError([`HANDOFF_DATABASE_URL: ${message}`]);
}
