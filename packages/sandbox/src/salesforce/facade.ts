import type { SandboxClock } from '../shared/clock.js';
import type { SalesforceDataset } from '../shared/dataset.js';
import type { FaultInjector } from '../shared/faults.js';
import type { ConvertOptions, ConvertResult } from './actions.js';
import type { SfRecord } from './record.js';
import type { RequestLog } from './request-log.js';
import type { SalesforceStore } from './store.js';
import type { OrgState } from './setup/org-state.js';
import type { SalesFloor } from './floor/floor.js';

/** What a running Salesforce emulator offers its starter and its control API (types only, so both can import it). */
export interface SalesforceSandboxOptions {
  port?: number;
  host?: string;
  clock: SandboxClock;
  clientId: string;
  clientSecret: string;
  /** A static token also accepted (SALESFORCE_ACCESS_TOKEN mode); it never times out but `expireSessions` kills it. */
  accessToken?: string;
  /** Session lifetime on the sandbox clock; default 7200. */
  sessionSeconds?: number;
  /** Rolling 24 h API allocation; default 100000. */
  dailyApiLimit?: number;
  /** Admin credentials (setup rights: custom fields, permission sets), for `handoff setup`. */
  admin?: { clientId: string; clientSecret: string; accessToken?: string };
}

export interface SalesforceSandbox {
  url: string;
  clock: SandboxClock;
  store: SalesforceStore;
  faults: FaultInjector;
  log: RequestLog;
  /** Replaces all records (missing Ids generated); kept as the state `reset()` returns to. */
  load(ds: Partial<SalesforceDataset>): void;
  /** Back to the last loaded dataset with default org settings; clears log, faults, usage, bulk jobs, cursors. */
  reset(): void;
  stop(): Promise<void>;
  convertLead(id: string, opts?: ConvertOptions): ConvertResult;
  completeTask(id: string): void;
  /** "Lead.HubSpot_Contact_Id__c"-style names, or 'custom' for every `__c` field. */
  hideFields(names: string[] | 'custom'): void;
  restoreFields(): void;
  setDuplicateRules(enabled: boolean): void;
  /** complete (every Handoff field), bare (none; an API-only integration user) or conflict (bare plus a differing Lead.Handoff_Score__c). */
  setOrgState(state: OrgState): void;
  /** User the Lead assignment rule assigns to; null → first active User. */
  setAssignmentOwner(userId: string | null): void;
  setDailyLimit(limit: number, used?: number): void;
  /** The next n records written through sObject Collections fail with UNABLE_TO_LOCK_ROW. */
  lockNextRecords(n: number): void;
  /** Expire every issued token (and the static one). */
  expireSessions(): void;
  /** A refresh token usable with grant_type=refresh_token. */
  issueRefreshToken(): string;
  apiUsage(): { used: number; limit: number };
  /** All SOQL features, no API allocation used; rows as the REST API would return them. */
  query(soql: string): Record<string, unknown>[];
  records(type: string): SfRecord[];
  /** Simulated reps working the handoff Tasks as the clock moves (off until configured). */
  salesFloor: SalesFloor;
}
