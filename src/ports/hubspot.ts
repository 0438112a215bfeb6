/**
 * HubSpot as the jobs see it: the reads a cycle, a backfill, a replay and reconciliation need, and
 * the writeback of a handoff. Implemented over the HubSpot API by `HubSpotApiSource`
 * (src/adapters/hubspot/source.ts) and in memory by the test fakes. Contacts come back validated
 * and mapped; a malformed record comes back as `RejectedRecord` with its reason, never as an error.
 */
import type { ErrorCode } from '../domain/errors.js';
import type { Activity, RawContact } from '../domain/types.js';

/** A record the edge could not read: dead-lettered with its reason, the rest goes on. */

/** A contact HubSpot refused to update while the rest of its batch was written. */
export interface RefusedUpdate {
  hubspotId: string;
  /** NOT_FOUND: deleted or merged away; VALIDATION: a value HubSpot does not accept. */
  code: ErrorCode;
  vendorCode: string | null;
  message: string;
}

export interface RejectedRecord {
  id: string | null;
  reason: string;
  /** The record as HubSpot sent it. */
  payload: unknown;
}

/** A batch of the window's changed activities (HubSpotSource.windowActivities). */
export interface ActivityBatch {
  /** One per (engagement, contact) association. */
  activities: Activity[];
  rejected: (RejectedRecord & { stage: 'ingest' })[];
}

/** One chunk of the window's changed contacts (HubSpotSource.windowContacts). */
export interface WindowChunk {
  /** In stream order (lastmodifieddate, then id), each once. */
  contacts: RawContact[];
  /** Ids the chunk read that HubSpot holds archived: nothing to process. */
  gone: string[];
  rejected: (RejectedRecord & { stage: 'ingest' })[];
  /** Latest modification time of the chunk's contacts, epoch ms (for the report's cursor lag). */
  latestChange: number | null;
  /** Epoch ms: every contact change in the window at or before it has been read, in this chunk or an earlier one. */
  through: number;
  /** The window's final chunk (`through` is the window's end). */
  last: boolean;
}

export interface ContactPage {
  /** Valid contacts of the page, archived ones included (flagged). */
  contacts: RawContact[];
  rejected: RejectedRecord[];
  /** Records on the page, valid or not. */
  size: number;
  /** Paging cursor of the next page; undefined: the list is exhausted. */
  after: string | undefined;
}

/** What one handoff writes back to its HubSpot contact. */
export interface HandoffWriteback {
  hubspotId: string;
  currentLifecycleStage: string | null;
  salesforceId: string;
  handedOffAt: string;
  score: number;
  grade: string;
}

export interface HubSpotCallCounts {
  /** Calls made so far. */
  calls: number;
  /** Calls HubSpot answered with a rate limit (retried). */
  rateLimited: number;
}

export interface HubSpotSource {
  /**
   * The emails, calls, meetings and notes modified in [since, until], with the contacts they
   * belong to, in batches (a batch per association read of up to 1,000 engagements of a kind).
   * Memory holds one batch.
   */
  windowActivities(window: { since: number; until: number }): AsyncIterable<ActivityBatch>;
  /**
   * Contacts modified in [since, until] as a stream of chunks of `chunkSize` contacts, in stream order
   * (lastmodifieddate, then id). At least one chunk, the last flagged. Memory holds one chunk.
   * `extraProperties`: contact properties the mapping asks for beyond Handoff's own.
   */
  windowContacts(window: { since: number; until: number }, extraProperties: readonly string[], chunkSize: number): AsyncIterable<WindowChunk>;
  /** One page of the whole contact list, ordered by id (`after` paging, no search cap). */
  listContacts(after: string | undefined, extraProperties: readonly string[], limit: number): Promise<ContactPage>;
  /** These contacts by id; archived and missing ones are left out. At most 100 ids. */
  readContacts(ids: readonly string[], extraProperties: readonly string[]): Promise<{ contacts: RawContact[]; rejected: RejectedRecord[] }>;
  /**
   * Which of these contact ids HubSpot still holds, unarchived: one batch read, at most 100 ids. A
   * deleted (GDPR-deleted too) or archived contact is left out; a merged one's old id is kept.
   */
  existingContacts(ids: readonly string[]): Promise<Set<string>>;
  /** The record ids of a contact list (lists memberships API, 250 per page; needs crm.lists.read), for a rollout segment on a list. */
  listMembers(listId: string): Promise<Set<string>>;
  /** Every activity of these contacts, whatever its age. */
  contactActivities(contactIds: readonly string[]): Promise<{ activities: Activity[]; rejected: RejectedRecord[] }>;
  /**
   * Contacts HubSpot considers qualified (Handoff's status set, or MQL or later), modified at or
   * after `since` (epoch ms): id → when it last changed (ISO; null when HubSpot did not say).
   */
  qualifiedContacts(since: number): Promise<Map<string, string | null>>;
  /** How many contacts HubSpot holds, all of them or those created in [since, until): one search call (its total). */
  countContacts(created?: { since: number; until: number }): Promise<number>;
  /** Creates the property group and any missing writeback property. Idempotent. */
  ensureWritebackProperties(groupName: string): Promise<void>;
  /** Sets the handoff's status, Salesforce id, time, score and grade; moves the lifecycle stage forward to `lifecycleStage` only. */
  writeBack(handoffs: readonly HandoffWriteback[], lifecycleStage: string): Promise<void>;
  /**
   * Sets these properties on these contacts (the feedback job), 100 contacts per batch call. Returns
   * the contacts HubSpot refused (gone, or a value it does not accept); the others are written.
   */
  updateContacts(updates: readonly { hubspotId: string; properties: Record<string, string> }[]): Promise<RefusedUpdate[]>;
  /** The lifecycle stage option values in the portal's order (portals customize them). */
  lifecycleStages(): Promise<string[]>;
  /** Counts since this source was built. */
  callCounts(): HubSpotCallCounts;
}
