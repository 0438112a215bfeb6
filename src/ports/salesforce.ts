/**
 * Salesforce as the jobs see it: what the org looks like (describe, users, queues), what already
 * exists there (lookups, the Account index, the records reconciliation compares), the budget check,
 * and the apply of a WritePlan. Implemented over jsforce by `SalesforceApiSink`
 * (src/adapters/salesforce/sink.ts), which connects on first use, and in memory by the test fakes.
 */
import type { MappingConfig } from '../config/mapping.js';
import type { LeadOp, PlannedDeadLetter, TaskOp, WritePlan } from '../domain/plan.js';
import type { AccountIndexRow, SalesforceQueue, SalesforceUser, SalesforceView } from '../domain/salesforce.js';
import type { Contact } from '../domain/types.js';
import type { SalesChanges, SalesCursors, SalesOpportunity } from '../domain/sales.js';
import type { Lookup } from '../core/match.js';
import type { Describes } from '../core/salesforce/describe.js';

/** What Handoff caches about the org between cycles (state cache), so a quiet cycle costs no call. */
export interface OrgMetadata {
  describes: Describes;
  users: SalesforceUser[];
  /** The Lead queues, for routing.yaml's fallback.queue. */
  queues: SalesforceQueue[];
  /** The User field read as each user's `away` (routing.yaml availability.userField); null: none. */
  availabilityField?: string | null;
  fetchedAt: string;
}

/** Where org metadata is cached (the state store's cache). */
export interface CacheStore {
  getCache(key: string): Promise<{ value: unknown; expiresAt: string } | null>;
  setCache(key: string, value: unknown, expiresAt: string): Promise<void>;
}

export interface LeadOutcome {
  hubspotId: string;
  leadId: string;
  created: boolean;
  op: LeadOp;
}

export interface TaskOutcome {
  hubspotId: string;
  taskId: string;
  /** false when a Task with this handoff key already existed (a replay); it is left untouched. */
  created: boolean;
  whoId: string;
  op: TaskOp;
}

export interface ApplyResult {
  leads: Map<string, LeadOutcome>;
  tasks: Map<string, TaskOutcome>;
  deadLetters: PlannedDeadLetter[];
  /** Leads Salesforce refused because a rep converted them meanwhile. */
  converted: string[];
}

/** What reconciliation asks Salesforce about. */
export interface SalesforceAsk {
  /** HubSpot ids: Leads carrying them in HubSpot_Contact_Id__c. */
  hubspotIds: readonly string[];
  /** Lead ids Handoff recorded (a Lead re-keyed or converted since still counts). */
  leadIds: readonly string[];
  /** Contact ids Handoff handed off to. */
  contactIds: readonly string[];
  /** Handoff keys whose Tasks to count. */
  taskKeys: readonly string[];
}

export interface SalesforceCallCounts {
  /** API calls made so far. */
  calls: number;
  /** The org's daily API usage as Salesforce last reported it; null before any answer. */
  budget: { used: number; limit: number } | null;
}

export interface SalesforceSink {
  /**
   * Throws DAILY_LIMIT when the usage Salesforce last reported is past Handoff's share of the daily
   * allocation. Makes no call of its own: before any answer it knows no usage and passes.
   */
  assertBudget(): Promise<void>;
  /** Like assertBudget, first learning the usage (one /limits call) when no answer has reported it yet. */
  checkBudget(): Promise<void>;
  /**
   * Describes of Lead, Contact and Task, the users and the Lead queues; from the cache while it is
   * fresh, else read and cached for `ttlMinutes` (not cached when `readOnly`). Throws
   * CUSTOM_FIELDS_MISSING when the org lacks Handoff's fields or the mapping's.
   */
  orgMetadata(opts: { cache: CacheStore; mapping: MappingConfig; now: Date; ttlMinutes: number; readOnly: boolean; availabilityField: string | null }): Promise<OrgMetadata>;
  /** Existing Leads (by handoff key and email) and Contacts (by email, and those converted Leads point to). */
  lookup(contacts: readonly Contact[]): Promise<Lookup>;
  /**
   * Accounts changed at or after `since` (null: every Account), oldest change first, handed to
   * `onPage` one query page (up to 2,000) at a time, so an org's Accounts never sit in memory at once.
   */
  readAccountChanges(since: string | null, onPage: (rows: AccountIndexRow[]) => Promise<void>): Promise<void>;
  /**
   * Writes the plan: Leads, then the Tasks that go with them. Per-record results: a refused record
   * becomes a dead letter (or `converted`), the rest of the plan goes on; a transient refusal is
   * tried again up to `maxRecordAttempts` sends. A call that fails as a whole throws.
   */
  apply(plan: WritePlan, opts: { leadHeaders: Record<string, string>; maxRecordAttempts: number }): Promise<ApplyResult>;
  /** Leads, Contacts and Tasks as reconciliation needs them. */
  reconcileView(ask: SalesforceAsk): Promise<SalesforceView>;
  /**
   * What sales did since each object's cursor (the feedback job): Leads, Tasks, Events,
   * Opportunities and contact roles by SystemModstamp, Lead Status history by CreatedDate. Whether the
   * org's Opportunity has CurrencyIsoCode is read once and cached like the describes.
   */
  readSalesChanges(
    since: Required<SalesCursors>,
    opts: { reasonField: string | null; scorecard: boolean; cache: CacheStore; now: Date; ttlMinutes: number },
  ): Promise<SalesChanges>;
  /** Opportunities by id, for those just linked to an episode whose own row did not change. */
  readOpportunities(ids: readonly string[], opts: { cache: CacheStore; now: Date; ttlMinutes: number }): Promise<SalesOpportunity[]>;
  /** Counts since this sink was built; no connection is made to answer. */
  callCounts(): Promise<SalesforceCallCounts>;
}
