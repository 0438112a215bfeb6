import { randomUUID } from 'node:crypto';
import { callCounts } from '../deps.js';
import type { Deps } from '../deps.js';
import type { HandoffError} from '../../domain/errors.js';
import { toHandoffError } from '../../domain/errors.js';
import type { Episode } from '../../domain/episode.js';
import { SALES_OBJECTS } from '../../domain/sales.js';
import type { SalesCursors, SalesOpportunity } from '../../domain/sales.js';
import type { DeadLetterInput, Fence, HandoffRecord, HandoffRecordInput } from '../../ports/state.js';
import { applySalesChanges, linkedOpportunityIds } from '../../core/feedback/outcome.js';
import type { PendingEvent } from '../../core/feedback/outcome.js';
import { redactString } from '../../lib/redact.js';
import { withChangedProperties, writeFeedback } from './hubspot-feedback.js';
import { claimEach } from '../claims.js';

export const FEEDBACK_CURSOR = 'feedback';
/** The dead-letter stage of a feedback write HubSpot refused. */
export const FEEDBACK_DLQ_STAGE = 'feedback.hubspot';

export interface FeedbackOptions {
  dryRun?: boolean;
  fence?: Fence;
  runId?: string;
}

/** What one feedback pass read and did (`handoff feedback --json`). */
export interface FeedbackReport {
  runId: string;
  status: 'succeeded' | 'failed';
  dryRun: boolean;
  startedAt: string;
  finishedAt: string | null;
  leadsRead: number;
  tasksRead: number;
  eventsRead: number;
  opportunitiesRead: number;
  contactRolesRead: number;
  statusChangesRead: number;
  /** Episodes changed by what sales did. */
  episodesUpdated: number;
  /** Handoffs whose first touch was found in this pass. */
  touched: number;
  hubspotUpdates: number;
  /** Contacts HubSpot refused (deleted or merged away, or a value it does not accept): dead-lettered, stage `feedback.hubspot`. */
  deadLettered: number;
  recycled: number;
  /** Recycled contacts that qualified again get their new episode from the sync; counted there. */
  newEpisodes: number;
  soqlQueries: number;
  hubspotCalls: number;
  salesforceCalls: number;
  error: { code: string; message: string } | null;
}

/** The cursor document: per object the latest stamp seen, and future Events waiting to become touches. */
interface CursorDoc {
  since: SalesCursors;
  pending: PendingEvent[];
}

function emptyReport(runId: string, dryRun: boolean, startedAt: string): FeedbackReport {
  return {
    runId,
    status: 'succeeded',
    dryRun,
    startedAt,
    finishedAt: null,
    leadsRead: 0,
    tasksRead: 0,
    eventsRead: 0,
    opportunitiesRead: 0,
    contactRolesRead: 0,
    statusChangesRead: 0,
    episodesUpdated: 0,
    touched: 0,
    hubspotUpdates: 0,
    deadLettered: 0,
    recycled: 0,
    newEpisodes: 0,
    soqlQueries: 0,
    hubspotCalls: 0,
    salesforceCalls: 0,
    error: null,
  };
}

/** Each contact's latest episode: earlier ones are closed (a recycled contact qualified again). */
export async function currentEpisodes(deps: Pick<Deps, 'state'>): Promise<Episode[]> {
  const out: Episode[] = [];
  let after: { hubspotId: string; episode: number } | undefined;
  for (;;) {
    const page = await deps.state.listEpisodes({ limit: 1000, ...(after ? { after } : {}) });
    for (const e of page) {
      if (out.at(-1)?.hubspotId === e.hubspotId) out[out.length - 1] = e;
      else out.push(e);
    }
    const last = page.at(-1);
    if (!last || page.length < 1000) return out;
    after = { hubspotId: last.hubspotId, episode: last.episode };
  }
}

function parseCursor(value: string | undefined): CursorDoc {
  if (!value) return { since: {}, pending: [] };
  try {
    const doc = JSON.parse(value) as Partial<CursorDoc>;
    return { since: doc.since ?? {}, pending: Array.isArray(doc.pending) ? doc.pending : [] };
  } catch {
    return { since: {}, pending: [] };
  }
}

