import { qualifiedMessages } from '../notify/qualified.js';
import type { NewHandoff } from '../notify/qualified.js';
import type { OutboxMessageInput } from '../../domain/outbox.js';
import type { SalesforceUser } from '../../domain/salesforce.js';
import type { Deps } from '../deps.js';
import type { PlannedDeadLetter, SkipOp, WritePlan } from '../../domain/plan.js';
import type { RunReport } from '../../domain/report.js';
import type { Activity, Contact, RawContact, Score } from '../../domain/types.js';
import { HandoffError } from '../../domain/errors.js';
import type { ReservedOwner } from '../../ports/claims.js';
import type { HandoffWriteback, HubSpotSource } from '../../ports/hubspot.js';
import type { ApplyResult, OrgMetadata } from '../../ports/salesforce.js';
import { accountOwner } from '../../core/account-owner.js';
import { accountOwners } from './account-owners.js';
import type { AccountRefresh } from './account-owners.js';
import type { Fence } from '../../ports/state.js';
import { dedupeContacts } from '../../core/dedupe.js';
import { keptEmails, keptRow } from './kept-emails.js';
import { emptyLookup, matchContact, matchPicked, reviewOf } from '../../core/match.js';
import type { Alternative, Match } from '../../core/match.js';
import { normalizeContact } from '../../core/normalize/contact.js';
import { buildPlan } from '../../core/plan.js';
import type { Decision } from '../../core/plan.js';
import type { LocatedProblem } from '../../core/route.js';
import { decide } from '../../core/decide.js';
import { buildDecisions } from '../../core/decision.js';
import { scoreContacts } from '../../core/scoring-run.js';
import { holdOutsideRollout } from '../../core/rollout.js';
import { rolloutListMembers } from './rollout-lists.js';
import { evaluate, triage } from '../../core/triage.js';
import type { Evaluated } from '../../core/triage.js';
import { upsertActivitiesIsolating } from './isolate.js';
import { commitBatchResults } from './commit.js';

export interface BatchInput {
  contacts: RawContact[];
  activities: Activity[];
  /** Raw records the edge rejected (malformed): dead-lettered with their reason. */
  rejected: { id: string | null; reason: string; payload: unknown }[];
  /** Contacts this batch processed, skipped or found gone: their pending rows go with its commit (the sync's window). */
  settles?: readonly string[];
  /**
   * Contacts earlier chunks of the window evaluated and held back (`WriteCarry`): already
   * normalized, kept by the dedupe and counted as read. They go first, in the order they came.
   */
  carried?: readonly Contact[];
}

/** sObject Collections and the lookups' IN lists take 200 records a call. */
const COLLECTION = 200;

/**
 * The contacts a streamed window's chunks evaluated as needing Salesforce (to hand off, or a Lead
 * to bring up to date) and held back, so that the window's writes go out in full collections rather
 * than a partly filled set per chunk (`sync.writeBatch`). Each is durably pending from the commit
 * of the chunk that held it back (its pending row is written before that commit moves the cursor
 * past it); the chunk that writes it settles the row. A cycle that dies holding some leaves their
 * rows, and the next cycle's pending phase hands them off. Fewer than `sync.writeBatch` (or 200,
 * if that is smaller) are held between chunks; the window's last chunk writes what is left.
 */
export class WriteCarry {
  #contacts: Contact[] = [];
  readonly #ids = new Set<string>();
  get size(): number {
    return this.#contacts.length;
  }
  has(id: string): boolean {
    return this.#ids.has(id);
  }
  /** Every contact held, in order; the carry is empty after. */
  take(): Contact[] {
    const out = this.#contacts;
    this.#contacts = [];
    this.#ids.clear();
    return out;
  }
  hold(contacts: readonly Contact[]): void {
    for (const c of contacts) {
      this.#contacts.push(c);
      this.#ids.add(c.hubspotId);
    }
  }
}

/**
 * Of `n` contacts needing Salesforce (in stream order), how many a chunk that is not its window's
 * last writes now: none below `writeBatch`; from there whole collections (all of them below 200).
 */
export function writeNow(n: number, writeBatch: number): number {
  if (n < writeBatch) return 0;
  return n < COLLECTION ? n : n - (n % COLLECTION);
}

