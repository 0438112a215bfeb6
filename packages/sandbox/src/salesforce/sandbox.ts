import type { AddressInfo } from 'node:net';
import type { SalesforceDataset } from '../shared/dataset.js';
import { FaultInjector } from '../shared/faults.js';
import { completeTask, convertLead } from './actions.js';
import { DataApi } from './api-router.js';
import { ORG_ID, Sessions } from './auth.js';
import { BulkIngest } from './bulk-ingest.js';
import { handleControl } from './control.js';
import { OrgLimits } from './limits.js';
import { OBJECTS } from './objects.js';
import { RequestLog } from './request-log.js';
import { QueryCursors } from './routes-query.js';
import { createSandboxServer } from './server.js';
import { projectRecord, runQuery } from './soql.js';
import { SalesforceStore } from './store.js';
import { SalesFloor, salesFloorControl } from './floor/index.js';
import type { SalesforceSandbox, SalesforceSandboxOptions } from './facade.js';
import { adminUserId, applyOrgState, seedSetupRecords, syncDuplicateRules, userInfo } from './setup/org-state.js';

export type { SalesforceSandbox, SalesforceSandboxOptions } from './facade.js';

export async function startSalesforceSandbox(opts: SalesforceSandboxOptions): Promise<SalesforceSandbox> {
  const { clock } = opts;
  const store = new SalesforceStore(clock);
  const faults = new FaultInjector();
  const log = new RequestLog();
  const limits = new OrgLimits(clock, opts.dailyApiLimit ?? 100_000);
  const sessions = new Sessions(clock, store, {
    clientId: opts.clientId,
    clientSecret: opts.clientSecret,
    accessToken: opts.accessToken,
    sessionSeconds: opts.sessionSeconds ?? 7200,
    admin: opts.admin,
    adminUserId: () => adminUserId(store),
  });
  const cursors = new QueryCursors();
  const bulk = new BulkIngest(store, limits);
  const api = new DataApi(store, limits, cursors, bulk);
  const floor = new SalesFloor(store);
  let dataset: Partial<SalesforceDataset> = {};
  let url = '';
  const loadOrg = (ds: Partial<SalesforceDataset>): void => {
    store.load(ds);
    seedSetupRecords(store);
  };
  loadOrg(dataset);

  const sandbox: SalesforceSandbox = {
    get url() {
      return url;
    },
    clock,
    store,
    faults,
    log,
    load(ds) {
      cursors.clear();
      try {
        loadOrg(ds);
      } catch (err) {
        // A dataset that does not load (an unknown field, say) leaves the org as it was.
        loadOrg(dataset);
        throw err;
      }
      dataset = ds;
      floor.reload();
    },
    reset() {
      store.clear();
      loadOrg(dataset);
      log.clear();
      faults.clear();
      limits.reset();
      bulk.reset();
      cursors.clear();
      sessions.reset();
      floor.reset();
    },
    async stop() {
      bulk.stop();
      for (const socket of held) socket.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
    },
    convertLead: (id, o) => convertLead(store, id, o),
    completeTask: (id) => completeTask(store, id),
    hideFields(names) {
      const list =
        names === 'custom'
          ? [...OBJECTS.values()].flatMap((o) => o.fields.filter((f) => f.custom).map((f) => `${o.name}.${f.name}`))
          : names;
      store.setHiddenFields([...store.settings.hiddenFields, ...list]);
    },
    restoreFields: () => store.setHiddenFields([]),
    setDuplicateRules(enabled) {
      store.settings.duplicateRulesEnabled = enabled;
      syncDuplicateRules(store);
    },
    setOrgState: (state) => applyOrgState(store, state),
    setAssignmentOwner(userId) {
      store.settings.assignmentOwnerId = userId ?? undefined;
    },
    setDailyLimit(limit, used) {
      limits.dailyApiLimit = limit;
      if (used !== undefined) limits.api.reset(used);
    },
    lockNextRecords(n) {
      store.settings.lockNextRecords = n;
    },
    expireSessions: () => sessions.expireAll(),
    issueRefreshToken: () => sessions.issueRefreshToken(),
    apiUsage: () => ({ used: limits.api.used(), limit: limits.dailyApiLimit }),
    salesFloor: floor,
    query(soql) {
      floor.catchUp();
      const result = runQuery(store, soql);
      return result.records.map((r) => projectRecord(store, result.type, r, result.select, '64.0'));
    },
    records(type) {
      floor.catchUp();
      return store.all(type);
    },
  };

  const { server, held } = createSandboxServer({
    clock,
    faults,
    log,
    sessions,
    limits,
    // The sales floor catches up with the clock before the org answers anything.
    api: { dispatch: (req) => (floor.catchUp(), api.dispatch(req)) },
    baseUrl: () => url,
    control: (method, path, _query, body) => {
      floor.catchUp();
      return salesFloorControl(floor, method, path, body) ?? handleControl(sandbox, method, path, body);
    },
    userInfo: (session) => userInfo(store, session, ORG_ID, url),
  });
  const host = opts.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  url = `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`;
  return sandbox;
}
