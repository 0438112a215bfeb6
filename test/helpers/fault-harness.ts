import { createAlerter } from '../../src/adapters/alerts/index.js';
import type { Alerter } from '../../src/adapters/alerts/index.js';
import type { Config } from '../../src/config/load.js';
import { handoffCycle } from '../../src/runtime/daemon/handoff-cycle.js';
import type { CycleResult } from '../../src/runtime/daemon/scheduler.js';
import type { RunReport } from '../../src/domain/report.js';
import { createMetrics } from '../../src/runtime/http/index.js';
import { virtualClock } from './virtual-clock.js';
import type { Clock } from '../../src/ports/clock.js';
import type { Logger, LogMeta } from '../../src/lib/logger.js';
import type { Dataset } from '@handoff/sandbox';
import { openStateStore } from '../../src/adapters/state/index.js';
import type { StateStore } from '../../src/ports/state.js';
import { smallDataset } from '../fixtures/small-dataset.js';
import { sfQuery, startHarness } from './pipeline.js';
import type { Harness } from './pipeline.js';

/**
 * The daemon's own cycle (handoffCycle: production retry policy, metrics, alert rules, a real alerter
 * with the shipped log channel) against a sandbox, on a virtual clock: backoffs and Retry-After waits
 * pass at once, and the sandbox's clock moves with them.
 */

export interface LogLine {
  level: string;
  message: string;
  meta: LogMeta | undefined;
}

export function memoryLogger(lines: LogLine[] = []): Logger & { lines: LogLine[] } {
  const at =
    (level: string) =>
    (message: string, meta?: LogMeta): void => {
      lines.push({ level, message, meta });
    };
  const logger = { lines, error: at('error'), warn: at('warn'), info: at('info'), debug: at('debug'), child: () => logger };
  return logger;
}

/** The hand-made dataset without its one record Salesforce refuses (107), so a clean cycle succeeds outright. */
export function cleanDataset(): Dataset {
  const ds = smallDataset();
  return { ...ds, hubspot: { ...ds.hubspot, contacts: ds.hubspot.contacts.filter((c) => c.id !== '107') } };
}

/** What a clean cycle of cleanDataset() leaves in Salesforce (see test/fixtures/small-dataset.ts). */
export const CLEAN_OUTCOME = {
  tasks: { '101:1': 1, '103:1': 1, '104:1': 1, '105:1': 1, '106:1': 1, '108:1': 1 },
  keyedLeads: { '101': 1, '103': 1, '106': 1, '108': 1 },
  // Two Leads in the dataset (103's is stamped, not duplicated) and three new ones.
  leads: 5,
};

export interface DaemonCycleRun {
  result: CycleResult;
  report: RunReport;
}

export interface FaultHarness extends Harness {
  clock: Clock & { slept: number };
  store: StateStore;
  alerter: Alerter;
  log: Logger & { lines: LogLine[] };
  /** One cycle of the daemon (the same closure across calls, as in the daemon). */
  cycle(): Promise<DaemonCycleRun>;
  /** Active alerts as `key severity`. */
  alerts(): string[];
  cursor(): Promise<string | null>;
}

export async function startFaultHarness(dataset: Dataset = cleanDataset(), opts: { config?: (c: Config) => Config } = {}): Promise<FaultHarness> {
  const h = await startHarness(dataset, { rateLimits: false });
  const clock = virtualClock(Date.now(), (ms) => h.sandbox.control.clock.advance(ms));
  const config = opts.config ? opts.config(h.config) : h.config;
  const store = await openStateStore(h.dbUrl, { clock });
  const log = memoryLogger();
  const alerter = createAlerter({ config: config.handoff.alerts, env: {}, logger: log, clock });
  const run = handoffCycle({ config, store, logger: log, clock, metrics: createMetrics({ defaultMetrics: false }), alerter, startedAt: new Date(clock.now()) });
  return {
    ...h,
    clock,
    store,
    alerter,
    log,
    async cycle() {
      const result = await run(new AbortController().signal, { fence: undefined });
      return { result, report: result.report as RunReport };
    },
    alerts: () => alerter.active().map((a) => `${a.key} ${a.severity}`).sort(),
    cursor: async () => (await store.getCursor('contacts'))?.value ?? null,
    async stop() {
      await store.close();
      await h.stop();
    },
  };
}

export interface OrgOutcome {
  /** Handoff key → number of Tasks carrying it. */
  tasks: Record<string, number>;
  /** HubSpot id → number of Leads keyed with it. */
  keyedLeads: Record<string, number>;
  leads: number;
}

/** Counted in JS: the sandbox's SOQL has no GROUP BY. */
export function orgOutcome(h: Harness): OrgOutcome {
  const tasks: Record<string, number> = {};
  for (const t of sfQuery(h, 'SELECT Handoff_Key__c FROM Task WHERE Handoff_Key__c != null')) {
    const key = String(t.Handoff_Key__c);
    tasks[key] = (tasks[key] ?? 0) + 1;
  }
  const keyedLeads: Record<string, number> = {};
  const leads = sfQuery(h, 'SELECT Id, HubSpot_Contact_Id__c FROM Lead');
  for (const l of leads) {
    if (typeof l.HubSpot_Contact_Id__c !== 'string') continue;
    keyedLeads[l.HubSpot_Contact_Id__c] = (keyedLeads[l.HubSpot_Contact_Id__c] ?? 0) + 1;
  }
  return { tasks, keyedLeads, leads: leads.length };
}

/**
 * Problems between the state's handoff records and the org: a record whose Task (or Lead/Contact)
 * is not the one in Salesforce, a keyed Task without a record.
 */
export async function ledgerProblems(h: FaultHarness): Promise<string[]> {
  const tasks = new Map(sfQuery(h, 'SELECT Id, WhoId, Handoff_Key__c FROM Task WHERE Handoff_Key__c != null').map((t) => [String(t.Handoff_Key__c), t]));
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const r of await h.store.listHandoffRecords({ status: 'handed_off' })) {
    if (!r.handoffKey) continue;
    seen.add(r.handoffKey);
    const t = tasks.get(r.handoffKey);
    if (!t || t.Id !== r.salesforceTaskId || t.WhoId !== (r.salesforceContactId ?? r.salesforceLeadId)) problems.push(`record ${r.hubspotId} does not match its Task`);
  }
  for (const key of tasks.keys()) if (!seen.has(key)) problems.push(`Task ${key} has no record`);
  return problems;
}
