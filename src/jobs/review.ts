import { randomUUID } from 'node:crypto';
import type { Deps } from './deps.js';
import type { Alternative } from '../core/match.js';
import { HandoffError, UsageError } from '../domain/errors.js';
import { emptyReport } from '../domain/report.js';
import type { Fence, HandoffRecord, LedgerRow } from '../ports/state.js';
import { claimEach } from './claims.js';
import { processClaimedBatch } from './sync/claimed-batch.js';
import { mappedProperties } from './sync/run-sync.js';

const PAGE = 1_000;

/** One handoff whose email matched several Salesforce records. */
export interface ReviewItem {
  /** The ledger line that recorded it. */
  id: number;
  hubspotId: string;
  handoffKey: string | null;
  taskId: string | null;
  picked: Alternative;
  alternatives: Alternative[];
  at: string;
  /** matching.strict held the contact: nothing was written until the review is resolved. */
  held: boolean;
  /**
   * Where `handoff review resolve` moved the handoff last (`accepted`: it left it on the pick, which
   * was right); null while nobody has resolved it.
   */
  resolved: { to: Alternative; at: string; accepted?: true } | null;
}

interface ReviewDetail {
  handoffKey?: string | null;
  picked?: Alternative;
  alternatives?: Alternative[];
  strict?: boolean;
  /** The fields the handoff wrote on a Lead it picked. */
  written?: string[];
}

interface ResolveDetail {
  review?: number;
  to?: Alternative;
  /** The handoff stayed where it was (from = to): the pick was accepted. */
  accepted?: boolean;
}

async function ledgerLines(deps: Pick<Deps, 'state'>, action: 'match.review' | 'match.resolve', since?: string): Promise<LedgerRow[]> {
  const out: LedgerRow[] = [];
  for (let afterSeq: number | undefined; ; ) {
    const rows = await deps.state.queryLedger({ action, limit: PAGE, ...(since ? { since } : {}), ...(afterSeq !== undefined ? { afterSeq } : {}) });
    out.push(...rows);
    if (rows.length < PAGE) return out;
    afterSeq = rows[rows.length - 1]?.seq;
  }
}

/** Every ambiguous match a handoff was written to (or matching.strict held), oldest first, with its resolution, from the ledger (no API call). */
export async function listReviews(deps: Pick<Deps, 'state'>, options: { since?: string } = {}): Promise<ReviewItem[]> {
  const resolved = new Map<number, { to: Alternative; at: string; accepted?: true }>();
  for (const r of await ledgerLines(deps, 'match.resolve')) {
    const d = (r.detail ?? {}) as ResolveDetail;
    if (r.result === 'ok' && d.review !== undefined && d.to) resolved.set(d.review, { to: d.to, at: r.at, ...(d.accepted === true ? { accepted: true as const } : {}) });
  }
  const out: ReviewItem[] = [];
  for (const r of await ledgerLines(deps, 'match.review', options.since)) {
    const d = (r.detail ?? {}) as ReviewDetail;
    if (!r.hubspotId || !d.picked || !d.alternatives) continue;
    out.push({
      id: r.seq,
      hubspotId: r.hubspotId,
      handoffKey: d.handoffKey ?? null,
      taskId: r.salesforceIds.taskId ?? null,
      picked: d.picked,
      alternatives: d.alternatives,
      at: r.at,
      held: d.strict === true,
      resolved: resolved.get(r.seq) ?? null,
    });
  }
  return out;
}

export interface ResolveOptions {
  /** The review's id (its ledger line, as `handoff review list` shows it). */
  id: number;
  /** The Salesforce Id of the record the handoff moves to: the pick or one of the alternatives. */
  pick: string;
  /** The `review` job's lease; the contact is claimed under it. */
  fence?: Fence;
  runId?: string;
}

