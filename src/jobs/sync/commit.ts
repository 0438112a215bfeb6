import { newHandoff } from '../notify/qualified.js';
import type { NewHandoff } from '../notify/qualified.js';
import type { OutboxMessageInput } from '../../domain/outbox.js';
import type { Config } from '../../config/load.js';
import type { WritePlan } from '../../domain/plan.js';
import type { ApplyResult } from '../../ports/salesforce.js';
import type { DeadLetterInput, Fence, HandoffRecord, HandoffRecordInput, LedgerEntryInput, StateStore } from '../../ports/state.js';
import { reviewOf } from '../../core/match.js';
import type { Decision } from '../../core/plan.js';
import { episodeAtHandoff } from '../../core/episode-row.js';
import type { EpisodeAtHandoff } from '../../domain/episode.js';
import type { DecisionRecord } from '../../domain/decision.js';
import type { Evaluated } from '../../core/triage.js';
import { commitIsolating } from './isolate.js';

/**
 * The commit of one processed batch (a chunk of a streamed window, a backfill page, a replay):
 * what processBatch decided and what Salesforce answered, turned into ledger rows, handoff records,
 * episodes, dead letters, decisions and messages, committed in one transaction with the cursor.
 */
/** What the commit takes from the batch's options (BatchOptions in cycle.ts). */
export interface CommitOptions {
  runId: string;
  now: Date;
  fence?: Fence | undefined;
  /** Moved in the same transaction, last. */
  cursor?: { name: string; value: string } | undefined;
  /** The claims the commit ends. */
  claimed?: { ids: readonly string[] } | undefined;
  /** The window's last chunk empties the kept-email index with its cursor. */
  window?: { last: boolean } | undefined;
}

