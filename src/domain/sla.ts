/** What the SLA watch reads from Salesforce, as plain data. */

/** An open handoff Task past Handoff_SLA_Due__c. */
export interface OverdueTask {
  id: string;
  /** Handoff_Key__c: `<hubspotId>:<episode>`. */
  handoffKey: string;
  ownerId: string;
  /** The Lead (00Q) or Contact (003) the Task is on. */
  whoId: string | null;
  dueAt: string;
  tier: string | null;
  /** When the Task was created: the handoff. */
  createdAt: string;
}

