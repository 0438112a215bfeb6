/**
 * `npm run bench:window`: peak memory of `handoff sync --once` over windows of many changed contacts
 * (issue 18), against the same run's quiet-cycle baseline. Per window size: a generated dataset in a
 * sandbox child, a fresh SQLite state, a first cycle that reads every contact (the window), a pause,
 * a cycle that still sees the first one's writeback, and a quiet cycle (the baseline). Writes
 * bench/results.json key "syncWindow". Then `handoff backfill` over a whole portal of
 * BACKFILL_CONTACTS (default 100,000; 0 skips it), fresh state: key "backfillWindow".
 *
 *   WINDOWS=20000,100000 node --conditions=source --import tsx bench/sync-window.ts
 *   ACTIVITIES_PER_CONTACT=5 (default 1 above 50,000 contacts, else 5)
 *   CHUNK_SIZE=1000 (default: the shipped sync.chunkSize)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadConfig } from '../src/config/load.js';
import { routingUsers } from '../src/runtime/cli/routing-users.js';
import { generateDataset, withUsers } from '@handoff/sandbox';
import { configWithSync, engagementCounter } from './bench-config.js';
import { ROOT, runMeasuredCli, startSandboxChild } from './processes.js';
import { saveResults } from './report.js';
import { benchSyncRun } from './sync-bench.js';

const WINDOWS = (process.env['WINDOWS'] ?? '20000,100000').split(',').filter((w) => w !== '').map(Number);
const BACKFILL_CONTACTS = Number(process.env['BACKFILL_CONTACTS'] ?? 100_000);
const LOOKBACK_DAYS = 400;
const OVERLAP_SECONDS = 15;
const CHUNK_SIZE = process.env['CHUNK_SIZE'] === undefined ? undefined : Number(process.env['CHUNK_SIZE']);

export interface WindowResult {
  contacts: number;
  activities: number;
  peakRssMb: number;
  wallMs: number;
  baselineRssMb: number;
  chunkSize: number;
  /** The first cycle's calls and their floors (bench/floors.ts), and the contacts it handed off. */
  handedOff?: number;
  hubspotCalls?: { calls: number; floor: number };
  salesforceCalls?: { calls: number; floor: number; byEndpoint?: Record<string, number> };
  /** What the peak RSS was made of (MB), sampled: V8 heap used and reserved, external, array buffers. */
  atPeakMb?: { rss: number; heapUsed: number; heapTotal: number; external: number; arrayBuffers: number } | undefined;
}

const started = performance.now();
const log = (line: string): void => {
  process.stderr.write(`[${((performance.now() - started) / 1000).toFixed(1).padStart(6)} s] ${line}\n`);
};

async function one(contacts: number, work: string): Promise<WindowResult> {
  const shipped = loadConfig({ env: {}, dir: join(ROOT, 'config') });
  const perContact = Number(process.env['ACTIVITIES_PER_CONTACT'] ?? (contacts > 50_000 ? 1 : 5));
  // The sandbox child generates the same dataset (same seed) itself; this copy only gives the floors
  // their engagement counts. A million contacts would not fit one JSON file.
  const generated = { contacts, seed: 1, activitiesPerContact: perContact };
  const dataset = withUsers(generateDataset(generated), routingUsers(shipped.routing));
  const configDir = configWithSync(join(work, `config-${contacts}`), {
    initialLookbackDays: LOOKBACK_DAYS,
    overlapSeconds: OVERLAP_SECONDS,
    ...(CHUNK_SIZE === undefined ? {} : { chunkSize: CHUNK_SIZE }),
  });
  const run = await benchSyncRun({
    label: `window-${contacts}`,
    lookbackDays: LOOKBACK_DAYS,
    overlapSeconds: OVERLAP_SECONDS,
    configDir,
    datasetFile: generated,
    workDir: work,
    cycles: 3,
    // Cycle 3's window starts after cycle 1's writeback: nothing changed, the baseline.
    pauseBeforeMs: { 2: (OVERLAP_SECONDS + 2) * 1000 },
    searchPerSecond: shipped.handoff.hubspot.searchPerSecond,
    engagementsIn: engagementCounter(dataset),
    log,
  });
  const [full, , quiet] = run.cycles;
  if (!full || !quiet) throw new Error('a cycle is missing');
  return {
    contacts: full.contactsRead,
    activities: full.activitiesRead,
    peakRssMb: full.process.maxRssMb,
    wallMs: full.process.wallMs,
    baselineRssMb: quiet.process.maxRssMb,
    chunkSize: CHUNK_SIZE ?? shipped.handoff.sync.chunkSize,
    handedOff: full.handedOff,
    hubspotCalls: { calls: full.hubspot.calls, floor: full.hubspot.floor },
    salesforceCalls: { calls: full.salesforce.calls, floor: full.salesforce.floor, byEndpoint: full.salesforce.byEndpoint },
    atPeakMb: full.process.atPeakMb,
  };
}

