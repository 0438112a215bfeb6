import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/domain/errors.js';
import { openStateStore, parseStateUrl } from '../../src/adapters/state/index.js';

describe('state URL', () => {
  it('parses the sqlite forms', () => {
    expect(parseStateUrl('sqlite::memory:')).toEqual({ kind: 'sqlite', path: ':memory:' });
    expect(parseStateUrl('sqlite:./data/handoff.db')).toEqual({ kind: 'sqlite', path: resolve('data/handoff.db') });
    expect(parseStateUrl('sqlite:///var/lib/handoff/state.db')).toEqual({ kind: 'sqlite', path: '/var/lib/handoff/state.db' });
  });

  it('takes the schema (and libpq options) out of a postgres URL', () => {
    expect(parseStateUrl('postgres://u:secret@db:5432/handoff?schema=handoff_prod&sslmode=require')).toEqual({
      kind: 'postgres',
      connectionString: 'postgres://u:secret@db:5432/handoff?sslmode=require',
      schema: 'handoff_prod',
      serverOptions: undefined,
    });
    expect(parseStateUrl('postgresql://db/x?options=-c%20statement_timeout%3D5000')).toMatchObject({
      schema: undefined,
      serverOptions: '-c statement_timeout=5000',
    });
  });

  it('refuses unknown schemes and unsafe schema names without echoing secrets', () => {
    expect(() => parseStateUrl('mysql://u:secret@db/x')).toThrow(ConfigError);
    expect(() => parseStateUrl('sqlite:')).toThrow(ConfigError);
    expect(() => parseStateUrl('postgres://u:secret@db/x?schema=bad;drop')).toThrow(/lower-case identifier/);
    try {
      parseStateUrl('postgres://u:secret@db:notaport/x');
    } catch (err) {
      expect(String(err)).not.toContain('secret');
    }
  });

  it('refuses an unsafe schema option before connecting', async () => {
    await expect(openStateStore('postgres://127.0.0.1:1/x', { schema: 'Robert"; --' })).rejects.toBeInstanceOf(ConfigError);
  });
});
