import { DateTime } from 'luxon';
import type { RoutingConfig, RoutingTeam } from '../config/routing.js';
import type { SlaCalendar, SlaConfig } from '../config/sla.js';
import { calendarFor, isValidZone, slaDue } from './sla-clock.js';
import { userKey } from './user-refs.js';

/** A Salesforce user as the SLA watch and the notifier need them. */
export interface Person {
  id: string;
  username: string;
  email: string;
  isActive: boolean;
  timeZone: string;
  managerId?: string | null;
  /** The availability.userField checkbox, when configured. */
  away?: boolean | null;
}

/** The first team that lists the user (by username or email, aliases resolved). */
export function teamOf(routing: RoutingConfig, user: Pick<Person, 'username' | 'email'>): RoutingTeam | undefined {
  const names = [user.username.toLowerCase(), user.email.toLowerCase()];
  return routing.teams.find((t) => t.members.some((m) => names.includes(userKey(routing, m))));
}

/** A configured name (username, email or alias) → the user; usernames first, then a single active email match. */
export function findUser<P extends Person>(routing: RoutingConfig, users: readonly P[], ref: string): P | undefined {
  const key = userKey(routing, ref);
  const byUsername = users.find((u) => u.username.toLowerCase() === key);
  if (byUsername !== undefined) return byUsername;
  const byEmail = users.filter((u) => u.email.toLowerCase() === key);
  const active = byEmail.filter((u) => u.isActive);
  return active.length === 1 ? active[0] : byEmail.length === 1 ? byEmail[0] : undefined;
}

export interface Schedule {
  calendar: SlaCalendar;
  timeZone: string;
}

/** A person's business hours: their team's calendar and zone, else the default calendar in their own zone. */
export function scheduleOf(routing: RoutingConfig, sla: SlaConfig, user: Person | undefined): Schedule {
  const team = user === undefined ? undefined : teamOf(routing, user);
  const calendar = calendarFor(sla, team?.calendar ?? 'default');
  const own = user !== undefined && user.timeZone !== '' && isValidZone(user.timeZone) ? user.timeZone : calendar.timeZone;
  return { calendar, timeZone: team?.timeZone ?? own };
}

/** The next moment within the schedule's business hours, at or after `at` (itself when open). */
export function nextBusinessTime(at: Date, s: Schedule): Date {
  return slaDue(at, 0, s.calendar, s.timeZone);
}

/** `minutes` of business time after `at`. */
export function afterBusinessMinutes(at: Date, minutes: number, s: Schedule): Date {
  return slaDue(at, minutes / 60, s.calendar, s.timeZone);
}

/** The local date (YYYY-MM-DD) of an instant in a zone. */
export function localDate(at: Date, timeZone: string): string {
  return DateTime.fromJSDate(at, { zone: timeZone }).toISODate() ?? at.toISOString().slice(0, 10);
}

/** Away: the user field says so, or today (in their zone) is inside one of their availability.away ranges. */
export function isAway(routing: RoutingConfig, sla: SlaConfig, user: Person, now: Date): boolean {
  if (user.away === true) return true;
  const ranges = routing.availability.away.filter((a) => {
    const key = userKey(routing, a.user);
    return key === user.username.toLowerCase() || key === user.email.toLowerCase();
  });
  if (ranges.length === 0) return false;
  const today = localDate(now, scheduleOf(routing, sla, user).timeZone);
  return ranges.some((a) => a.from <= today && today <= a.to);
}

/** Who hears of an escalation: the owner's active manager (User.ManagerId), else their team's lead. */
export function managerOf<P extends Person>(routing: RoutingConfig, users: readonly P[], owner: P | undefined): P | undefined {
  if (owner === undefined) return undefined;
  const byId = owner.managerId == null ? undefined : users.find((u) => u.id === owner.managerId);
  if (byId?.isActive === true) return byId;
  const lead = teamOf(routing, owner)?.lead;
  const found = lead === undefined ? undefined : findUser(routing, users, lead);
  return found?.isActive === true && found.id !== owner.id ? found : undefined;
}