export interface BackfillWindowResult {
  contacts: number;
  peakRssMb: number;
  wallMs: number;
  atPeakMb?: WindowResult['atPeakMb'];
}

/** `handoff backfill` over every contact of a generated portal (no Tasks), fresh SQLite state. */
async function backfill(contacts: number, work: string): Promise<BackfillWindowResult> {
  const configDir = configWithSync(join(work, `backfill-config-${contacts}`), { initialLookbackDays: LOOKBACK_DAYS });
  const sandbox = await startSandboxChild({ contacts, seed: 1, activitiesPerContact: 1 }, configDir);
  try {
    log(`backfill ${contacts}: sandbox up`);
    const run = await runMeasuredCli({
      sandboxEnv: sandbox.env,
      configDir,
      databaseUrl: `sqlite:${join(work, `backfill-${contacts}.db`)}`,
      usageFile: join(work, `backfill-${contacts}-usage.json`),
      args: ['backfill', '--since', '2000-01-01', '--yes', '--json'],
    });
    return { contacts: run.report.contactsRead, peakRssMb: run.usage.maxRssMb, wallMs: run.usage.wallMs, atPeakMb: run.usage.atPeakMb };
  } finally {
    await sandbox.stop();
  }
}

async function main(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'handoff-window-'));
  const results: WindowResult[] = [];
  try {
    for (const n of WINDOWS) {
      const r = await one(n, work);
      log(`window ${n}: ${r.contacts} contacts, ${r.activities} activities, peak ${r.peakRssMb} MB (quiet ${r.baselineRssMb} MB; at the peak ${JSON.stringify(r.atPeakMb ?? {})}), ${(r.wallMs / 1000).toFixed(0)} s`);
      log(`window ${n}: ${r.handedOff} handed off; HubSpot ${r.hubspotCalls?.calls} calls (floor ${r.hubspotCalls?.floor}), Salesforce ${r.salesforceCalls?.calls} (floor ${r.salesforceCalls?.floor}; ${JSON.stringify(r.salesforceCalls?.byEndpoint ?? {})})`);
      results.push(r);
      // Saved after each window, so a long run that is stopped keeps what it measured.
      saveResults({ syncWindow: results.map((w) => ({ ...w, at: new Date().toISOString(), node: process.version })) });
    }
    if (BACKFILL_CONTACTS > 0) {
      const b = await backfill(BACKFILL_CONTACTS, work);
      log(`backfill over ${BACKFILL_CONTACTS}: ${b.contacts} contacts read, peak ${b.peakRssMb} MB (at the peak ${JSON.stringify(b.atPeakMb ?? {})}), ${(b.wallMs / 1000).toFixed(0)} s`);
      saveResults({ backfillWindow: { ...b, at: new Date().toISOString(), node: process.version } });
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

await main();
