import { execFile } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { openStateStore } from '../../src/adapters/state/index.js';
import { describeStateStore, holder, T0 } from './state-conformance.js';

const root = mkdtempSync(join(tmpdir(), 'handoff-state-'));
let n = 0;

afterAll(() => rmSync(root, { recursive: true, force: true }));

describeStateStore('sqlite', async () => {
  // A nested, not-yet-existing directory: opening must create it.
  const file = join(root, `case-${++n}`, 'data', 'handoff.db');
  return {
    open: (clock) => openStateStore(`sqlite:${file}`, { clock }),
    query: async (sql) => {
      const db = new DatabaseSync(file);
      try {
        return db.prepare(sql).all() as Array<Record<string, unknown>>;
      } finally {
        db.close();
      }
    },
    cleanup: async () => undefined,
  };
});

describe('sqlite specifics', () => {
  it('runs in memory with sqlite::memory:', async () => {
    const store = await openStateStore('sqlite::memory:', { clock: { now: () => T0 } });
    try {
      expect(store.dialect).toBe('sqlite');
      await store.setCursor('contacts', 'x');
      expect(await store.getCursor('contacts')).toMatchObject({ value: 'x' });
      expect((await store.acquireLock('writer', holder('a'), 1000)).ok).toBe(true);
    } finally {
      await store.close();
    }
  });

  it('creates the parent directory and uses WAL', async () => {
    const file = join(root, 'deep', 'er', 'state.db');
    const store = await openStateStore(`sqlite:${file}`);
    await store.close();
    expect(existsSync(file)).toBe(true);
    const db = new DatabaseSync(file);
    try {
      expect(db.prepare('PRAGMA journal_mode').get()).toEqual({ journal_mode: 'wal' });
    } finally {
      db.close();
    }
  });

  it('keeps the state file and its WAL siblings private to the owner (0600), even under umask 022', async () => {
    const file = join(root, 'private', 'state.db');
    const previous = process.umask(0o022);
    try {
      const store = await openStateStore(`sqlite:${file}`);
      try {
        await store.setCursor('contacts', 'x');
        for (const path of [file, `${file}-wal`, `${file}-shm`]) {
          expect(existsSync(path)).toBe(true);
          expect((statSync(path).mode & 0o777).toString(8)).toBe('600');
        }
      } finally {
        await store.close();
      }
      // A file made world-readable by an earlier version is tightened on open.
      chmodSync(file, 0o644);
      await (await openStateStore(`sqlite:${file}`)).close();
      expect((statSync(file).mode & 0o777).toString(8)).toBe('600');
    } finally {
      process.umask(previous);
    }
  });

  it('separate processes opening a fresh file and racing for the lock: one winner, no busy errors', async () => {
    const file = join(root, 'procs', 'state.db');
    const script = join(root, 'acquire-child.mts');
    const entry = pathToFileURL(join(import.meta.dirname, '..', '..', 'src', 'adapters', 'state', 'index.ts')).href;
    writeFileSync(
      script,
      `import { openStateStore } from ${JSON.stringify(entry)};
const store = await openStateStore('sqlite:' + process.argv[2]);
const id = process.argv[3];
const result = await store.acquireLock('writer', { id, pid: process.pid, host: 'test', command: 'child ' + id }, 60000);
await store.close();
process.stdout.write(JSON.stringify(result));`,
    );
    const run = promisify(execFile);
    const cwd = join(import.meta.dirname, '..', '..');
    const outputs = await Promise.all(
      ['p1', 'p2', 'p3'].map((id) => run(process.execPath, ['--import', 'tsx', script, file, id], { cwd })),
    );
    const results = outputs.map((o) => JSON.parse(o.stdout) as { ok: boolean; token?: number });
    expect(results.filter((r) => r.ok)).toEqual([{ ok: true, token: 1, expiresAt: expect.any(String) }]);
  });

  it('refuses calls after close, and close is idempotent', async () => {
    const store = await openStateStore('sqlite::memory:');
    await store.close();
    await store.close();
    await expect(store.getCursor('x')).rejects.toThrow(/closed/);
  });
});
