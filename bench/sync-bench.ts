/**
 * Sync cycles end to end: a sandbox child loaded with the dataset, then `handoff sync --once` child
 * processes against it with a fresh SQLite state. API calls are counted by the sandboxes' request
 * logs (ground truth: they see every request, retries included) and cross-checked with the report.
 */
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import type { RunReport } from '../src/domain/report.js';
import { ENGAGEMENTS } from '../src/adapters/hubspot/properties.js';
import { hubspotFloor, per1k, ratio, salesforceFloor } from './floors.js';
import type { Floor } from './floors.js';
import { counterDiff, counters, runSyncChild, startSandboxChild } from './processes.js';
import type { GeneratedDataset } from './processes.js';
import type { ProcessUsage } from './processes.js';

/** Issuing a token is not an API call Salesforce counts against the allocation, and the report leaves it out too. */
const SF_TOKEN = 'POST /services/oauth2/token';

export interface SystemCalls {
  /** Requests the sandbox saw (Salesforce: without token requests). */
  calls: number;
  /** What the run report says it made. */
  reported: number;
  byEndpoint: Record<string, number>;
  floor: number;
  floorParts: Record<string, number>;
  /** actual/floor; null when the floor is 0 and calls were made. */
  ratio: number | null;
  per1kContacts: number;
  floorPer1kContacts: number;
}

export interface CycleResult {
  cycle: number;
  status: RunReport['status'];
  window: RunReport['window'];
  contactsRead: number;
  activitiesRead: number;
  /** Engagement objects modified in the window, per type (from the dataset). */
  engagementsInWindow: Record<string, number>;
  qualified: number;
  /** leadsCreated + leadsUpdated + contactsMatched. */
  handedOff: number;
  leadsCreated: number;
  leadsUpdated: number;
  contactsMatched: number;
  tasksCreated: number;
  unchanged: number;
  writebacks: number;
  deadLettered: number;
  hubspotRateLimited: number;
  /** The cycle's own duration as the report measured it (no process start-up). */
  cycleMs: number;
  process: ProcessUsage;
  /** Search calls divided by the configured searches per second: the wall time the client limiter alone imposes. */
  searchPacingFloorMs: number;
  hubspot: SystemCalls;
  salesforce: SystemCalls & { tokenRequests: number };
  /** True when the sandbox counts equal the report's. */
  crossCheck: { hubspot: boolean; salesforce: boolean };
}

export interface SyncRunResult {
  label: string;
  lookbackDays: number;
  /** sync.overlapSeconds of the run's configuration. */
  overlapSeconds?: number;
  sandboxStartMs: number;
  cycles: CycleResult[];
}

const sum = (r: Record<string, number>): number => Object.values(r).reduce((a, b) => a + b, 0);

function systemCalls(byEndpoint: Record<string, number>, reported: number, floor: Floor, contacts: number, calls = sum(byEndpoint)): SystemCalls {
  return {
    calls,
    reported,
    byEndpoint,
    floor: floor.total,
    floorParts: floor.parts,
    ratio: ratio(calls, floor.total),
    per1kContacts: per1k(calls, contacts),
    floorPer1kContacts: per1k(floor.total, contacts),
  };
}

export function evaluateCycle(args: {
  cycle: number;
  report: RunReport;
  usage: ProcessUsage;
  hubspot: Record<string, number>;
  salesforce: Record<string, number>;
  engagementsInWindow: Record<string, number>;
  searchPerSecond: number;
}): CycleResult {
  const r = args.report;
  const handedOff = r.leadsCreated + r.leadsUpdated + r.contactsMatched;
  // New handoffs (a Task each) are the ones written back; on a first cycle that is every handed-off contact.
  const hsFloor = hubspotFloor({ contacts: r.contactsRead, engagements: args.engagementsInWindow, handedOff: r.tasksCreated });
  const sfFloor = salesforceFloor(handedOff);
  const tokenRequests = args.salesforce[SF_TOKEN] ?? 0;
  const hubspot = systemCalls(args.hubspot, r.hubspotCalls, hsFloor, r.contactsRead);
  const salesforce = systemCalls(args.salesforce, r.salesforceCalls, sfFloor, r.contactsRead, sum(args.salesforce) - tokenRequests);
  const searches = Object.entries(args.hubspot)
    .filter(([k]) => k.endsWith('/search'))
    .reduce((n, [, v]) => n + v, 0);
  return {
    cycle: args.cycle,
    status: r.status,
    window: r.window,
    contactsRead: r.contactsRead,
    activitiesRead: r.activitiesRead,
    engagementsInWindow: args.engagementsInWindow,
    qualified: r.qualified,
    handedOff,
    leadsCreated: r.leadsCreated,
    leadsUpdated: r.leadsUpdated,
    contactsMatched: r.contactsMatched,
    tasksCreated: r.tasksCreated,
    unchanged: r.unchanged,
    writebacks: r.writebacks,
    deadLettered: r.deadLettered,
    hubspotRateLimited: r.hubspotRateLimited,
    cycleMs: r.durationMs,
    process: args.usage,
    searchPacingFloorMs: Math.round((searches / args.searchPerSecond) * 1000),
    hubspot,
    salesforce: { ...salesforce, tokenRequests },
    crossCheck: { hubspot: hubspot.calls === hubspot.reported, salesforce: salesforce.calls === salesforce.reported },
  };
}

