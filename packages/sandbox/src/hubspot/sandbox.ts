import { createServer } from 'node:http';
import { FaultInjector } from '../shared/faults.js';
import { controlRoutes } from './control.js';
import { RateLimiter } from './rate-limit.js';
import { RequestLog } from './request-log.js';
import { accountRoutes } from './routes-account.js';
import { associationRoutes } from './routes-associations.js';
import { objectRoutes } from './routes-objects.js';
import { gdprRoutes } from './routes-gdpr.js';
import { createHandler } from './server.js';
import { toApiObject } from './serialize.js';
import { archiveObject, logEngagement, mergeContacts, requireRecord, submitForm, updateObject } from './store-actions.js';
import { HubSpotStore } from './store.js';
import type { AddressInfo } from 'node:net';
import type { SandboxClock } from '../shared/clock.js';
import type { EngagementType, HubSpotDataset } from '../shared/dataset.js';
import type { HsRecord } from './collection.js';
import type { HubSpotTier, RateLimitSettings, SecondlyBodyStyle } from './rate-limit.js';
import type { ApiObject } from './serialize.js';
import type { StoredType } from './object-types.js';

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
  setTier(tier: HubSpotTier): void;
  /** Changes tier/limits at run time; `null` removes an override and falls back to the tier's number. */
  setRateLimits(settings: RateLimitChange): void;
  rateLimitUsage(): ReturnType<RateLimiter['usage']>;
  /** Installs a fresh token (after an expire-token fault); defaults to the configured one. */
  renewToken(token?: string): void;
}

export interface RateLimitChange {
  tier?: HubSpotTier;
  enabled?: boolean;
  tenSecondLimit?: number | null;
  dailyLimit?: number | null;
  secondlyBody?: SecondlyBodyStyle;
}

/** Every stored property, for the values returned by user actions. */
function fullObject(store: HubSpotStore, type: StoredType, rec: HsRecord): ApiObject {
  return toApiObject(store, type, rec, { properties: Object.keys(rec.props) });
}

export async function startHubSpotSandbox(opts: HubSpotSandboxOptions): Promise<HubSpotSandbox> {
  const clock = opts.clock;
  const store = new HubSpotStore(clock);
  if (opts.portalId !== undefined) store.account.portalId = opts.portalId;
  const faults = new FaultInjector();
  const log = new RequestLog();
  const timeZone = opts.timeZone ?? 'America/New_York';
  const baseSettings: RateLimitSettings = { tier: opts.tier ?? 'professional', enabled: opts.rateLimits ?? true };
  if (opts.dailyLimit !== undefined) baseSettings.dailyLimit = opts.dailyLimit;
  if (opts.tenSecondLimit !== undefined) baseSettings.tenSecondLimit = opts.tenSecondLimit;
  if (opts.secondlyBody !== undefined) baseSettings.secondlyBody = opts.secondlyBody;
  const limiter = new RateLimiter(clock, timeZone, { ...baseSettings });
  const auth = { token: opts.accessToken, expired: false };
  let url = '';

  const sandbox: HubSpotSandbox = {
    get url() {
      return url;
    },
    clock,
    store,
    faults,
    log,
    load: (ds) => store.load(ds),
    append: (ds) => store.append(ds),
    reset() {
      store.reset();
      faults.clear();
      log.clear();
      limiter.settings = { ...baseSettings };
      limiter.reset();
      auth.token = opts.accessToken;
      auth.expired = false;
    },
    stop: () => stop(),
    updateContact: (id, properties) => fullObject(store, 'contacts', updateObject(store, 'contacts', requireRecord(store, 'contacts', id), properties, false)),
    logEngagement: (contactId, type, properties = {}) => fullObject(store, type, logEngagement(store, contactId, type, properties)),
    submitForm: (contactId, formName) => fullObject(store, 'contacts', submitForm(store, contactId, formName)),
    mergeContacts: (primaryId, mergedId) => fullObject(store, 'contacts', mergeContacts(store, primaryId, mergedId)),
    archiveContact: (id) => archiveObject(store, 'contacts', requireRecord(store, 'contacts', id)),
    setTier: (tier) => {
      limiter.settings = { ...limiter.settings, tier };
    },
    setRateLimits: (change) => {
      const next: RateLimitSettings = { ...limiter.settings };
      if (change.tier !== undefined) next.tier = change.tier;
      if (change.enabled !== undefined) next.enabled = change.enabled;
      if (change.tenSecondLimit === null) delete next.tenSecondLimit;
      else if (change.tenSecondLimit !== undefined) next.tenSecondLimit = change.tenSecondLimit;
      if (change.dailyLimit === null) delete next.dailyLimit;
      else if (change.dailyLimit !== undefined) next.dailyLimit = change.dailyLimit;
      if (change.secondlyBody !== undefined) next.secondlyBody = change.secondlyBody;
      limiter.settings = next;
    },
    rateLimitUsage: () => limiter.usage(),
    renewToken: (token) => {
      auth.token = token ?? opts.accessToken;
      auth.expired = false;
    },
  };

  const routes = [...gdprRoutes, ...objectRoutes, ...associationRoutes, ...accountRoutes({ portalId: store.account.portalId, timeZone, limiter })];
  // A long keep-alive: with a short one, a client that pauses (e.g. a test doing heavy work in-process) can
  // reuse a socket the server is closing at that moment and get ECONNRESET. stop() closes sockets anyway.
  const server = createServer(
    { keepAliveTimeout: 60_000 },
    createHandler({ store, faults, log, limiter, routes, controlRoutes: controlRoutes(sandbox), auth, baseUrl: () => url }),
  );
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  url = `http://${host}:${address.port}`;

  let stopping: Promise<void> | undefined;
  function stop(): Promise<void> {
    // Idempotent; also closes sockets held open by timeout faults.
    stopping ??= new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
    return stopping;
  }
  return sandbox;
}
