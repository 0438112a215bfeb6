import { describe, expect, it } from 'vitest';
import type { Config } from '../../../src/config/load.js';
import type { MessageChannel } from '../../../src/domain/outbox.js';
import type { Fence } from '../../../src/domain/state.js';
import { runSlaWatch } from '../../../src/jobs/sla/watch.js';
import type { SlaUser } from '../../../src/ports/sla.js';
import { fakeDeps } from '../../helpers/fake-ports.js';
import type { FakeDeps } from '../../helpers/fake-ports.js';

const OLIVIA = '005OLIVIA';
const MARCUS = '005MARCUS';
const MANAGER = '005MANAGER';
const LEAD = '005TEAMLEAD';
const MIN = 60_000;

function user(id: string, email: string, over: Partial<SlaUser> = {}): SlaUser {
  return { id, username: email, email, name: null, isActive: true, timeZone: 'America/New_York', managerId: null, away: null, ...over };
}

type Policy = Config['handoff']['sla']['reassign']['policy'];

type SlaDeps = FakeDeps & { fence: Fence };

async function setup(now: string, opts: { policy?: Policy; away?: { user: string; from: string; to: string }[] } = {}): Promise<SlaDeps> {
  const deps = await fakeDeps({
    now,
    config: (c) => ({
      ...c,
      routing: {
        ...c.routing,
        teams: c.routing.teams.map((t) => (t.name === 'na-enterprise' ? { ...t, lead: 'lead@acme-sales.example' } : t)),
        availability: { away: opts.away ?? [], userField: null },
      },
      handoff: {
        ...c.handoff,
        sla: { ...c.handoff.sla, escalateAfterBusinessMinutes: 60, reassign: { policy: opts.policy ?? 'none', user: null, afterBusinessMinutes: 120 } },
        notify: { ...c.handoff.notify, rules: [{ tiers: [], on: ['qualified', 'reminder', 'escalation', 'reassignment'], channels: ['slack', 'email'], anyHour: false }] },
      },
    }),
  });
  const enabled = new Set<MessageChannel>(['slack', 'email']);
  const withMessenger = { ...deps, messenger: { enabled: () => enabled, send: () => Promise.resolve() } };
  const sf = withMessenger.slaSalesforce;
  sf.userList = [
    user(OLIVIA, 'olivia.bennett@acme-sales.example', { managerId: MANAGER }),
    user(MARCUS, 'marcus.reid@acme-sales.example', { managerId: MANAGER }),
    user(MANAGER, 'manager@acme-sales.example'),
    user(LEAD, 'lead@acme-sales.example'),
  ];
  const lock = await deps.state.acquireLock('sla', { id: 'test', pid: 1, host: 'test', command: 'handoff sla' }, 1000 * 86_400_000);
  if (!lock.ok) throw new Error('sla lease refused');
  return { ...withMessenger, fence: { name: 'sla', token: lock.token } };
}

function task(id: string, due: string, over: Partial<FakeDeps['slaSalesforce']['tasks'][number]> = {}): FakeDeps['slaSalesforce']['tasks'][number] {
  return { id, handoffKey: `${id.slice(3)}:1`, ownerId: OLIVIA, whoId: `00Q${id.slice(3)}`, dueAt: due, tier: 'hot', createdAt: '2026-10-30T14:00:00.000Z', closed: false, ...over };
}

