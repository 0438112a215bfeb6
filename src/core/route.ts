import type { RoutingConfig, RoutingTeam, Segment, Territory } from '../config/routing.js';
import type { Contact } from '../domain/types.js';
import type { Owner } from './plan.js';
import { regionOf } from './regions.js';
import { userKey } from './user-refs.js';

export interface ResolvedUser {
  id: string;
  username: string;
  email: string;
  isActive: boolean;
  timeZone: string;
}

export interface ResolvedQueue {
  id: string;
  name: string;
  developerName: string;
}

export interface RouteReason {
  rule: string;
  label: string;
}

export interface RoutedOwner {
  /** Null when nobody could be found; the reasons say why. */
  ownerId: string | null;
  ownerKind: Owner['kind'];
  team: string | null;
  /** The zone SLA times are computed in: the team's, else the owner's. */
  timeZone: string;
  /** The sla.yaml calendar for the owner. */
  calendar: string;
  /**
   * For a queue owner: the user who gets the SLA Task (routing.yaml queueTaskOwner, when active),
   * since a Task can't be owned by a queue. Null: the Task stays with the integration user.
   */
  taskOwnerId?: string | null;
  reasons: RouteReason[];
}

export interface RouteInput {
  contact: Contact;
  /** Owner of the Lead or Contact the contact matched, if any. */
  existingOwnerId: string | null;
  /** Owner of the Account found by the contact's company domain, if any. */
  accountOwnerId: string | null;
  /**
   * The owner an earlier attempt reserved for this contact with its claim (ports/claims.ts): kept
   * while active, so a retry neither advances a round-robin pointer again nor picks someone else.
   */
  reservedOwner?: { ownerId: string; team: string | null } | null;
}

export interface RouteContext {
  routing: RoutingConfig;
  /** Every Salesforce user (not only the configured ones), so existing owners can be checked. */
  users: readonly ResolvedUser[];
  queues?: readonly ResolvedQueue[];
  /** Round robin: the index of the next member to try, by team name. */
  pointers: Readonly<Record<string, number>>;
  /**
   * Users who are away today (routing.yaml availability: a date range, or the User checkbox it names):
   * like inactive users they get no new handoff, and round robin passes over them without spending
   * their turn (sla-people.ts isAway decides who).
   */
  away?: ReadonlySet<string>;
}

export interface SalesforceUserRow {
  Id: string;
  Username: string;
  Email: string;
  IsActive: boolean;
  TimeZoneSidKey: string;
}

const QUEUE_PREFIX = '00G';

/** A name resolveUsers could not match to a usable Salesforce user or queue, with where it is. */
export interface LocatedProblem {
  /** The config file that holds the name. */
  file: 'routing.yaml' | 'handoff.yaml';
  /** Where in it ("team emea", "teams[4].lead", "sla.reassign.user"): unlike the message, it names no one. */
  where: string;
  message: string;
}

export interface ResolveOptions {
  /** handoff.yaml `sla.reassign.user` when `sla.reassign.policy` is `user`: checked like the names routing.yaml gives. */
  reassignUser?: string | null;
}

/**
 * Matches the names routing.yaml uses (usernames, emails or aliases; never Ids, which differ
 * between orgs) to Salesforce users, case-insensitively. Usernames are unique in Salesforce, emails
 * are not: an email shared by several users resolves only if exactly one of them is active. A team
 * member, the fallback user and the queue's task owner must match a user; a team's `lead` and
 * handoff.yaml's `sla.reassign.user`, which the SLA watch tells or hands Tasks to, must also be active.
 */
