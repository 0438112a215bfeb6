import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createAlerter } from '../../src/adapters/alerts/index.js';
import type { Alerter } from '../../src/adapters/alerts/index.js';
import { SimulatedClock } from '../../src/adapters/clock/simulated.js';
import { openStateStore } from '../../src/adapters/state/index.js';
import { loadConfig } from '../../src/config/load.js';
import { HandoffError } from '../../src/domain/errors.js';
import { emptyReport } from '../../src/domain/report.js';
import { runSync } from '../../src/jobs/sync/run-sync.js';
import type { StateStore } from '../../src/ports/state.js';
import { handoffCycle } from '../../src/runtime/daemon/handoff-cycle.js';
import { createMetrics } from '../../src/runtime/http/index.js';
import { FakeHubSpot, rawContact } from '../helpers/fake-ports.js';
import { virtualClock } from '../helpers/virtual-clock.js';
import { memoryLogger } from '../helpers/fault-harness.js';
import { CONFIG_DIR } from '../helpers/pipeline.js';

/** Every cycle's ports share this fake; `events` records the order of sync and sweep. */
const events: string[] = [];
class RecordingHubSpot extends FakeHubSpot {
  override existingContacts(ids: readonly string[]): Promise<Set<string>> {
    events.push(`sweep:${ids.length}`);
    return super.existingContacts(ids);
  }
}
const hubspot = new RecordingHubSpot();

vi.mock('../../src/runtime/app.js', () => ({
  App: class {
    hubspot() {
      return { accountTimeZone: () => Promise.resolve('UTC') };
    }
    deps() {
      return Promise.resolve({ hubspot });
    }
  },
}));
vi.mock('../../src/jobs/sync/run-sync.js', () => ({ runSync: vi.fn() }));

const syncs = (error?: HandoffError): void => {
  vi.mocked(runSync).mockImplementation(() => {
    events.push('sync:start');
    const report = { ...emptyReport('run-1', 'sync', false, new Date(0).toISOString()), status: error ? ('failed' as const) : ('succeeded' as const) };
    // The sync ends a turn later: a sweep that did not wait for it would be recorded first.
    return new Promise((resolve) =>
      setImmediate(() => {
        events.push('sync:end');
        resolve({ report, ...(error ? { error } : {}) } as Awaited<ReturnType<typeof runSync>>);
      }),
    );
  });
};

const failWith = (error: HandoffError): void => {
  const report = { ...emptyReport('run-1', 'sync', false, new Date().toISOString()), status: 'failed' as const };
  vi.mocked(runSync).mockResolvedValue({ report, error } as Awaited<ReturnType<typeof runSync>>);
};

/** Monday 2026-03-02 10:00 UTC. */
const T0 = Date.parse('2026-03-02T10:00:00.000Z');
const HOUR = 3_600_000;

describe('daemon cycle: the privacy sweep', () => {
  let store: StateStore;
  let clock: SimulatedClock;
  let cycle: () => Promise<unknown>;
  const log = memoryLogger();

  beforeEach(async () => {
    events.length = 0;
    clock = new SimulatedClock(T0);
    const base = loadConfig({ env: { HUBSPOT_ACCESS_TOKEN: 'x', HANDOFF_DATABASE_URL: 'sqlite::memory:' }, dir: CONFIG_DIR });
    const config = { ...base, handoff: { ...base.handoff, privacy: { sweepCron: '0 3 * * *' } } };
    store = await openStateStore('sqlite::memory:', { clock });
    const alerter = createAlerter({ config: config.handoff.alerts, env: {}, logger: log, clock });
    const run = handoffCycle({ config, store, logger: log, clock, metrics: createMetrics({ defaultMetrics: false }), alerter, startedAt: new Date(T0) });
    cycle = () => run(new AbortController().signal, { fence: undefined });
    await store.upsertActivities(['1', '2'].map((id) => ({ id: `call:${id}`, contactId: id, type: 'call' as const, occurredAt: new Date(T0).toISOString(), outcome: null, title: `Call with person ${id}` })));
    hubspot.put(rawContact('1'));
  });
  afterEach(async () => {
    await store.close();
    log.lines.length = 0;
  });

  it('runs after the sync of the first cycle past its cron, on the injected clock, and not again until the next firing', async () => {
    syncs();
    await cycle();
    expect(events).toEqual(['sync:start', 'sync:end']);

    await clock.set(T0 + 17 * HOUR + 60_000); // Tuesday 03:01
    await cycle();
    expect(events.slice(2)).toEqual(['sync:start', 'sync:end', 'sweep:2']);
    expect(await store.contactsWithPersonalData()).toEqual(['1']);

    await clock.advance(HOUR);
    await cycle();
    expect(events.slice(5)).toEqual(['sync:start', 'sync:end']);
  });

  it('is skipped when the sync hit HubSpot\'s daily limit', async () => {
    await clock.set(T0 + 17 * HOUR + 60_000);
    syncs(new HandoffError('DAILY_LIMIT', 'daily limit reached', { system: 'hubspot', vendorCode: 'DAILY' }));
    await cycle();
    expect(events).toEqual(['sync:start', 'sync:end']);
    expect(await store.contactsWithPersonalData()).toEqual(['1', '2']);
  });
});

