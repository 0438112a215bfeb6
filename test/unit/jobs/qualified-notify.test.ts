import { describe, expect, it } from 'vitest';
import type { Config } from '../../../src/config/load.js';
import type { MessageChannel } from '../../../src/domain/outbox.js';
import { runSync } from '../../../src/jobs/sync/run-sync.js';
import { fakeDeps, meeting, rawContact } from '../../helpers/fake-ports.js';
import type { FakeDeps } from '../../helpers/fake-ports.js';

// Monday 2 Nov 2026, 05:00 in New York: before the reps' business hours.
const NOW = '2026-11-02T10:00:00.000Z';

async function withRules(rules: Config['handoff']['notify']['rules']): Promise<FakeDeps> {
  const deps = await fakeDeps({ now: NOW, config: (c) => ({ ...c, handoff: { ...c.handoff, notify: { ...c.handoff.notify, rules } } }) });
  const enabled = new Set<MessageChannel>(['slack', 'email']);
  for (const id of ['101', '102']) {
    deps.hubspot.put(rawContact(id));
    deps.hubspot.addActivity(meeting(id, 1)).addActivity(meeting(id, 2));
  }
  return { ...deps, messenger: { enabled: () => enabled, send: () => Promise.resolve() } };
}

describe('the rep told when a lead qualifies', () => {
  it("queues one message per channel to each new Task's owner, in the handoff's commit, held until their business hours unless anyHour", async () => {
    const deps = await withRules([
      { tiers: [], on: ['qualified'], channels: ['slack'], anyHour: true },
      { tiers: [], on: ['qualified'], channels: ['email'], anyHour: false },
    ]);
    const { report } = await runSync(deps);
    expect(report.tasksCreated).toBe(2);
    const messages = await deps.state.listMessages();
    expect(messages.map((m) => `${m.handoffKey} ${m.kind} ${m.channel}`).sort()).toEqual(['101:1 qualified email', '101:1 qualified slack', '102:1 qualified email', '102:1 qualified slack']);
    const owner = String(deps.salesforce.tasks.get('101:1')?.record.OwnerId);
    const slack = messages.find((m) => m.handoffKey === '101:1' && m.channel === 'slack');
    expect(slack).toMatchObject({ recipientId: owner, sendAfter: NOW });
    // The name is in the body of a notify.nameLeadOn channel, never in the title (an email subject, a preview).
    expect(slack?.body?.title).toBe('New lead for you: handoff 101:1');
    expect(slack?.body?.lines[0]).toMatch(/^Lead: \S/);
    expect(slack?.body?.lines.some((l) => l.startsWith('Why: '))).toBe(true);
    expect(slack?.body?.lines.some((l) => l.startsWith('Due by '))).toBe(true);
    // Email is not in nameLeadOn: ids only, no link.
    const email = messages.find((m) => m.handoffKey === '101:1' && m.channel === 'email');
    expect(email?.body).toMatchObject({ title: 'New lead for you: handoff 101:1', link: null });
    expect(email?.body?.lines.some((l) => l.startsWith('Lead: '))).toBe(false);
    expect(Date.parse(email?.sendAfter ?? '')).toBeGreaterThan(Date.parse(NOW));

    // A second cycle creates no Task and queues nothing more.
    deps.clock.advance(5 * 60_000);
    await runSync(deps);
    expect(await deps.state.listMessages()).toHaveLength(4);
  });

  it('queues nothing for a tier no rule covers', async () => {
    const deps = await withRules([{ tiers: ['nope'], on: ['qualified'], channels: ['slack'], anyHour: true }]);
    await runSync(deps);
    expect(await deps.state.listMessages()).toEqual([]);
  });
});