/**
 * One feedback pass: read what changed on the sales objects since each object's cursor (minus the
 * overlap), keep what reaches a handed-off episode, merge it into the episodes (core, pure), write
 * the HubSpot properties that changed, then commit the episodes, the recycled handoff records and the
 * cursors together. A crash before the commit re-reads the same rows next time; every step is
 * idempotent, so the final state is the same.
 */
export async function runFeedback(deps: Deps, options: FeedbackOptions = {}): Promise<{ report: FeedbackReport; error: HandoffError | null }> {
  const dryRun = options.dryRun ?? false;
  const started = deps.clock.now();
  const now = new Date(started);
  const report = emptyReport(options.runId ?? randomUUID(), dryRun, now.toISOString());
  const before = await callCounts(deps);
  const fenceOpt = options.fence ? { fence: options.fence } : {};
  try {
    const episodes = await currentEpisodes(deps);
    if (episodes.length > 0) await pass(deps, episodes, now, report, { dryRun, fenceOpt });
  } catch (err) {
    const e = toHandoffError(err);
    report.status = 'failed';
    report.error = { code: e.code, message: redactString(e.message) };
    await close(deps, report, before);
    return { report, error: e };
  }
  await close(deps, report, before);
  return { report, error: null };
}

async function close(deps: Deps, report: FeedbackReport, before: { hubspot: number; salesforce: number }): Promise<void> {
  const after = await callCounts(deps);
  report.hubspotCalls = after.hubspot - before.hubspot;
  report.salesforceCalls = after.salesforce - before.salesforce;
  report.finishedAt = new Date(deps.clock.now()).toISOString();
}

