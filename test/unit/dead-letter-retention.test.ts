import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SimulatedClock } from '../../src/adapters/clock/simulated.js';
import { openStateStore } from '../../src/adapters/state/index.js';
import { LAST_PURGE_CURSOR, purgeDeadLettersIfDue } from '../../src/jobs/dead-letter-retention.js';
import { deadLetterRetention } from '../../src/runtime/daemon/retention.js';
import type { StateStore } from '../../src/ports/state.js';
import { memoryLogger } from '../helpers/fault-harness.js';

const T0 = Date.parse('2026-03-02T10:00:00.000Z');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const SETTINGS = { retentionDays: 30, purgeEveryHours: 24 };

describe('dead-letter retention in the daemon, on the simulated clock', () => {
  let clock: SimulatedClock;
  let store: StateStore;
  const log = memoryLogger();
  /** A dead letter last seen `ageDays` before the clock's now. */
  const deadLetter = (hubspotId: string, ageDays: number) =>
    store.upsertDeadLetters([{ stage: 'lead.write', code: 'VALIDATION', message: 'Last Name: required (dana@x.example)', hubspotId, at: new Date(clock.now() - ageDays * DAY).toISOString() }]);
  const purges = () => log.lines.filter((l) => l.message === 'dead letters purged');

  beforeEach(async () => {
    clock = new SimulatedClock(T0);
    store = await openStateStore('sqlite::memory:', { clock });
    log.lines.length = 0;
  });
  afterEach(async () => store.close());

  it('purges at once when no purge was recorded, then once per interval, and logs the count without personal data', async () => {
    await deadLetter('1', 31);
    await deadLetter('2', 29.5);
    const retain = deadLetterRetention({ store, clock, logger: log, settings: SETTINGS });
    await retain();
    expect((await store.listDeadLetters()).map((d) => d.hubspotId)).toEqual(['2']);
    expect(purges()).toEqual([{ level: 'info', message: 'dead letters purged', meta: { purged: 1, before: new Date(T0 - 30 * DAY).toISOString(), retentionDays: 30 } }]);
    expect(await store.getCursor(LAST_PURGE_CURSOR)).toMatchObject({ value: new Date(T0).toISOString() });
    expect(JSON.stringify(log.lines)).not.toContain('dana@x.example');

    // 23 hours on, 2 is past retention but no purge is due yet.
    await clock.advance(23 * HOUR);
    await retain();
    expect(await store.countDeadLetters()).toBe(1);
    expect(purges()).toHaveLength(1);

    await clock.advance(HOUR);
    await retain();
    expect(await store.countDeadLetters()).toBe(0);
    expect(purges()).toHaveLength(2);
    expect(purges()[1]?.meta).toMatchObject({ purged: 1 });
  });

  it('a restarted daemon reads the last purge from the state and does not purge again before the interval', async () => {
    await deadLetterRetention({ store, clock, logger: log, settings: SETTINGS })();
    await clock.advance(2 * HOUR);
    await deadLetter('3', 40);
    // A new process: nothing in memory, only the state.
    await deadLetterRetention({ store, clock, logger: log, settings: SETTINGS })();
    expect(await store.countDeadLetters()).toBe(1);
    expect(purges()).toHaveLength(1);
    await clock.advance(22 * HOUR);
    await deadLetterRetention({ store, clock, logger: log, settings: SETTINGS })();
    expect(await store.countDeadLetters()).toBe(0);
  });

  it('purgeEveryHours 0 leaves purging to `handoff dlq purge`', async () => {
    await deadLetter('4', 90);
    expect(await purgeDeadLettersIfDue(store, { retentionDays: 30, purgeEveryHours: 0 }, clock.now())).toBeNull();
    expect(await store.countDeadLetters()).toBe(1);
    expect(await store.getCursor(LAST_PURGE_CURSOR)).toBeNull();
  });

  it('a failing purge is logged with its code and retried on the next call, not thrown', async () => {
    const failing = { ...store, getCursor: store.getCursor.bind(store), setCursor: store.setCursor.bind(store), purgeDeadLettersOlderThan: () => Promise.reject(Object.assign(new Error('disk full'), { code: 'UNKNOWN' })) };
    await deadLetterRetention({ store: failing, clock, logger: log, settings: SETTINGS })();
    expect(log.lines).toEqual([{ level: 'warn', message: 'dead-letter purge failed; retrying next cycle', meta: { code: 'UNKNOWN' } }]);
    expect(await store.getCursor(LAST_PURGE_CURSOR)).toBeNull();
  });
});
