/**
 * What Handoff knows of a Salesforce org, as plain data: the users and Lead queues routing chooses
 * from, the Account index account-owner routing reads, and the records reconciliation compares
 * against. Read by the Salesforce adapter, used by the pure stages and the jobs.
 */

/** The Salesforce objects Handoff describes and writes to (Leads and Tasks) or matches (Contacts). */
export type SalesforceObject = 'Lead' | 'Contact' | 'Task';

export interface SalesforceUser {
  Id: string;
  Username: string;
  Email: string | null;
  IsActive: boolean;
  TimeZoneSidKey: string | null;
  /**
   * The User checkbox routing.yaml's `availability.userField` names (true: away, no new handoffs);
   * absent when no field is configured.
   */
  away?: boolean;
}

/**
 * The state's cache key of the users' display names by User Id, `{ names: { [id]: name }, fetchedAt }`:
 * written whenever the sync reads the org's users, read by the report and the dashboard to show
 * owners by name (they never call Salesforce). Names are personal data: shown to people, never logged.
 */
export const USER_NAMES_CACHE_KEY = 'salesforce:user-names:v1';

/** How long a stored name map is kept when no sync reads the users again. */
export const USER_NAMES_KEEP_DAYS = 400;

/** A queue that can own Leads: a Group of Type Queue with a QueueSobject row for Lead. */
export interface SalesforceQueue {
  Id: string;
  Name: string;
  DeveloperName: string;
}

/**
 * One Account as the index holds it (state table `account_index`): Website is free text, so no IN
 * query can match a domain against it, and Handoff keeps its own index, one row per Account.
 */
export interface AccountIndexRow {
  accountId: string;
  /** `orgDomain` of the Website; null when it has none (the row stays, so an older read can't bring the old domain back). */
  domain: string | null;
  ownerId: string | null;
  /** The Account's SystemModstamp when it was read (ISO): a row only ever moves forward. */
  modstamp: string;
}

/** A stored row: also when the Account got its domain, which decides among Accounts on one domain. */
export interface StoredAccountRow extends AccountIndexRow {
  domainSince: string;
}

export interface SfLeadRow {
  Id: string;
  HubSpot_Contact_Id__c: string | null;
  IsConverted: boolean;
}

export interface SfTaskRow {
  Id: string;
  Handoff_Key__c: string;
  WhoId: string | null;
  IsClosed: boolean;
}

/** What Salesforce holds for the contacts being reconciled. */
export interface SalesforceView {
  leadsByKey: Map<string, SfLeadRow[]>;
  leadIds: Set<string>;
  contactIds: Set<string>;
  tasksByKey: Map<string, SfTaskRow[]>;
}
