import type { Activity } from '../../domain/types.js';
import type { Episode, EpisodeQuery, EpisodeReportQuery, EpisodeReportRow } from '../../domain/episode.js';
import type {
  Cursor,
  DeadLetter,
  DecisionQuery,
  DecisionRecord,
  Fence,
  DeadLetterFilter,
  Dialect,
  ForgetCounts,
  HandoffRecord,
  HandoffRecordQuery,
  LedgerEntry,
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
} from '../../domain/state.js';
import type { ContactClaim, HeldClaim, ReservedOwner } from '../../domain/claims.js';
import type { BudgetLane, LaneUsage } from '../../domain/budget.js';
import type { AccountIndexRow, StoredAccountRow } from '../../domain/salesforce.js';
import type { DeliveryOutcome, OutboxMessage, OutboxMessageInput, OutboxQuery, SlaStep } from '../../domain/outbox.js';

/** The notifier's outbox and the SLA watch's steps (sql/outbox.ts). */
export interface OutboxTx {
  /** Inserts the messages whose key is new; returns how many were. */
  enqueueMessages(messages: readonly OutboxMessageInput[], now: string): Promise<number>;
  listMessages(query: OutboxQuery): Promise<OutboxMessage[]>;
  /** Pending messages due at `now`, oldest first; each gets one more attempt and is hidden until `until`. */
  /** With a fence, also takes over messages claimed under an earlier grant of the same lease. */
  claimMessages(limit: number, now: string, until: string, fence: Fence | null): Promise<OutboxMessage[]>;
  finishMessages(outcomes: readonly DeliveryOutcome[], now: string): Promise<void>;
  /** Messages still pending for these contacts are dropped; sent ones keep ids only anyway. */
  forgetMessages(hubspotIds: readonly string[]): Promise<number>;

  /** Inserts new (handoffKey, step) pairs; an existing pair is left as it was. */
  insertSlaSteps(steps: readonly SlaStep[]): Promise<void>;
  slaStepsFor(handoffKeys: readonly string[]): Promise<SlaStep[]>;
  /** Reassignments decided but not yet written to Salesforce. */
  unappliedReassignments(): Promise<SlaStep[]>;
  markSlaStepsApplied(keys: readonly string[], step: string, now: string): Promise<void>;
}

/**
 * What a SQL dialect supplies. The shared store (sql-store.ts) owns the semantics: clock, input
 * normalisation, de-duplication, fencing and batch ordering. A dialect only runs SQL, so both
 * databases behave the same by construction and the conformance suite checks the SQL.
 * All timestamps passed in are normalised ISO strings; "now" is always passed, never read.
 */
/** The claims and budget statements (sql/claims.ts; ports/claims.ts, ports/budget.ts). */
export interface ClaimsTx {
  /** One statement: takes what is free, expired, orphaned (its lease gone) or ours; returns what was granted. */
  claimContacts(job: string, token: number, ids: readonly string[], now: string, expiresAt: string): Promise<{ hubspotId: string; owner: ReservedOwner | null }[]>;
  /** Of these contacts, those another job holds live. */
  heldClaims(job: string, token: number, ids: readonly string[], now: string): Promise<HeldClaim[]>;
  /** Deletes the job's claims on these contacts; returns how many were deleted. */
  endClaims(job: string, token: number, ids: readonly string[]): Promise<number>;
  /** Expires the job's claims on these contacts now, keeping their recorded owners. */
  abandonClaims(job: string, token: number, ids: readonly string[], now: string): Promise<number>;
  /** Records owners with the job's claims; returns how many claims were the job's. */
  recordOwners(job: string, token: number, owners: ReadonlyArray<readonly [string, ReservedOwner]>): Promise<number>;
  /** Makes concurrent round-robin reservations wait for this transaction (PostgreSQL; SQLite writes are serial). */
  lockPointers(): Promise<void>;
  listClaims(query: { job?: string; limit?: number }): Promise<ContactClaim[]>;

  budgetUsage(budget: string, fromSlot: number): Promise<LaneUsage & { oldestSlot: number | null }>;
  addBudgetCall(budget: string, slot: number, lane: BudgetLane, keepFromSlot: number): Promise<void>;
  lockBudget(): Promise<void>;
}

/** The index of emails a streamed sync window already kept (migration 9): SHA-256 hashes, never addresses. */
export interface KeptEmailsTx {
  keptForEmails(hashes: readonly string[]): Promise<Map<string, string>>;
  /** An email already kept keeps its first contact. */
  addKeptEmails(rows: readonly { hash: string; hubspotId: string }[]): Promise<void>;
  clearKeptEmails(): Promise<void>;
}

/** Contacts a sync window's activities touched, not yet processed (migration 12). */
export interface PendingTx {
  /** An id already pending stays as it is. */
  addPending(ids: readonly string[]): Promise<void>;
  /** Up to `limit` pending ids after `after`, in byte order of the id. */
  pendingAfter(after: string | undefined, limit: number): Promise<string[]>;
  deletePending(ids: readonly string[]): Promise<void>;
}

/** The Account index (sql/account-index.ts; ports/account-index.ts). */
export interface AccountIndexTx {
  accountIndexSince(): Promise<string | null>;
  /** Unique by account within the call; each row replaces the stored one only when at least as new. */
  applyAccountReads(rows: readonly AccountIndexRow[]): Promise<void>;
  accountsOnDomains(domains: readonly string[]): Promise<StoredAccountRow[]>;
}

