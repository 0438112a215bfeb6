import type { Activity } from '../../domain/types.js';
import { HandoffError } from '../../domain/errors.js';
import type { Backend, StateTx } from './backend.js';
import { mapStateError } from './map-error.js';
import { deadLetterRows, decisionRows, handoffRows, ledgerRows, pointerRows, positiveInt } from './normalize.js';
import { iso } from './sql/values.js';
import { SqlBudget, SqlClaims } from './sql-claims.js';
import { SqlAccountIndex } from './sql-accounts.js';
import type { AccountIndexStore } from '../../ports/account-index.js';
import type { BudgetLedger } from '../../ports/budget.js';
import type { ContactClaims } from '../../ports/claims.js';
import { messageRows, slaStepRows } from './normalize-outbox.js';
import type { ClaimRequest, DeliveryOutcome, OutboxMessage, OutboxMessageInput, OutboxQuery, SlaStep, SlaStepName } from '../../domain/outbox.js';
import { newEpisodeRows, patchedEpisodeRows } from './episode-rows.js';
import type { StateStore } from '../../ports/state.js';
import type {
  CacheEntry,
  CommitBatch,
  Cursor,
  DeadLetter,
  DeadLetterFilter,
  DeadLetterInput,
  DecisionQuery,
  DecisionRecord,
  Episode,
  EpisodePatch,
  EpisodeQuery,
  EpisodeReportQuery,
  EpisodeReportRow,
  Fence,
  ForgetCounts,
  ForgetRequest,
  HandoffRecord,
  HandoffRecordInput,
  HandoffRecordQuery,
  LedgerEntryInput,
  LedgerQuery,
  LedgerRow,
  LockAcquisition,
  LockHolder,
  LockState,
  Run,
  RunFinish,
  RunKind,
  RunWindowQuery,
  RunSummaryRow,
  RunStart,
  WriteOptions,
} from '../../domain/state.js';

/** Only `now` is needed; the project's Clock satisfies it. */
export interface StoreClock {
  now(): number;
}

/**
 * The StateStore semantics, written once over a dialect Backend: time comes from the clock,
 * input is normalised before it reaches SQL, and every write runs in a transaction that first
 * checks the caller's fence, so a leader that lost its lease can't land a write.
 */
export class SqlStateStore implements StateStore {
  readonly dialect: StateStore['dialect'];
  readonly claims: ContactClaims;
  readonly budget: BudgetLedger;
  readonly accounts: AccountIndexStore;

  constructor(
    private readonly backend: Backend,
    private readonly clock: StoreClock,
  ) {
    this.dialect = backend.dialect;
    const runner = { write: this.write.bind(this), read: this.read.bind(this), now: () => this.clock.now() };
    this.claims = new SqlClaims(runner);
    this.budget = new SqlBudget(runner);
    this.accounts = new SqlAccountIndex(runner);
  }

  getCursor(name: string): Promise<Cursor | null> {
    return this.read((tx) => tx.getCursor(name));
  }
  listCursors(prefix = ''): Promise<Cursor[]> {
    return this.read((tx) => tx.listCursors(prefix));
  }
  setCursor(name: string, value: string, opts?: WriteOptions): Promise<void> {
    return this.write(opts, (tx, now) => tx.setCursor(name, value, now));
  }

  async getHandoffRecords(hubspotIds: readonly string[]): Promise<Map<string, HandoffRecord>> {
    const rows = hubspotIds.length === 0 ? [] : await this.read((tx) => tx.getHandoffRecords([...new Set(hubspotIds)]));
    return new Map(rows.map((r) => [r.hubspotId, r]));
  }
  async listHandoffRecords(query: HandoffRecordQuery = {}): Promise<HandoffRecord[]> {
    const q = query.updatedSince === undefined ? query : { ...query, updatedSince: iso(query.updatedSince) };
    return this.read((tx) => tx.listHandoffRecords(q));
  }
  upsertHandoffRecords(records: readonly HandoffRecordInput[], opts?: WriteOptions): Promise<void> {
    return this.write(opts, (tx, now) => tx.upsertHandoffRecords(handoffRows(records, now)));
  }

