/**
 * What `handoff doctor` asks the live systems, as the integration user: facts, each read on its own so
 * one refusal does not hide the rest. Implemented over jsforce (src/adapters/salesforce/org-probe.ts),
 * the HubSpot SDK (src/adapters/hubspot/account-probe.ts) and the alert channels. Every method throws a
 * HandoffError when the system refuses.
 */
import type { ObjectMeta } from '../core/salesforce/describe.js';
import type { ExistingProperty } from '../core/hubspot/property-definitions.js';

export interface SalesforceIdentity {
  userId: string;
  username: string;
  /** The OAuth scopes the token was granted; null when Salesforce does not say (a token in hand). */
  scopes: string[] | null;
}

export interface DoctorSalesforce {
  identity(): Promise<SalesforceIdentity>;
  /** The API versions the org serves ("64.0"…). */
  apiVersions(): Promise<string[]>;
  /** Describes as the integration user sees them; an object it may not describe is left out. */
  describe(objects: readonly string[]): Promise<Partial<Record<string, ObjectMeta>>>;
  /** Active duplicate rules on these objects. */
  activeDuplicateRules(objects: readonly string[]): Promise<{ name: string; object: string }[]>;
  /** Active Lead assignment rules. */
  activeLeadAssignmentRules(): Promise<string[]>;
  /** The org's daily API allocation as /limits reports it. */
  dailyApiUsage(): Promise<{ max: number; remaining: number }>;
  users(): Promise<{ username: string; email: string | null; isActive: boolean }[]>;
  /** Queues that can own Leads. */
  leadQueues(): Promise<{ name: string; developerName: string }[]>;
  notificationTypes(): Promise<string[]>;
}

export interface DoctorHubSpot {
  /** The account the token belongs to (proves the token). */
  account(): Promise<{ portalId: number; timeZone: string }>;
  /** The scopes granted to the token; null when HubSpot does not say (an OAuth token). */
  tokenScopes(): Promise<string[] | null>;
  /** Reads one contact page (proves the contacts read scope). */
  readContacts(): Promise<void>;
  contactProperties(): Promise<ExistingProperty[]>;
  /** Today's calls against the daily limit; null when HubSpot does not say (public apps have none). */
  dailyUsage(): Promise<{ limit: number; used: number } | null>;
}

export interface ChannelState {
  /** alerts: a channel of alerts.channels; notify: a channel the notifier's rules use. */
  kind: 'alerts' | 'notify';
  name: string;
  /** Configured with its secrets set, so it can send. */
  ready: boolean;
  /** The environment variables it lacks, when not ready. */
  missing: string[];
}

export interface DoctorChannels {
  list(): ChannelState[];
  /** Sends a test message through one ready channel (--send-test); throws when it fails. */
  sendTest(kind: ChannelState['kind'], name: string): Promise<void>;
}
