/** The shapes the StateStore reads and writes; see store.ts for the conventions. */
import type { DecisionReason, DecisionRecord } from './decision.js';
import type { OutboxMessageInput, SlaStepInput } from './outbox.js';
import type { EpisodeAtHandoff, EpisodePatch } from './episode.js';

export type { Episode, EpisodeAtHandoff, EpisodeOutcome, EpisodePatch, EpisodeQuery, EpisodeReportQuery, EpisodeReportRow } from './episode.js';

export type { DecisionRecord } from './decision.js';

/** The SQL dialects a state store speaks. */
export type Dialect = 'sqlite' | 'postgres';

/** A writer-lock token that must still be current for a write to land. */
export interface Fence {
  name: string;
  token: number;
}

export interface WriteOptions {
  fence?: Fence | undefined;
}

export interface Cursor {
  name: string;
  /** An ISO timestamp or a JSON document; the store doesn't look inside. */
  value: string;
  updatedAt: string;
}

/** `recycled`: sales returned the contact to nurture; it opens a new episode when it qualifies again after the cool-off. */
export type HandoffStatus = 'handed_off' | 'dead_lettered' | 'skipped' | 'converted' | 'recycled';

/** What Handoff knows about one HubSpot contact, keyed by its HubSpot id. */
export interface HandoffRecord {
  hubspotId: string;
  /** Increments when a contact qualifies again after its earlier handoff was closed out. */
  episode: number;
  status: HandoffStatus;
  salesforceLeadId: string | null;
  salesforceContactId: string | null;
  salesforceTaskId: string | null;
  ownerId: string | null;
  score: number | null;
  grade: string | null;
  /** Hash of the fields and score that were written; an unchanged one means nothing to do. */
  fingerprint: string | null;
  handoffKey: string | null;
  /** Kept from the first write that set it, so later upserts may pass it without clobbering it. */
  firstHandedOffAt: string | null;
  updatedAt: string;
}

/** An upsert replaces the whole record (omitted nullable fields become null), except firstHandedOffAt. */
export type HandoffRecordInput = Pick<HandoffRecord, 'hubspotId' | 'episode' | 'status'> &
  Partial<Omit<HandoffRecord, 'hubspotId' | 'episode' | 'status' | 'updatedAt'>>;

export interface HandoffRecordQuery {
  status?: HandoffStatus;
  updatedSince?: string;
  /** Keyset pagination: records whose hubspotId sorts after this one. */
  afterHubspotId?: string;
  limit?: number;
}

export type LedgerAction =
  | 'lead.create'
  | 'lead.update'
  | 'task.create'
  | 'contact.update'
  | 'skip'
  | 'fix'
  | 'dead_letter'
  | 'writeback'
  /** A handoff whose email matched several Salesforce records: the pick and the alternatives (docs/governance.md). */
  | 'match.review'
  /** `handoff review resolve`: the handoff moved to the record picked (planned before the Salesforce writes, ok after). */
  | 'match.resolve'
  /** The SLA watch's steps (docs/sla-and-feedback.md). */
  | 'sla.reminder'
  | 'sla.escalation'
  | 'sla.reassignment';

export type LedgerResult = 'ok' | 'error' | 'planned';

/** One append-only line of the handoff ledger: what a run did (or planned) for one contact. */
export interface LedgerEntry {
  runId: string;
  hubspotId: string | null;
  /** e.g. { leadId, taskId } */
  salesforceIds: Record<string, string>;
  action: LedgerAction;
  payloadHash: string | null;
  result: LedgerResult;
  errorCode: string | null;
  errorMessage: string | null;
  detail: unknown;
  at: string;
}

export type LedgerEntryInput = Pick<LedgerEntry, 'runId' | 'action' | 'result'> &
  Partial<Omit<LedgerEntry, 'runId' | 'action' | 'result'>>;

export interface LedgerRow extends LedgerEntry {
  /** Insertion order, strictly increasing. */
  seq: number;
}

export interface LedgerQuery {
  runId?: string;
  hubspotId?: string;
  action?: LedgerAction;
  /** Entries at or after this time. */
  since?: string;
  /** Entries with seq greater than this, for paging. */
  afterSeq?: number;
  limit?: number;
}

export interface DeadLetter {
  id: number;
  /** Pipeline stage that gave up, e.g. 'normalize', 'lead.write', 'task.write'. */
  stage: string;
  code: string;
  /** The vendor's error code as received (e.g. REQUIRED_FIELD_MISSING), when a vendor gave one. */
  vendorCode: string | null;
  message: string;
  hubspotId: string;
  payload: unknown;
  attempts: number;
  firstSeen: string;
  lastSeen: string;
  resolvedAt: string | null;
}