export function resolveUsers(
  routing: RoutingConfig,
  salesforceUsers: readonly SalesforceUserRow[],
  salesforceQueues?: readonly { Id: string; Name: string; DeveloperName: string }[],
  options: ResolveOptions = {},
): { users: ResolvedUser[]; queues: ResolvedQueue[]; problems: string[]; located: LocatedProblem[] } {
  const users = salesforceUsers.map((u) => ({ id: u.Id, username: u.Username, email: u.Email, isActive: u.IsActive, timeZone: u.TimeZoneSidKey }));
  const queues = (salesforceQueues ?? []).map((q) => ({ id: q.Id, name: q.Name, developerName: q.DeveloperName }));
  const located: LocatedProblem[] = [];
  type Name = { ref: string; file: LocatedProblem['file']; where: string; label: string; inactive?: string };
  const names: Name[] = [
    ...routing.teams.flatMap((t) => t.members.map((m) => ({ ref: m, file: 'routing.yaml' as const, where: `team ${t.name}`, label: `team ${t.name}` }))),
    ...(routing.fallback.user === undefined ? [] : [{ ref: routing.fallback.user, file: 'routing.yaml' as const, where: 'fallback.user', label: 'fallback.user' }]),
    ...(routing.queueTaskOwner === undefined ? [] : [{ ref: routing.queueTaskOwner, file: 'routing.yaml' as const, where: 'queueTaskOwner', label: 'queueTaskOwner' }]),
    ...routing.teams.flatMap((t, i) =>
      t.lead === undefined
        ? []
        : [{ ref: t.lead, file: 'routing.yaml' as const, where: `teams[${i}].lead`, label: `teams[${i}].lead (team ${t.name})`, inactive: `escalations in team ${t.name} reach nobody when the owner has no active manager` }],
    ),
    ...(options.reassignUser == null
      ? []
      : [{ ref: options.reassignUser, file: 'handoff.yaml' as const, where: 'sla.reassign.user', label: 'sla.reassign.user', inactive: 'no overdue Task is reassigned until the user is active again or the setting changes' }]),
  ];
  const index = lookup(users);
  for (const { ref, file, where, label, inactive } of names) {
    const found = index.byName.get(userKey(routing, ref));
    if (found === undefined) located.push({ file, where, message: `${file} ${label} names "${ref}", but no Salesforce user has that username or email` });
    else if (found === AMBIGUOUS) located.push({ file, where, message: `${file} ${label} names "${ref}", the email of several active Salesforce users; use the username` });
    else if (inactive !== undefined && !found.isActive) located.push({ file, where, message: `${file} ${label} names "${ref}", an inactive Salesforce user: ${inactive}` });
  }
  if (routing.fallback.queue !== undefined && salesforceQueues !== undefined && findQueue(queues, routing.fallback.queue) === undefined) {
    located.push({ file: 'routing.yaml', where: 'fallback.queue', message: `routing.yaml fallback.queue names "${routing.fallback.queue}", but no Salesforce Lead queue has that name` });
  }
  return { users, queues, problems: located.map((p) => p.message), located };
}

const AMBIGUOUS = Symbol('ambiguous');
interface Lookup {
  byId: Map<string, ResolvedUser>;
  byName: Map<string, ResolvedUser | typeof AMBIGUOUS>;
}
// Routing runs once per contact; the indexes are built once per users list.
const lookups = new WeakMap<readonly ResolvedUser[], Lookup>();

function lookup(users: readonly ResolvedUser[]): Lookup {
  const cached = lookups.get(users);
  if (cached !== undefined) return cached;
  const byId = new Map(users.map((u) => [u.id, u]));
  const byEmail = new Map<string, ResolvedUser[]>();
  for (const u of users) {
    const key = u.email.toLowerCase();
    if (key !== '') byEmail.set(key, [...(byEmail.get(key) ?? []), u]);
  }
  const byName = new Map<string, ResolvedUser | typeof AMBIGUOUS>();
  for (const [email, list] of byEmail) {
    const active = list.filter((u) => u.isActive);
    // All inactive: any of them will do, round robin skips them anyway.
    const pick = active.length === 1 ? active[0] : active.length === 0 ? list[0] : undefined;
    byName.set(email, pick ?? AMBIGUOUS);
  }
  // A username always wins over an email that happens to look the same.
  for (const u of users) byName.set(u.username.toLowerCase(), u);
  const built = { byId, byName };
  lookups.set(users, built);
  return built;
}

/** A queue as owner; its Task goes to routing.yaml's queueTaskOwner when that user is active and not away. */
function toQueue(queueId: string, routing: RoutingConfig, byName: Lookup['byName'], reasons: RouteReason[], available: (u: ResolvedUser) => boolean): RoutedOwner {
  let taskOwnerId: string | null = null;
  if (routing.queueTaskOwner !== undefined) {
    const u = byName.get(userKey(routing, routing.queueTaskOwner));
    if (u !== undefined && u !== AMBIGUOUS && available(u)) {
      taskOwnerId = u.id;
      reasons.push({ rule: 'route.queue-task-owner', label: `SLA Task to the queue's task owner (${u.id}); a queue can't own a Task` });
    } else reasons.push({ rule: 'route.queue-task-owner.unavailable', label: "The queue's task owner (queueTaskOwner) is inactive, away or unknown" });
  }
  return { ownerId: queueId, ownerKind: 'queue', team: null, timeZone: routing.fallback.timeZone, calendar: 'default', taskOwnerId, reasons };
}