  appendLedger(entries: readonly LedgerEntryInput[], opts?: WriteOptions): Promise<void> {
    return this.write(opts, (tx, now) => tx.appendLedger(ledgerRows(entries, now)));
  }
  async queryLedger(query: LedgerQuery): Promise<LedgerRow[]> {
    const q = query.since === undefined ? query : { ...query, since: iso(query.since) };
    return this.read((tx) => tx.queryLedger(q));
  }

  upsertDeadLetters(items: readonly DeadLetterInput[], opts?: WriteOptions): Promise<void> {
    return this.write(opts, (tx, now) => tx.upsertDeadLetters(deadLetterRows(items, now)));
  }
  async listDeadLetters(filter: DeadLetterFilter = {}): Promise<DeadLetter[]> {
    return this.read((tx) => tx.listDeadLetters(normalFilter(filter)));
  }
  async countDeadLetters(filter: Omit<DeadLetterFilter, 'limit'> = {}): Promise<number> {
    return this.read((tx) => tx.countDeadLetters(normalFilter(filter)));
  }
  resolveDeadLetters(ids: readonly number[], opts?: WriteOptions): Promise<number> {
    return this.write(opts, async (tx, now) => (ids.length === 0 ? 0 : tx.resolveDeadLetters(ids, now)));
  }
  purgeDeadLettersOlderThan(date: string, opts?: WriteOptions): Promise<number> {
    return this.write(opts, (tx) => tx.purgeDeadLetters(iso(date)));
  }

  startRun(run: RunStart, opts?: WriteOptions): Promise<void> {
    return this.write(opts, (tx) => tx.insertRun({ id: run.id, kind: run.kind, startedAt: iso(run.startedAt) }));
  }
  finishRun(id: string, finish: RunFinish, opts?: WriteOptions): Promise<void> {
    return this.write(opts, async (tx) => {
      const found = await tx.finishRun(id, { status: finish.status, finishedAt: iso(finish.finishedAt), report: finish.report ?? null });
      if (!found) throw new HandoffError('UNKNOWN', `Run ${id} was never started`);
    });
  }
  getRun(id: string): Promise<Run | null> {
    return this.read((tx) => tx.getRun(id));
  }
  async listRuns(limit = 20, kind?: RunKind): Promise<Run[]> {
    positiveInt(limit, 'limit');
    return this.read((tx) => tx.listRuns(limit, kind));
  }
  listRunsStarted(query: RunWindowQuery): Promise<Run[]> {
    const window = { since: iso(query.since), until: iso(query.until), ...(query.kind === undefined ? {} : { kind: query.kind }) };
    return this.read((tx) => tx.listRunsStarted(window));
  }
  runSummaries(query: RunWindowQuery): Promise<RunSummaryRow[]> {
    const window = { since: iso(query.since), until: iso(query.until), ...(query.kind === undefined ? {} : { kind: query.kind }) };
    return this.read((tx) => tx.runSummaries(window));
  }
  lastSuccessfulRun(kind: RunKind): Promise<Run | null> {
    return this.read((tx) => tx.lastSuccessfulRun(kind));
  }

  upsertActivities(activities: readonly Activity[], opts?: WriteOptions): Promise<void> {
    if (activities.length === 0) return Promise.resolve();
    // Last one wins when a batch carries the same activity twice.
    const unique = [...new Map(activities.map((a) => [`${a.contactId}\u0000${a.id}`, { ...a, occurredAt: iso(a.occurredAt) }])).values()];
    return this.write(opts, (tx) => tx.upsertActivities(unique));
  }
  async activitiesFor(contactIds: readonly string[]): Promise<Map<string, Activity[]>> {
    const out = new Map<string, Activity[]>();
    const ids = [...new Set(contactIds)];
    // Chunked so an IN list never grows past what either database handles comfortably.
    for (let i = 0; i < ids.length; i += 1000) {
      const rows = await this.read((tx) => tx.activitiesFor(ids.slice(i, i + 1000)));
      for (const a of rows) {
        const list = out.get(a.contactId);
        if (list) list.push(a);
        else out.set(a.contactId, [a]);
      }
    }
    return out;
  }

