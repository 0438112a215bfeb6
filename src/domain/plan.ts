import type { ErrorCode } from './errors.js';
import type { SalesforceObject } from './salesforce.js';

/** A record is created, or an existing one updated: the same checks differ for each. */
export type WriteMode = 'create' | 'update';

/** A change the plan made so Salesforce accepts a record, kept for the ledger. */
export interface Fix {
  field: string;
  fix: 'filled' | 'truncated' | 'dropped';
  detail: string;
}

/** What state remembers about a contact's handoff (see src/ports/state.ts). */
export interface PriorHandoff {
  hubspotId: string;
  episode: number;
  status: string;
  fingerprint: string | null;
  /** The score written with the handoff or its last refresh. */
  score: number | null;
  salesforceLeadId: string | null;
  salesforceContactId: string | null;
  salesforceTaskId: string | null;
  /** When the record last changed: for a recycled contact, when it was recycled. */
  updatedAt?: string;
}

export type SkipKind = 'unchanged' | 'below-threshold' | 'duplicate' | 'conflict' | 'contact-owned' | 'invalid' | 'outside-rollout' | 'cooling-off' | 'review';

export interface LeadOp {
  hubspotId: string;
  /** upsert by HubSpot_Contact_Id__c, or update through a known Id (stamping or re-keying). */
  op: 'upsert' | 'update';
  id: string | null;
  isNew: boolean;
  record: Record<string, unknown>;
  fixes: Fix[];
  reasons: string[];
}

export interface TaskOp {
  hubspotId: string;
  handoffKey: string;
  /** The Lead this plan writes (resolved from its result), or a known Lead or Contact id. */
  who: { kind: 'lead-of'; hubspotId: string } | { kind: 'id'; id: string; object: Exclude<SalesforceObject, 'Task'> };
  record: Record<string, unknown>;
  fixes: Fix[];
  reasons: string[];
  /** The Task's owner is the new Lead's owner as Salesforce's assignment rules set it. */
  ownerFromLead?: boolean;
}

export interface SkipOp {
  hubspotId: string;
  kind: SkipKind;
  reason: string;
}

export interface PlannedDeadLetter {
  hubspotId: string | null;
  stage: string;
  /** Our ErrorCode. */
  code: ErrorCode;
  /** The vendor's code as received (e.g. Salesforce's REQUIRED_FIELD_MISSING), when there is one. */
  vendorCode?: string;
  message: string;
  payload: unknown;
}

/** Everything one cycle intends to do, with reasons. `--dry-run` prints it and stops. */
export interface WritePlan {
  leads: LeadOp[];
  tasks: TaskOp[];
  skips: SkipOp[];
  deadLetters: PlannedDeadLetter[];
  /** HubSpot ids matched to an existing Salesforce Contact (no Lead). */
  contactsMatched: string[];
}

/** Several batches' plans as one, for a run's report and its dry-run printout. */
export function mergePlans(plans: readonly WritePlan[]): WritePlan {
  return {
    leads: plans.flatMap((p) => p.leads),
    tasks: plans.flatMap((p) => p.tasks),
    skips: plans.flatMap((p) => p.skips),
    deadLetters: plans.flatMap((p) => p.deadLetters),
    contactsMatched: plans.flatMap((p) => p.contactsMatched),
  };
}