/** A daily allowance's row as stored. */
export interface DailyRow {
  used: number | null;
  limit: number | null;
  taken: number;
  returned: number;
  reportedAt: string | null;
  probeAt: string | null;
}

/** The daily allowances (sql/budget-daily.ts; ports/budget.ts). */
export interface BudgetDailyTx {
  /** The allowance's row, created when missing and locked until the transaction ends. */
  lockDaily(budget: string): Promise<DailyRow>;
  saveDaily(budget: string, row: DailyRow): Promise<void>;
  readDaily(budget: string): Promise<DailyRow | null>;
}

export interface StateTx extends ClaimsTx, OutboxTx, KeptEmailsTx, PendingTx, AccountIndexTx, BudgetDailyTx {
  /** The lock row, locked against a concurrent takeover until the transaction ends. */
  lockRowForFence(name: string): Promise<LockState | null>;

  getCursor(name: string): Promise<Cursor | null>;
  listCursors(prefix: string): Promise<Cursor[]>;
  setCursor(name: string, value: string, now: string): Promise<void>;

  getHandoffRecords(hubspotIds: readonly string[]): Promise<HandoffRecord[]>;
  listHandoffRecords(query: HandoffRecordQuery): Promise<HandoffRecord[]>;
  /** Unique by hubspotId within the call. */
  upsertHandoffRecords(records: readonly HandoffRecord[]): Promise<void>;

  appendLedger(entries: readonly LedgerEntry[]): Promise<void>;
  queryLedger(query: LedgerQuery): Promise<LedgerRow[]>;

  /** Unique by (stage, hubspotId) within the call; `count` is how many times it was seen. */
  upsertDeadLetters(items: readonly DeadLetterUpsert[]): Promise<void>;
  listDeadLetters(filter: DeadLetterFilter): Promise<DeadLetter[]>;
  countDeadLetters(filter: DeadLetterFilter): Promise<number>;
  resolveDeadLetters(ids: readonly number[], now: string): Promise<number>;
  purgeDeadLetters(before: string): Promise<number>;

  insertRun(run: RunStart): Promise<void>;
  finishRun(id: string, finish: Required<RunFinish>): Promise<boolean>;
  getRun(id: string): Promise<Run | null>;
  listRuns(limit: number, kind: RunKind | undefined): Promise<Run[]>;
  lastSuccessfulRun(kind: RunKind): Promise<Run | null>;
  listRunsStarted(query: RunWindowQuery): Promise<Run[]>;
  runSummaries(query: RunWindowQuery): Promise<RunSummaryRow[]>;

  getPointers(): Promise<Record<string, number>>;
  activitiesFor(contactIds: readonly string[]): Promise<Activity[]>;
  upsertActivities(activities: readonly Activity[]): Promise<void>;
  setPointers(pointers: ReadonlyArray<readonly [string, number]>, now: string): Promise<void>;

  /** Unique by hubspotId within the call; an older evaluation never replaces a newer one. */
  upsertDecisions(rows: readonly DecisionRecord[]): Promise<void>;
  getDecisions(hubspotIds: readonly string[]): Promise<DecisionRecord[]>;
  listDecisions(query: DecisionQuery): Promise<DecisionRecord[]>;

  /** Every episode of these contacts. */
  getEpisodes(hubspotIds: readonly string[]): Promise<Episode[]>;
  /** Ordered by (hubspotId, episode). */
  listEpisodes(query: EpisodeQuery): Promise<Episode[]>;
  /** The report's lean read of the episodes handed off in the period, in no particular order. */
  listEpisodeReportRows(query: EpisodeReportQuery): Promise<EpisodeReportRow[]>;
  /** New episodes; one already recorded keeps its values at handoff. Unique by key within the call. */
  insertEpisodes(rows: readonly Episode[]): Promise<void>;
  /** Whole rows (already merged with their patches) replace the stored ones. */
  replaceEpisodes(rows: readonly Episode[]): Promise<void>;

  /** Ids unique, emails lowercased and unique. */
  forgetContacts(hubspotIds: readonly string[], emails: readonly string[]): Promise<ForgetCounts>;
  contactsWithPersonalData(): Promise<string[]>;

  getCache(key: string, now: string): Promise<{ value: unknown; expiresAt: string } | null>;
  setCache(key: string, value: unknown, expiresAt: string, now: string): Promise<void>;
  deleteCache(key: string): Promise<void>;

  /** Race-safe on its own: one upsert decides who wins and locks the row for the rest of the transaction. */
  acquireLock(name: string, holder: LockHolder, now: string, expiresAt: string): Promise<LockAcquisition>;
  renewLock(name: string, token: number, expiresAt: string): Promise<boolean>;
  releaseLock(name: string, token: number): Promise<boolean>;
  getLock(name: string): Promise<LockState | null>;
}

export interface DeadLetterUpsert {
  stage: string;
  code: string;
  vendorCode: string | null;
  message: string;
  hubspotId: string;
  payload: unknown;
  firstAt: string;
  lastAt: string;
  count: number;
}

export type TxMode = 'read' | 'write';

export interface Backend {
  readonly dialect: Dialect;
  /** Runs fn in one transaction; a throw rolls everything back. Write transactions are serialised. */
  transaction<T>(mode: TxMode, fn: (tx: StateTx) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