export interface ResolveOutcome {
  review: number;
  hubspotId: string;
  handoffKey: string | null;
  taskId: string | null;
  /** Where the handoff was; null for a contact matching.strict held (nothing had been written). */
  from: Alternative | null;
  to: Alternative;
  /** The handoff was on the record picked already and the review resolved: nothing was written. */
  alreadyDone: boolean;
  /**
   * The handoff was on the record picked and the review still open: the pick was accepted as right.
   * A `match.resolve` line (from = to) closes the review; nothing is written to Salesforce.
   */
  accepted: boolean;
  /** The Lead whose HubSpot_Contact_Id__c was cleared. */
  keyCleared: string | null;
  /** The fields Handoff had written on the record it leaves; listed, not restored. */
  overwritten: string[];
}

/** The fields a handoff writes on a Lead it matched by email when the review line predates recording them: the updatable mappings and Handoff's own. */
function fieldsWrittenOnMatchedLead(deps: Pick<Deps, 'config'>): string[] {
  const mapped = deps.config.mapping.lead.filter((m) => m.update).map((m) => m.to);
  return [...new Set([...mapped, 'HubSpot_Contact_Id__c', 'Handoff_Score__c', 'Handoff_Grade__c', 'Handoff_Score_Reasons__c', 'Handoff_Model_Version__c'])].sort();
}

function whereNow(record: HandoffRecord): Alternative | null {
  if (record.salesforceContactId) return { id: record.salesforceContactId, object: 'Contact' };
  return record.salesforceLeadId ? { id: record.salesforceLeadId, object: 'Lead' } : null;
}

/**
 * `handoff review resolve ID --pick SFID`: moves the handoff of an ambiguous match to the record a
 * person picked. The Task is re-parented (its WhoId moves), the first pick's HubSpot_Contact_Id__c
 * is cleared and the new Lead stamped with it, and the handoff record, the episode and the ledger
 * point at the new record; nothing is deleted and the fields written on the first pick are listed,
 * not restored. The move is recorded (`planned`) before it is written, and run again it finds the
 * handoff where it is and writes nothing. A contact matching.strict held is handed off to the pick
 * through the pipeline. Picking the record the handoff is on while the review is open accepts the
 * pick: a `match.resolve` line with from = to closes the review, and no Salesforce call is made. A
 * bad id or pick is a UsageError (exit 2).
 */
export async function resolveReview(deps: Deps, options: ResolveOptions): Promise<ResolveOutcome> {
  const item = (await listReviews(deps)).find((r) => r.id === options.id);
  if (!item) throw new UsageError(`no ambiguous match has the id ${options.id}: \`handoff review list\` shows them`);
  const choices = [item.picked, ...item.alternatives];
  const to = choices.find((c) => c.id === options.pick);
  if (!to) throw new UsageError(`${options.pick} is not one of the records review ${options.id} chose between: ${choices.map((c) => `${c.object} ${c.id}`).join(', ')}`);
  const runId = options.runId ?? randomUUID();
  let out: ResolveOutcome | undefined;
  const work = async (claims: readonly string[]): Promise<void> => {
    out = item.held ? await resolveHeld(deps, item, to, runId, options.fence) : await moveHandoff(deps, item, to, runId, { fence: options.fence, claims });
  };
  // The contact is claimed: no sync refreshes it while its handoff moves. A held contact is claimed by the pipeline itself.
  if (options.fence && !item.held) await claimEach(deps, [item.hubspotId], { fence: options.fence }, (part) => work(part.ids));
  else await work([]);
  return out as ResolveOutcome;
}