export interface BatchOptions {
  runId: string;
  now: Date;
  dryRun: boolean;
  /** Backfills create SLA tasks for historical contacts only when asked. */
  createTasks: boolean;
  fence?: Fence | undefined;
  /** Moves this cursor to `value` in the same transaction as the batch's results. */
  cursor?: { name: string; value: string } | undefined;
  report: RunReport;
  /**
   * The batch's contacts are claimed under `fence` (jobs/claims.ts): round robin is reserved
   * atomically and recorded with the claims, and the commit ends them. `owners`: those an earlier
   * attempt reserved, reused.
   */
  claimed?: { ids: readonly string[]; owners: ReadonlyMap<string, ReservedOwner> } | undefined;
  /** Contacts created at or after this (epoch ms) are this job's fresh traffic (core/triage.ts freshSince). */
  freshSince?: number | undefined;
  /**
   * A chunk of a streamed window (the sync): duplicates are judged across the window's chunks
   * through the kept-email index, which the window's final commit empties (`last`). A dry run keeps
   * the index in `memory` instead, and in `activities` the activities the window's read held (a real
   * run stores them), and in `pointers` the round robin its earlier chunks reached (a real run
   * commits them).
   */
  window?: DryWindow & { last: boolean; memory?: Map<string, string>; accounts?: AccountRefresh; carry?: WriteCarry } | undefined;
  /** `handoff review resolve` of a contact matching.strict held: the record each contact is handed off to, instead of the documented order's pick. */
  picks?: ReadonlyMap<string, Alternative> | undefined;
}

/** What a dry run's chunks carry on in memory, where a real run's commit carries it in the state. */
export interface DryWindow {
  activities?: Map<string, Activity[]>;
  pointers?: { current: Record<string, number> | null };
}

export interface BatchResult {
  plan: WritePlan;
  applied: ApplyResult | null;
}

/**
 * Names routing.yaml (or sla.reassign.user) uses that Salesforce does not know, or that must be active
 * and are not, go on the report (stdout, the run history) once each, with the file and where they are
 * ("routing.yaml team emea", "routing.yaml teams[4].lead", "handoff.yaml sla.reassign.user"); the log
 * gets only the places, since the names are usernames and emails.
 */
function noteRoutingProblems(deps: Deps, report: RunReport, problems: readonly LocatedProblem[]): void {
  if (problems.length === 0) return;
  for (const p of problems) {
    if (!report.configProblems.some((q) => q.message === p.message)) report.configProblems.push({ where: `${p.file} ${p.where}`, message: p.message });
  }
  deps.logger.warn('the configuration names users or queues Salesforce does not know, or inactive users', { where: [...new Set(problems.map((p) => `${p.file} ${p.where}`))] });
}

/**
 * One batch through every stage: normalize → dedupe → score → triage → (Salesforce only if there is
 * something to write) match → route → SLA → plan → apply → writeback → commit. The commit, cursor
 * included, happens in one transaction after the writes, so the cursor never passes a record that
 * was neither written nor dead-lettered.
 */
