import type { EpisodePatch } from '../../domain/episode.js';
import { HandoffError } from '../../domain/errors.js';
import type { OutboxMessageInput, SlaStep, SlaStepInput, SlaStepName } from '../../domain/outbox.js';
import type { Fence, LedgerEntryInput } from '../../domain/state.js';
import { composeMessages } from '../../core/notify-compose.js';
import type { Person } from '../../core/sla-people.js';
import { decideSteps, episodeOf, stepsLeft } from '../../core/sla-watch.js';
import type { StepDecision, WatchContext } from '../../core/sla-watch.js';
import { claimEach } from '../claims.js';
import type { OverdueTask, SlaUser } from '../../ports/sla.js';
import type { Deps } from '../deps.js';
import { applyReassignments } from './apply.js';

export interface WatchOptions {
  /** The lease the pass runs under; every commit is fenced by it. */
  fence?: Fence;
  /** Decide and report, write nothing (no state, no Salesforce, no message). */
  dryRun?: boolean;
  runId?: string;
  signal?: AbortSignal;
}

/** One step in `handoff sla --json`. */
export interface StepReport {
  handoffKey: string;
  step: SlaStepName;
  recipientId: string | null;
  ownerId: string | null;
  fromOwnerId: string | null;
  toOwnerId: string | null;
  dueAt: string | null;
  /** When its first message may go (held until business hours); null when no message was queued. */
  sendAfter: string | null;
}

export interface WatchReport {
  overdue: number;
  reminders: StepReport[];
  escalations: StepReport[];
  reassignments: StepReport[];
  /** Overdue Tasks whose Lead or Contact was touched since the handoff (no step for them). */
  touched: number;
  messagesQueued: number;
  /** Reassignments written to Salesforce in this pass (including ones a killed pass had decided). */
  reassignmentsApplied: number;
  dryRun: boolean;
}

/**
 * One pass of the SLA watch. Reads the open handoff Tasks past Handoff_SLA_Due__c (one query; a
 * quiet pass stops there), then, for those with a step still to come, their touches (one query per
 * object per 200), the users and the round-robin pointers; decides the steps (core/sla-watch.ts),
 * commits them with their messages, ledger lines, episode changes and pointers in one fenced
 * transaction, and only then writes reassignments to Salesforce. A reassignment committed but not
 * yet written (a killed pass) is written first by the next pass, to the owner it recorded.
 */
export async function runSlaWatch(deps: Deps, options: WatchOptions = {}): Promise<WatchReport> {
  const { config, clock, state } = deps;
  const now = new Date(clock.now());
  const write = options.fence === undefined ? {} : { fence: options.fence };
  const runId = options.runId ?? `sla-${now.toISOString()}`;
  const report: WatchReport = { overdue: 0, reminders: [], escalations: [], reassignments: [], touched: 0, messagesQueued: 0, reassignmentsApplied: 0, dryRun: options.dryRun === true };

  if (!report.dryRun) report.reassignmentsApplied += await applyReassignments(deps, (await state.unappliedReassignments()).map((step) => ({ step })), write);

  const tasks = await deps.slaSalesforce.overdueHandoffTasks(now.toISOString());
  report.overdue = tasks.length;
  if (tasks.length === 0) return report;

  const steps = await state.getSlaSteps(tasks.map((t) => t.handoffKey));
  const open = tasks.filter((t) => stepsLeft(steps.get(t.handoffKey), config.handoff.sla));
  if (open.length === 0) return report;

  const { touched, names } = await touchedTasks(deps, open, now);
  report.touched = touched.size;
  const candidates = open.filter((t) => !touched.has(t.id));
  if (candidates.length === 0) return report;

  const users = await deps.slaSalesforce.users(config.routing.availability.userField);
  const baseUrl = await deps.slaSalesforce.instanceUrl().catch(() => null);
  const ctx: PassContext = { deps, users, byId: new Map(users.map((u) => [u.id, u])), baseUrl, names, now, steps, report };
  if (report.dryRun) {
    record(ctx, decideSteps({ now, tasks: candidates, touched, steps, users, pointers: await state.getPointers() }, watchContext(deps)).decisions);
    return report;
  }
  const fence = options.fence;
  if (fence === undefined) throw new HandoffError('USAGE', 'the SLA watch writes under its lease: pass its fence (or dryRun)');
  // Claim the contacts, then decide and commit each claimed part; a contact another job holds is
  // waited for and judged again against what that job committed.
  const ids = [...new Set(candidates.map(hubspotOf))];
  await claimEach(deps, ids, { fence, ...(options.signal === undefined ? {} : { signal: options.signal }) }, async (part) => {
    const mine = new Set(part.ids);
    const fresh = await touchedByFeedback(deps, candidates.filter((t) => mine.has(hubspotOf(t))));
    const tasksOfPart = candidates.filter((t) => mine.has(hubspotOf(t)) && !fresh.has(t.id));
    const input = { now, tasks: tasksOfPart, touched, steps, users, reserved: part.owners };
    const decisions =
      config.handoff.sla.reassign.policy === 'none'
        ? decideSteps({ ...input, pointers: {} }, watchContext(deps)).decisions
        : await state.claims.reserveOwners(fence, (pointers) => {
            // Round robin reserved atomically with the claims, each new owner recorded with its contact's claim.
            const plan = decideSteps({ ...input, pointers }, watchContext(deps));
            const owners = new Map(plan.decisions.filter((d) => d.toOwnerId !== null).map((d) => [d.hubspotId, { ownerId: d.toOwnerId ?? '', team: d.team }]));
            return { pointers: { ...plan.pointers }, owners, value: plan.decisions };
          });
    const messages = record(ctx, decisions);
    const nowIso = now.toISOString();
    await state.commitBatch({
      slaSteps: decisions.map((d) => stepRow(d, nowIso)),
      messages,
      ledger: decisions.map((d) => ledgerRow(d, runId)),
      episodeUpdates: episodePatches(decisions, nowIso),
      claims: part.ids,
      fence,
    });
    const decided = decisions
      .filter((d) => d.step === 'reassignment')
      .map((d) => ({ step: { ...stepRow(d, nowIso), appliedAt: null }, ...(d.activityDate === null ? {} : { activityDate: d.activityDate }) }));
    report.reassignmentsApplied += await applyReassignments(deps, decided, write);
  });
  deps.logger.info('sla watch pass', {
    overdue: report.overdue,
    touched: report.touched,
    reminders: report.reminders.length,
    escalations: report.escalations.length,
    reassignments: report.reassignments.length,
    messagesQueued: report.messagesQueued,
  });
  return report;
}

