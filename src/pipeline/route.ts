import type { RoutingConfig } from '../config/routing.js';
import type { Contact } from '../domain/types.js';
import { regionOf } from './regions.js';

export interface ResolvedUser {
  id: string;
  username: string;
  email: string;
  isActive: boolean;
  timeZone: string;
}

export interface RouteReason {
  rule: string;
  label: string;
}

export interface RouteDecision {
  ownerId: string | null;
  ownerKind: 'user' | 'queue';
  team: string | null;
  timeZone: string;
  calendar: string;
  reasons: RouteReason[];
}

export interface RouteInput {
  contact: Contact;
  /** Owner of the Lead or Contact the contact matched, if any. */
  existingOwnerId: string | null;
  /** Owner of the Account found by the contact's company domain, if any. */
  accountOwnerId: string | null;
}

export interface RouteContext {
  routing: RoutingConfig;
  users: ResolvedUser[];
  /** Round-robin positions by team; the caller persists what comes back. */
  pointers: Record<string, number>;
}

/**
 * Matches configured names (usernames or emails, never Ids: they differ between orgs) to Salesforce
 * users, case-insensitively. Every name with no user is a problem the caller reports.
 */
export function resolveUsers(
  routing: RoutingConfig,
  sfUsers: { Id: string; Username: string; Email: string; IsActive: boolean; TimeZoneSidKey: string }[],
): { users: ResolvedUser[]; byName: Map<string, ResolvedUser>; problems: string[] } {
  const users = sfUsers.map((u) => ({ id: u.Id, username: u.Username, email: u.Email, isActive: u.IsActive, timeZone: u.TimeZoneSidKey }));
  const byName = new Map<string, ResolvedUser>();
  for (const u of users) {
    byName.set(u.username.toLowerCase(), u);
    if (u.email && !byName.has(u.email.toLowerCase())) byName.set(u.email.toLowerCase(), u);
  }
  const problems: string[] = [];
  const names = [...routing.teams.flatMap((t) => t.members), routing.fallback.user];
  for (const n of names) if (!byName.has(n.toLowerCase())) problems.push(`routing.yaml names "${n}", but no Salesforce user has that username or email`);
  return { users, byName, problems };
}

function segmentOf(employees: number | null, routing: RoutingConfig): string | null {
  if (employees === null) return null;
  if (employees >= routing.segments.enterprise) return 'enterprise';
  if (employees >= routing.segments.midmarket) return 'midmarket';
  return 'smb';
}

/**
 * Picks an owner (pure). Order: the existing owner if active → the account owner by domain if
 * active → the first matching territory's team, round robin skipping inactive users → the fallback.
 */
export function route(input: RouteInput, ctx: RouteContext): { decision: RouteDecision; pointers: Record<string, number> } {
  const { routing } = ctx;
  const byId = new Map(ctx.users.map((u) => [u.id, u]));
  const byName = new Map<string, ResolvedUser>();
  for (const u of ctx.users) {
    byName.set(u.username.toLowerCase(), u);
    if (u.email) byName.set(u.email.toLowerCase(), u);
  }
  const reasons: RouteReason[] = [];
  const pointers = { ...ctx.pointers };
  const fallbackZone = routing.fallback.timeZone;

  if (routing.keepExistingOwner && input.existingOwnerId) {
    const u = byId.get(input.existingOwnerId);
    if (u?.isActive || (!u && input.existingOwnerId.startsWith('00G'))) {
      reasons.push({ rule: 'route.existing-owner', label: `kept the existing owner ${input.existingOwnerId}` });
      return { decision: { ownerId: input.existingOwnerId, ownerKind: u ? 'user' : 'queue', team: null, timeZone: u?.timeZone ?? fallbackZone, calendar: 'default', reasons }, pointers };
    }
    reasons.push({ rule: 'route.existing-owner.inactive', label: `existing owner ${input.existingOwnerId} is inactive or unknown` });
  }
  if (routing.useAccountOwner && input.accountOwnerId) {
    const u = byId.get(input.accountOwnerId);
    if (u?.isActive) {
      reasons.push({ rule: 'route.account-owner', label: `owner of the account for ${input.contact.companyDomain ?? 'the company domain'}` });
      return { decision: { ownerId: u.id, ownerKind: 'user', team: null, timeZone: u.timeZone, calendar: 'default', reasons }, pointers };
    }
    reasons.push({ rule: 'route.account-owner.inactive', label: `account owner ${input.accountOwnerId} is inactive` });
  }

  const c = input.contact;
  const region = regionOf(c.country);
  const segment = segmentOf(c.employees, routing);
  for (const t of routing.territories) {
    const w = t.when;
    if (w.country && !(c.country && w.country.includes(c.country))) continue;
    if (w.region && !(region && (w.region as string[]).includes(region))) continue;
    if (w.state && !(c.state && w.state.includes(c.state))) continue;
    if (w.segment && !(segment && (w.segment as string[]).includes(segment))) continue;
    if (w.employeesMin !== undefined && !(c.employees !== null && c.employees >= w.employeesMin)) continue;
    if (w.employeesMax !== undefined && !(c.employees !== null && c.employees <= w.employeesMax)) continue;
    const team = routing.teams.find((x) => x.name === t.team);
    if (!team) continue;
    reasons.push({ rule: `route.territory.${t.id}`, label: `territory ${t.label} → team ${team.name}` });
    const members = team.members.map((m) => byName.get(m.toLowerCase()));
    const start = pointers[team.name] ?? 0;
    for (let k = 0; k < members.length; k++) {
      const idx = (start + k) % members.length;
      const u = members[idx];
      if (!u?.isActive) continue;
      pointers[team.name] = (idx + 1) % members.length;
      reasons.push({ rule: 'route.round-robin', label: `round robin in ${team.name}: ${u.username}` });
      return { decision: { ownerId: u.id, ownerKind: 'user', team: team.name, timeZone: team.timeZone, calendar: team.calendar, reasons }, pointers };
    }
    reasons.push({ rule: 'route.team.empty', label: `no active member in team ${team.name}` });
    break;
  }

  const fb = byName.get(routing.fallback.user.toLowerCase());
  if (fb?.isActive) {
    reasons.push({ rule: 'route.fallback', label: `fallback owner ${fb.username}` });
    return { decision: { ownerId: fb.id, ownerKind: 'user', team: null, timeZone: fb.timeZone || fallbackZone, calendar: 'default', reasons }, pointers };
  }
  reasons.push({ rule: 'route.none', label: 'no owner: the fallback user is missing or inactive' });
  return { decision: { ownerId: null, ownerKind: 'user', team: null, timeZone: fallbackZone, calendar: 'default', reasons }, pointers };
}
