import type { Deps } from '../deps.js';
import { claimEach } from '../claims.js';
import { mergePlans } from '../../domain/plan.js';
import type { WritePlan } from '../../domain/plan.js';
import type { ApplyResult } from '../../ports/salesforce.js';
import { processBatch } from './cycle.js';
import type { BatchInput, BatchOptions, BatchResult } from './cycle.js';

/**
 * processBatch under the claim rule (jobs/claims.ts): the batch's contacts are claimed first; those
 * another job holds are processed once it lets them go, judged against what it committed. The
 * cursor moves only with the last part, so it never passes a contact this job has not processed.
 * Without a fence (tests, dry runs) it is plain processBatch.
 */
export async function processClaimedBatch(deps: Deps, input: BatchInput, opts: Omit<BatchOptions, 'claimed'>, signal?: AbortSignal): Promise<BatchResult> {
  const fence = opts.fence;
  // What earlier chunks of the window held back (WriteCarry) is judged with this chunk, claimed with it.
  const given = new Set(input.contacts.map((c) => c.id));
  const carried = (opts.window?.carry?.take() ?? []).filter((c) => !given.has(c.hubspotId));
  if (!fence || opts.dryRun) return processBatch(deps, { ...input, carried }, opts);
  const plans: WritePlan[] = [];
  let applied: ApplyResult | null = null;
  const ids = [...carried.map((c) => c.hubspotId), ...input.contacts.map((c) => c.id)];
  const inBatch = new Set(ids);
  // Rows about no contact of the batch (activities of others, pending rows of contacts gone or
  // rejected) go with the last part.
  const ours = (id: string, mine: ReadonlySet<string>, last: boolean): boolean => mine.has(id) || (last && !inBatch.has(id));
  await claimEach(deps, ids, { fence, ...(signal ? { signal } : {}) }, async (part) => {
    const mine = new Set(part.ids);
    const result = await processBatch(
      deps,
      {
        contacts: input.contacts.filter((c) => mine.has(c.id)),
        carried: carried.filter((c) => mine.has(c.hubspotId)),
        activities: input.activities.filter((a) => ours(a.contactId, mine, part.last)),
        rejected: part.last ? input.rejected : [],
        ...(input.settles ? { settles: input.settles.filter((id) => ours(id, mine, part.last)) } : {}),
      },
      { ...opts, cursor: part.last ? opts.cursor : undefined, claimed: { ids: part.ids, owners: part.owners } },
    );
    plans.push(result.plan);
    applied = result.applied ?? applied;
  });
  return { plan: plans.length === 1 ? (plans[0] as WritePlan) : mergePlans(plans), applied };
}
