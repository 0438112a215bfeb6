/**
 * Salesforce as the SLA watch sees it: the open handoff Tasks past their due time, their touches,
 * the users (managers, availability) and the reassignment writes. Implemented over the Salesforce
 * gateway by `SalesforceSlaApi` (src/adapters/salesforce/sla.ts) and in memory by the test fakes.
 */

import type { OverdueTask } from '../domain/sla.js';

export type { OverdueTask } from '../domain/sla.js';

/** Something done on a Lead or Contact: a closed Task or a past Event. */
export interface Touch {
  whoId: string;
  at: string;
  kind: 'task' | 'event' | 'status';
}

export interface TouchAsk {
  whoId: string;
  /** Touches before this time (the handoff) don't count. */
  since: string;
}

/** What a pass reads of the candidates' records: their touches and, when messages name leads, who they are. */
export interface TouchRead {
  touches: Touch[];
  /**
   * The lead as people know it ("Ada Lovelace, Acme": first and last name, and the Lead's Company or the
   * Contact's Account), by Lead or Contact id; read only when asked for, and only ever put in a message body.
   */
  names: Map<string, string>;
}

export interface SlaUser {
  id: string;
  username: string;
  email: string;
  name: string | null;
  isActive: boolean;
  timeZone: string;
  managerId: string | null;
  /** The availability.userField checkbox; null when none is configured. */
  away: boolean | null;
}

export interface Reassignment {
  taskId: string;
  ownerId: string;
  dueAt: string;
  /** The Task's ActivityDate, YYYY-MM-DD in the new owner's zone. */
  activityDate: string;
  /** The Lead to move with the Task; null when the Task is on a Contact (its owner never changes). */
  leadId: string | null;
}

export interface ReassignResult {
  taskId: string;
  /** False when Salesforce refused the Task's update (the Lead's refusal is only reported). */
  ok: boolean;
  errorCode: string | null;
}

export interface SlaSalesforce {
  /** One query (plus query-more pages): open Tasks with a Handoff_Key__c whose Handoff_SLA_Due__c is before `now`. */
  overdueHandoffTasks(now: string): Promise<OverdueTask[]>;
  /**
   * Closed Tasks and past Events on these records, and Leads whose Status is one of `touchStatuses`
   * (counted at `now`): one query per object per 200 records, in one /composite call. With `withNames`
   * the Lead query also reads the names, and the Contacts are read for theirs, in the same call.
   */
  touches(asks: readonly TouchAsk[], now: string, touchStatuses: readonly string[], withNames?: boolean): Promise<TouchRead>;
  /** Every user, with ManagerId and the availability field. */
  users(availabilityField: string | null): Promise<SlaUser[]>;
  /** Moves Tasks (owner, due, ActivityDate) and their Leads (owner), 200 per call. */
  reassign(items: readonly Reassignment[]): Promise<ReassignResult[]>;
  /** The org's base URL, for links to records in messages (connects when needed). */
  instanceUrl(): Promise<string>;
}