function findQueue(queues: readonly ResolvedQueue[], name: string): ResolvedQueue | undefined {
  const key = name.toLowerCase();
  return queues.find((q) => q.developerName.toLowerCase() === key) ?? queues.find((q) => q.name.toLowerCase() === key);
}

export function segmentOf(employees: number | null, routing: RoutingConfig): Segment | null {
  if (employees === null) return null;
  const { enterprise, midmarket, smb } = routing.segments;
  if (employees >= enterprise.minEmployees) return 'enterprise';
  if (employees >= midmarket.minEmployees) return 'midmarket';
  return employees >= smb.minEmployees ? 'smb' : null;
}

/** The team the first matching territory picks for this contact, before owners and fallbacks: what a rollout's `team` segment means. */
export function territoryTeam(c: TerritoryFields, routing: RoutingConfig): string | null {
  return routing.territories.find((t) => matches(t, c, routing))?.team ?? null;
}

/** What territories read of a contact. */
export type TerritoryFields = Pick<Contact, 'country' | 'state' | 'employees'>;

function matches(t: Territory, c: TerritoryFields, routing: RoutingConfig): boolean {
  const w = t.when;
  const country = c.country?.toUpperCase() ?? null;
  if (w.country && (country === null || !w.country.includes(country))) return false;
  if (w.region) {
    const region = regionOf(country);
    if (region === null || !w.region.includes(region)) return false;
  }
  if (w.state) {
    const state = c.state?.toUpperCase() ?? null;
    if (state === null || !w.state.some((s) => s === state || s === `${country ?? ''}-${state}`)) return false;
  }
  if (w.segment) {
    const segment = segmentOf(c.employees, routing);
    if (segment === null || !w.segment.includes(segment)) return false;
  }
  if (w.employeesMin !== undefined && (c.employees === null || c.employees < w.employeesMin)) return false;
  if (w.employeesMax !== undefined && (c.employees === null || c.employees > w.employeesMax)) return false;
  return true;
}

/** The calendar of the first team that lists the user, so their own holidays apply. */
function calendarOfUser(routing: RoutingConfig, u: ResolvedUser): string {
  const names = [u.username.toLowerCase(), u.email.toLowerCase()];
  return routing.teams.find((t) => t.members.some((m) => names.includes(userKey(routing, m))))?.calendar ?? 'default';
}

type Routed = { decision: RoutedOwner; pointers: Record<string, number> };

/**
 * Picks an owner (pure). Order: the existing owner if available → the available owner of the account
 * with the contact's domain → the first matching territory's team, round robin skipping unavailable
 * members → the fallback user, then queue → no owner. Available: active and not away (ctx.away); an
 * away user is passed over at every step exactly like an inactive one. Never mutates ctx.pointers:
 * the pointers that come back are the ones to persist, and are the same object when nothing advanced.
 */
