import { configuredUserNames, userKey } from '../config/routing.js';
import type { RoutingConfig } from '../config/routing.js';
import type { Dataset } from './shared/dataset.js';

function titleCase(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/**
 * Salesforce Users for every name routing.yaml mentions, so the shipped configuration routes
 * against a sandbox org the way it would against a real one. Names already present are kept.
 */
export function withRoutingUsers(dataset: Dataset, routing: RoutingConfig): Dataset {
  const names = [...new Set(configuredUserNames(routing).map((n) => n.toLowerCase()))];
  const zoneOf = new Map<string, string>();
  for (const t of routing.teams) {
    for (const m of t.members) {
      const key = userKey(routing, m).toLowerCase();
      if (!zoneOf.has(key)) zoneOf.set(key, t.timeZone);
    }
  }
  const existing = new Set(dataset.salesforce.User.flatMap((u) => [String(u.Username ?? '').toLowerCase(), String(u.Email ?? '').toLowerCase()]));
  const added = names
    .filter((n) => !existing.has(n))
    .map((n) => {
      const [first = 'Sales', last = 'Rep'] = (n.split('@')[0] ?? '').split('.');
      return {
        Username: n,
        Email: n,
        FirstName: titleCase(first),
        LastName: titleCase(last),
        Name: `${titleCase(first)} ${titleCase(last)}`,
        IsActive: true,
        TimeZoneSidKey: zoneOf.get(n) ?? routing.fallback.timeZone,
      };
    });
  return { ...dataset, salesforce: { ...dataset.salesforce, User: [...dataset.salesforce.User, ...added] } };
}
