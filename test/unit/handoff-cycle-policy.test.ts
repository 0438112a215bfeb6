import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createAlerter } from '../../src/adapters/alerts/index.js';
import type { Alerter } from '../../src/adapters/alerts/index.js';
import { loadConfig } from '../../src/config/load.js';
import { handoffCycle } from '../../src/runtime/daemon/handoff-cycle.js';
import { HandoffError } from '../../src/domain/errors.js';
import { emptyReport } from '../../src/domain/report.js';
import { createMetrics } from '../../src/runtime/http/index.js';
import { virtualClock } from '../helpers/virtual-clock.js';
import { runSync } from '../../src/jobs/sync/run-sync.js';
import { openStateStore } from '../../src/adapters/state/index.js';
import type { StateStore } from '../../src/ports/state.js';
import { memoryLogger } from '../helpers/fault-harness.js';
import { CONFIG_DIR } from '../helpers/pipeline.js';

/** The cycle's outcome is decided by the error the adapters typed, not by the words in its message. */
vi.mock('../../src/runtime/app.js', () => ({
  App: class {
    hubspot() {
      return { accountTimeZone: () => Promise.resolve('UTC') };
    }
    deps() {
      return Promise.resolve({});
    }
  },
}));
vi.mock('../../src/jobs/sync/run-sync.js', () => ({ runSync: vi.fn() }));

const failWith = (error: HandoffError): void => {
  const report = { ...emptyReport('run-1', 'sync', false, new Date().toISOString()), status: 'failed' as const };
  vi.mocked(runSync).mockResolvedValue({ report, error } as Awaited<ReturnType<typeof runSync>>);
};

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
