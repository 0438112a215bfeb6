import { describe, expect, it } from 'vitest';
import type { MessageChannel } from '../../src/domain/outbox.js';
import { LAST_SLA_PASS_CURSOR, slaPass } from '../../src/runtime/daemon/sla-pass.js';
import { noopLogger } from '../../src/lib/logger.js';
import { fakeDeps } from '../helpers/fake-ports.js';

describe("the daemon's SLA pass", () => {
  it('runs the watch when sla.cron has fired since the last pass, sends what is due every cycle, and skips while another process holds the lease', async () => {
    const deps = await fakeDeps({ now: '2026-11-02T15:01:00.000Z' });
    const sent: number[] = [];
    const enabled = new Set<MessageChannel>(['slack']);
    const d = { ...deps, messenger: { enabled: () => enabled, send: (e: { id: number }) => Promise.resolve(void sent.push(e.id)) } };
    const pass = slaPass({ store: d.state, clock: d.clock, logger: noopLogger, cron: '*/5 * * * *', timeZone: 'UTC' });

    await pass(d);
    expect(d.slaSalesforce.calls.overdue).toBe(0); // started at 15:01: the next run is 15:05
    d.clock.set(Date.parse('2026-11-02T15:05:00.000Z'));
    await d.state.enqueueMessages([
      { key: 'k1', kind: 'qualified', channel: 'slack', recipientId: '005A', hubspotId: '1', handoffKey: '1:1', body: { title: 't', lines: [], link: null, targetId: null, to: 'a@b.example' }, sendAfter: '2026-11-02T15:00:00.000Z' },
    ]);
    await pass(d);
    expect(d.slaSalesforce.calls.overdue).toBe(1);
    expect((await d.state.getCursor(LAST_SLA_PASS_CURSOR))?.value).toMatch(/^2026-11-02T15:05/);
    expect(sent).toHaveLength(1);
    await pass(d);
    expect(d.slaSalesforce.calls.overdue).toBe(1);

    d.clock.set(Date.parse('2026-11-02T15:10:00.000Z'));
    const other = await d.state.acquireLock('sla', { id: 'cli', pid: 1, host: 'elsewhere', command: 'handoff sla' }, 60_000);
    expect(other.ok).toBe(true);
    await pass(d);
    expect(d.slaSalesforce.calls.overdue).toBe(1);
  });
});
