import { configuredUserNames, userKey } from '../../core/user-refs.js';
import type { RoutingConfig } from '../../config/routing.js';

/** A Salesforce User to create in the sandbox org (the shape of @handoff/sandbox's `users` option). */
export interface RoutingUser {
  username: string;
  firstName: string;
  lastName: string;
  timeZone: string;
}

function titleCase(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/**
 * A User for every name routing.yaml mentions, so the shipped configuration routes against a sandbox
 * org the way it would against a real one. Each gets the time zone of the first team that lists it.
 */
export function routingUsers(routing: RoutingConfig): RoutingUser[] {
  const zoneOf = new Map<string, string>();
  for (const t of routing.teams) {
    for (const m of t.members) {
      const key = userKey(routing, m).toLowerCase();
      if (!zoneOf.has(key)) zoneOf.set(key, t.timeZone);
    }
  }
  return configuredUserNames(routing).map((username) => {
    const [first = 'Sales', last = 'Rep'] = (username.split('@')[0] ?? '').split('.');
    return { username, firstName: titleCase(first), lastName: titleCase(last), timeZone: zoneOf.get(username) ?? routing.fallback.timeZone };
  });
}
