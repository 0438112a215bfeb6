/**
 * The state store: everything Handoff remembers between cycles. One interface, implemented over
 * SQLite (the default, embedded) and PostgreSQL (when several replicas share the work); callers
 * never learn which. See docs/state.md for the tables and the lock design.
 *
 * Conventions:
 * - Timestamps are ISO-8601 strings. Those the store stamps itself (updatedAt, lease expiry, the
 *   "now" that cache and lease expiry are judged against) come from the Clock given at open time,
 *   never from the database server, so tests can move time. Replicas sharing PostgreSQL need
 *   clocks that agree to well within a lease TTL; the fencing token covers whatever skew remains.
 * - JSON-typed fields accept any JSON-serialisable value and come back parsed (`unknown`).
 * - Every write accepts an optional fence; it is checked in the same transaction as the write.
 */
import type { Activity } from '../domain/types.js';
import type { AccountIndexStore } from './account-index.js';
import type { BudgetLedger } from './budget.js';
import type { ContactClaims } from './claims.js';
import type { ClaimRequest, DeliveryOutcome, OutboxMessage, OutboxMessageInput, OutboxQuery, SlaStep, SlaStepName } from '../domain/outbox.js';

import type {
  WriteOptions,
  Cursor,
  HandoffRecord,
  HandoffRecordInput,
  HandoffRecordQuery,
  LedgerEntryInput,
  LedgerRow,
  LedgerQuery,
  DeadLetter,
  DeadLetterInput,
  DeadLetterFilter,
  RunKind,
  Run,
  RunStart,
  RunFinish,
  RunWindowQuery,
  RunSummaryRow,
  CacheEntry,
  LockHolder,
  LockState,
  LockAcquisition,
  CommitBatch,
  DecisionQuery,
  DecisionRecord,
  Episode,
  EpisodePatch,
  EpisodeQuery,
  EpisodeReportQuery,
  EpisodeReportRow,
  ForgetCounts,
  ForgetRequest,
  Dialect,
} from '../domain/state.js';

export type * from '../domain/state.js';

export interface StateStore {
  readonly dialect: Dialect;
  /** Per-contact claims (ports/claims.ts): one owner per contact at a time, across jobs and processes. */
  readonly claims: ContactClaims;
  /** The shared API budget with its lanes (ports/budget.ts). */
  readonly budget: BudgetLedger;
  /** The Account index by domain (ports/account-index.ts). */
  readonly accounts: AccountIndexStore;

  getCursor(name: string): Promise<Cursor | null>;
  /** All cursors whose name starts with the prefix, e.g. 'backfill:'. */
  listCursors(prefix?: string): Promise<Cursor[]>;
  setCursor(name: string, value: string, opts?: WriteOptions): Promise<void>;

  /** Found records only, keyed by hubspotId. */
  getHandoffRecords(hubspotIds: readonly string[]): Promise<Map<string, HandoffRecord>>;
  listHandoffRecords(query?: HandoffRecordQuery): Promise<HandoffRecord[]>;
  upsertHandoffRecords(records: readonly HandoffRecordInput[], opts?: WriteOptions): Promise<void>;

  appendLedger(entries: readonly LedgerEntryInput[], opts?: WriteOptions): Promise<void>;
  /** Oldest first. */
  queryLedger(query: LedgerQuery): Promise<LedgerRow[]>;

  upsertDeadLetters(items: readonly DeadLetterInput[], opts?: WriteOptions): Promise<void>;
  /** Oldest first (by id). */
  listDeadLetters(filter?: DeadLetterFilter): Promise<DeadLetter[]>;
  countDeadLetters(filter?: Omit<DeadLetterFilter, 'limit'>): Promise<number>;
  /** Marks them resolved now; returns how many were open. */
  resolveDeadLetters(ids: readonly number[], opts?: WriteOptions): Promise<number>;
  /** Deletes dead letters last seen before the date, resolved or not (their payloads hold personal data). */
  purgeDeadLettersOlderThan(date: string, opts?: WriteOptions): Promise<number>;

  startRun(run: RunStart, opts?: WriteOptions): Promise<void>;
  finishRun(id: string, finish: RunFinish, opts?: WriteOptions): Promise<void>;
  getRun(id: string): Promise<Run | null>;
  /** Newest first. */
  listRuns(limit?: number, kind?: RunKind): Promise<Run[]>;
  /** Runs started in `[since, until)` (of one kind, if given), oldest first: what a report over a period reads. */
  listRunsStarted(query: RunWindowQuery): Promise<Run[]>;
  /** The same runs, oldest first, as outcome and API use only: a year of five-minute cycles is read without parsing each report. */
  runSummaries(query: RunWindowQuery): Promise<RunSummaryRow[]>;
  /** The most recently finished run of the kind with status 'succeeded' or 'partial'. */
  lastSuccessfulRun(kind: RunKind): Promise<Run | null>;

  /** Remembers activities (engagements, form conversions) by (contactId, id); a repeat replaces. */
  upsertActivities(activities: readonly Activity[], opts?: WriteOptions): Promise<void>;
  /** Every remembered activity of these contacts, grouped by contact, oldest first. */
  activitiesFor(contactIds: readonly string[]): Promise<Map<string, Activity[]>>;

