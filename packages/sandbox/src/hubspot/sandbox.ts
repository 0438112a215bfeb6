import { createServer } from 'node:http';
import { FaultInjector } from '../shared/faults.js';
import { controlRoutes } from './control.js';
import { RateLimiter } from './rate-limit.js';
import { RequestLog } from './request-log.js';
import { accountRoutes, DEFAULT_SCOPES } from './routes-account.js';
import { listRoutes } from './routes-lists.js';
import type { TokenState } from './routes-account.js';
import { associationRoutes } from './routes-associations.js';
import { objectRoutes } from './routes-objects.js';
import { gdprRoutes } from './routes-gdpr.js';
import { createHandler } from './server.js';
import { toApiObject } from './serialize.js';
import { archiveObject, logEngagement, mergeContacts, requireRecord, submitForm, updateObject } from './store-actions.js';
import { HubSpotStore } from './store.js';
import type { HubSpotSandbox, HubSpotSandboxOptions } from './facade.js';
import type { AddressInfo } from 'node:net';
import type { HsRecord } from './collection.js';
import type { RateLimitSettings } from './rate-limit.js';
import type { ApiObject } from './serialize.js';
import type { StoredType } from './object-types.js';




/** Every stored property, for the values returned by user actions. */
function fullObject(store: HubSpotStore, type: StoredType, rec: HsRecord): ApiObject {
  return toApiObject(store, type, rec, { properties: Object.keys(rec.props) });
}

export type { HubSpotSandbox, HubSpotSandboxOptions, RateLimitChange } from './facade.js';

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
  const auth: TokenState = { token: opts.accessToken, expired: false, scopes: [...DEFAULT_SCOPES] };
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
      auth.scopes = [...DEFAULT_SCOPES];
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
    setListMembers: (listId, contactIds) => {
      const at = new Date(opts.clock.now()).toISOString();
      const before = store.listMembers.get(listId) ?? new Map<string, string>();
      store.listMembers.set(listId, new Map(contactIds.map((id) => [id, before.get(id) ?? at])));
    },
    renewToken: (token, scopes) => {
      auth.token = token ?? opts.accessToken;
      auth.expired = false;
      auth.scopes = scopes ? [...scopes] : [...DEFAULT_SCOPES];
    },
  };

  const routes = [...gdprRoutes, ...objectRoutes, ...associationRoutes, ...accountRoutes({ portalId: store.account.portalId, timeZone, limiter, auth }), ...listRoutes(auth)];
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