export async function processBatch(deps: Deps, input: BatchInput, opts: BatchOptions): Promise<BatchResult> {
  const store = deps.state;
  const report = opts.report;
  const cfg = deps.config;
  const deadLetters: PlannedDeadLetter[] = input.rejected.map((r) => ({
    hubspotId: r.id,
    stage: 'ingest',
    code: 'INVALID_RECORD',
    message: r.reason,
    payload: r.payload,
  }));
  report.contactsRead += input.contacts.length;
  report.activitiesRead += input.activities.length;

  const normalized: Contact[] = [];
  for (const raw of input.contacts) {
    if (raw.archived) continue;
    try {
      normalized.push(normalizeContact(raw));
    } catch (err) {
      deadLetters.push({ hubspotId: raw.id, stage: 'normalize', code: 'INVALID_RECORD', message: err instanceof Error ? err.message : String(err), payload: raw });
    }
  }
  const kept = opts.window ? await keptEmails(store, normalized, opts.window.memory) : new Map<string, string>();
  const { unique, duplicates } = dedupeContacts(normalized, kept, opts.window ? 'stream' : 'created');
  const newlyKept = opts.window ? unique.flatMap((c) => keptRow(c, kept)) : [];
  if (opts.window?.memory) for (const k of newlyKept) opts.window.memory.set(k.hash, k.hubspotId);
  else if (newlyKept.length > 0 && !opts.dryRun) {
    // Which contact keeps an email is stored before anything is written: Handoff's writeback moves
    // the kept contact's lastmodifieddate, so a cycle that dies before this chunk's commit re-reads
    // the pair in another order, and only this record makes it judge them as this attempt did.
    await store.keepEmails(newlyKept, opts.fence ? { fence: opts.fence } : {});
  }
  report.duplicates += duplicates.length;
  // What earlier chunks held back goes first: the window is routed in stream order.
  const present = [...(input.carried ?? []), ...unique];
  const skips: SkipOp[] = duplicates.map((d) => ({ hubspotId: d.hubspotId, kind: 'duplicate', reason: d.reason }));

  // An activity the store can't hold is dead-lettered; its contact goes on without it.
  const refusedActivities =
    !opts.dryRun && input.activities.length > 0
      ? await upsertActivitiesIsolating(store, input.activities, opts.fence ? { fence: opts.fence } : {}, opts.now.toISOString())
      : [];
  report.deadLettered += refusedActivities.length;
  const history = await store.activitiesFor(present.map((c) => c.hubspotId));
  if (opts.dryRun) {
    // A dry run stores no activity: those the window's read held are laid over the stored ones from `activities`.
    const overlay = opts.window?.activities;
    if (overlay) for (const a of input.activities) overlay.set(a.contactId, mergeActivity(overlay.get(a.contactId) ?? [], a));
    const read = overlay ? present.flatMap((c) => overlay.get(c.hubspotId) ?? []) : input.activities;
    for (const a of read) history.set(a.contactId, mergeActivity(history.get(a.contactId) ?? [], a));
  }

  const scores = scoreContacts(present, history, cfg.scoring, opts.now);
  // A shadow model scores the same contacts on the same history; its scores are recorded, never acted on.
  const shadowScores = cfg.shadowScoring && !opts.dryRun ? scoreContacts(present, history, cfg.shadowScoring, opts.now) : undefined;
  const priors = await store.getHandoffRecords(present.map((c) => c.hubspotId));
  const all: Evaluated[] = present.map((contact) => {
    const score = scores.get(contact.hubspotId) as Score;
    const prior = priors.get(contact.hubspotId);
    return evaluate({ contact, score, prior: prior ?? null, activities: history.get(contact.hubspotId) ?? [], mapping: cfg.mapping });
  });
  const candidates: Evaluated[] = [];
  const triaged: { item: Evaluated; leadId: string }[] = [];
  for (const e of all) {
    const t = triage(e, { ...(opts.freshSince === undefined ? {} : { freshSince: opts.freshSince }), recycle: { now: opts.now, coolOffDays: cfg.handoff.feedback.recycle.coolOffDays } });
    if (t.kind === 'skip') skips.push(t.skip);
    else if (t.kind === 'refresh') triaged.push({ item: t.item, leadId: t.leadId });
    else candidates.push(t.item);
  }
  // The pilot: qualified contacts the rollout does not cover are recorded, not handed off.
  const lists = candidates.length > 0 ? await rolloutListMembers(deps) : undefined;
  const { inside, outside } = holdOutsideRollout(candidates, cfg.handoff.rollout, cfg.routing, lists);
  skips.push(...outside);
  report.outsideRollout += outside.length;

  // A chunk of a streamed window other than its last holds back the contacts that need Salesforce
  // until sync.writeBatch of them have gathered (WriteCarry), so that collections go out full; each
  // is made pending before this chunk's commit moves the cursor past it.
  const carry = opts.window?.carry && !opts.window.last && !opts.dryRun ? opts.window.carry : undefined;
  const heldBack = new Set<string>();
  if (carry) {
    const needs = new Set([...inside, ...triaged.map((r) => r.item)].map((e) => e.contact.hubspotId));
    const waiting = present.filter((c) => needs.has(c.hubspotId));
    const later = waiting.slice(writeNow(waiting.length, cfg.handoff.sync.writeBatch));
    for (const c of later) heldBack.add(c.hubspotId);
    if (later.length > 0) await store.addPendingContacts(later.map((c) => c.hubspotId), opts.fence ? { fence: opts.fence } : {});
    carry.hold(later);
  }
  const writing = (id: string): boolean => !heldBack.has(id);
  const fresh = inside.filter((e) => writing(e.contact.hubspotId));
  const refresh = triaged.filter((r) => writing(r.item.contact.hubspotId));
  const evaluated = heldBack.size > 0 ? all.filter((e) => writing(e.contact.hubspotId)) : all;
  for (const e of evaluated) if (e.score.qualified) report.qualified += 1;
  // The contacts this batch settles: those it was given, and those it carried and judged now.
  const settles = input.carried?.length || heldBack.size > 0 ? [...(input.settles ?? []), ...(input.carried ?? []).map((c) => c.hubspotId)].filter(writing) : input.settles;

  let plan: WritePlan;
  let applied: ApplyResult | null = null;
  let pointers: Record<string, number> | undefined;
  let routed = new Map<string, Decision>();
  /** Contacts matching.strict holds for review: their ambiguous match, recorded instead of written. */
  const held: { hubspotId: string; review: NonNullable<ReturnType<typeof reviewOf>> }[] = [];
  let orgUsers: readonly SalesforceUser[] = [];
  if (fresh.length === 0 && refresh.length === 0) {
    plan = { leads: [], tasks: [], skips, deadLetters, contactsMatched: [] };
  } else {
    // Only now does the cycle need Salesforce.
    const gateway = deps.salesforce;
    // Past Handoff's share of the daily allocation no new work starts. A fresh connection learns the
    // usage from the Sforce-Limit-Info of its first answer (the metadata or lookup reads below), so
    // the check comes before any write and costs a /limits call only when nothing was read first.
    await gateway.assertBudget();
    const meta: OrgMetadata = await gateway.orgMetadata({
      cache: store,
      mapping: cfg.mapping,
      now: opts.now,
      ttlMinutes: cfg.handoff.salesforce.describeCacheMinutes,
      readOnly: opts.dryRun,
      availabilityField: cfg.routing.availability.userField,
    });
    orgUsers = meta.users;
    const lookup = fresh.length > 0 ? await gateway.lookup(fresh.map((f) => f.contact)) : emptyLookup();
    const accounts = fresh.length > 0 && cfg.routing.useAccountOwner ? await accountOwners(deps, fresh.map((f) => f.contact), { ...opts, refresh: opts.window?.accounts }) : null;
    const items: { item: Evaluated; match: Match }[] = [];
    for (const item of fresh) {
      const id = item.contact.hubspotId;
      const pick = opts.picks?.get(id);
      const match = pick ? (matchPicked(item.contact, lookup, pick) ?? { kind: 'conflict' as const, reasons: [`${pick.object} ${pick.id}, picked in review, is no longer an open record with this email`] }) : matchContact(item.contact, lookup);
      const review = reviewOf(match);
      if (review && cfg.handoff.matching.strict) {
        // matching.strict: an ambiguous match waits for a person's pick (handoff review resolve).
        skips.push({ hubspotId: id, kind: 'review', reason: `${review.alternatives.length + 1} Salesforce records have this email; held for review` });
        held.push({ hubspotId: id, review });
      } else items.push({ item, match });
    }
    const decideWith = (startPointers: Record<string, number>): ReturnType<typeof decide> =>
      decide({
        items,
        accountOwner: (c) => accountOwner(accounts, c),
        config: cfg,
        users: meta.users,
        queues: meta.queues,
        pointers: startPointers,
        ...(opts.claimed ? { reserved: opts.claimed.owners } : {}),
        now: opts.now,
        createTasks: opts.createTasks,
      });
    let decided: ReturnType<typeof decide>;
    if (opts.claimed && opts.fence && !opts.dryRun) {
      // Round robin reserved atomically, each owner recorded with its claim: two jobs never take the
      // same slot, and a retry of this batch reuses the owners instead of advancing the pointers again.
      decided = await store.claims.reserveOwners(opts.fence, (current) => {
        const d = decideWith(current);
        return { pointers: d.pointers, owners: d.owners, value: d };
      });
    } else {
      // A dry run moves no stored pointer: its chunks carry round robin on in `window.pointers`.
      const carried = opts.dryRun ? opts.window?.pointers : undefined;
      decided = decideWith(carried?.current ?? (await store.getPointers()));
      pointers = decided.pointers;
      if (carried) carried.current = decided.pointers;
    }
    routed = new Map(decided.decisions.map((d) => [d.item.contact.hubspotId, d]));
    noteRoutingProblems(deps, report, decided.routingProblems);
    deadLetters.push(...decided.deadLetters);
    plan = buildPlan(
      { refresh, decisions: decided.decisions as Decision[], skips: [...skips, ...decided.skips], deadLetters },
      { mapping: cfg.mapping, describes: meta.describes, assignOwner: cfg.routing.assignment.mode === 'handoff', reopenStatus: cfg.handoff.feedback.leadStatus.reopenTo },
    );
    if (!opts.dryRun) {
      await gateway.checkBudget();
      applied = await gateway.apply(plan, {
        leadHeaders: cfg.routing.assignment.mode === 'handoff' ? { 'Sforce-Auto-Assign': 'FALSE' } : {},
        maxRecordAttempts: cfg.handoff.sync.maxRecordAttempts,
      });
    }
  }

  report.unchanged += plan.skips.filter((s) => s.kind === 'unchanged').length;
  report.skipped += plan.skips.filter((s) => s.kind !== 'unchanged').length;
  report.fixes += plan.leads.reduce((n, l) => n + l.fixes.length, 0) + plan.tasks.reduce((n, t) => n + t.fixes.length, 0);
  // Why each contact was or wasn't handed off, committed with the batch (the decision table).
  const decisions = opts.dryRun ? [] : buildDecisions({ contacts: normalized, duplicates, evaluated, skips: plan.skips }, { runId: opts.runId, now: opts.now, scoring: cfg.scoring, routing: cfg.routing, ...(shadowScores ? { shadowScores } : {}) });
  if (opts.dryRun || !applied) {
    report.deadLettered += plan.deadLetters.length;
    if (!opts.dryRun) report.deadLettered += await commitBatchResults(store, { plan, applied: null, evaluated, priors, opts, pointers, refusedActivities, decisions, held, settles });
    return { plan, applied };
  }
  for (const l of applied.leads.values()) {
    if (l.created) report.leadsCreated += 1;
    else report.leadsUpdated += 1;
  }
  for (const t of applied.tasks.values()) {
    if (t.created) report.tasksCreated += 1;
    else report.tasksExisting += 1;
  }
  report.contactsMatched += plan.contactsMatched.filter((id) => applied?.tasks.has(id)).length;
  report.deadLettered += plan.deadLetters.length + applied.deadLetters.length;

  const writebacks = cfg.handoff.writeback.enabled ? await writeback(deps, evaluated, applied, opts) : 0;
  report.writebacks += writebacks;
  // The rep told at once: each new Task's owner, per notify.rules, in the commit of the handoff.
  const notify = async (created: NewHandoff[]): Promise<OutboxMessageInput[]> =>
    created.length === 0 ? [] : qualifiedMessages(deps, orgUsers, created, opts.now, await deps.slaSalesforce.instanceUrl().catch(() => null));
  report.deadLettered += await commitBatchResults(store, { plan, applied, evaluated, priors, opts, pointers, refusedActivities, decisions, routed, routing: cfg.routing, notify, held, settles });
  return { plan, applied };
}