  async getDecisions(hubspotIds: readonly string[]): Promise<Map<string, DecisionRecord>> {
    const out = new Map<string, DecisionRecord>();
    const ids = [...new Set(hubspotIds)];
    for (let i = 0; i < ids.length; i += 1000) {
      for (const d of await this.read((tx) => tx.getDecisions(ids.slice(i, i + 1000)))) out.set(d.hubspotId, d);
    }
    return out;
  }
  async listDecisions(query: DecisionQuery = {}): Promise<DecisionRecord[]> {
    const q = query.evaluatedSince === undefined ? query : { ...query, evaluatedSince: iso(query.evaluatedSince) };
    return this.read((tx) => tx.listDecisions(q));
  }

  async getEpisodes(hubspotIds: readonly string[]): Promise<Map<string, Episode[]>> {
    const out = new Map<string, Episode[]>();
    const ids = [...new Set(hubspotIds)];
    for (let i = 0; i < ids.length; i += 1000) {
      for (const e of await this.read((tx) => tx.getEpisodes(ids.slice(i, i + 1000)))) {
        const list = out.get(e.hubspotId);
        if (list) list.push(e);
        else out.set(e.hubspotId, [e]);
      }
    }
    return out;
  }
  async listEpisodes(query: EpisodeQuery = {}): Promise<Episode[]> {
    if (query.limit !== undefined) positiveInt(query.limit, 'limit');
    const q: EpisodeQuery = { ...query };
    if (q.handedOffSince !== undefined) q.handedOffSince = iso(q.handedOffSince);
    if (q.handedOffBefore !== undefined) q.handedOffBefore = iso(q.handedOffBefore);
    if (q.updatedSince !== undefined) q.updatedSince = iso(q.updatedSince);
    return this.read((tx) => tx.listEpisodes(q));
  }
  listEpisodeReportRows(query: EpisodeReportQuery): Promise<EpisodeReportRow[]> {
    const q: EpisodeReportQuery = { handedOffSince: iso(query.handedOffSince), handedOffBefore: iso(query.handedOffBefore) };
    return this.read((tx) => tx.listEpisodeReportRows(q));
  }
  updateEpisodes(patches: readonly EpisodePatch[], opts?: WriteOptions): Promise<number> {
    return this.write(opts, (tx, now) => applyEpisodePatches(tx, patches, now));
  }

  forgetContacts(request: ForgetRequest, opts?: WriteOptions): Promise<ForgetCounts> {
    const ids = [...new Set(request.hubspotIds.map((id) => id.trim()).filter((id) => id !== ''))];
    const emails = [...new Set((request.emails ?? []).map((e) => e.trim().toLowerCase()).filter((e) => e !== ''))];
    return this.write(opts, async (tx) => {
      await tx.forgetMessages(ids);
      return tx.forgetContacts(ids, emails);
    });
  }
  contactsWithPersonalData(): Promise<string[]> {
    return this.read((tx) => tx.contactsWithPersonalData());
  }

  getPointers(): Promise<Record<string, number>> {
    return this.read((tx) => tx.getPointers());
  }
  setPointers(pointers: Record<string, number>, opts?: WriteOptions): Promise<void> {
    return this.write(opts, (tx, now) => tx.setPointers(pointerRows(pointers), now));
  }

  getCache(key: string): Promise<CacheEntry | null> {
    return this.read((tx) => tx.getCache(key, this.now()));
  }
  setCache(key: string, value: unknown, expiresAt: string, opts?: WriteOptions): Promise<void> {
    return this.write(opts, (tx, now) => tx.setCache(key, value, iso(expiresAt), now));
  }
  deleteCache(key: string, opts?: WriteOptions): Promise<void> {
    return this.write(opts, (tx) => tx.deleteCache(key));
  }

  // async so bad arguments reject like every other failure instead of throwing synchronously.
  async acquireLock(name: string, holder: LockHolder, ttlMs: number): Promise<LockAcquisition> {
    positiveInt(ttlMs, 'ttlMs');
    return this.backend.transaction('write', (tx) => {
      const ms = this.clock.now();
      return tx.acquireLock(name, holder, iso(ms), iso(ms + ttlMs));
    });
  }
  async renewLock(name: string, token: number, ttlMs: number): Promise<boolean> {
    positiveInt(ttlMs, 'ttlMs');
    return this.backend.transaction('write', (tx) => tx.renewLock(name, token, iso(this.clock.now() + ttlMs)));
  }
  releaseLock(name: string, token: number): Promise<boolean> {
    return this.backend.transaction('write', (tx) => tx.releaseLock(name, token));
  }
  getLock(name: string): Promise<LockState | null> {
    return this.read((tx) => tx.getLock(name));
  }
  assertFence(name: string, token: number): Promise<void> {
    return this.read(async (tx) => judgeFence({ name, token }, await tx.getLock(name), this.now()));
  }

