// The Salesforce emulator's public surface; hubspot/index.ts has the same shape.
export { startSalesforceSandbox } from './sandbox.js';
export type { SalesforceSandbox, SalesforceSandboxOptions } from './sandbox.js';
export { SalesforceStore } from './store.js';
export type { OrgSettings, SfRecord, SfValue } from './store.js';
export { RequestLog, endpointKey } from './request-log.js';
export type { RequestLogEntry } from './request-log.js';
export type { ConvertOptions, ConvertResult } from './actions.js';
export { checksumSuffix, makeId, normalizeId } from './ids.js';
export { OBJECTS } from './objects.js';
export { ORG_STATES } from './setup/org-state.js';
export type { OrgState } from './setup/org-state.js';
export { createRecord } from './dml.js';
