import type { RoutingConfig } from '../../config/routing.js';
import type { SlaConfig } from '../../config/sla.js';
import type { Check, Fact } from '../../domain/doctor.js';
import { fail, ok, warn } from '../../domain/doctor.js';
import { calendarFor, isValidZone, slaDue } from '../sla-clock.js';
import type { SlaWatchConfig } from '../../config/notify.js';
import { configuredUserNames, userKey } from '../user-refs.js';

/** Every user routing.yaml names exists in Salesforce and is active (by username or email). */
export function routingUserCheck(routing: RoutingConfig, users: Fact<{ username: string; email: string | null; isActive: boolean }[]>): Check {
  const id = 'salesforce.routing-users';
  if (!users.ok) return fail(id, `could not read the Users: ${users.message}`, 'Give the integration user read access to User.');
  const byName = new Map<string, boolean>();
  for (const u of users.value) {
    byName.set(u.username.toLowerCase(), u.isActive || byName.get(u.username.toLowerCase()) === true);
    if (u.email) byName.set(u.email.toLowerCase(), u.isActive || byName.get(u.email.toLowerCase()) === true);
  }
  const names = configuredUserNames(routing);
  const missing = names.filter((n) => !byName.has(n));
  const inactive = names.filter((n) => byName.get(n) === false);
  if (missing.length + inactive.length === 0) return ok(id, `all ${names.length} users routing.yaml names exist and are active`);
  const parts = [missing.length > 0 ? `not found: ${missing.join(', ')}` : '', inactive.length > 0 ? `inactive: ${inactive.join(', ')}` : ''].filter(Boolean);
  return fail(id, `routing.yaml names users Salesforce lacks (${parts.join('; ')}); their leads go to the fallback`, 'Fix the usernames in routing.yaml, or activate the users.');
}

/** Under `sla.reassign.policy: user`, handoff.yaml's `sla.reassign.user` is a Salesforce user, and an active one. */
export function reassignUserCheck(watch: SlaWatchConfig, routing: RoutingConfig, users: Fact<{ username: string; email: string | null; isActive: boolean }[]>): Check | null {
  const ref = watch.reassign.policy === 'user' ? watch.reassign.user : null;
  if (ref === null) return null;
  const id = 'salesforce.sla-reassign-user';
  if (!users.ok) return fail(id, `could not read the Users: ${users.message}`, 'Give the integration user read access to User.');
  const key = userKey(routing, ref);
  const matches = users.value.filter((u) => u.username.toLowerCase() === key || u.email?.toLowerCase() === key);
  if (matches.length === 0) return fail(id, `handoff.yaml sla.reassign.user: no Salesforce user has the username or email ${key}; no overdue Task can be reassigned`, 'Fix sla.reassign.user in handoff.yaml.');
  if (!matches.some((u) => u.isActive)) return fail(id, `handoff.yaml sla.reassign.user: ${key} is inactive; no overdue Task is reassigned until the user is active again`, 'Activate the user, or name another in sla.reassign.user.');
  return ok(id, `sla.reassign.user ${key} is an active Salesforce user`);
}

/** The fallback queue exists and can own Leads. */
export function queueCheck(routing: RoutingConfig, queues: Fact<{ name: string; developerName: string }[]>): Check | null {
  const wanted = routing.fallback.queue;
  if (wanted === undefined) return null;
  const id = 'salesforce.queue';
  if (!queues.ok) return fail(id, `could not read the Lead queues: ${queues.message}`, 'Give the integration user read access to Group and QueueSobject.');
  const found = queues.value.find((q) => q.name === wanted || q.developerName === wanted);
  if (!found) return fail(id, `no Lead queue named ${wanted} (fallback.queue)`, 'Create the queue with Lead among its supported objects, or fix fallback.queue in routing.yaml.');
  return ok(id, `fallback queue ${found.developerName} can own Leads`);
}

/** Every calendar a team uses resolves: its zone is known and an SLA started now ends within two weeks. */
export function calendarChecks(routing: RoutingConfig, sla: SlaConfig, now: Date): Check[] {
  const used = new Set(['default', ...routing.teams.map((t) => t.calendar)]);
  return [...used].map((name) => {
    const id = `sla.calendar.${name}`;
    try {
      const calendar = calendarFor(sla, name);
      if (!isValidZone(calendar.timeZone)) return fail(id, `calendar ${name}: unknown time zone ${calendar.timeZone}`, 'Use an IANA zone name in sla.yaml.');
      const due = slaDue(now, 1, calendar, calendar.timeZone);
      if (due.getTime() - now.getTime() > 14 * 86_400_000) {
        return warn(id, `calendar ${name}: the next business hour is more than two weeks away (${due.toISOString()})`, 'Check its working days and holidays in sla.yaml.');
      }
      return ok(id, `calendar ${name} (${calendar.timeZone}): a 1-hour SLA started now is due ${due.toISOString()}`);
    } catch (err) {
      return fail(id, `calendar ${name} does not resolve: ${err instanceof Error ? err.message : String(err)}`, 'Fix it in sla.yaml.');
    }
  });
}