/** Counts engagement objects per read type whose last modification lies in [since, until]. */
export type EngagementCounter = (since: number, until: number) => Record<string, number>;

export const ENGAGEMENT_OBJECTS = Object.keys(ENGAGEMENTS);

export async function benchSyncRun(opts: {
  label: string;
  lookbackDays: number;
  overlapSeconds: number;
  configDir: string;
  /** A dataset file for `handoff sandbox --dataset`, or one the sandbox child generates. */
  datasetFile: string | GeneratedDataset;
  workDir: string;
  cycles: number;
  /** A wait before a cycle (by its number), with the sandbox idle and nothing changed in HubSpot. */
  pauseBeforeMs?: Record<number, number>;
  searchPerSecond: number;
  engagementsIn: EngagementCounter;
  log: (line: string) => void;
}): Promise<SyncRunResult> {
  const t0 = performance.now();
  const sandbox = await startSandboxChild(opts.datasetFile, opts.configDir);
  const sandboxStartMs = Math.round(performance.now() - t0);
  opts.log(`${opts.label}: sandbox up in ${(sandboxStartMs / 1000).toFixed(1)} s`);
  const cycles: CycleResult[] = [];
  try {
    for (let cycle = 1; cycle <= opts.cycles; cycle++) {
      const pause = opts.pauseBeforeMs?.[cycle] ?? 0;
      if (pause > 0) {
        opts.log(`${opts.label}: waiting ${(pause / 1000).toFixed(0)} s before cycle ${cycle}`);
        await sleep(pause);
      }
      const [hsBefore, sfBefore] = await Promise.all([counters(sandbox.hubspotUrl), counters(sandbox.salesforceUrl)]);
      const run = await runSyncChild({
        sandboxEnv: sandbox.env,
        configDir: opts.configDir,
        databaseUrl: `sqlite:${join(opts.workDir, `${opts.label}.db`)}`,
        usageFile: join(opts.workDir, `${opts.label}-usage-${cycle}.json`),
      });
      const [hsAfter, sfAfter] = await Promise.all([counters(sandbox.hubspotUrl), counters(sandbox.salesforceUrl)]);
      const window = run.report.window;
      const engagementsInWindow = window ? opts.engagementsIn(Date.parse(window.since), Date.parse(window.until)) : {};
      const result = evaluateCycle({
        cycle,
        report: run.report,
        usage: run.usage,
        hubspot: counterDiff(hsAfter, hsBefore),
        salesforce: counterDiff(sfAfter, sfBefore),
        engagementsInWindow,
        searchPerSecond: opts.searchPerSecond,
      });
      cycles.push(result);
      opts.log(
        `${opts.label} cycle ${cycle}: ${result.contactsRead} contacts, ${result.handedOff} handed off, ` +
          `HubSpot ${result.hubspot.calls} (floor ${result.hubspot.floor}), Salesforce ${result.salesforce.calls} (floor ${result.salesforce.floor}), ` +
          `${(result.process.wallMs / 1000).toFixed(1)} s, ${result.process.maxRssMb} MB`,
      );
      if (!result.crossCheck.hubspot || !result.crossCheck.salesforce) {
        opts.log(
          `  counts differ: sandbox HubSpot ${result.hubspot.calls} vs report ${result.hubspot.reported}, ` +
            `sandbox Salesforce ${result.salesforce.calls} vs report ${result.salesforce.reported}`,
        );
      }
    }
  } finally {
    await sandbox.stop();
  }
  return { label: opts.label, lookbackDays: opts.lookbackDays, overlapSeconds: opts.overlapSeconds, sandboxStartMs, cycles };
}
