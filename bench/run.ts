/**
 * `npm run bench`: sync cycles against a sandbox in a separate process, and transform throughput in
 * this one, on 20,000 generated contacts with 5 activities each. Writes bench/results.json (keys
 * "sync" and "transform"; other keys such as "sandboxScale" are kept) and regenerates the table in
 * docs/benchmarks.md.
 *
 *   node --conditions=source --import tsx bench/run.ts                 everything (four to five minutes)
 *   node --conditions=source --import tsx bench/run.ts --only sync     only the sync cycles
 *   node --conditions=source --import tsx bench/run.ts --only transform
 *   node --conditions=source --import tsx bench/run.ts --only docs     only regenerate docs/benchmarks.md
 *   … --keep                                       keep the state databases and dataset (path printed)
 *
 * Profile the transform with: node --cpu-prof --conditions=source --import tsx bench/run.ts --only transform
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config/load.js';
import type { Config } from '../src/config/load.js';
import { routingUsers } from '../src/runtime/cli/routing-users.js';
import { generateDataset, withUsers, writeDataset } from '@handoff/sandbox';
import type { Dataset } from '@handoff/sandbox';
import { ROOT } from './processes.js';
import { saveResults, readResults, updateDocs } from './report.js';
import type { SyncResults, TransformResults } from './report.js';
import { ENGAGEMENT_OBJECTS, benchSyncRun } from './sync-bench.js';
import type { SyncRunResult } from './sync-bench.js';
import { configWithSync, engagementCounter } from './bench-config.js';
import { benchTransform, prepareTransform } from './transform.js';

const CONTACTS = 20_000;
const SEED = 1;
const ACTIVITIES_PER_CONTACT = 5;
/** Reaches past the generator's oldest modification (one year), so the first cycle reads every contact. */
const FULL_LOOKBACK_DAYS = 400;
const BENCH_OVERLAP_SECONDS = 15;
const TRANSFORM_PASSES = 7;
const TARGETS = { salesforceRatio: 1.2, quietHubspotCalls: 1 + ENGAGEMENT_OBJECTS.length, quietSalesforceCalls: 0, contactsPerSecond: 20_000 };
const SHIPPED_CONFIG = join(ROOT, 'config');

const started = performance.now();
const log = (line: string): void => {
  process.stderr.write(`[${((performance.now() - started) / 1000).toFixed(1).padStart(6)} s] ${line}\n`);
};

async function benchSync(dataset: Dataset, config: Config, work: string): Promise<SyncResults> {
  const datasetFile = join(work, 'dataset.json');
  await writeDataset(dataset, datasetFile);
  log(`dataset written to ${datasetFile}`);
  const engagementsIn = engagementCounter(dataset);
  const common = { datasetFile, workDir: work, searchPerSecond: config.handoff.hubspot.searchPerSecond, engagementsIn, log };
  const runs: Record<string, SyncRunResult> = {};
  // Every contact: the figure the floors are about. Then cycles with no change in HubSpot: two that
  // still see the first cycle's writeback (the window of the next cycle, and of the one after, starts
  // an overlap before the previous cycle's start), and one after the window has moved past it. The
  // overlap is shortened so the benchmark need not wait out the shipped five minutes; only how long
  // the writeback stays in view depends on it.
  const fullConfig = configWithSync(join(work, 'config-full'), { initialLookbackDays: FULL_LOOKBACK_DAYS, overlapSeconds: BENCH_OVERLAP_SECONDS });
  runs['full'] = await benchSyncRun({
    ...common,
    label: 'full',
    lookbackDays: FULL_LOOKBACK_DAYS,
    overlapSeconds: BENCH_OVERLAP_SECONDS,
    configDir: fullConfig,
    cycles: 4,
    // Before cycle 3, so that cycle 4's window (from cycle 3's start minus the overlap) begins after the writeback.
    pauseBeforeMs: { 3: (BENCH_OVERLAP_SECONDS + 2) * 1000 },
  });
  // The shipped configuration's first cycle, which reads only the last 30 days.
  runs['shipped'] = await benchSyncRun({
    ...common,
    label: 'shipped',
    lookbackDays: config.handoff.sync.initialLookbackDays,
    overlapSeconds: config.handoff.sync.overlapSeconds,
    configDir: SHIPPED_CONFIG,
    cycles: 1,
  });
  const h = dataset.hubspot;
  return {
    at: new Date().toISOString(),
    node: process.version,
    dataset: {
      contacts: CONTACTS,
      seed: SEED,
      activitiesPerContact: ACTIVITIES_PER_CONTACT,
      engagements: Object.fromEntries(ENGAGEMENT_OBJECTS.map((k) => [k, h[k as 'emails' | 'calls' | 'meetings' | 'notes'].length])),
      salesforceLeads: dataset.salesforce.Lead.length,
      salesforceContacts: dataset.salesforce.Contact.length,
      users: dataset.salesforce.User.length,
    },
    limits: { tier: config.handoff.hubspot.tier, searchPerSecond: config.handoff.hubspot.searchPerSecond, rateShare: config.handoff.hubspot.rateShare },
    targets: { salesforceRatio: TARGETS.salesforceRatio, quietHubspotCalls: TARGETS.quietHubspotCalls, quietSalesforceCalls: TARGETS.quietSalesforceCalls },
    runs,
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { only: { type: 'string' }, keep: { type: 'boolean' } } });
  const only = values.only;
  if (only !== undefined && !['sync', 'transform', 'docs'].includes(only)) throw new Error(`--only takes sync, transform or docs, got "${only}"`);
  if (only === 'docs') {
    updateDocs(readResults());
    log('docs/benchmarks.md regenerated');
    return;
  }
  const config = loadConfig({ env: {}, dir: SHIPPED_CONFIG });
  const t = performance.now();
  // The sandbox org gets the users routing.yaml names, as `handoff sandbox` and the tests do.
  let dataset: Dataset | null = withUsers(generateDataset({ contacts: CONTACTS, seed: SEED, activitiesPerContact: ACTIVITIES_PER_CONTACT }), routingUsers(config.routing));
  log(`generated ${CONTACTS} contacts in ${((performance.now() - t) / 1000).toFixed(1)} s`);

  const work = mkdtempSync(join(tmpdir(), 'handoff-bench-'));
  try {
    if (only === undefined || only === 'sync') {
      const sync = await benchSync(dataset, config, work);
      saveResults({ sync });
    }
    // After the sync children have stopped, so the passes have the machine to themselves.
    if (only === undefined || only === 'transform') {
      const input = await prepareTransform({ dataset, config, configDir: SHIPPED_CONFIG });
      // The passes run with what a sync process holds (contacts, activities, Salesforce's answers), not the generated dataset.
      dataset = null;
      const result = benchTransform(input, { passes: TRANSFORM_PASSES, log });
      const transform: TransformResults = { at: new Date().toISOString(), node: process.version, targetContactsPerSecond: TARGETS.contactsPerSecond, ...result };
      log(`transform: ${transform.contactsPerSecond} contacts/s (median of ${transform.passes} passes: ${transform.medianMs} ms)`);
      saveResults({ transform });
    }
  } finally {
    // --keep leaves the state databases and the dataset for a look at the ledger afterwards.
    if (values.keep) log(`kept ${work}`);
    else rmSync(work, { recursive: true, force: true });
  }
  const all = readResults();
  updateDocs(all);
  process.stdout.write(`${JSON.stringify({ sync: all.sync, transform: all.transform }, null, 2)}\n`);
  log('done: bench/results.json and docs/benchmarks.md updated');
}

await main();
