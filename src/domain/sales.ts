/**
 * What the feedback job reads of what sales did in Salesforce, as the jobs see it: rows changed
 * since per-object cursors, mapped at the edge (src/adapters/salesforce/sales-changes.ts). Times are
 * ISO strings; ids are Salesforce ids. No names, emails, phones or comments.
 */

export const SALES_OBJECTS = ['Lead', 'Task', 'Event', 'Opportunity', 'OpportunityContactRole', 'LeadHistory'] as const;
export type SalesObject = (typeof SALES_OBJECTS)[number];

/** Per object, read rows changed at or after this time (SystemModstamp; CreatedDate for LeadHistory). */
export type SalesCursors = Partial<Record<SalesObject, string>>;

export interface SalesLead {
  id: string;
  hubspotId: string | null;
  status: string | null;
  ownerId: string | null;
  isConverted: boolean;
  convertedContactId: string | null;
  convertedOpportunityId: string | null;
  /** The value of feedback.reasonField, when configured and present. */
  reason: string | null;
  modstamp: string;
}

export interface SalesTask {
  id: string;
  handoffKey: string | null;
  whoId: string | null;
  ownerId: string | null;
  isClosed: boolean;
  completedAt: string | null;
  slaDueAt: string | null;
  outcome: string | null;
  leadQuality: number | null;
  /** Deleted in Salesforce (read with queryAll); `modstamp` is then the deletion. */
  isDeleted?: boolean;
  modstamp: string;
}

export interface SalesEvent {
  id: string;
  whoId: string | null;
  startAt: string | null;
  outcome: string | null;
  leadQuality: number | null;
  /** Deleted in Salesforce (read with queryAll); `modstamp` is then the deletion. */
  isDeleted?: boolean;
  modstamp: string;
}

export interface SalesOpportunity {
  id: string;
  stage: string | null;
  isClosed: boolean;
  isWon: boolean;
  amount: number | null;
  /** Where the org has multi-currency; null otherwise (no conversion is made). */
  currency: string | null;
  closeDate: string | null;
  createdAt: string;
  modstamp: string;
}

export interface SalesContactRole {
  opportunityId: string;
  contactId: string;
  modstamp: string;
}

/** A Lead Status change from LeadHistory. */
export interface SalesStatusChange {
  leadId: string;
  status: string | null;
  at: string;
}

export interface SalesChanges {
  leads: SalesLead[];
  tasks: SalesTask[];
  events: SalesEvent[];
  opportunities: SalesOpportunity[];
  contactRoles: SalesContactRole[];
  /** Null when the org does not track Lead Status history: a status touch then takes the pass's time. */
  statusHistory: SalesStatusChange[] | null;
  /** SOQL queries run (first pages; query-more pages not counted). */
  queries: number;
  /** The latest SystemModstamp (CreatedDate for LeadHistory) seen per object, for the next cursors. */
  latest: SalesCursors;
}
