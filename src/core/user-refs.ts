import type { RoutingConfig } from '../config/routing.js';

/** The username or email a configured name stands for (aliases resolved), lower-cased for matching. */
export function userKey(routing: RoutingConfig, ref: string): string {
  return (Object.hasOwn(routing.users, ref) ? (routing.users[ref] ?? ref) : ref).toLowerCase();
}

/** Every username or email routing.yaml names, aliases resolved, lower-cased, each once. */
export function configuredUserNames(routing: RoutingConfig): string[] {
  const refs = [
    ...routing.teams.flatMap((t) => t.members),
    ...routing.teams.flatMap((t) => (t.lead === undefined ? [] : [t.lead])),
    ...(routing.fallback.user === undefined ? [] : [routing.fallback.user]),
    ...(routing.queueTaskOwner === undefined ? [] : [routing.queueTaskOwner]),
  ];
  return [...new Set(refs.map((r) => userKey(routing, r)))];
}