async function moveHandoff(deps: Deps, item: ReviewItem, to: Alternative, runId: string, commit: { fence: Fence | undefined; claims: readonly string[] }): Promise<ResolveOutcome> {
  const store = deps.state;
  const fence = commit.fence ? { fence: commit.fence, ...(commit.claims.length > 0 ? { claims: commit.claims } : {}) } : {};
  const record = (await store.getHandoffRecords([item.hubspotId])).get(item.hubspotId);
  if (!record || record.handoffKey !== item.handoffKey || record.status !== 'handed_off' || !item.taskId) {
    throw new UsageError(`review ${item.id} belongs to handoff ${String(item.handoffKey)}, which is no longer the contact's open handoff (it is ${record ? `${String(record.handoffKey)}, ${record.status}` : 'gone'}): nothing to move`);
  }
  const from = whereNow(record);
  const base = { review: item.id, hubspotId: item.hubspotId, handoffKey: item.handoffKey, taskId: item.taskId, from, to };
  if (from?.id === to.id) {
    // Already resolved to this record (or accepted before): nothing to write. Still open: the pick is accepted, in the state alone.
    const accept = item.resolved?.to.id !== to.id;
    const at = new Date(deps.clock.now()).toISOString();
    const ledger = accept
      ? [{ runId, hubspotId: item.hubspotId, salesforceIds: { taskId: item.taskId, whoId: to.id, fromId: to.id }, action: 'match.resolve' as const, result: 'ok' as const, detail: { review: item.id, from, to, accepted: true }, at }]
      : [];
    if (accept || commit.claims.length > 0) await store.commitBatch({ ...(accept ? { ledger } : {}), ...fence });
    if (accept) deps.logger.info('review resolved: pick accepted', { review: item.id, hubspotId: item.hubspotId, taskId: item.taskId, to: to.id });
    return { ...base, alreadyDone: !accept, accepted: accept, keyCleared: null, overwritten: [] };
  }
  const episode = (await store.getEpisodes([item.hubspotId])).get(item.hubspotId)?.find((e) => e.handoffKey === item.handoffKey);
  const leads = [from, to].filter((r): r is Alternative => r?.object === 'Lead').map((r) => r.id);
  const sf = await deps.reviewSalesforce.state(item.taskId, leads);
  if (sf.taskWhoId === null) throw new HandoffError('NOT_FOUND', `the handoff Task ${item.taskId} is gone from Salesforce: nothing to move`);
  if (to.object === 'Lead') {
    if (!sf.leadKeys.has(to.id)) throw new HandoffError('NOT_FOUND', `Lead ${to.id} is gone from Salesforce`);
    const key = sf.leadKeys.get(to.id) ?? null;
    if (key !== null && key !== item.hubspotId) throw new UsageError(`Lead ${to.id} is handed off as HubSpot contact ${key} already: pick another record`);
  }
  const clearKeyOf = from?.object === 'Lead' && sf.leadKeys.get(from.id) === item.hubspotId ? from.id : null;
  const written = (await store.queryLedger({ hubspotId: item.hubspotId, action: 'match.review' })).find((r) => r.seq === item.id)?.detail as ReviewDetail | undefined;
  // What Handoff wrote on the record it leaves: the handoff's fields on its first pick, the stamp of an earlier resolve on a later one.
  const overwritten = from?.object !== 'Lead' ? [] : from.id === item.picked.id ? (written?.written ?? fieldsWrittenOnMatchedLead(deps)) : Object.keys(stamp(item.hubspotId, record, episode?.modelVersion ?? null)).sort();
  const leadFields = to.object === 'Lead' ? stamp(item.hubspotId, record, episode?.modelVersion ?? null) : null;
  const at = new Date(deps.clock.now()).toISOString();
  const line = { runId, hubspotId: item.hubspotId, salesforceIds: { taskId: item.taskId, whoId: to.id, ...(from ? { fromId: from.id } : {}) }, action: 'match.resolve' as const, at };
  // Decided once and recorded before it is written: a crash in between leaves a planned line, and the next run moves it again.
  await store.appendLedger([{ ...line, result: 'planned', detail: { review: item.id, from, to } }], commit.fence ? { fence: commit.fence } : {});
  await deps.reviewSalesforce.reparent({ taskId: item.taskId, to, clearKeyOf, leadFields });
  const where = { salesforceLeadId: to.object === 'Lead' ? to.id : null, salesforceContactId: to.object === 'Contact' ? to.id : null };
  const { updatedAt: _updatedAt, ...rest } = record;
  await store.commitBatch({
    records: [{ ...rest, ...where }],
    ...(episode ? { episodeUpdates: [{ hubspotId: item.hubspotId, episode: episode.episode, ...where }] } : {}),
    ledger: [{ ...line, result: 'ok', detail: { review: item.id, from, to, keyCleared: clearKeyOf, overwritten } }],
    ...fence,
  });
  deps.logger.info('review resolved: handoff moved', { review: item.id, hubspotId: item.hubspotId, taskId: item.taskId, to: to.id });
  return { ...base, alreadyDone: false, accepted: false, keyCleared: clearKeyOf, overwritten };
}