async function pass(deps: Deps, episodes: Episode[], now: Date, report: FeedbackReport, o: { dryRun: boolean; fenceOpt: { fence?: Fence } }): Promise<void> {
  const cfg = deps.config;
  const store = deps.state;
  const cursor = parseCursor((await store.getCursor(FEEDBACK_CURSOR))?.value);
  const overlap = cfg.handoff.feedback.overlapSeconds * 1000;
  // Without a cursor yet, an object is read from the earliest handoff on.
  const first = episodes.reduce((m, e) => (e.handedOffAt < m ? e.handedOffAt : m), now.toISOString());
  const since = Object.fromEntries(
    SALES_OBJECTS.map((k) => [k, new Date(Date.parse(cursor.since[k] ?? first) - overlap).toISOString()]),
  ) as Required<SalesCursors>;
  const cacheOpts = { cache: store, now, ttlMinutes: cfg.handoff.salesforce.describeCacheMinutes };
  const sf = deps.salesforce;
  await sf.assertBudget();
  const meta = await sf.orgMetadata({ ...cacheOpts, mapping: cfg.mapping, readOnly: o.dryRun, availabilityField: cfg.routing.availability.userField });
  const scorecard = meta.describes.Task.fields.some((f) => f.name === 'Handoff_Outcome__c');
  const changes = await sf.readSalesChanges(since, { ...cacheOpts, reasonField: cfg.handoff.feedback.reasonField, scorecard });
  report.soqlQueries += changes.queries;
  report.leadsRead = changes.leads.length;
  report.tasksRead = changes.tasks.length;
  report.eventsRead = changes.events.length;
  report.opportunitiesRead = changes.opportunities.length;
  report.contactRolesRead = changes.contactRoles.length;
  report.statusChangesRead = changes.statusHistory?.length ?? 0;

  // Opportunities an episode reaches but whose own row did not change in the window are read by id.
  const opportunities = new Map<string, SalesOpportunity>(changes.opportunities.map((x) => [x.id, x]));
  const missing = [...linkedOpportunityIds(episodes, changes)].filter((id) => !opportunities.has(id) && !episodes.some((e) => e.opportunityId === id));
  if (missing.length > 0) {
    for (const x of await sf.readOpportunities(missing, cacheOpts)) opportunities.set(x.id, x);
    report.soqlQueries += Math.ceil(missing.length / 200);
  }
  const out = applySalesChanges({ episodes, changes, opportunities, pending: cursor.pending }, { feedback: cfg.handoff.feedback, sla: cfg.sla, now });
  report.episodesUpdated = out.patches.length;
  // A recycled contact's next episode (opened by the sync) seen by feedback for the first time.
  report.newEpisodes = episodes.filter((e) => e.episode > 1 && !e.hubspotHash).length;
  report.touched = out.touched.length;
  report.recycled = out.recycled.length;

  const next: CursorDoc = { since: { ...cursor.since }, pending: out.pending };
  for (const k of SALES_OBJECTS) {
    const seen = changes.latest[k];
    if (seen && (next.since[k] === undefined || seen > (next.since[k] as string))) next.since[k] = seen;
  }
  if (o.dryRun) {
    report.hubspotUpdates = cfg.handoff.writeback.enabled ? withChangedProperties(deps, out.episodes).length : 0;
    return;
  }
  const patched = new Map(out.patches.map((p) => [`${p.hubspotId}:${p.episode}`, p]));
  const commitPart = async (ids: ReadonlySet<string> | null, last: boolean, claims?: string[]): Promise<void> => {
    const mine = <T extends { hubspotId: string }>(list: readonly T[]): T[] => (ids === null ? [...list] : list.filter((x) => ids.has(x.hubspotId)));
    const written = await writeFeedback(deps, mine(out.episodes), { dryRun: false, report });
    const patches = new Map([...patched].filter(([, p]) => ids === null || ids.has(p.hubspotId)));
    for (const [key, hash] of written.written) patches.set(key, { ...(patches.get(key) ?? keyOf(key)), hubspotHash: hash });
    // A refused contact is dead-lettered; a later write that lands closes its open feedback dead letters.
    const at = now.toISOString();
    const deadLetters: DeadLetterInput[] = written.refused.map((r) => ({
      stage: FEEDBACK_DLQ_STAGE,
      code: r.code,
      vendorCode: r.vendorCode,
      message: redactString(r.message),
      hubspotId: r.hubspotId,
      payload: { episode: out.episodes.find((e) => e.hubspotId === r.hubspotId)?.episode ?? null, properties: r.properties },
      at,
    }));
    report.deadLettered += deadLetters.length;
    const landed = new Set([...written.written.keys()].map((k) => keyOf(k).hubspotId).filter((id) => !written.refused.some((r) => r.hubspotId === id)));
    const resolve = landed.size > 0 ? (await store.listDeadLetters({ stage: FEEDBACK_DLQ_STAGE, unresolvedOnly: true })).filter((d) => landed.has(d.hubspotId)).map((d) => d.id) : [];
    // A recycled contact's handoff record says so, unless the sync opened its next episode meanwhile:
    // the sync opens that one once the cool-off has passed.
    const recycled = out.recycled.filter((id) => ids === null || ids.has(id));
    const records: HandoffRecordInput[] = [];
    const priors = recycled.length > 0 ? await store.getHandoffRecords(recycled) : new Map<string, HandoffRecord>();
    for (const p of priors.values()) {
      const episode = out.episodes.find((e) => e.hubspotId === p.hubspotId)?.episode;
      if ((p.status !== 'handed_off' && p.status !== 'converted') || p.episode !== episode) continue;
      const { updatedAt: _u, ...rest } = p;
      records.push({ ...rest, status: 'recycled' });
    }
    await store.commitBatch({
      episodeUpdates: [...patches.values()],
      records,
      ...(deadLetters.length > 0 ? { deadLetters } : {}),
      ...(resolve.length > 0 ? { resolveDeadLetters: resolve } : {}),
      ...(last ? { cursor: { name: FEEDBACK_CURSOR, value: JSON.stringify(next) } } : {}),
      ...(claims ? { claims } : {}),
      ...o.fenceOpt,
    });
  };
  // Per-contact claims beside the other jobs (sync, SLA watch): each part is written and committed on its own.
  const fence = o.fenceOpt.fence;
  if (!fence) return commitPart(null, true);
  const ids = new Set([...out.patches.map((p) => p.hubspotId), ...withChangedProperties(deps, out.episodes).map((x) => x.e.hubspotId)]);
  await claimEach(deps, [...ids], { fence }, (part) => commitPart(new Set(part.ids), part.last, part.ids));
}

function keyOf(key: string): { hubspotId: string; episode: number } {
  const i = key.lastIndexOf(':');
  return { hubspotId: key.slice(0, i), episode: Number(key.slice(i + 1)) };
}
