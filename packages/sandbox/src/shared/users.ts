import type { Dataset } from './dataset.js';
import { salesforceId } from '../generate/salesforce-id.js';

/** A Salesforce User the org must have whatever the dataset holds (e.g. every rep a routing configuration names). */
export interface SandboxUser {
  /** Also the User's Email. */
  username: string;
  firstName: string;
  lastName: string;
  /** IANA zone, the User's TimeZoneSidKey. */
  timeZone: string;
  /** Username of the User's manager (`User.ManagerId`), e.g. the team lead routing.yaml names. */
  manager?: string;
}

/** Ids of added Users: a range of their own, clear of generated datasets' and the sandbox's own ids. */
const ADDED_USER_BASE = 7_000_000_000;

/**
 * The dataset with a Salesforce User for each of `users` whose username is not already a Username or Email
 * there. A `manager` becomes the added User's ManagerId when a User with that username has (or gets) an Id.
 */
export function withUsers(dataset: Dataset, users: readonly SandboxUser[]): Dataset {
  const existing = new Set(dataset.salesforce.User.flatMap((u) => [String(u.Username ?? '').toLowerCase(), String(u.Email ?? '').toLowerCase()]));
  const added: Record<string, unknown>[] = [];
  for (const u of users) {
    const key = u.username.toLowerCase();
    if (existing.has(key)) continue;
    existing.add(key);
    added.push({
      Id: salesforceId('005', ADDED_USER_BASE + added.length),
      Username: u.username,
      Email: u.username,
      FirstName: u.firstName,
      LastName: u.lastName,
      Name: `${u.firstName} ${u.lastName}`,
      IsActive: true,
      TimeZoneSidKey: u.timeZone,
    });
  }
  if (added.length === 0) return dataset;
  const all = [...dataset.salesforce.User, ...added];
  const idOf = new Map(all.flatMap((u) => (typeof u.Id === 'string' ? [[String(u.Username ?? '').toLowerCase(), u.Id] as const] : [])));
  for (const u of users) {
    const row = added.find((a) => String(a.Username).toLowerCase() === u.username.toLowerCase());
    const managerId = u.manager ? idOf.get(u.manager.toLowerCase()) : undefined;
    if (row && managerId && managerId !== row.Id) row.ManagerId = managerId;
  }
  return { ...dataset, salesforce: { ...dataset.salesforce, User: all } };
}
