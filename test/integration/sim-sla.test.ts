import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as sandboxPackage from '@handoff/sandbox';
import type { FloorTruth } from '@handoff/sandbox';
import { loadConfig } from '../../src/config/load.js';
import type { Config } from '../../src/config/load.js';
import type { InsightReport } from '../../src/core/insight/types.js';
import { slaDue } from '../../src/core/sla-clock.js';
import type { Person, Schedule } from '../../src/core/sla-people.js';
import { afterBusinessMinutes, nextBusinessTime, scheduleOf, teamOf } from '../../src/core/sla-people.js';
import type { Episode } from '../../src/domain/episode.js';
import type { Deps } from '../../src/jobs/deps.js';
import type { OutboxMessage, SlaStep } from '../../src/domain/outbox.js';
import { feedbackJob } from '../../src/runtime/sim/feedback-job.js';
import { runSimulation, syncJob } from '../../src/runtime/sim/run-sim.js';
import type { SimResult } from '../../src/runtime/sim/run-sim.js';
import { slaJob } from '../../src/runtime/sim/sla-job.js';
import { runSourceCli } from '../helpers/cli.js';
import { copyShippedConfig, editFile } from '../helpers/config-dir.js';
import { funnelCounts, truthFunnel } from '../helpers/floor-funnel.js';
import { FAKE_SLACK_TOKEN, startFakeSlack } from '../helpers/slack-server.js';
import type { FakeSlack } from '../helpers/slack-server.js';
import { startSmtpServer } from '../helpers/smtp-server.js';
import type { SmtpServer } from '../helpers/smtp-server.js';

/**
 * The SLA watch's done-criterion, over days of the sandbox's sales floor (npm test: HANDOFF_SIM_DAYS,
 * default 3; HANDOFF_SIM_DAYS=30 for the month): the watch and the notifier run on the simulated clock
 * on sla.cron, and what they did is held against what the floor's reps did (its truth). Every handoff
 * Task past due that nobody had touched at a pass gets exactly one reminder, one escalation and (round
 * robin, when its owner has a teammate) one reassignment, each at the first pass it is due; a Task
 * touched before then gets none. Every message is received exactly once by the fake Slack and SMTP
 * servers, and only in its recipient's business hours.
 */
const DAYS = Number(process.env.HANDOFF_SIM_DAYS ?? 3);
const START = Date.parse('2026-03-02T08:00:00.000Z');
const PASS_MS = 30 * 60_000;
const TOUCH_STATUSES = ['Working - Contacted'];