function mergeActivity(list: Activity[], a: Activity): Activity[] {
  return list.some((x) => x.id === a.id) ? list.map((x) => (x.id === a.id ? a : x)) : [...list, a];
}

async function writeback(deps: Deps, evaluated: Evaluated[], applied: ApplyResult, opts: BatchOptions): Promise<number> {
  const byId = new Map(evaluated.map((e) => [e.contact.hubspotId, e]));
  const updates: HandoffWriteback[] = [];
  // Every handoff this cycle records, including Tasks that already existed: those were created by a
  // cycle that stopped before its commit, so their writeback never happened. Writing it twice is harmless.
  for (const t of applied.tasks.values()) {
    const e = byId.get(t.hubspotId);
    if (!e) continue;
    updates.push({
      hubspotId: t.hubspotId,
      currentLifecycleStage: e.contact.lifecycleStage,
      salesforceId: t.whoId,
      handedOffAt: opts.now.toISOString(),
      score: e.score.total,
      grade: e.score.grade,
    });
  }
  if (updates.length === 0) return 0;
  const hubspot = deps.hubspot;
  try {
    await ensureWritebackOnce(deps);
    await hubspot.writeBack(updates, deps.config.handoff.writeback.lifecycleStage);
    return updates.length;
  } catch (err) {
    // The handoff itself landed; a failed writeback is reported, not a reason to redo Salesforce writes.
    const code = err instanceof HandoffError ? err.code : 'UNKNOWN';
    deps.logger.warn('hubspot writeback failed', { code, contacts: updates.length });
    return 0;
  }
}

// Once per HubSpot source, that is once per App (the daemon builds one per cycle).
const writebackChecked = new WeakSet<HubSpotSource>();
async function ensureWritebackOnce(deps: Deps): Promise<void> {
  if (writebackChecked.has(deps.hubspot)) return;
  await deps.hubspot.ensureWritebackProperties(deps.config.handoff.writeback.propertyGroup);
  writebackChecked.add(deps.hubspot);
}