/** What the new Lead gets: the handoff's key and the score, grade and model version it was handed off with. */
function stamp(hubspotId: string, record: HandoffRecord, modelVersion: string | null): Record<string, unknown> {
  return {
    HubSpot_Contact_Id__c: hubspotId,
    ...(record.score !== null ? { Handoff_Score__c: record.score } : {}),
    ...(record.grade !== null ? { Handoff_Grade__c: record.grade } : {}),
    ...(modelVersion !== null ? { Handoff_Model_Version__c: modelVersion } : {}),
  };
}

/** A contact matching.strict held: read again and handed off through the pipeline to the record picked. */
async function resolveHeld(deps: Deps, item: ReviewItem, to: Alternative, runId: string, fence: Fence | undefined): Promise<ResolveOutcome> {
  const store = deps.state;
  const base = { review: item.id, hubspotId: item.hubspotId, from: null, to, accepted: false, keyCleared: null, overwritten: [] };
  const prior = (await store.getHandoffRecords([item.hubspotId])).get(item.hubspotId);
  if (prior?.status === 'handed_off') {
    const now = whereNow(prior);
    if (now?.id === to.id || item.resolved?.to.id === to.id) return { ...base, handoffKey: prior.handoffKey, taskId: prior.salesforceTaskId, alreadyDone: true };
    throw new UsageError(`contact ${item.hubspotId} is handed off already (${String(prior.handoffKey)}); a held review is resolved once`);
  }
  const read = await deps.hubspot.readContacts([item.hubspotId], mappedProperties(deps));
  if (read.contacts.length === 0) throw new HandoffError('NOT_FOUND', `HubSpot contact ${item.hubspotId} is gone: nothing to hand off`);
  const now = new Date(deps.clock.now());
  const report = emptyReport(runId, 'sync', false, now.toISOString());
  const result = await processClaimedBatch(
    deps,
    { contacts: read.contacts, activities: [], rejected: read.rejected },
    { runId, now, dryRun: false, createTasks: true, fence, report, picks: new Map([[item.hubspotId, to]]) },
  );
  const task = result.applied?.tasks.get(item.hubspotId);
  if (!task) {
    const why = [...result.plan.skips, ...result.plan.deadLetters, ...(result.applied?.deadLetters ?? [])].find((s) => s.hubspotId === item.hubspotId);
    const reason = why ? ('reason' in why ? `${why.kind}: ${why.reason}` : `${why.code}: ${why.message}`) : 'nothing was planned for it';
    throw new HandoffError('VALIDATION', `contact ${item.hubspotId} was not handed off to ${to.object} ${to.id}: ${reason}`);
  }
  const at = now.toISOString();
  await store.appendLedger(
    [{ runId, hubspotId: item.hubspotId, salesforceIds: { taskId: task.taskId, whoId: task.whoId }, action: 'match.resolve', result: 'ok', detail: { review: item.id, from: null, to }, at }],
    fence ? { fence } : {},
  );
  deps.logger.info('review resolved: held contact handed off', { review: item.id, hubspotId: item.hubspotId, taskId: task.taskId, to: to.id });
  return { ...base, handoffKey: task.op.handoffKey, taskId: task.taskId, alreadyDone: false };
}