/** Commits the batch's results; returns how many contacts the store refused beyond those already dead-lettered. */
export async function commitBatchResults(
  store: StateStore,
  args: {
    plan: WritePlan;
    applied: ApplyResult | null;
    evaluated: Evaluated[];
    priors: Map<string, HandoffRecord>;
    opts: CommitOptions;
    pointers: Record<string, number> | undefined;
    refusedActivities: DeadLetterInput[];
    decisions: DecisionRecord[];
    /** Contacts matching.strict held for review. */
    held: { hubspotId: string; review: NonNullable<ReturnType<typeof reviewOf>> }[];
    /** Where routing put each contact of this batch, for its episode row. */
    routed?: Map<string, Decision>;
    routing?: Config['routing'];
    /** The messages the created Tasks cause (notify.rules `qualified`), committed with them. */
    notify?: (created: NewHandoff[]) => Promise<OutboxMessageInput[]>;
    /** Contacts no longer pending once this commits (BatchInput.settles). */
    settles?: readonly string[] | undefined;
  },
): Promise<number> {
  const { plan, applied, evaluated, priors, opts } = args;
  const at = opts.now.toISOString();
  const ledger: LedgerEntryInput[] = [];
  const records: HandoffRecordInput[] = [];
  const dls: DeadLetterInput[] = [];
  const episodes: EpisodeAtHandoff[] = [];
  const created: NewHandoff[] = [];
  const byId = new Map(evaluated.map((e) => [e.contact.hubspotId, e]));
  const succeeded = new Set<string>();
  const planned = new Map(plan.tasks.map((t) => [t.hubspotId, t]));

  for (const s of plan.skips) {
    // The common cases: no ledger noise (the decision table says why; a contact held for review has its review line).
    if (s.kind === 'unchanged' || s.kind === 'below-threshold' || s.kind === 'outside-rollout' || s.kind === 'review') continue;
    ledger.push({ runId: opts.runId, hubspotId: s.hubspotId, action: 'skip', result: 'ok', detail: { kind: s.kind, reason: s.reason }, at });
  }
  for (const d of [...plan.deadLetters, ...(applied?.deadLetters ?? [])]) {
    dls.push({ stage: d.stage, code: d.code, vendorCode: d.vendorCode ?? null, message: d.message, hubspotId: d.hubspotId ?? 'unknown', payload: d.payload, at });
    ledger.push({ runId: opts.runId, hubspotId: d.hubspotId, action: 'dead_letter', result: 'error', errorCode: d.code, errorMessage: d.message, detail: { stage: d.stage, ...(d.vendorCode ? { vendorCode: d.vendorCode } : {}) }, at });
  }
  for (const d of args.refusedActivities) {
    dls.push(d);
    ledger.push(deadLetterLedger(d, opts.runId, at));
  }
  if (applied) {
    for (const l of applied.leads.values()) {
      ledger.push({
        runId: opts.runId,
        hubspotId: l.hubspotId,
        salesforceIds: { leadId: l.leadId },
        action: l.created ? 'lead.create' : 'lead.update',
        result: 'ok',
        detail: { reasons: l.op.reasons },
        at,
      });
      for (const f of l.op.fixes) {
        ledger.push({ runId: opts.runId, hubspotId: l.hubspotId, salesforceIds: { leadId: l.leadId }, action: 'fix', result: 'ok', detail: f, at });
      }
      const e = byId.get(l.hubspotId);
      const prior = priors.get(l.hubspotId);
      if (!e) continue;
      if (prior?.status === 'handed_off') {
        // A refresh: the Lead was kept current; the handoff itself (episode, Task) is unchanged.
        records.push({ ...recordInput(prior), fingerprint: e.fingerprint, score: e.score.total, grade: e.score.grade });
        succeeded.add(l.hubspotId);
      } else if (!planned.has(l.hubspotId)) {
        // A backfill without tasks: the Lead is the whole handoff.
        records.push({
          hubspotId: l.hubspotId,
          episode: 1,
          status: 'handed_off',
          salesforceLeadId: l.leadId,
          score: e.score.total,
          grade: e.score.grade,
          fingerprint: e.fingerprint,
          firstHandedOffAt: at,
        });
        succeeded.add(l.hubspotId);
      }
    }
    for (const hubspotId of applied.converted) {
      const prior = priors.get(hubspotId);
      if (prior) records.push({ ...recordInput(prior), status: 'converted' });
    }
    for (const t of applied.tasks.values()) {
      const e = byId.get(t.hubspotId);
      const lead = applied.leads.get(t.hubspotId);
      ledger.push({
        runId: opts.runId,
        hubspotId: t.hubspotId,
        salesforceIds: { taskId: t.taskId, whoId: t.whoId },
        action: 'task.create',
        result: 'ok',
        detail: { handoffKey: t.op.handoffKey, existed: !t.created },
        at,
      });
      // An email that matched several Salesforce records: the pick and the ones passed over, for `handoff review list`.
      // A Lead picked lists the fields Handoff wrote on it, for `handoff review resolve`.
      const review = reviewOf(args.routed?.get(t.hubspotId)?.match);
      const written = review?.picked.object === 'Lead' && lead ? { written: Object.keys(lead.op.record).sort() } : {};
      if (review) ledger.push({ runId: opts.runId, hubspotId: t.hubspotId, salesforceIds: { taskId: t.taskId, whoId: t.whoId }, action: 'match.review', result: 'ok', detail: { handoffKey: t.op.handoffKey, ...review, ...written }, at });
      succeeded.add(t.hubspotId);
      if (!e) continue;
      if (t.created) created.push(newHandoff(t, e));
      const isContact = t.op.who.kind === 'id' && t.op.who.object === 'Contact';
      if (args.routing) {
        const d = args.routed?.get(t.hubspotId);
        episodes.push(
          episodeAtHandoff(
            {
              contact: e.contact,
              score: e.score,
              handoffKey: t.op.handoffKey,
              who: { object: isContact ? 'Contact' : 'Lead', id: t.whoId },
              leadId: lead?.leadId ?? null,
              taskId: t.taskId,
              task: t.op.record,
              ownerId: d?.taskOwnerId ?? (d?.owner?.kind === 'user' ? d.owner.id : null),
              route: d?.route ?? null,
            },
            opts.now,
            args.routing,
          ),
        );
      }
      records.push({
        hubspotId: t.hubspotId,
        episode: Number(t.op.handoffKey.split(':')[1] ?? 1),
        status: 'handed_off',
        salesforceLeadId: isContact ? null : (lead?.leadId ?? t.whoId),
        salesforceContactId: isContact ? t.whoId : null,
        salesforceTaskId: t.taskId,
        ownerId: typeof t.op.record.OwnerId === 'string' ? t.op.record.OwnerId : null,
        score: e.score.total,
        grade: e.score.grade,
        fingerprint: e.fingerprint,
        handoffKey: t.op.handoffKey,
        firstHandedOffAt: at,
      });
    }
  }
  ledger.push(...(await heldForReview(store, args.held, opts.runId, at)));
  // A record that lands now closes the dead letters it left behind earlier.
  // The open queue is small next to a batch, so one read beats a query per contact.
  const resolve = succeeded.size > 0 ? (await store.listDeadLetters({ unresolvedOnly: true })).filter((d) => succeeded.has(d.hubspotId)) : [];
  const refused = await commitIsolating(store, {
    batch: {
      ledger,
      records,
      deadLetters: dls,
      resolveDeadLetters: resolve.map((d) => d.id),
      decisions: args.decisions,
      episodes,
      messages: (await args.notify?.(created)) ?? [],
      ...(opts.cursor ? { cursor: opts.cursor } : {}),
      // Only the commit that moves the cursor to the window's end (the last part of the last chunk).
      ...(opts.window?.last && opts.cursor ? { clearKeptEmails: true } : {}),
      ...(args.settles?.length ? { settlePending: args.settles } : {}),
      ...(opts.claimed && opts.fence ? { claims: opts.claimed.ids } : {}),
      ...(args.pointers ? { pointers: args.pointers } : {}),
      ...(opts.fence ? { fence: opts.fence } : {}),
    },
    resolvedOwners: new Map(resolve.map((d) => [d.id, d.hubspotId])),
    runId: opts.runId,
    at,
  });
  const alreadyDead = new Set(dls.map((d) => d.hubspotId));
  return refused.filter((id) => !alreadyDead.has(id)).length;
}

