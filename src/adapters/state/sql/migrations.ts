import { HandoffError } from '../../../domain/errors.js';

/**
 * A schema change: an ordered list of statements applied in one transaction together with its row
 * in schema_migrations. Released migrations are never edited; a change is a new, higher version.
 */
export interface Migration {
  version: number;
  name: string;
  statements: readonly string[];
}

/** The migrations still to apply, in order; refuses a database written by a newer Handoff. */
export function pendingMigrations(all: readonly Migration[], applied: readonly number[]): Migration[] {
  assertOrdered(all);
  const latest = all.at(-1)?.version ?? 0;
  const newest = Math.max(0, ...applied);
  if (newest > latest) {
    throw new HandoffError(
      'CONFIG_INVALID',
      `The state database is at schema version ${newest}, newer than this Handoff understands (${latest}); upgrade Handoff or point it at another database`,
    );
  }
  const done = new Set(applied);
  return all.filter((m) => !done.has(m.version));
}

function assertOrdered(all: readonly Migration[]): void {
  all.forEach((m, i) => {
    const prev = all[i - 1];
    if (!Number.isInteger(m.version) || m.version <= (prev?.version ?? 0)) {
      throw new Error(`Migration versions must increase strictly: ${m.version} after ${prev?.version ?? 0}`);
    }
  });
}