/** Upserted by (stage, hubspotId): a repeat bumps attempts and lastSeen and reopens a resolved one. */
export interface DeadLetterInput {
  stage: string;
  code: string;
  vendorCode?: string | null;
  message: string;
  hubspotId: string;
  payload?: unknown;
  /** Defaults to now. */
  at?: string;
}

export interface DeadLetterFilter {
  ids?: number[];
  /** Our code or the vendor's. */
  code?: string;
  stage?: string;
  hubspotId?: string;
  /** Last seen at or after this time. */
  since?: string;
  unresolvedOnly?: boolean;
  limit?: number;
}

export type RunKind = 'sync' | 'backfill' | 'replay' | 'reconcile';
/** 'partial' finished its work but dead-lettered some records; it counts as successful. */
export type RunStatus = 'running' | 'succeeded' | 'partial' | 'failed';

export interface Run {
  id: string;
  kind: RunKind;
  status: RunStatus;
  startedAt: string;
  finishedAt: string | null;
  report: unknown;
}

/** Runs started in `[since, until)`, oldest first. */
export interface RunWindowQuery {
  since: string;
  until: string;
  kind?: RunKind;
}

/** What a report reads of a run: its outcome and the API use its report recorded (null where it has none). */
export interface RunSummaryRow {
  kind: RunKind;
  status: RunStatus;
  /** When it started, as epoch milliseconds. */
  startedMs: number;
  hubspotCalls: number | null;
  salesforceCalls: number | null;
  salesforceBudgetUsed: number | null;
  salesforceBudgetLimit: number | null;
}

export interface RunStart {
  id: string;
  kind: RunKind;
  startedAt: string;
}

export interface RunFinish {
  status: Exclude<RunStatus, 'running'>;
  finishedAt: string;
  report?: unknown;
}

export interface CacheEntry {
  value: unknown;
  expiresAt: string;
}

export interface LockHolder {
  /** Unique per process instance. Acquiring again with the same id renews with a new token. */
  id: string;
  pid: number;
  host: string;
  command: string;
}

export interface LockState {
  name: string;
  token: number;
  holder: LockHolder | null;
  acquiredAt: string | null;
  expiresAt: string | null;
}

export type LockAcquisition =
  | { ok: true; token: number; expiresAt: string }
  | { ok: false; heldBy: LockHolder; acquiredAt: string; expiresAt: string };

/** Everything one sync step must commit together; the cursor only moves if all of it lands. */
export interface CommitBatch {
  ledger?: LedgerEntryInput[];
  records?: HandoffRecordInput[];
  deadLetters?: DeadLetterInput[];
  resolveDeadLetters?: number[];
  cursor?: { name: string; value: string };
  pointers?: Record<string, number>;
  /** Each contact's latest evaluation; replaces the contact's earlier row. */
  decisions?: DecisionRecord[];
  /**
   * Contacts whose claims this commit ends (ports/claims.ts): each must still be the fence's job's
   * (else LOCKED and nothing lands) and is deleted with the results. Needs `fence`.
   */
  claims?: readonly string[];
  /** Messages the decisions of this batch cause, sent later by the notifier (keys already present are skipped). */
  messages?: OutboxMessageInput[];
  /** SLA watch steps decided in this batch (a (handoffKey, step) pair already present is kept). */
  slaSteps?: SlaStepInput[];
  /** New handoff episodes, with the values at handoff; an episode already recorded is kept as it was. */
  episodes?: EpisodeAtHandoff[];
  /** Changes to recorded episodes (what sales did); patches of unknown episodes are ignored. */
  episodeUpdates?: EpisodePatch[];
  /**
   * The window's last chunk: the kept-email index is emptied. (What a chunk keeps is stored before
   * its writes, `StateStore.keepEmails`, not with its commit.)
   */
  clearKeptEmails?: boolean;
  /** Contacts this batch processed: no longer pending (StateStore.addPendingContacts). */
  settlePending?: readonly string[];
  fence?: Fence;
}

export interface DecisionQuery {
  reason?: DecisionReason;
  /** Evaluated at or after this time. */
  evaluatedSince?: string;
  /** Keyset pagination: rows whose hubspotId sorts after this one. */
  afterHubspotId?: string;
  limit?: number;
}

/** Whose personal data to erase: contacts by HubSpot id, and rows naming these email addresses. */
export interface ForgetRequest {
  hubspotIds: readonly string[];
  /** Matched case-insensitively inside dead-letter payloads and messages, ledger messages and details, activity titles. */
  emails?: readonly string[];
}

/** How many rows of each table had personal data blanked; ids, keys and counts stay. */
export interface ForgetCounts {
  deadLetters: number;
  ledger: number;
  activities: number;
  decisions: number;
}