  /** Of these email hashes, those an earlier chunk of the streamed window kept, with the contact kept. */
  keptForEmails(hashes: readonly string[]): Promise<Map<string, string>>;
  /**
   * Records which contact keeps each email (a hash already there keeps its contact), on its own and
   * before the chunk writes anything, so a cycle that dies before the chunk's commit is resumed with
   * the same choice.
   */
  keepEmails(rows: readonly { hash: string; hubspotId: string }[], opts?: WriteOptions): Promise<void>;

  /**
   * Contacts a sync window's activities touched, pending until a commit processes them
   * (`CommitBatch.settlePending`); adding one already pending changes nothing.
   */
  addPendingContacts(contactIds: readonly string[], opts?: WriteOptions): Promise<void>;
  /** Up to `limit` pending contact ids after `after`, in byte order of the id (the same on every store). */
  pendingContacts(query: { after?: string; limit: number }): Promise<string[]>;

  /** Round-robin positions by team. */
  getPointers(): Promise<Record<string, number>>;
  setPointers(pointers: Record<string, number>, opts?: WriteOptions): Promise<void>;

  /** Null when missing or expired (expiresAt at or before now). */
  getCache(key: string): Promise<CacheEntry | null>;
  setCache(key: string, value: unknown, expiresAt: string, opts?: WriteOptions): Promise<void>;
  deleteCache(key: string, opts?: WriteOptions): Promise<void>;

  /** Takes the lease when it is free, expired, released or already ours; each grant gets a larger token. */
  acquireLock(name: string, holder: LockHolder, ttlMs: number): Promise<LockAcquisition>;
  /** Extends the lease; false when the token was superseded or released. */
  renewLock(name: string, token: number, ttlMs: number): Promise<boolean>;
  /** False when the token was no longer current (nothing changed then). */
  releaseLock(name: string, token: number): Promise<boolean>;
  getLock(name: string): Promise<LockState | null>;
  /** Throws HandoffError('LOCKED') unless the token holds an unexpired lease. */
  assertFence(name: string, token: number): Promise<void>;

  /** Found rows only, keyed by hubspotId: each contact's latest evaluation. */
  getDecisions(hubspotIds: readonly string[]): Promise<Map<string, DecisionRecord>>;
  /** Ordered by hubspotId. */
  listDecisions(query?: DecisionQuery): Promise<DecisionRecord[]>;

  /** Every recorded episode of these contacts, oldest first, keyed by hubspotId (found contacts only). */
  getEpisodes(hubspotIds: readonly string[]): Promise<Map<string, Episode[]>>;
  /** Ordered by (hubspotId, episode); `after` and `limit` page. */
  listEpisodes(query?: EpisodeQuery): Promise<Episode[]>;
  /**
   * What a report reads of the episodes handed off in `[since, before)`, in no particular order:
   * only the columns it needs, times as epoch milliseconds.
   */
  listEpisodeReportRows(query: EpisodeReportQuery): Promise<EpisodeReportRow[]>;
  /** Applies each patch to its recorded episode (fields left out stay); returns how many episodes it found. */
  updateEpisodes(patches: readonly EpisodePatch[], opts?: WriteOptions): Promise<number>;

  /**
   * Blanks the personal data held about these contacts in one transaction: dead-letter payloads and
   * messages, ledger error messages and free-text details, activity titles, the identifying fields of
   * decisions. Rows, ids, keys, codes and counts stay, so reconcile still adds up. Idempotent.
   */
  forgetContacts(request: ForgetRequest, opts?: WriteOptions): Promise<ForgetCounts>;
  /** The HubSpot contact ids (digits only) the state still holds personal data for, sorted. */
  contactsWithPersonalData(): Promise<string[]>;

  /** Queues messages for the notifier; a key already queued is skipped. Returns how many were new. */
  enqueueMessages(messages: readonly OutboxMessageInput[], opts?: WriteOptions): Promise<number>;
  /** Ordered by id. */
  listMessages(query?: OutboxQuery): Promise<OutboxMessage[]>;
  /** Takes pending messages due now (send time and backoff passed), counting an attempt for each and hiding them for `leaseMs`. */
  claimMessages(request: ClaimRequest, opts?: WriteOptions): Promise<OutboxMessage[]>;
  /** Marks claimed messages sent (their body blanked), due again later, or failed for good. */
  finishMessages(outcomes: readonly DeliveryOutcome[], opts?: WriteOptions): Promise<void>;

  /** The SLA watch's steps of these handoffs, by handoff key. */
  getSlaSteps(handoffKeys: readonly string[]): Promise<Map<string, SlaStep[]>>;
  /** Reassignments decided and committed whose Salesforce write has not been confirmed. */
  unappliedReassignments(): Promise<SlaStep[]>;
  markSlaStepsApplied(handoffKeys: readonly string[], step: SlaStepName, opts?: WriteOptions): Promise<void>;

  /** Applies every part in one transaction, cursor and pointers last; all or nothing. */
  commitBatch(batch: CommitBatch): Promise<void>;

  close(): Promise<void>;
}