  enqueueMessages(messages: readonly OutboxMessageInput[], opts?: WriteOptions): Promise<number> {
    return this.write(opts, async (tx, now) => (messages.length === 0 ? 0 : tx.enqueueMessages(messageRows(messages), now)));
  }
  listMessages(query: OutboxQuery = {}): Promise<OutboxMessage[]> {
    return this.read((tx) => tx.listMessages(query));
  }
  async claimMessages(request: ClaimRequest, opts?: WriteOptions): Promise<OutboxMessage[]> {
    positiveInt(request.limit, 'limit');
    positiveInt(request.leaseMs, 'leaseMs');
    return this.write(opts, (tx, now) => tx.claimMessages(request.limit, now, iso(Date.parse(now) + request.leaseMs), opts?.fence ?? null));
  }
  finishMessages(outcomes: readonly DeliveryOutcome[], opts?: WriteOptions): Promise<void> {
    const normal = outcomes.map((o) => (o.outcome === 'retry' ? { ...o, nextAttemptAt: iso(o.nextAttemptAt) } : o));
    return this.write(opts, (tx, now) => tx.finishMessages(normal, now));
  }

  async getSlaSteps(handoffKeys: readonly string[]): Promise<Map<string, SlaStep[]>> {
    const out = new Map<string, SlaStep[]>();
    const keys = [...new Set(handoffKeys)];
    for (let i = 0; i < keys.length; i += 1000) {
      for (const s of await this.read((tx) => tx.slaStepsFor(keys.slice(i, i + 1000)))) out.set(s.handoffKey, [...(out.get(s.handoffKey) ?? []), s]);
    }
    return out;
  }
  unappliedReassignments(): Promise<SlaStep[]> {
    return this.read((tx) => tx.unappliedReassignments());
  }
  markSlaStepsApplied(handoffKeys: readonly string[], step: SlaStepName, opts?: WriteOptions): Promise<void> {
    return this.write(opts, (tx, now) => tx.markSlaStepsApplied([...new Set(handoffKeys)], step, now));
  }

  keptForEmails(hashes: readonly string[]): Promise<Map<string, string>> {
    return hashes.length === 0 ? Promise.resolve(new Map()) : this.read((tx) => tx.keptForEmails([...new Set(hashes)]));
  }

  keepEmails(rows: readonly { hash: string; hubspotId: string }[], opts?: WriteOptions): Promise<void> {
    return rows.length === 0 ? Promise.resolve() : this.write(opts, (tx) => tx.addKeptEmails([...rows]));
  }

  addPendingContacts(contactIds: readonly string[], opts?: WriteOptions): Promise<void> {
    return contactIds.length === 0 ? Promise.resolve() : this.write(opts, (tx) => tx.addPending([...new Set(contactIds)]));
  }

  async pendingContacts(query: { after?: string; limit: number }): Promise<string[]> {
    const limit = positiveInt(query.limit, 'limit');
    return this.read((tx) => tx.pendingAfter(query.after, limit));
  }

