import type { Config } from '../config/load.js';
import type { PlannedDeadLetter, SkipOp } from '../domain/plan.js';
import type { ReservedOwner } from '../domain/claims.js';
import type { Contact } from '../domain/types.js';
import type { SalesforceQueue, SalesforceUser } from '../domain/salesforce.js';
import type { Match } from './match.js';
import type { Decision, Owner } from './plan.js';
import { resolveUsers, route } from './route.js';
import type { LocatedProblem } from './route.js';
import { tierForGrade } from './score.js';
import { isAway } from './sla-people.js';
import { buildTask } from './task-content.js';
import type { Evaluated } from './triage.js';

export interface DecideInput {
  items: { item: Evaluated; match: Match }[];
  /** The owner of the Account whose domain matches the contact's company, if any. */
  accountOwner: (contact: Contact) => string | null;
  config: Config;
  users: SalesforceUser[];
  /** The Lead queues (OrgMetadata.queues); left out, a fallback queue can't be found. */
  queues?: readonly SalesforceQueue[];
  pointers: Record<string, number>;
  /** Owners reserved with the contacts' claims by an earlier attempt (route.ts reservedOwner). */
  reserved?: ReadonlyMap<string, ReservedOwner>;
  now: Date;
  /** False for historical backfills: Leads only, no SLA Tasks. */
  createTasks: boolean;
}

export interface DecideOutput {
  decisions: Decision[];
  skips: SkipOp[];
  deadLetters: PlannedDeadLetter[];
  pointers: Record<string, number>;
  /** The owner each routed contact got, with its round-robin team: recorded with its claim. */
  owners: Map<string, ReservedOwner>;
  /** Names in routing.yaml (and sla.reassign.user) that match no usable Salesforce user or queue (route.ts resolveUsers). */
  routingProblems: LocatedProblem[];
}

/**
 * Route and SLA for each qualified contact (pure). Round-robin pointers advance in input order,
 * which is deterministic, and come back for the caller to persist with the batch.
 */
export function decide(input: DecideInput): DecideOutput {
  const { config, now } = input;
  const resolved = resolveUsers(
    config.routing,
    input.users.map((u) => ({ ...u, Email: u.Email ?? '', TimeZoneSidKey: u.TimeZoneSidKey ?? 'UTC' })),
    input.queues,
    { reassignUser: config.handoff.sla.reassign.policy === 'user' ? config.handoff.sla.reassign.user : null },
  );
  // Who is away today takes them out of routing for new handoffs, as it does for the SLA watch's reassignments.
  const away = new Set(
    resolved.users
      .filter((u, i) => u.isActive && isAway(config.routing, config.sla, { ...u, away: input.users[i]?.away ?? null }, now))
      .map((u) => u.id),
  );
  let pointers = { ...input.pointers };
  const out: DecideOutput = { decisions: [], skips: [], deadLetters: [], pointers, owners: new Map(), routingProblems: resolved.located };
  for (const { item, match } of input.items) {
    if (match.kind === 'conflict') {
      out.skips.push({ hubspotId: item.contact.hubspotId, kind: 'conflict', reason: match.reasons.join('; ') });
      continue;
    }
    const existingOwnerId = match.kind === 'none' ? null : match.ownerId;
    const routed = route(
      { contact: item.contact, existingOwnerId, accountOwnerId: input.accountOwner(item.contact), reservedOwner: input.reserved?.get(item.contact.hubspotId) ?? null },
      { routing: config.routing, users: resolved.users, queues: resolved.queues, pointers, away },
    );
    pointers = routed.pointers;
    const decision = routed.decision;
    if (!decision.ownerId) {
      out.deadLetters.push({
        hubspotId: item.contact.hubspotId,
        stage: 'route',
        code: 'NO_OWNER',
        message: decision.reasons.map((r) => r.label).join('; ') || 'no owner could be found',
        payload: { hubspotId: item.contact.hubspotId },
      });
      continue;
    }
    const owner: Owner = { id: decision.ownerId, kind: decision.ownerKind };
    out.owners.set(item.contact.hubspotId, { ownerId: decision.ownerId, team: decision.team });
    const tier = tierForGrade(config.scoring, item.score.grade) ?? config.sla.tiers[config.sla.tiers.length - 1]?.name ?? '';
    const task = input.createTasks
      ? buildTask({
          contact: item.contact,
          score: item.score,
          tier,
          activities: item.activities,
          sla: config.sla,
          calendar: decision.calendar,
          timeZone: decision.timeZone,
          now,
        })
      : null;
    out.decisions.push({
      item,
      match,
      owner,
      reasons: decision.reasons.map((r) => r.label),
      taskOwnerId: decision.taskOwnerId ?? null,
      task,
      route: { team: decision.team, tier, calendar: decision.calendar, timeZone: decision.timeZone },
      // Episode 1 is a contact's first qualification; recycling by sales (a later feature) starts the next.
      episode: item.prior?.status === 'recycled' ? item.prior.episode + 1 : (item.prior?.episode ?? 1),
    });
  }
  out.pointers = pointers;
  return out;
}
