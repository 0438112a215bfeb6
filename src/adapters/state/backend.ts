import type { Activity } from '../../domain/types.js';
import type {
  Cursor,
  DeadLetter,
  DecisionQuery,
  DecisionRecord,
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
  RunStart,
} from '../../domain/state.js';

/**
 * What a SQL dialect supplies. The shared store (sql-store.ts) owns the semantics: clock, input
 * normalisation, de-duplication, fencing and batch ordering. A dialect only runs SQL, so both
 * databases behave the same by construction and the conformance suite checks the SQL.
 * All timestamps passed in are normalised ISO strings; "now" is always passed, never read.
 */
export interface StateTx {
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

  getPointers(): Promise<Record<string, number>>;
  activitiesFor(contactIds: readonly string[]): Promise<Activity[]>;
  upsertActivities(activities: readonly Activity[]): Promise<void>;
  setPointers(pointers: ReadonlyArray<readonly [string, number]>, now: string): Promise<void>;

  /** Unique by hubspotId within the call; an older evaluation never replaces a newer one. */
  upsertDecisions(rows: readonly DecisionRecord[]): Promise<void>;
  getDecisions(hubspotIds: readonly string[]): Promise<DecisionRecord[]>;
  listDecisions(query: DecisionQuery): Promise<DecisionRecord[]>;

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