/**
 * The review lines of contacts matching.strict held (no Task: `planned`). A contact held again with
 * the same records (each re-read while it waits) adds no second line.
 */
async function heldForReview(store: StateStore, held: { hubspotId: string; review: NonNullable<ReturnType<typeof reviewOf>> }[], runId: string, at: string): Promise<LedgerEntryInput[]> {
  const out: LedgerEntryInput[] = [];
  const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);
  for (const h of held) {
    const earlier = (await store.queryLedger({ hubspotId: h.hubspotId, action: 'match.review' })).at(-1);
    const d = earlier?.detail as { strict?: boolean; picked?: unknown; alternatives?: unknown } | undefined;
    if (d?.strict && same(d.picked, h.review.picked) && same(d.alternatives, h.review.alternatives)) continue;
    out.push({ runId, hubspotId: h.hubspotId, action: 'match.review', result: 'planned', detail: { handoffKey: null, strict: true, ...h.review }, at });
  }
  return out;
}

/** The ledger line of a dead letter stored as is. */
export function deadLetterLedger(d: DeadLetterInput, runId: string, at: string): LedgerEntryInput {
  return { runId, hubspotId: d.hubspotId, action: 'dead_letter', result: 'error', errorCode: d.code, errorMessage: d.message, detail: { stage: d.stage }, at };
}

function recordInput(p: HandoffRecord): HandoffRecordInput {
  const { updatedAt: _updatedAt, ...rest } = p;
  return rest;
}