describe('daemon cycle: dead-letter retention', () => {
  let store: StateStore;
  let clock: SimulatedClock;
  let cycle: () => Promise<unknown>;
  const log = memoryLogger();
  const DAY = 24 * HOUR;
  const deadLetter = (hubspotId: string, ageDays: number) =>
    store.upsertDeadLetters([{ stage: 'lead.write', code: 'VALIDATION', message: 'refused', hubspotId, at: new Date(clock.now() - ageDays * DAY).toISOString() }]);
  const held = async () => (await store.listDeadLetters()).map((d) => d.hubspotId).sort();

  beforeEach(async () => {
    events.length = 0;
    clock = new SimulatedClock(T0);
    const config = loadConfig({ env: { HUBSPOT_ACCESS_TOKEN: 'x', HANDOFF_DATABASE_URL: 'sqlite::memory:' }, dir: CONFIG_DIR });
    expect(config.handoff.deadLetters).toEqual({ retentionDays: 30, purgeEveryHours: 24 });
    store = await openStateStore('sqlite::memory:', { clock });
    const alerter = createAlerter({ config: config.handoff.alerts, env: {}, logger: log, clock });
    const run = handoffCycle({ config, store, logger: log, clock, metrics: createMetrics({ defaultMetrics: false }), alerter, startedAt: new Date(T0) });
    cycle = () => run(new AbortController().signal, { fence: undefined });
  });
  afterEach(async () => {
    await store.close();
    log.lines.length = 0;
  });

  it('purges dead letters past retention in the first cycle, then once per purgeEveryHours', async () => {
    syncs();
    await deadLetter('1', 31);
    await deadLetter('2', 29.5);
    await cycle();
    expect(await held()).toEqual(['2']);

    // 23 hours on, 2 is past retention but no purge is due yet; at 24 hours it goes.
    await clock.advance(23 * HOUR);
    await cycle();
    expect(await held()).toEqual(['2']);
    await clock.advance(HOUR);
    await cycle();
    expect(await held()).toEqual([]);
  });
});

/** The cycle's outcome is decided by the error the adapters typed, not by the words in its message. */
describe('daemon cycle: pause and alert labels come from the error system', () => {
  let store: StateStore;
  let alerter: Alerter;
  let cycle: () => Promise<unknown>;
  const log = memoryLogger();

  beforeEach(async () => {
    const clock = virtualClock(Date.parse('2026-03-02T10:00:00Z'));
    const config = loadConfig({ env: { HUBSPOT_ACCESS_TOKEN: 'x', HANDOFF_DATABASE_URL: 'sqlite::memory:' }, dir: CONFIG_DIR });
    store = await openStateStore('sqlite::memory:', { clock });
    alerter = createAlerter({ config: config.handoff.alerts, env: {}, logger: log, clock });
    const run = handoffCycle({ config, store, logger: log, clock, metrics: createMetrics({ defaultMetrics: false }), alerter, startedAt: new Date(clock.now()) });
    cycle = () => run(new AbortController().signal, { fence: undefined });
  });
  afterEach(async () => {
    await store.close();
    log.lines.length = 0;
  });

  it('a HubSpot daily limit pauses until midnight and raises budget.hubspot.daily, whatever its message says', async () => {
    failWith(new HandoffError('DAILY_LIMIT', 'daily limit reached', { system: 'hubspot', vendorCode: 'DAILY' }));
    await cycle();
    expect(alerter.active().map((a) => a.key).sort()).toEqual(['budget.hubspot.daily', 'cycle.failed']);
    expect(log.lines.some((l) => l.message.startsWith('HubSpot daily limit reached: pausing'))).toBe(true);
    vi.mocked(runSync).mockClear();
    expect(await cycle()).toEqual({ ok: false, errorCode: 'DAILY_LIMIT' });
    expect(runSync).not.toHaveBeenCalled();
  });

  it('a Salesforce daily limit does not pause, and a message naming HubSpot does not make it HubSpot', async () => {
    failWith(new HandoffError('DAILY_LIMIT', 'HubSpot-shaped words', { system: 'salesforce' }));
    await cycle();
    expect(alerter.active().map((a) => a.key).sort()).toEqual(['budget.salesforce.daily', 'cycle.failed']);
    vi.mocked(runSync).mockClear();
    await cycle();
    expect(runSync).toHaveBeenCalledOnce();
  });

  it('each cycle keeps dead-letter retention, even while paused by the HubSpot daily limit', async () => {
    await store.upsertDeadLetters([{ stage: 'lead.write', code: 'VALIDATION', message: 'm', hubspotId: '1', at: '2025-01-01T00:00:00.000Z' }]);
    failWith(new HandoffError('DAILY_LIMIT', 'daily limit reached', { system: 'hubspot', vendorCode: 'DAILY' }));
    await cycle();
    expect(await store.countDeadLetters()).toBe(0);
    expect(log.lines.find((l) => l.message === 'dead letters purged')?.meta).toMatchObject({ purged: 1, retentionDays: 30 });
  });

  it('an auth failure is labelled by the system that refused', async () => {
    failWith(new HandoffError('AUTH_FAILED', 'invalid_client: invalid client credentials', { system: 'salesforce', vendorCode: 'invalid_client' }));
    await cycle();
    expect(alerter.active().map((a) => a.key).sort()).toEqual(['auth.salesforce', 'cycle.failed']);
  });
});
