import type { Dataset } from './dataset.js';

/** A Salesforce User the org must have whatever the dataset holds (e.g. every rep a routing configuration names). */
export interface SandboxUser {
  /** Also the User's Email. */
  username: string;
  firstName: string;
  lastName: string;
  /** IANA zone, the User's TimeZoneSidKey. */
  timeZone: string;
}

/** The dataset with a Salesforce User for each of `users` whose username is not already a Username or Email there. */
export function withUsers(dataset: Dataset, users: readonly SandboxUser[]): Dataset {
  const existing = new Set(dataset.salesforce.User.flatMap((u) => [String(u.Username ?? '').toLowerCase(), String(u.Email ?? '').toLowerCase()]));
  const added = [];
  for (const u of users) {
    const key = u.username.toLowerCase();
    if (existing.has(key)) continue;
    existing.add(key);
    added.push({
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
  return { ...dataset, salesforce: { ...dataset.salesforce, User: [...dataset.salesforce.User, ...added] } };
}
