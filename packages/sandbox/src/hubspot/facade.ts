import type { SandboxClock } from '../shared/clock.js';
import type { EngagementType, HubSpotDataset } from '../shared/dataset.js';
import type { FaultInjector } from '../shared/faults.js';
import type { HubSpotTier, RateLimiter, SecondlyBodyStyle } from './rate-limit.js';
import type { RequestLog } from './request-log.js';
import type { ApiObject } from './serialize.js';
import type { HubSpotStore } from './store.js';

/** What a running HubSpot emulator offers its starter and its control API (types only, so both can import it). */
export interface HubSpotSandboxOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  clock: SandboxClock;
  accessToken: string;
  /** Default 'professional'. */
  tier?: HubSpotTier;
  /** Overrides the tier's daily cap. */
  dailyLimit?: number;
  /** Overrides the tier's 10-second burst limit (tests use small values). */
  tenSecondLimit?: number;
  /** Account time zone for the daily reset and account details; default 'America/New_York'. */
  timeZone?: string;
  /** Default true. */
  rateLimits?: boolean;
  /** Default 12345678. */
  portalId?: number;
  /** The body of a secondly (search) 429: 'errorType' (default, with policyName SECONDLY) or 'category' (RATE_LIMITS). */
  secondlyBody?: SecondlyBodyStyle;
}

export interface HubSpotSandbox {
  url: string;
  clock: SandboxClock;
  store: HubSpotStore;
  faults: FaultInjector;
  log: RequestLog;
  /** Replaces all data with the dataset's HubSpot part. */
  load(ds: Partial<HubSpotDataset>): void;
  /** Adds to the loaded data (bulk loads in chunks). */
  append(ds: Partial<HubSpotDataset>): void;
  /** Empties the store, clears faults, the request log and rate counters, restores the token. */
  reset(): void;
  stop(): Promise<void>;
  /** A user editing a contact (no API validation); bumps lastmodifieddate. */
  updateContact(id: string, properties: Record<string, string | null>): ApiObject;
  /** A user logging an activity on a contact: creates it, associates it, bumps the contact. */
  logEngagement(contactId: string, type: EngagementType, properties?: Record<string, string | null>): ApiObject;
  submitForm(contactId: string, formName: string): ApiObject;
  mergeContacts(primaryId: string, mergedId: string): ApiObject;
  archiveContact(id: string): void;
  /** A user setting a contact list's members (a static list, or what an active list evaluated to); creates the list. */
  setListMembers(listId: string, contactIds: readonly string[]): void;
  setTier(tier: HubSpotTier): void;
  /** Changes tier/limits at run time; `null` removes an override and falls back to the tier's number. */
  setRateLimits(settings: RateLimitChange): void;
  rateLimitUsage(): ReturnType<RateLimiter['usage']>;
  /** Installs a fresh token (after an expire-token fault); defaults to the configured one with every scope Handoff uses. */
  renewToken(token?: string, scopes?: readonly string[]): void;
}

export interface RateLimitChange {
  tier?: HubSpotTier;
  enabled?: boolean;
  tenSecondLimit?: number | null;
  dailyLimit?: number | null;
  secondlyBody?: SecondlyBodyStyle;
}
