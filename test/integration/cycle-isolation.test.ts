import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { HandoffError } from '../../src/domain/errors.js';
import { emptyReport } from '../../src/domain/report.js';
import type { Activity, RawContact } from '../../src/domain/types.js';
import { processBatch } from '../../src/jobs/sync/cycle.js';
import { openStateStore } from '../../src/adapters/state/index.js';
import type { StateStore } from '../../src/adapters/state/index.js';
import { noopLogger } from '../../src/lib/logger.js';
import { App } from '../../src/runtime/app.js';
import { CONFIG_DIR } from '../helpers/pipeline.js';

/**
 * A record whose content the state store can't hold must not stop the cycle: it is isolated and
 * dead-lettered (stage `state`), the rest of the batch and the cursor land. The inputs bypass the
 * HubSpot edge (which sanitizes), as content from any other path would. Contacts stay below the
 * threshold, so the batch needs neither HubSpot nor Salesforce.
 */
const PG_URL = process.env.HANDOFF_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const PG_PREFIX = `handoff_iso_${randomBytes(4).toString('hex')}`;
const skipPostgres = process.env.HANDOFF_TEST_POSTGRES === 'skip';
const NUL = '\u0000';
let schemas = 0;

/** Refuses, as PostgreSQL does, any write carrying a NUL: exercises the isolation on SQLite too. */
function refusingNul(store: StateStore): StateStore {
  const refuse = (arg: unknown): void => {
    if (JSON.stringify(arg).includes('\\u0000')) {
      throw new HandoffError('INVALID_RECORD', 'The state store refused a value: NUL', { system: 'state', vendorCode: '22P05' });
    }
  };
  return new Proxy(store, {
    get(target, prop, receiver) {
      const value: unknown = Reflect.get(target, prop, receiver);
      if ((prop === 'commitBatch' || prop === 'upsertActivities') && typeof value === 'function') {
        return async (...args: unknown[]) => {
          refuse(args[0]);
          return (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
        };
      }
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

const stores: Record<string, { open: () => Promise<StateStore>; refuses: boolean; skip?: boolean }> = {
  sqlite: { open: () => openStateStore(`sqlite:${join(mkdtempSync(join(tmpdir(), 'handoff-iso-')), 'h.db')}`), refuses: false },
  'sqlite refusing NUL': {
    open: async () => refusingNul(await openStateStore(`sqlite:${join(mkdtempSync(join(tmpdir(), 'handoff-iso-')), 'h.db')}`)),
    refuses: true,
  },
  postgres: { open: () => openStateStore(`${PG_URL}?schema=${PG_PREFIX}_${++schemas}`), refuses: true, skip: skipPostgres },
};

function contact(id: string, over: Record<string, string> = {}): RawContact {
  return {
    id,
    properties: { email: `person${id}@gmail.com`, firstname: 'Ann', lastname: 'Lee', ...over },
    createdAt: '2026-03-01T00:00:00.000Z',
    updatedAt: '2026-03-02T00:00:00.000Z',
    archived: false,
  };
}

function note(id: string, contactId: string, title: string): Activity {
  return { id: `note:${id}`, type: 'note', contactId, occurredAt: '2026-03-01T10:00:00.000Z', outcome: null, title };
}

afterAll(async () => {
  if (skipPostgres) return;
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  try {
    const { rows } = await client.query<{ nspname: string }>('SELECT nspname FROM pg_namespace WHERE starts_with(nspname, $1)', [PG_PREFIX]);
    for (const { nspname } of rows) await client.query(`DROP SCHEMA IF EXISTS ${nspname} CASCADE`);
  } finally {
    await client.end();
  }
});

describe.each(Object.entries(stores))('cycle isolation on %s', (_name, setup) => {
  let app: App | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  it.skipIf(setup.skip === true)('dead-letters only the records the store refuses, and moves the cursor', async () => {
    const store = await setup.open();
    app = new App({ config: loadConfig({ env: {}, dir: CONFIG_DIR }), logger: noopLogger, store });
    const now = new Date('2026-03-02T12:00:00.000Z');
    const report = emptyReport('run-1', 'sync', false, now.toISOString());
    await processBatch(
      await app.deps(),
      {
        contacts: [contact('1'), contact('2'), contact('3')],
        activities: [note('10', '1', 'fine'), note('11', '2', `Demo${NUL}call`), note('12', '3', 'also fine')],
        rejected: [
          { id: '4', reason: 'properties: bad', payload: { id: '4', properties: { firstname: `An${NUL}n` } } },
          { id: '5', reason: 'properties: bad', payload: { id: '5', properties: { firstname: 'Bo' } } },
        ],
      },
      { runId: 'run-1', now, dryRun: false, createTasks: true, cursor: { name: 'contacts', value: 'after' }, report },
    );

    expect((await store.getCursor('contacts'))?.value).toBe('after');
    const acts = await store.activitiesFor(['1', '2', '3']);
    expect(acts.get('1')?.map((a) => a.id)).toEqual(['note:10']);
    expect(acts.get('3')?.map((a) => a.id)).toEqual(['note:12']);
    const dead = await store.listDeadLetters();
    const byKey = new Map(dead.map((d) => [`${d.stage}:${d.hubspotId}`, d]));
    expect(byKey.get('ingest:5')).toBeDefined();
    if (setup.refuses) {
      expect(acts.get('2')).toBeUndefined();
      expect(byKey.get('state:2')).toMatchObject({ code: 'INVALID_RECORD', payload: { activity: { id: 'note:11', title: 'Democall' } } });
      expect(byKey.get('state:4')).toMatchObject({ code: 'INVALID_RECORD' });
      expect(byKey.get('ingest:4')).toBeUndefined();
      expect(JSON.stringify(dead)).not.toContain('\\u0000');
      expect(report.deadLettered).toBe(3);
      const ledger = await store.queryLedger({ runId: 'run-1' });
      expect(ledger.filter((l) => l.action === 'dead_letter').map((l) => `${l.hubspotId}:${(l.detail as { stage: string }).stage}`).sort()).toEqual([
        '2:state',
        '4:state',
        '5:ingest',
      ]);
    } else {
      expect(acts.get('2')?.map((a) => a.id)).toEqual(['note:11']);
      expect(byKey.get('ingest:4')).toBeDefined();
      expect(report.deadLettered).toBe(2);
    }
  });
});