function simConfigDir(slackBaseUrl: string): string {
  const dir = copyShippedConfig();
  // Every handoff goes to a team's round robin (not to an existing owner), each team with a lead.
  editFile(dir, 'routing.yaml', (t) =>
    t
      .replace(/(\n {4}calendar: [a-z-]+\n)( {4}members: \[)/g, '$1    lead: noah.tan@acme-sales.example\n$2')
      .replace(/\nkeepExistingOwner: true/, '\nkeepExistingOwner: false')
      .replace(/\nuseAccountOwner: true/, '\nuseAccountOwner: false'),
  );
  editFile(dir, 'handoff.yaml', (t) =>
    t
      .replace('apiBaseUrl: https://slack.com/api', `apiBaseUrl: ${slackBaseUrl}`)
      .replace('from: null ', 'from: handoff@acme.example ')
      // No rule says anyHour: every message to a person waits for their business hours.
      .replace('rules: []', 'rules: [{ tiers: [], on: [qualified, reminder, escalation, reassignment], channels: [slack, email] }]')
      .replace(/(\nsla:\n {2}cron: )null/, '$1"*/30 * * * *"')
      .replace('policy: none ', 'policy: round-robin '),
  );
  return dir;
}

interface Expected {
  reminder: number | null;
  escalation: number | null;
  reassignment: number | null;
}

/** The first watch pass (their instants on the simulated clock) at or after `at`, or null. */
function firstPassFrom(passes: readonly number[], at: number): number | null {
  return passes.find((p) => p >= at) ?? null;
}

/**
 * When each step is due for one handoff, from the floor's truth: the first pass after the due time
 * (reminder), at or after the escalation and reassignment delays in the owner's business time; a step
 * is due only while nobody has touched the Task by that pass (a touch at the pass's instant counts).
 */
function expectedSteps(config: Config, e: Episode, touchedAt: number, owner: Person | undefined, schedule: Schedule, reassignable: boolean, passes: readonly number[]): Expected {
  const due = Date.parse(e.slaDueAt ?? '');
  const away = owner === undefined || !owner.isActive;
  const watch = config.handoff.sla;
  // The reminder as soon as the Task is overdue; the others after their delay in the owner's business time.
  const at = (minutes: number | null): number | null => {
    const threshold = away || minutes === null ? due : afterBusinessMinutes(new Date(due), minutes, schedule).getTime();
    // Strictly after the due time: the watch reads Handoff_SLA_Due__c < now.
    const p = firstPassFrom(passes, Math.max(threshold, due + 1));
    return p !== null && touchedAt > p ? p : null;
  };
  return {
    reminder: at(null),
    escalation: at(watch.escalateAfterBusinessMinutes),
    reassignment: reassignable ? at(watch.reassign.afterBusinessMinutes) : null,
  };
}

describe('the SLA watch over days of the simulated sales floor', () => {
  let slack: FakeSlack | undefined;
  let smtp: SmtpServer | undefined;
  afterAll(async () => {
    await slack?.stop();
    await smtp?.stop();
  });

  let config: Config;
  let dir: string;
  let result: SimResult;
  let checked: { steps: SlaStep[]; episodes: Episode[]; messages: OutboxMessage[]; users: Person[]; truth: FloorTruth; taskOwners: Map<string, string> } | undefined;
  // The instants the watch ran at (a step's clock can be a little past its start: jobs before it may have slept).
  const passes: number[] = [];

  beforeAll(async () => {
    slack = await startFakeSlack();
    smtp = await startSmtpServer();
    dir = simConfigDir(slack.baseUrl);
    config = loadConfig({ env: {}, dir });
    const sla = slaJob();
    const recordedSla = {
      ...sla,
      run: async (deps: Deps) => {
        const at = deps.clock.now();
        const out = await sla.run(deps);
        if (out.report.passes === 1) passes.push(at);
        return out;
      },
    };
    result = await runSimulation({
      sandbox: sandboxPackage,
      days: DAYS,
      seed: 7,
      contacts: 600,
      arrivalsPerDay: 10,
      configDir: dir,
      env: { SLACK_BOT_TOKEN: FAKE_SLACK_TOKEN, SMTP_URL: smtp.url },
      jobs: [syncJob, feedbackJob, recordedSla],
      onStart: ({ sandbox, clock }) => {
        // Slack knows every user of the org by email; both fakes stamp what they receive with the simulated clock.
        for (const u of sandbox.control.salesforce.query('SELECT Id, Email FROM User')) slack?.users.set(String(u.Email).toLowerCase(), `U${String(u.Id)}`);
        if (slack) slack.now = () => clock.now();
        if (smtp) smtp.now = () => clock.now();
      },
      onEnd: async ({ deps, sandbox, truth }) => {
        const episodes = await deps.state.listEpisodes();
        const steps = [...(await deps.state.getSlaSteps(episodes.map((e) => e.handoffKey))).values()].flat();
        const users = (await deps.slaSalesforce.users(null)).map((u) => ({ ...u }));
        const taskOwners = new Map(sandbox.control.salesforce.query('SELECT Id, OwnerId FROM Task WHERE Handoff_Key__c != null').map((r) => [String(r.Id), String(r.OwnerId)]));
        checked = { steps, episodes, messages: await deps.state.listMessages(), users, truth, taskOwners };
      },
    });
  }, 180_000 + DAYS * 60_000);

  it('reminds, escalates and reassigns each untouched overdue Task once, never a touched one; each message once, in business hours', () => {
    if (checked === undefined || slack === undefined || smtp === undefined) throw new Error('the simulation did not reach its end');
    const { steps, episodes, messages, users, truth, taskOwners } = checked;
    const end = START + DAYS * 86_400_000;
    expect(result.jobs.sla?.totals.passes).toBe(DAYS * 48);
    expect(passes.every((p, i) => p - START >= (i + 1) * PASS_MS && p - START < (i + 1) * PASS_MS + 15 * 60_000)).toBe(true);

    // Each handoff's steps, against what the truth says was due.
    const byId = new Map(users.map((u) => [u.id, u]));
    const episodeOf = new Map(episodes.map((e) => [e.handoffKey, e]));
    const stepsOf = new Map<string, SlaStep[]>();
    for (const s of steps) stepsOf.set(s.handoffKey, [...(stepsOf.get(s.handoffKey) ?? []), s]);
    const counts = { reminder: 0, escalation: 0, reassignment: 0, touchedBeforeDue: 0 };
    expect(truth.handoffs.length).toBeGreaterThan(10);
    for (const h of truth.handoffs) {
      const e = episodeOf.get(h.key);
      expect(e, h.key).toBeDefined();
      if (e === undefined) continue;
      const firstOwner = h.reassignedFrom[0] ?? h.repId;
      const owner = byId.get(firstOwner);
      const team = owner === undefined ? undefined : teamOf(config.routing, owner);
      const reassignable = team !== undefined && team.members.length > 1;
      // A touch: the floor's first touch, or a Lead already in a working Status when it was handed off.
      const touchedAt = Math.min(h.firstTouch === null ? Infinity : Date.parse(h.firstTouch.at), h.statusAtHandoff !== null && TOUCH_STATUSES.includes(h.statusAtHandoff) ? Date.parse(h.handedOffAt) : Infinity);
      if (touchedAt <= Date.parse(e.slaDueAt ?? '')) counts.touchedBeforeDue += 1;
      const want = expectedSteps(config, e, touchedAt, owner, scheduleOf(config.routing, config.sla, owner), reassignable, passes);
      const got = stepsOf.get(h.key) ?? [];
      const when = (name: keyof Expected): number | null => {
        const mine = got.filter((s) => s.step === name);
        expect(mine.length, `${h.key} ${name}`).toBeLessThanOrEqual(1);
        return mine[0] === undefined ? null : Date.parse(mine[0].decidedAt);
      };
      expect({ reminder: when('reminder'), escalation: when('escalation'), reassignment: when('reassignment') }, h.key).toEqual(want);
      for (const name of ['reminder', 'escalation', 'reassignment'] as const) if (want[name] !== null) counts[name] += 1;
      // A reassignment is in Salesforce and on the floor: the new owner works the Task.
      const moved = got.find((s) => s.step === 'reassignment');
      if (moved) {
        expect(moved.ownerId, h.key).toBe(firstOwner);
        expect(taskOwners.get(h.taskId), h.key).toBe(moved.toOwnerId);
        expect([h.repId, h.reassignedFrom], h.key).toEqual([moved.toOwnerId, [firstOwner]]);
        expect(teamOf(config.routing, byId.get(moved.toOwnerId ?? '') ?? { username: '', email: '' })?.name, h.key).toBe(team?.name);
      } else expect(h.reassignedFrom, h.key).toEqual([]);
    }
    console.log(
      `sla over ${DAYS} days: ${truth.handoffs.length} handoffs, ${counts.touchedBeforeDue} touched by their due time; ` +
        `${counts.reminder} reminders, ${counts.escalation} escalations, ${counts.reassignment} reassignments; ${messages.length} messages`,
    );
    // The month has all of it: Tasks touched in time, and untouched ones reminded, escalated and moved.
    expect(counts.touchedBeforeDue).toBeGreaterThan(0);
    expect(counts.reminder).toBeGreaterThan(0);
    expect(counts.escalation).toBeGreaterThan(0);
    expect(counts.reassignment).toBeGreaterThan(0);

    // Every message the steps and the handoffs caused was sent, except those still held for business hours.
    for (const m of messages) expect([m.key, m.status], m.key).toEqual([m.key, Date.parse(m.sendAfter) <= end ? 'sent' : 'pending']);
    for (const s of steps) {
      const to = (s.step === 'reminder' ? [s.ownerId] : s.step === 'escalation' ? [s.recipientId] : [s.ownerId, s.recipientId]).filter((x): x is string => x !== null);
      for (const recipient of new Set(to)) {
        for (const channel of ['slack', 'email']) expect(messages.filter((m) => m.handoffKey === s.handoffKey && m.kind === s.step && m.recipientId === recipient && m.channel === channel), `${s.handoffKey} ${s.step}`).toHaveLength(1);
      }
    }
    expect(messages.filter((m) => m.kind === 'qualified').length).toBeGreaterThan(0);

    // Received exactly once each, by recipient and handoff, and only in the recipient's business hours.
    const sent = messages.filter((m) => m.status === 'sent');
    const slackPosts = slack.posts;
    const mails = smtp.messages;
    expect(slackPosts.length).toBe(sent.filter((m) => m.channel === 'slack').length);
    expect(mails.length).toBe(sent.filter((m) => m.channel === 'email').length);
    const mentions = (text: string, key: string): boolean => new RegExp(`(^|[^0-9])${key}([^0-9]|$)`).test(text);
    for (const m of sent) {
      const who = byId.get(m.recipientId ?? '');
      expect(who, m.key).toBeDefined();
      if (who === undefined) continue;
      const received =
        m.channel === 'slack'
          ? slackPosts.filter((p) => p.channel === `U${who.id}` && mentions(JSON.stringify(p.blocks), m.handoffKey ?? '')).map((p) => p.at)
          : mails.filter((x) => x.to.includes(who.email) && mentions(x.body, m.handoffKey ?? '')).map((x) => x.at);
      const sameKind = sent.filter((o) => o.channel === m.channel && o.recipientId === m.recipientId && o.handoffKey === m.handoffKey).length;
      expect(received.length, m.key).toBe(sameKind);
      const schedule = scheduleOf(config.routing, config.sla, who);
      for (const at of received) expect(new Date(nextBusinessTime(new Date(at), schedule)).toISOString(), `${m.key} received outside business hours`).toBe(new Date(at).toISOString());
    }
  });

  it('handoff report --json gives the funnel and the SLA compliance the floor truth implies', async () => {
    if (checked === undefined) throw new Error('the simulation did not reach its end');
    const { truth, users } = checked;
    const end = Date.parse(result.end);
    const res = await runSourceCli('src/runtime/cli/main.ts', ['report', '--json', '--since', result.start, '--until', new Date(end + 1).toISOString()], {
      HANDOFF_DATABASE_URL: `sqlite:${result.stateFile}`,
      HANDOFF_CONFIG_DIR: dir,
      LOG_FORMAT: 'json',
    });
    expect(res.code, res.stderr).toBe(0);
    const report = JSON.parse(res.stdout) as InsightReport;

    const working = new Set([...config.handoff.feedback.leadStatus.accepted, ...config.handoff.feedback.leadStatus.working]);
    const want = truthFunnel(truth, working);
    const f = report.funnel;
    expect(funnelCounts(f)).toEqual(funnelCounts(want));

    // The SLA against the first owner's due time (a reassignment restarts the clock for the new owner, not for
    // the report): the tier's business hours from the handoff in that owner's calendar, judged at the end.
    const byId = new Map(users.map((u) => [u.id, u]));
    let due = 0;
    let met = 0;
    for (const h of truth.handoffs) {
      const owner = byId.get(h.reassignedFrom[0] ?? h.repId);
      const schedule = scheduleOf(config.routing, config.sla, owner);
      const tier = config.sla.tiers.find((t) => t.name === h.tier);
      expect(tier, h.key).toBeDefined();
      const dueAt = slaDue(new Date(h.handedOffAt), tier?.responseBusinessHours ?? 0, schedule.calendar, schedule.timeZone).getTime();
      if (dueAt > end) continue;
      due += 1;
      if (h.firstTouch !== null && Date.parse(h.firstTouch.at) <= dueAt) met += 1;
    }
    expect(due).toBeGreaterThan(0);
    expect(met).toBeGreaterThan(0);
    expect(met).toBeLessThan(due);
    expect({ due: report.sla.due, met: report.sla.met, breaches: report.sla.breaches }).toEqual({ due, met, breaches: due - met });
    // The report rounds rates to four decimals.
    expect(report.sla.compliance).toBeCloseTo(met / due, 4);
  });
});
