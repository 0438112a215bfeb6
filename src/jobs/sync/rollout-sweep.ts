import type { Deps } from '../deps.js';
import type { RunReport } from '../../domain/report.js';
import type { Fence } from '../../ports/state.js';
import { createHash } from 'node:crypto';
import { inRollout, rolloutSignature, subjectOfDecision } from '../../core/rollout.js';
import type { ListMembers } from '../../core/rollout.js';
import { processBatch } from './cycle.js';
import { rolloutListMembers } from './rollout-lists.js';

/** The rollout the last completed sweep covered (its signature), kept as a cursor. */
export const ROLLOUT_CURSOR = 'rollout';
/** HubSpot batch reads take at most 100 ids. */
export const SWEEP_CHUNK = 100;
const PAGE = 1000;

/**
 * When the rollout changed since the last sweep, the contacts recorded as `outside-rollout` that it
 * may now cover are re-read by id (batch reads of 100) and sent through the pipeline, which hands
 * off those inside and records the others again. Nothing is handed off twice: a handed-off contact's
 * decision is no longer `outside-rollout`, and the pipeline refreshes, never re-creates, an earlier
 * handoff. The signature is stored only after the whole sweep, so an interrupted sweep runs again.
 * Returns how many contacts it re-read.
 */
export async function sweepRollout(deps: Deps, opts: { runId: string; now: Date; fence?: Fence | undefined; report: RunReport; properties: readonly string[] }): Promise<number> {
  const store = deps.state;
  const { rollout } = deps.config.handoff;
  // Lists are decided from their members, read once for the cycle; a property still needs the re-read.
  // Their members are part of the signature: a contact added to a list is swept in like a widening.
  const lists = await rolloutListMembers(deps);
  const signature = lists ? `${rolloutSignature(rollout)}|${membersHash(lists)}` : rolloutSignature(rollout);
  const stored = await store.getCursor(ROLLOUT_CURSOR);
  if (stored?.value === signature) return 0;

  const candidates: string[] = [];
  let after: string | undefined;
  for (;;) {
    const page = await store.listDecisions({ reason: 'outside-rollout', limit: PAGE, ...(after !== undefined ? { afterHubspotId: after } : {}) });
    // Decided from what the decision row knows; a segment on a HubSpot property needs the re-read to tell.
    for (const d of page) if (inRollout(subjectOfDecision(d, deps.config.routing, lists), rollout) !== false) candidates.push(d.hubspotId);
    if (page.length < PAGE) break;
    after = page[page.length - 1]?.hubspotId;
  }
  for (let i = 0; i < candidates.length; i += SWEEP_CHUNK) {
    const read = await deps.hubspot.readContacts(candidates.slice(i, i + SWEEP_CHUNK), opts.properties);
    opts.report.rolloutSwept += read.contacts.length;
    if (read.contacts.length === 0 && read.rejected.length === 0) continue;
    await processBatch(deps, { contacts: read.contacts, activities: [], rejected: read.rejected }, { runId: opts.runId, now: opts.now, dryRun: false, createTasks: true, fence: opts.fence, report: opts.report });
  }
  await store.setCursor(ROLLOUT_CURSOR, signature, opts.fence ? { fence: opts.fence } : {});
  deps.logger.info('rollout sweep done', { candidates: candidates.length, reread: opts.report.rolloutSwept });
  return candidates.length;
}

/** A short hash of every list's members (ids only), to tell a changed membership. */
function membersHash(lists: ListMembers): string {
  const h = createHash('sha256');
  for (const [id, members] of [...lists].sort(([a], [b]) => (a < b ? -1 : 1))) h.update(`${id}:${[...members].sort().join(',')};`);
  return h.digest('hex').slice(0, 32);
}
