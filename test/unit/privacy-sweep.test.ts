import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SimulatedClock } from '../../src/adapters/clock/simulated.js';
import { openStateStore } from '../../src/adapters/state/index.js';
import { handoffSchema } from '../../src/config/handoff.js';
import { sweepDeletedContacts } from '../../src/jobs/privacy-sweep.js';
import type { StateStore } from '../../src/ports/state.js';
import { LAST_SWEEP_CURSOR, privacySweep } from '../../src/runtime/daemon/privacy-sweep.js';
import { FakeHubSpot, rawContact } from '../helpers/fake-ports.js';
import { memoryLogger } from '../helpers/fault-harness.js';

/** A Monday, 10:00 UTC. */
const T0 = Date.parse('2026-03-02T10:00:00.000Z');
const HOUR = 3_600_000;

describe('the privacy sweep', () => {
  let clock: SimulatedClock;
  let store: StateStore;
  let hubspot: FakeHubSpot;
  const log = memoryLogger();
  /** The state remembers a titled activity of each contact; HubSpot holds those in `inHubSpot`. */
  const remember = async (ids: readonly string[]) =>
    store.upsertActivities(ids.map((id) => ({ id: `note:${id}`, contactId: id, type: 'note' as const, occurredAt: new Date(T0).toISOString(), outcome: null, title: `Lunch with person ${id}` })));
  const titles = async (ids: readonly string[]) => [...(await store.activitiesFor(ids)).values()].flat().map((a) => [a.contactId, a.title]);

  beforeEach(async () => {
    clock = new SimulatedClock(T0);
    store = await openStateStore('sqlite::memory:', { clock });
    hubspot = new FakeHubSpot();
    log.lines.length = 0;
  });
  afterEach(async () => store.close());

  it('reads 100 ids a call and erases only those HubSpot no longer holds (deleted or archived)', async () => {
    const ids = Array.from({ length: 250 }, (_, i) => String(1000 + i));
    await remember(ids);
    for (const id of ids) if (id !== '1007' && id !== '1200') hubspot.put(rawContact(id, { archived: id === '1101' }));
    const report = await sweepDeletedContacts({ state: store, hubspot });
    expect(hubspot.calls).toEqual(['existingContacts', 'existingContacts', 'existingContacts']);
    expect(report).toMatchObject({ checked: 250, calls: 3, forgotten: ['1007', '1101', '1200'], erased: { activities: 3, deadLetters: 0, ledger: 0, decisions: 0 } });
    expect(await titles(['1007', '1101', '1008'])).toEqual([
      ['1007', null],
      ['1008', 'Lunch with person 1008'],
      ['1101', null],
    ]);
    expect(await store.contactsWithPersonalData()).toHaveLength(247);
  });

  it('a failed read erases nothing it did not check', async () => {
    await remember(['1', '2']);
    hubspot.failNext('existingContacts', new Error('HubSpot is down'));
    await expect(sweepDeletedContacts({ state: store, hubspot })).rejects.toThrow('HubSpot is down');
    expect(await store.contactsWithPersonalData()).toEqual(['1', '2']);
  });

  it('in the daemon: off by default; on its cron, once per firing, on the injected clock; a failure is logged and retried', async () => {
    await remember(['1', '2']);
    hubspot.put(rawContact('1'));
    const off = privacySweep({ store, clock, logger: log, cron: null, timeZone: 'UTC' });
    expect(await off(hubspot)).toBeNull();
    expect(hubspot.calls).toEqual([]);

    // Daily at 03:00 UTC; the daemon started Monday 10:00, so the first sweep is Tuesday 03:00.
    const sweep = privacySweep({ store, clock, logger: log, cron: '0 3 * * *', timeZone: 'UTC' });
    await clock.set(T0 + 16 * HOUR);
    expect(await sweep(hubspot)).toBeNull();
    expect(hubspot.calls).toEqual([]);

    await clock.set(T0 + 17 * HOUR + 5 * 60_000);
    hubspot.failNext('existingContacts', Object.assign(new Error('down'), { code: 'UNAVAILABLE' }));
    expect(await sweep(hubspot)).toBeNull();
    expect(log.lines.at(-1)).toMatchObject({ level: 'warn', message: 'privacy sweep failed; retrying after the next cycle', meta: { code: 'UNAVAILABLE' } });
    expect(await store.getCursor(LAST_SWEEP_CURSOR)).toBeNull();

    // The next cycle: still due, it sweeps; 2 is gone from HubSpot.
    await clock.set(T0 + 17 * HOUR + 10 * 60_000);
    const done = await sweep(hubspot);
    expect(done).toMatchObject({ checked: 2, calls: 1, forgotten: ['2'] });
    expect(await store.getCursor(LAST_SWEEP_CURSOR)).toMatchObject({ value: new Date(T0 + 17 * HOUR + 10 * 60_000).toISOString() });
    expect(log.lines.at(-1)).toMatchObject({ level: 'info', message: 'privacy sweep finished', meta: { checked: 2, calls: 1, forgotten: 1, activities: 1 } });

    // Not again until the next firing, a restarted daemon included (the cursor remembers).
    await clock.set(T0 + 40 * HOUR);
    expect(await sweep(hubspot)).toBeNull();
    const restarted = privacySweep({ store, clock, logger: log, cron: '0 3 * * *', timeZone: 'UTC' });
    expect(await restarted(hubspot)).toBeNull();
    await clock.set(T0 + 41 * HOUR + 1000);
    expect(await restarted(hubspot)).toMatchObject({ checked: 1, calls: 1, forgotten: [] });
    expect(JSON.stringify(log.lines)).not.toMatch(/lunch|person/i);
  });

  it('privacy.sweepCron is off by default and must be a cron expression', () => {
    expect(handoffSchema.parse({}).privacy).toEqual({ sweepCron: null });
    expect(handoffSchema.parse({ privacy: { sweepCron: '0 3 * * 0' } }).privacy.sweepCron).toBe('0 3 * * 0');
    const bad = handoffSchema.safeParse({ privacy: { sweepCron: 'every night' } });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([['privacy.sweepCron', 'is not a valid cron expression (five fields, e.g. "0 3 * * *")']]);
  });
});
