// @handoff/sandbox: HubSpot and Salesforce emulators over HTTP and a generator of realistic datasets
// for them (docs/sandbox.md). Everything a caller may use is exported here; the rest is internal.

// Both emulators on one clock, pointed at by one set of environment variables.
export { SANDBOX_CREDENTIALS, startSandbox } from './start.js';
export type { RunningSandbox, SandboxControl, SandboxOptions } from './start.js';
export { withUsers } from './shared/users.js';
export type { SandboxUser } from './shared/users.js';

// Datasets: the file format, and the seeded generator.
export { ENGAGEMENT_TYPES, datasetSchema } from './shared/dataset.js';
export type { Dataset, EngagementType, HubSpotAssociation, HubSpotDataset, HubSpotObject, HubSpotOwner, SalesforceDataset } from './shared/dataset.js';
export { CALL_OUTCOMES, generateDataset, readDataset, salesforceId, writeDataset } from './generate/index.js';
export { DatasetFileError } from './generate/io.js';
export type { GenerateOptions } from './generate/index.js';
/** The generator's seeded random streams, for callers that want reproducible draws of their own. */
export { Rng, hashSeed } from './generate/random.js';

// The shared clock and fault injection.
export { SandboxClock } from './shared/clock.js';
export type { FaultRule, FaultRuleInput } from './shared/faults.js';

// Each emulator on its own.
export { HubSpotStore, STORED_TYPES, startHubSpotSandbox } from './hubspot/index.js';
export type { ApiObject, HubSpotSandbox, HubSpotSandboxOptions, HubSpotTier, LoggedRequest, RateLimitChange, RateLimitSettings, StoredType } from './hubspot/index.js';
export { OBJECTS, ORG_STATES, SalesforceStore, checksumSuffix, createRecord, makeId, normalizeId, startSalesforceSandbox } from './salesforce/index.js';
export { SalesFloor, addBusinessMinutes, isBusinessTime } from './salesforce/floor/index.js';
export type { AttemptTruth, FloorTruth, HandoffTruth, OpportunityTruth, RepTruth, TouchKind } from './salesforce/floor/index.js';
export type { ConvertOptions, ConvertResult, OrgSettings, OrgState, RequestLogEntry, SalesforceSandbox, SalesforceSandboxOptions, SfRecord, SfValue } from './salesforce/index.js';
