import type { Deps } from '../deps.js';
import { rolloutLists } from '../../core/rollout.js';
import type { ListMembers } from '../../core/rollout.js';
import type { HubSpotSource } from '../../ports/hubspot.js';

// Once per HubSpot source, that is once per App: the daemon builds one per cycle, a command one per run.
const read = new WeakMap<HubSpotSource, Promise<ListMembers>>();

/**
 * The members of the HubSpot lists the rollout's segments name, read once per cycle (per App) and
 * only when a contact is to be judged by them: one lists memberships call per 250 members. None named: undefined.
 */
export function rolloutListMembers(deps: Pick<Deps, 'config' | 'hubspot' | 'logger'>): Promise<ListMembers> | undefined {
  const ids = rolloutLists(deps.config.handoff.rollout);
  if (ids.length === 0) return undefined;
  let members = read.get(deps.hubspot);
  if (!members) {
    members = (async () => {
      const out = new Map<string, ReadonlySet<string>>();
      for (const id of ids) out.set(id, await deps.hubspot.listMembers(id));
      deps.logger.info('rollout lists read', { lists: ids, members: [...out.values()].map((s) => s.size) });
      return out;
    })();
    // A failed read is not remembered: the next use tries again.
    members.catch(() => read.delete(deps.hubspot));
    read.set(deps.hubspot, members);
  }
  return members;
}
