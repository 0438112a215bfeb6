import type { SlaWatchConfig } from '../config/notify.js';
import type { RoutingConfig } from '../config/routing.js';
import type { SlaConfig } from '../config/sla.js';
import type { SlaStep, SlaStepName } from '../domain/outbox.js';
import type { OverdueTask } from '../domain/sla.js';
import type { Person } from './sla-people.js';
import { afterBusinessMinutes, findUser, isAway, localDate, managerOf, scheduleOf, teamOf } from './sla-people.js';
import { slaDue } from './sla-clock.js';

/** One step decided for one overdue Task. */
export interface StepDecision {
  task: OverdueTask;
  step: SlaStepName;
  hubspotId: string;
  /** The Task's owner when decided. */
  ownerId: string;
  /** Who is told: the owner (reminder), the manager (escalation and reassignment); null when nobody could be found. */
  recipientId: string | null;
  /** Reassignment: the old and new owners, and the new owner's due time and ActivityDate. */
  fromOwnerId: string | null;
  toOwnerId: string | null;
  dueAt: string;
  activityDate: string | null;
  /** Reassignment only: the team whose round-robin slot was used. */
  team: string | null;
}

export interface WatchInput {
  now: Date;
  tasks: readonly OverdueTask[];
  /** Tasks whose Lead or Contact was touched since the handoff. */
  touched: ReadonlySet<string>;
  /** Steps already taken, by handoff key. */
  steps: ReadonlyMap<string, readonly SlaStep[]>;
  users: readonly Person[];
  /** Round robin: the index of the next member to try, by team name. */
  pointers: Readonly<Record<string, number>>;
  /** New owners an earlier, unfinished pass reserved (by HubSpot id): reused, no slot taken again. */
  reserved?: ReadonlyMap<string, { ownerId: string; team: string | null }>;
}

export interface WatchContext {
  routing: RoutingConfig;
  sla: SlaConfig;
  watch: SlaWatchConfig;
}

export interface WatchPlan {
  decisions: StepDecision[];
  /** The pointers to commit with the decisions (the same object when no slot was reserved). */
  pointers: Readonly<Record<string, number>>;
}

/** The `<hubspotId>` of a handoff key `<hubspotId>:<episode>`. */
export function hubspotIdOf(handoffKey: string): string {
  const i = handoffKey.lastIndexOf(':');
  return i < 0 ? handoffKey : handoffKey.slice(0, i);
}

export function episodeOf(handoffKey: string): number {
  const n = Number(handoffKey.slice(handoffKey.lastIndexOf(':') + 1));
  return Number.isInteger(n) && n > 0 ? n : 1;
}

/** Whether any step is still to come for this Task (only those need their touches read). */
export function stepsLeft(taken: readonly SlaStep[] | undefined, watch: SlaWatchConfig): boolean {
  const done = new Set((taken ?? []).map((s) => s.step));
  if (!done.has('reminder') || !done.has('escalation')) return true;
  return watch.reassign.policy !== 'none' && !done.has('reassignment');
}

/**
 * The steps due for overdue, untouched handoff Tasks (pure). Each Task gets, once per episode:
 * a reminder to its owner as soon as it is overdue; an escalation to the owner's manager once
 * `escalateAfterBusinessMinutes` of the owner's business time have passed since the due time; and,
 * under a reassignment policy, a reassignment after `reassign.afterBusinessMinutes`. An owner who
 * is away gets all of them at once. Steps already taken are never decided again.
 */
export function decideSteps(input: WatchInput, ctx: WatchContext): WatchPlan {
  const { routing, sla, watch } = ctx;
  const byId = new Map(input.users.map((u) => [u.id, u]));
  let pointers = input.pointers;
  const decisions: StepDecision[] = [];

  for (const task of input.tasks) {
    if (input.touched.has(task.id)) continue;
    const taken = new Set((input.steps.get(task.handoffKey) ?? []).map((s) => s.step));
    const owner = byId.get(task.ownerId);
    const schedule = scheduleOf(routing, sla, owner);
    const away = owner === undefined || !owner.isActive || isAway(routing, sla, owner, input.now);
    const due = new Date(task.dueAt);
    const base = { task, hubspotId: hubspotIdOf(task.handoffKey), ownerId: task.ownerId, fromOwnerId: null, toOwnerId: null, dueAt: task.dueAt, activityDate: null, team: null };
    const manager = managerOf(routing, input.users, owner);

    if (!taken.has('reminder')) {
      decisions.push({ ...base, step: 'reminder', recipientId: task.ownerId });
      taken.add('reminder');
    }
    if (!taken.has('escalation') && (away || input.now >= afterBusinessMinutes(due, watch.escalateAfterBusinessMinutes, schedule))) {
      decisions.push({ ...base, step: 'escalation', recipientId: manager?.id ?? null });
      taken.add('escalation');
    }
    if (watch.reassign.policy === 'none' || taken.has('reassignment') || !taken.has('escalation')) continue;
    if (!away && input.now < afterBusinessMinutes(due, watch.reassign.afterBusinessMinutes, schedule)) continue;
    const again = input.reserved?.get(base.hubspotId);
    const reused = again === undefined ? undefined : byId.get(again.ownerId);
    const picked = reused !== undefined && reused.isActive ? { user: reused, team: again?.team ?? null, pointers } : pickNewOwner(owner, task.ownerId, input, ctx, pointers);
    if (picked === null) continue; // nobody available: tried again next pass
    pointers = picked.pointers;
    const next = scheduleOf(routing, sla, picked.user);
    const tier = sla.tiers.find((t) => t.name === task.tier) ?? sla.tiers[0];
    const newDue = slaDue(input.now, tier?.responseBusinessHours ?? 8, next.calendar, next.timeZone);
    decisions.push({
      ...base,
      step: 'reassignment',
      recipientId: manager?.id ?? null,
      fromOwnerId: task.ownerId,
      toOwnerId: picked.user.id,
      dueAt: newDue.toISOString(),
      activityDate: localDate(newDue, next.timeZone),
      team: picked.team,
    });
  }
  return { decisions, pointers };
}

function pickNewOwner(
  owner: Person | undefined,
  ownerId: string,
  input: WatchInput,
  ctx: WatchContext,
  pointers: Readonly<Record<string, number>>,
): { user: Person; team: string | null; pointers: Readonly<Record<string, number>> } | null {
  const { routing, sla, watch } = ctx;
  const available = (u: Person | undefined): u is Person => u !== undefined && u.isActive && u.id !== ownerId && !isAway(routing, sla, u, input.now);
  if (watch.reassign.policy === 'user') {
    const u = watch.reassign.user === null ? undefined : findUser(routing, input.users, watch.reassign.user);
    return available(u) ? { user: u, team: null, pointers } : null;
  }
  const team = owner === undefined ? undefined : teamOf(routing, owner);
  if (team === undefined) return null;
  const n = team.members.length;
  const start = (((pointers[team.name] ?? 0) % n) + n) % n;
  for (let k = 0; k < n; k++) {
    const idx = (start + k) % n;
    const u = findUser(routing, input.users, team.members[idx] ?? '');
    if (!available(u)) continue;
    return { user: u, team: team.name, pointers: { ...pointers, [team.name]: (idx + 1) % n } };
  }
  return null;
}