  commitBatch(batch: CommitBatch): Promise<void> {
    const claimed = batch.claims ? [...new Set(batch.claims)] : [];
    if (claimed.length > 0 && !batch.fence) return Promise.reject(new RangeError('commitBatch: claims need the fence that holds them'));
    return this.write({ fence: batch.fence }, async (tx, now) => {
      const fence = batch.fence;
      if (fence && claimed.length > 0) {
        // Another job took one of these contacts over (our claim ran out): nothing of this batch may land.
        const lost = await tx.heldClaims(fence.name, fence.token, claimed, now);
        if (lost.length > 0) throw new HandoffError('LOCKED', `${lost.length} contacts of this batch are now claimed by ${[...new Set(lost.map((l) => l.job))].join(', ')}; batch refused`);
      }
      // Evidence first, the cursor last: if anything throws, the cursor stays where it was.
      if (batch.ledger?.length) await tx.appendLedger(ledgerRows(batch.ledger, now));
      if (batch.records?.length) await tx.upsertHandoffRecords(handoffRows(batch.records, now));
      if (batch.deadLetters?.length) await tx.upsertDeadLetters(deadLetterRows(batch.deadLetters, now));
      if (batch.resolveDeadLetters?.length) await tx.resolveDeadLetters(batch.resolveDeadLetters, now);
      if (batch.decisions?.length) await tx.upsertDecisions(decisionRows(batch.decisions));
      if (batch.slaSteps?.length) await tx.insertSlaSteps(slaStepRows(batch.slaSteps));
      if (batch.messages?.length) await tx.enqueueMessages(messageRows(batch.messages), now);
      if (batch.episodes?.length) await tx.insertEpisodes(newEpisodeRows(batch.episodes, now));
      if (batch.episodeUpdates?.length) await applyEpisodePatches(tx, batch.episodeUpdates, now);
      if (batch.pointers) await tx.setPointers(pointerRows(batch.pointers), now);
      if (batch.clearKeptEmails) await tx.clearKeptEmails();
      if (batch.settlePending?.length) await tx.deletePending([...new Set(batch.settlePending)]);
      if (batch.cursor) await tx.setCursor(batch.cursor.name, batch.cursor.value, now);
      if (fence && claimed.length > 0) await tx.endClaims(fence.name, fence.token, claimed);
    });
  }

  close(): Promise<void> {
    return this.backend.close();
  }

  private now(): string {
    return iso(this.clock.now());
  }

  private read<T>(fn: (tx: StateTx) => Promise<T>): Promise<T> {
    return this.backend.transaction('read', fn).catch(rethrowMapped);
  }

  private write<T>(opts: WriteOptions | undefined, fn: (tx: StateTx, now: string) => Promise<T>): Promise<T> {
    return this.backend
      .transaction('write', async (tx) => {
        // Read the clock inside the transaction: time spent waiting for the write lock must count.
        const now = this.now();
        if (opts?.fence) judgeFence(opts.fence, await tx.lockRowForFence(opts.fence.name), now);
        return fn(tx, now);
      })
      .catch(rethrowMapped);
  }
}

/** Reads the patched episodes inside the transaction, merges, and writes the whole rows back. */
async function applyEpisodePatches(tx: StateTx, patches: readonly EpisodePatch[], now: string): Promise<number> {
  if (patches.length === 0) return 0;
  const ids = [...new Set(patches.map((p) => p.hubspotId))];
  const stored: Episode[] = [];
  for (let i = 0; i < ids.length; i += 1000) stored.push(...(await tx.getEpisodes(ids.slice(i, i + 1000))));
  const rows = patchedEpisodeRows(stored, patches, now);
  if (rows.length > 0) await tx.replaceEpisodes(rows);
  return rows.length;
}

function rethrowMapped(err: unknown): never {
  throw mapStateError(err);
}

function normalFilter<F extends DeadLetterFilter>(filter: F): F {
  return filter.since === undefined ? filter : { ...filter, since: iso(filter.since) };
}

/** A fence holds only while its token is the current grant and the lease hasn't expired. */
export function judgeFence(fence: Fence, lock: LockState | null, now: string): void {
  const why = fenceProblem(fence, lock, now);
  if (why !== null) throw new HandoffError('LOCKED', `Lock "${fence.name}" token ${fence.token} ${why}; write refused`);
}

function fenceProblem(fence: Fence, lock: LockState | null, now: string): string | null {
  if (!lock) return 'was never granted';
  if (lock.token !== fence.token) {
    const by = lock.holder ? ` (held by ${lock.holder.command} pid ${lock.holder.pid} on ${lock.holder.host})` : '';
    return `was superseded by token ${lock.token}${by}`;
  }
  if (!lock.holder || lock.expiresAt === null) return 'was released';
  if (Date.parse(lock.expiresAt) <= Date.parse(now)) return `expired at ${lock.expiresAt}`;
  return null;
}
