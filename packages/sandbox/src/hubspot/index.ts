// The HubSpot emulator's public surface; salesforce/index.ts has the same shape.
export { startHubSpotSandbox } from './sandbox.js';
export type { HubSpotSandbox, HubSpotSandboxOptions, RateLimitChange } from './sandbox.js';
export { HubSpotStore } from './store.js';
export { RequestLog } from './request-log.js';
export type { LoggedRequest } from './request-log.js';
export type { HubSpotTier, RateLimitSettings } from './rate-limit.js';
export type { ApiObject } from './serialize.js';
export { STORED_TYPES } from './object-types.js';
export type { StoredType } from './object-types.js';