interface PassContext {
  deps: Deps;
  users: readonly SlaUser[];
  byId: Map<string, SlaUser>;
  baseUrl: string | null;
  /** The candidates' Leads and Contacts as people know them, when a message names leads (else empty). */
  names: ReadonlyMap<string, string>;
  now: Date;
  steps: ReadonlyMap<string, readonly SlaStep[]>;
  report: WatchReport;
}

function watchContext(deps: Deps): WatchContext {
  return { routing: deps.config.routing, sla: deps.config.sla, watch: deps.config.handoff.sla };
}

/** Adds the decisions to the report and returns the messages they cause. */
function record(ctx: PassContext, decisions: readonly StepDecision[]): OutboxMessageInput[] {
  const messages: OutboxMessageInput[] = [];
  for (const d of decisions) {
    const queued = messagesFor(ctx, d);
    messages.push(...queued);
    const sendAfter = queued.map((m) => m.sendAfter).sort()[0] ?? null;
    const entry: StepReport = { handoffKey: d.task.handoffKey, step: d.step, recipientId: d.recipientId, ownerId: d.ownerId, fromOwnerId: d.fromOwnerId, toOwnerId: d.toOwnerId, dueAt: d.dueAt, sendAfter };
    (d.step === 'reminder' ? ctx.report.reminders : d.step === 'escalation' ? ctx.report.escalations : ctx.report.reassignments).push(entry);
  }
  ctx.report.messagesQueued += messages.length;
  return messages;
}

/** Tasks whose episode the feedback job has seen touched (read again after a claim was waited for). */
async function touchedByFeedback(deps: Deps, tasks: readonly OverdueTask[]): Promise<Set<string>> {
  const episodes = await deps.state.getEpisodes([...new Set(tasks.map(hubspotOf))]);
  const touched = new Set<string>();
  for (const t of tasks) {
    const ep = episodes.get(hubspotOf(t))?.find((e) => e.handoffKey === t.handoffKey);
    if (ep?.firstTouchAt != null) touched.add(t.id);
  }
  return touched;
}

/**
 * Overdue Tasks whose record saw a touch since the handoff: the feedback job's first touch, or a closed
 * Task or past Event read now; with the names of the others' Leads and Contacts when a message will name them.
 */
async function touchedTasks(deps: Deps, tasks: readonly OverdueTask[], now: Date): Promise<{ touched: Set<string>; names: Map<string, string> }> {
  const touched = await touchedByFeedback(deps, tasks);
  const asks = tasks.filter((t) => !touched.has(t.id) && t.whoId !== null).map((t) => ({ whoId: t.whoId ?? '', since: t.createdAt }));
  const { accepted, working } = deps.config.handoff.feedback.leadStatus;
  const read = await deps.slaSalesforce.touches(asks, now.toISOString(), [...accepted, ...working], namesLeads(deps));
  const touches = read.touches;
  const firstByWho = new Map<string, number>();
  for (const touch of touches) firstByWho.set(touch.whoId, Math.min(firstByWho.get(touch.whoId) ?? Infinity, Date.parse(touch.at)));
  for (const t of tasks) {
    const first = t.whoId === null ? undefined : firstByWho.get(t.whoId);
    if (first !== undefined && first >= Date.parse(t.createdAt)) touched.add(t.id);
  }
  return { touched, names: read.names };
}