describe('the SLA watch', () => {
  it('reminds, then escalates to the manager, then reassigns round robin, each once, with the Task, Lead and pointer moved', async () => {
    // Monday 2 Nov 2026, 10:00 in New York; due at 09:30.
    const deps = await setup('2026-11-02T15:00:00.000Z', { policy: 'round-robin' });
    deps.slaSalesforce.tasks = [task('00T1', '2026-11-02T14:30:00.000Z')];

    const first = await runSlaWatch(deps, { fence: deps.fence });
    expect(first).toMatchObject({ overdue: 1, escalations: [], reassignments: [] });
    expect(first.reminders).toEqual([
      { handoffKey: '1:1', step: 'reminder', recipientId: OLIVIA, ownerId: OLIVIA, fromOwnerId: null, toOwnerId: null, dueAt: '2026-11-02T14:30:00.000Z', sendAfter: '2026-11-02T15:00:00.000Z' },
    ]);
    expect(await runSlaWatch(deps, { fence: deps.fence })).toMatchObject({ reminders: [], escalations: [], reassignments: [] });

    deps.clock.set(Date.parse('2026-11-02T15:30:00.000Z'));
    const second = await runSlaWatch(deps, { fence: deps.fence });
    expect(second.escalations).toMatchObject([{ step: 'escalation', recipientId: MANAGER, ownerId: OLIVIA }]);
    expect(second.reminders).toEqual([]);

    deps.clock.set(Date.parse('2026-11-02T16:30:00.000Z'));
    const third = await runSlaWatch(deps, { fence: deps.fence });
    expect(third.reassignments).toMatchObject([{ step: 'reassignment', recipientId: MANAGER, fromOwnerId: OLIVIA, toOwnerId: MARCUS }]);
    // The clock restarts for the new owner: 4 business hours of the hot tier from 11:30.
    expect(third.reassignments[0]?.dueAt).toBe('2026-11-02T20:30:00.000Z');
    expect(deps.slaSalesforce.reassigned).toEqual([{ taskId: '00T1', ownerId: MARCUS, dueAt: '2026-11-02T20:30:00.000Z', activityDate: '2026-11-02', leadId: '00Q1' }]);
    expect(deps.slaSalesforce.leadOwners.get('00Q1')).toBe(MARCUS);
    expect(await deps.state.getPointers()).toEqual({ 'na-enterprise': 0 });
    expect(await deps.state.unappliedReassignments()).toEqual([]);
    expect(await deps.state.claims.list({ job: 'sla' })).toEqual([]);

    // Past due again for the new owner: every step of this episode is taken, so nothing more.
    deps.clock.set(Date.parse('2026-11-03T20:00:00.000Z'));
    expect(await runSlaWatch(deps, { fence: deps.fence })).toMatchObject({ overdue: 1, reminders: [], escalations: [], reassignments: [] });

    const ledger = await deps.state.queryLedger({ hubspotId: '1' });
    expect(ledger.map((l) => l.action)).toEqual(['sla.reminder', 'sla.escalation', 'sla.reassignment']);
    const messages = await deps.state.listMessages();
    expect(messages.map((m) => `${m.kind}:${m.channel}:${m.recipientId}`).sort()).toEqual([
      `escalation:email:${MANAGER}`,
      `escalation:slack:${MANAGER}`,
      `reassignment:email:${MANAGER}`,
      `reassignment:email:${OLIVIA}`,
      `reassignment:slack:${MANAGER}`,
      `reassignment:slack:${OLIVIA}`,
      `reminder:email:${OLIVIA}`,
      `reminder:slack:${OLIVIA}`,
    ]);
  });

  it('leaves a touched Task alone, and a quiet pass costs one query', async () => {
    const deps = await setup('2026-11-02T18:00:00.000Z');
    deps.slaSalesforce.tasks = [task('00T1', '2026-11-02T14:30:00.000Z'), task('00T2', '2026-11-02T14:30:00.000Z'), task('00T3', '2026-11-03T14:30:00.000Z')];
    // A call logged after the handoff counts; one before it does not.
    deps.slaSalesforce.touchList = [
      { whoId: '00Q1', at: '2026-11-02T16:00:00.000Z', kind: 'task' },
      { whoId: '00Q2', at: '2026-10-29T16:00:00.000Z', kind: 'event' },
    ];
    const report = await runSlaWatch(deps, { fence: deps.fence });
    expect(report).toMatchObject({ overdue: 2, touched: 1 });
    expect(report.reminders.map((r) => r.handoffKey)).toEqual(['2:1']);

    const quiet = await setup('2026-11-02T18:00:00.000Z');
    expect(await runSlaWatch(quiet, { fence: quiet.fence })).toEqual({ overdue: 0, reminders: [], escalations: [], reassignments: [], touched: 0, messagesQueued: 0, reassignmentsApplied: 0, dryRun: false });
    expect(quiet.slaSalesforce.calls).toEqual({ overdue: 1, touches: 0, users: 0, reassign: 0 });
  });

  it('holds a Friday-evening reminder until Monday morning and escalates on Monday, in business minutes', async () => {
    // Due Friday 6 Nov at 17:00 New York (22:00Z); the pass runs at 18:00.
    const deps = await setup('2026-11-06T23:00:00.000Z');
    deps.slaSalesforce.tasks = [task('00T1', '2026-11-06T22:00:00.000Z')];
    const friday = await runSlaWatch(deps, { fence: deps.fence });
    expect(friday.reminders[0]?.sendAfter).toBe('2026-11-09T14:00:00.000Z');
    for (const at of ['2026-11-07T15:00:00.000Z', '2026-11-09T14:59:00.000Z']) {
      deps.clock.set(Date.parse(at));
      expect((await runSlaWatch(deps, { fence: deps.fence })).escalations).toEqual([]);
    }
    deps.clock.set(Date.parse('2026-11-09T15:00:00.000Z'));
    expect((await runSlaWatch(deps, { fence: deps.fence })).escalations).toMatchObject([{ recipientId: MANAGER }]);
  });

  it("takes every step at once for an owner who is away, skips away reps when reassigning, and falls back to the team's lead", async () => {
    const deps = await setup('2026-11-02T15:00:00.000Z', {
      policy: 'round-robin',
      away: [{ user: 'olivia.bennett@acme-sales.example', from: '2026-11-02', to: '2026-11-06' }],
    });
    deps.slaSalesforce.userList = deps.slaSalesforce.userList.map((u) => (u.id === OLIVIA ? { ...u, managerId: null } : u));
    deps.slaSalesforce.tasks = [task('00T1', '2026-11-02T14:55:00.000Z')];
    const report = await runSlaWatch(deps, { fence: deps.fence });
    expect(report.reminders).toHaveLength(1);
    expect(report.escalations).toMatchObject([{ recipientId: LEAD }]);
    expect(report.reassignments).toMatchObject([{ toOwnerId: MARCUS, recipientId: LEAD }]);
  });

  it('a reassignment committed by a pass that died before Salesforce confirmed it is written by the next pass, to the same owner, with one pointer move', async () => {
    const deps = await setup('2026-11-02T16:30:00.000Z', { policy: 'round-robin' });
    deps.slaSalesforce.tasks = [task('00T1', '2026-11-02T14:30:00.000Z')];
    deps.slaSalesforce.failReassign = new Error('connection reset');
    await expect(runSlaWatch(deps, { fence: deps.fence })).rejects.toThrow('connection reset');
    expect((await deps.state.unappliedReassignments()).map((s) => s.toOwnerId)).toEqual([MARCUS]);
    expect(deps.slaSalesforce.tasks[0]?.ownerId).toBe(OLIVIA);

    deps.clock.advance(5 * MIN);
    const next = await runSlaWatch(deps, { fence: deps.fence });
    expect(next).toMatchObject({ reassignmentsApplied: 1, reminders: [], escalations: [], reassignments: [] });
    expect(deps.slaSalesforce.reassigned).toMatchObject([{ taskId: '00T1', ownerId: MARCUS, activityDate: '2026-11-02' }]);
    expect(await deps.state.getPointers()).toEqual({ 'na-enterprise': 0 });
    expect((await deps.state.queryLedger({ action: 'sla.reassignment' })).length).toBe(1);
  });

  it('a dry run reports the same steps and writes nothing', async () => {
    const deps = await setup('2026-11-02T16:30:00.000Z', { policy: 'round-robin' });
    deps.slaSalesforce.tasks = [task('00T1', '2026-11-02T14:30:00.000Z')];
    const dry = await runSlaWatch(deps, { dryRun: true, fence: deps.fence });
    expect([dry.reminders.length, dry.escalations.length, dry.reassignments.length]).toEqual([1, 1, 1]);
    expect(dry.dryRun).toBe(true);
    expect(await deps.state.listMessages()).toEqual([]);
    expect(deps.slaSalesforce.reassigned).toEqual([]);
    const real = await runSlaWatch(deps, { fence: deps.fence });
    expect({ ...real, dryRun: true, reassignmentsApplied: 0 }).toEqual(dry);
  });

  it("names the lead, read with the touches, in the body of a nameLeadOn channel's message only; never in a title", async () => {
    const deps = await setup('2026-11-02T15:00:00.000Z');
    deps.slaSalesforce.tasks = [task('00T1', '2026-11-02T14:30:00.000Z')];
    deps.slaSalesforce.names.set('00Q1', 'Ada Lovelace, Analytical Engines');
    const report = await runSlaWatch(deps, { fence: deps.fence });
    expect(report.reminders).toHaveLength(1);
    const messages = await deps.state.listMessages();
    const slack = messages.find((m) => m.channel === 'slack');
    const email = messages.find((m) => m.channel === 'email');
    // The default nameLeadOn is slack and salesforce: the email carries ids only.
    expect(slack?.body?.lines[0]).toBe('Lead: Ada Lovelace, Analytical Engines');
    expect(slack?.body?.link).toBe('https://acme.my.salesforce.com/00Q1');
    expect(email?.body?.lines.join('\n')).not.toContain('Ada');
    expect(email?.body?.link).toBeNull();
    for (const m of messages) expect(m.body?.title).toBe('Past its SLA with no follow-up: handoff 1:1');
  });

  it('reads no names when no channel that names leads can send', async () => {
    const deps = await setup('2026-11-02T15:00:00.000Z');
    const emailOnly = new Set<MessageChannel>(['email']);
    const only = { ...deps, messenger: { enabled: () => emailOnly, send: () => Promise.resolve() } };
    only.slaSalesforce.tasks = [task('00T1', '2026-11-02T14:30:00.000Z')];
    only.slaSalesforce.names.set('00Q1', 'Ada Lovelace, Analytical Engines');
    const asked: boolean[] = [];
    const touches = only.slaSalesforce.touches.bind(only.slaSalesforce);
    only.slaSalesforce.touches = (asks, now, statuses, withNames) => {
      asked.push(withNames === true);
      return touches(asks, now, statuses, withNames);
    };
    await runSlaWatch(only, { fence: deps.fence });
    expect(asked).toEqual([false]);
    expect(JSON.stringify(await only.state.listMessages())).not.toContain('Ada');
  });
});