export function route(input: RouteInput, ctx: RouteContext): Routed {
  const { routing } = ctx;
  const { byId, byName } = lookup(ctx.users);
  const reasons: RouteReason[] = [];
  const away = ctx.away ?? new Set<string>();
  const available = (u: ResolvedUser): boolean => u.isActive && !away.has(u.id);
  // Why a user was passed over: "away" only for an active user, so an inactive one reads as before.
  const why = (u: ResolvedUser | undefined): 'away' | 'inactive' => (u?.isActive === true && away.has(u.id) ? 'away' : 'inactive');
  const pointers = ctx.pointers as Record<string, number>;
  const asUser = (u: ResolvedUser, team: RoutingTeam | null): Routed => ({
    decision: {
      ownerId: u.id,
      ownerKind: 'user',
      team: team?.name ?? null,
      timeZone: team?.timeZone ?? (u.timeZone || routing.fallback.timeZone),
      calendar: team?.calendar ?? calendarOfUser(routing, u),
      reasons,
    },
    pointers,
  });

  if (routing.keepExistingOwner && input.existingOwnerId !== null) {
    const id = input.existingOwnerId;
    const u = byId.get(id);
    if (u !== undefined && available(u)) {
      reasons.push({ rule: 'route.existing-owner', label: `Kept the owner of the matching Salesforce record (${id})` });
      return asUser(u, null);
    }
    if (u === undefined && id.startsWith(QUEUE_PREFIX)) {
      reasons.push({ rule: 'route.existing-owner', label: `Kept the queue that owns the matching Salesforce record (${id})` });
      return { decision: toQueue(id, routing, byName, reasons, available), pointers };
    }
    if (why(u) === 'away') reasons.push({ rule: 'route.existing-owner.away', label: `The owner of the matching record (${id}) is away` });
    else reasons.push({ rule: 'route.existing-owner.inactive', label: `The owner of the matching record (${id}) is inactive or unknown` });
  }

  const reserved = input.reservedOwner ? byId.get(input.reservedOwner.ownerId) : undefined;
  if (reserved !== undefined && available(reserved)) {
    const team = routing.teams.find((t) => t.name === input.reservedOwner?.team) ?? null;
    reasons.push({ rule: 'route.reserved', label: `Kept the owner reserved for this contact by an earlier attempt (${reserved.id})` });
    return asUser(reserved, team);
  }

  if (routing.useAccountOwner && input.accountOwnerId !== null) {
    const u = byId.get(input.accountOwnerId);
    if (u !== undefined && available(u)) {
      reasons.push({ rule: 'route.account-owner', label: `Owner of the account for ${input.contact.companyDomain ?? 'the company domain'} (${u.id})` });
      return asUser(u, null);
    }
    if (why(u) === 'away') reasons.push({ rule: 'route.account-owner.away', label: `The account owner (${input.accountOwnerId}) is away` });
    else reasons.push({ rule: 'route.account-owner.inactive', label: `The account owner (${input.accountOwnerId}) is inactive or unknown` });
  }

  const territory = routing.territories.find((t) => matches(t, input.contact, routing));
  const team = territory && routing.teams.find((t) => t.name === territory.team);
  if (territory === undefined || team === undefined) {
    reasons.push({ rule: 'route.territory.none', label: 'No territory matched' });
  } else {
    reasons.push({ rule: `route.territory.${territory.id}`, label: `Territory ${territory.label} → team ${team.name}` });
    const n = team.members.length;
    const start = (((ctx.pointers[team.name] ?? 0) % n) + n) % n;
    for (let k = 0; k < n; k++) {
      const idx = (start + k) % n;
      const u = byName.get(userKey(routing, team.members[idx] ?? ''));
      if (u === undefined || u === AMBIGUOUS || !available(u)) continue;
      reasons.push({ rule: 'route.round-robin', label: `Round robin in ${team.name}: member ${idx + 1} of ${n}${k > 0 ? `, ${k} inactive, away or unknown skipped` : ''} (${u.id})` });
      const routed = asUser(u, team);
      routed.pointers = { ...ctx.pointers, [team.name]: (idx + 1) % n };
      return routed;
    }
    reasons.push({ rule: 'route.team.no-active-member', label: `No available member in team ${team.name}: each is inactive, away or unknown` });
  }

  const { fallback } = routing;
  if (fallback.user !== undefined) {
    const u = byName.get(userKey(routing, fallback.user));
    if (u !== undefined && u !== AMBIGUOUS && available(u)) {
      reasons.push({ rule: 'route.fallback.user', label: `Fallback owner (${u.id})` });
      return asUser(u, null);
    }
    reasons.push({ rule: 'route.fallback.user.unavailable', label: 'The fallback user is inactive, away or unknown' });
  }
  if (fallback.queue !== undefined) {
    const q = findQueue(ctx.queues ?? [], fallback.queue);
    if (q !== undefined) {
      reasons.push({ rule: 'route.fallback.queue', label: `Fallback queue ${q.name} (${q.id})` });
      return { decision: toQueue(q.id, routing, byName, reasons, available), pointers };
    }
    reasons.push({ rule: 'route.fallback.queue.unknown', label: `No Salesforce queue named ${fallback.queue}` });
  }
  reasons.push({ rule: 'route.no-owner', label: 'No owner: no active user or queue could be found' });
  return { decision: { ownerId: null, ownerKind: 'user', team: null, timeZone: fallback.timeZone, calendar: 'default', reasons }, pointers };
}