/** Whether some SLA message goes on a channel that can send and names the lead (notify.nameLeadOn). */
function namesLeads(deps: Deps): boolean {
  const { rules, nameLeadOn } = deps.config.handoff.notify;
  const enabled = deps.messenger.enabled();
  return rules.some((r) => r.on.some((k) => k !== 'qualified') && r.channels.some((c) => nameLeadOn.includes(c) && enabled.has(c)));
}

function hubspotOf(t: OverdueTask): string {
  return t.handoffKey.slice(0, t.handoffKey.lastIndexOf(':'));
}

function messagesFor(ctx: PassContext, d: StepDecision): OutboxMessageInput[] {
  const { deps, baseUrl, now } = ctx;
  const people = (ids: (string | null)[]): Person[] => ids.flatMap((id) => (id === null ? [] : (ctx.byId.get(id) ?? [])));
  const recipients =
    d.step === 'reminder' ? people([d.ownerId]) : d.step === 'escalation' ? people([d.recipientId]) : people([d.fromOwnerId, d.recipientId]);
  const record = d.task.whoId;
  const lines = [
    `Handoff ${d.task.handoffKey}, Task ${d.task.id}${record === null ? '' : ` on ${record}`}`,
    ...(d.step === 'escalation' ? [`Owner ${d.ownerId} has not followed up.`] : []),
    ...(d.step === 'reassignment' ? [`Moved from ${d.fromOwnerId ?? '-'} to ${d.toOwnerId ?? '-'}; the SLA clock restarts for the new owner.`] : []),
  ];
  return composeMessages(
    {
      kind: d.step,
      tier: d.task.tier,
      handoffKey: d.task.handoffKey,
      hubspotId: d.hubspotId,
      recordId: record,
      link: record === null || baseUrl === null ? null : `${baseUrl}/${record}`,
      leadName: nameOf(ctx.names, record),
      lines,
      dueAt: d.dueAt,
    },
    recipients,
    { notify: deps.config.handoff.notify, enabled: deps.messenger.enabled(), routing: deps.config.routing, sla: deps.config.sla, now },
  );
}

function nameOf(names: ReadonlyMap<string, string>, record: string | null): string | null {
  const name = record === null ? undefined : names.get(record);
  return name === undefined || name === '' ? null : name;
}

function stepRow(d: StepDecision, now: string): SlaStepInput {
  const leadId = d.task.whoId?.startsWith('00Q') === true ? d.task.whoId : null;
  return {
    handoffKey: d.task.handoffKey,
    step: d.step,
    hubspotId: d.hubspotId,
    taskId: d.task.id,
    decidedAt: now,
    ownerId: d.ownerId,
    recipientId: d.recipientId,
    toOwnerId: d.toOwnerId,
    dueAt: d.dueAt,
    leadId,
    // Reminders and escalations are complete once committed; a reassignment once Salesforce has it.
    appliedAt: d.step === 'reassignment' ? null : now,
  };
}

function ledgerRow(d: StepDecision, runId: string): LedgerEntryInput {
  return {
    runId,
    hubspotId: d.hubspotId,
    salesforceIds: { taskId: d.task.id, ...(d.task.whoId === null ? {} : { whoId: d.task.whoId }) },
    action: `sla.${d.step}`,
    result: 'ok',
    detail: { handoffKey: d.task.handoffKey, ownerId: d.ownerId, recipientId: d.recipientId, toOwnerId: d.toOwnerId, dueAt: d.dueAt, team: d.team },
  };
}

function episodePatches(decisions: readonly StepDecision[], now: string): EpisodePatch[] {
  const byKey = new Map<string, EpisodePatch>();
  for (const d of decisions) {
    const key = d.task.handoffKey;
    const patch: EpisodePatch = byKey.get(key) ?? { hubspotId: d.hubspotId, episode: episodeOf(key) };
    if (d.step === 'reminder') patch.remindedAt = now;
    if (d.step === 'escalation') patch.escalatedAt = now;
    if (d.step === 'reassignment') {
      patch.reassignedAt = now;
      patch.reassignedToId = d.toOwnerId;
      patch.currentOwnerId = d.toOwnerId;
    }
    byKey.set(key, patch);
  }
  return [...byKey.values()];
}
