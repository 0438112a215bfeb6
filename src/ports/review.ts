/**
 * Salesforce as `handoff review resolve` sees it: the handoff Task and the records an ambiguous match
 * chose between, and the re-parenting writes. Implemented over the Salesforce gateway by
 * `SalesforceReviewApi` (src/adapters/salesforce/review.ts) and in memory by the test fakes.
 */

/** A Lead or Contact an ambiguous match chose between. */
export interface ReviewRecord {
  id: string;
  object: 'Lead' | 'Contact';
}

/** What Salesforce holds now of the records a move touches. */
export interface ReviewState {
  /** The handoff Task's WhoId; null when the Task is gone. */
  taskWhoId: string | null;
  /** HubSpot_Contact_Id__c of each Lead asked for that exists (absent: not found). */
  leadKeys: Map<string, string | null>;
}

export interface ReparentRequest {
  taskId: string;
  to: ReviewRecord;
  /** A Lead whose HubSpot_Contact_Id__c is cleared first (the first pick, keyed by the handoff); null: none. */
  clearKeyOf: string | null;
  /** Fields written on the new pick when it is a Lead (its key and Handoff's score fields); null for a Contact. */
  leadFields: Record<string, unknown> | null;
}

export interface ReviewSalesforce {
  /** The Task's WhoId and the keys of these Leads: one /composite call. */
  state(taskId: string, leadIds: readonly string[]): Promise<ReviewState>;
  /**
   * In this order, each an update by Id: the first pick's key cleared, the new Lead stamped, the
   * Task's WhoId moved. Each is idempotent, so a repeat after a crash lands the same. Throws a
   * HandoffError with Salesforce's code when a write is refused.
   */
  reparent(request: ReparentRequest): Promise<void>;
}
