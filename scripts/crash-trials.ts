/**
 * The long crash run: thirty (or --trials N) trials of the real CLI SIGKILLed at random points and
 * restarted to completion, each judged against a clean run of the same dataset (test/e2e/crash-harness.ts).
 *   npm run test:crash -- [--trials 30] [--seed 1] [--contacts 1500] [--per-dataset 5] [--chunk-size N] [--write-batch N] [--out bench/crash-results.json]
 * The seed (also HANDOFF_CRASH_SEED) decides datasets, kill points and user changes: a failing trial
 * reproduces with the same seed. Prints a summary table, writes the figures as JSON, exits 1 on any problem.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { Rng } from '@handoff/sandbox';
import { KILL_PHASES, ROOT, disposeDataset, isClean, prepareDataset, runBaseline, runTrial, verdictLines } from '../test/e2e/crash-harness.js';
import type { Baseline, CrashDataset, KillPhase, TrialPlan, TrialResult } from '../test/e2e/crash-harness.js';

const { values } = parseArgs({
  options: {
    trials: { type: 'string', default: '30' },
    seed: { type: 'string' },
    contacts: { type: 'string', default: '1500' },
    'per-dataset': { type: 'string', default: '5' },
    // Contacts per chunk of a cycle (sync.chunkSize); the shipped default when not given.
    'chunk-size': { type: 'string' },
    // Contacts a window gathers before writing them to Salesforce (sync.writeBatch); the shipped default when not given.
    'write-batch': { type: 'string' },
    out: { type: 'string', default: join(ROOT, 'bench', 'crash-results.json') },
  },
});
const trials = Number(values.trials);
const seed = Number(values.seed ?? process.env.HANDOFF_CRASH_SEED ?? Date.now() % 1_000_000);
const contacts = Number(values.contacts);
const perDataset = Math.max(1, Number(values['per-dataset']));
const chunkSize = values['chunk-size'] === undefined ? undefined : Number(values['chunk-size']);
const writeBatch = values['write-batch'] === undefined ? undefined : Number(values['write-batch']);
const sync = { ...(chunkSize === undefined ? {} : { chunkSize }), ...(writeBatch === undefined ? {} : { writeBatch }) };
for (const [name, v] of Object.entries({ trials, seed, contacts, perDataset, ...sync })) {
  if (!Number.isInteger(v) || v < 0) throw new Error(`--${name} must be a non-negative integer`);
}

/** One to three kills; the first cycles through every phase so thirty trials cover each five times. */
function planFor(i: number): TrialPlan {
  const rng = Rng.derive(seed, `plan-${i}`);
  const count = rng.int(1, 3);
  const phases: KillPhase[] = [KILL_PHASES[i % KILL_PHASES.length] as KillPhase];
  while (phases.length < count) phases.push(rng.pick(KILL_PHASES));
  return { phases, changesAfter: rng.int(0, count) };
}

interface PhaseFigures {
  aimed: number;
  killed: number;
  beforeCommit: number;
  afterCommit: number;
  missed: number;
}

const log = (line: string): void => console.log(line);
console.log(`crash trials: ${trials} trials, seed ${seed}, ${contacts} contacts, a new dataset every ${perDataset} trials, chunks of ${chunkSize ?? 'the default'} contacts, Salesforce writes gathered to ${writeBatch ?? 'the default'}`);
const started = Date.now();
const results: (TrialResult & { plan: TrialPlan; datasetSeed: number })[] = [];
const baselines: { datasetSeed: number; tasks: number; leads: number; durationMs: number }[] = [];
let ds: CrashDataset | null = null;
let baseline: Baseline | null = null;
try {
  for (let i = 0; i < trials; i++) {
    const datasetSeed = seed + Math.floor(i / perDataset);
    if (!ds || ds.seed !== datasetSeed || !baseline) {
      if (ds) disposeDataset(ds);
      ds = prepareDataset(datasetSeed, contacts, sync);
      baseline = await runBaseline(ds, { log });
      baselines.push({ datasetSeed, tasks: baseline.expected.tasks.size, leads: baseline.expected.leadCount, durationMs: baseline.durationMs });
      console.log(`dataset ${datasetSeed}: clean run hands off ${baseline.expected.tasks.size} contacts in ${(baseline.durationMs / 1000).toFixed(1)} s`);
    }
    const plan = planFor(i);
    const edits = plan.changesAfter === undefined ? '' : plan.changesAfter === 0 ? '; user edits before the first run' : `; user edits after kill ${plan.changesAfter}`;
    console.log(`trial ${i + 1}/${trials}: kills at ${plan.phases.join(', ')}${edits}`);
    const result = await runTrial(ds, baseline, plan, { seed: seed * 1_000 + i, log });
    results.push({ ...result, plan, datasetSeed });
    const verdict = isClean(result.verdict) ? 'ok' : `PROBLEMS\n${verdictLines(result.verdict).map((l) => `    ${l}`).join('\n')}`;
    console.log(`  ${result.verdict.tasks}/${result.verdict.expectedTasks} Tasks, ${(result.durationMs / 1000).toFixed(1)} s: ${verdict}`);
  }
} finally {
  if (ds) disposeDataset(ds);
}

const byPhase = Object.fromEntries(KILL_PHASES.map((p) => [p, { aimed: 0, killed: 0, beforeCommit: 0, afterCommit: 0, missed: 0 }])) as Record<KillPhase, PhaseFigures>;
for (const r of results) {
  for (const k of r.kills) {
    const f = byPhase[k.phase];
    f.aimed += 1;
    if (!k.killed) f.missed += 1;
    else {
      f.killed += 1;
      if (k.committed) f.afterCommit += 1;
      else f.beforeCommit += 1;
    }
  }
}
const sum = (pick: (r: TrialResult) => number): number => results.reduce((n, r) => n + pick(r), 0);
const figures = {
  at: new Date().toISOString(),
  node: process.version,
  seed,
  contactsPerDataset: contacts,
  chunkSize: chunkSize ?? null,
  writeBatch: writeBatch ?? null,
  datasets: baselines,
  trials: results.length,
  kills: sum((r) => r.kills.filter((k) => k.killed).length),
  killsByPhase: byPhase,
  restartsToCompletion: sum((r) => r.completionRuns),
  handoffsChecked: sum((r) => r.verdict.expectedTasks),
  lost: sum((r) => r.verdict.lost.length),
  duplicates: sum((r) => r.verdict.duplicates.length),
  mismatches: sum((r) => r.verdict.mismatches.length),
  ledgerProblems: sum((r) => r.verdict.ledger.length),
  writebackProblems: sum((r) => r.verdict.writeback.length),
  failedTrials: results.filter((r) => !isClean(r.verdict)).map((r) => ({ trialSeed: r.seed, datasetSeed: r.datasetSeed, plan: r.plan, problems: verdictLines(r.verdict, 10) })),
  durationSeconds: Math.round((Date.now() - started) / 1000),
  meanTrialSeconds: Math.round(sum((r) => r.durationMs) / Math.max(1, results.length) / 100) / 10,
};

const pad = (s: string | number, n: number): string => String(s).padStart(n);
console.log('\nphase          aimed  killed  before commit  after commit  missed');
for (const [phase, f] of Object.entries(byPhase)) {
  console.log(`${phase.padEnd(13)} ${pad(f.aimed, 6)} ${pad(f.killed, 7)} ${pad(f.beforeCommit, 14)} ${pad(f.afterCommit, 13)} ${pad(f.missed, 7)}`);
}
console.log(`\ntrials ${figures.trials}, kills ${figures.kills}, handoffs checked ${figures.handoffsChecked}`);
console.log(`lost ${figures.lost}, duplicates ${figures.duplicates}, mismatches ${figures.mismatches}, ledger ${figures.ledgerProblems}, writeback ${figures.writebackProblems}`);
console.log(`time ${figures.durationSeconds} s (${figures.meanTrialSeconds} s per trial)`);
mkdirSync(dirname(values.out), { recursive: true });
writeFileSync(values.out, `${JSON.stringify(figures, null, 2)}\n`);
console.log(`figures written to ${values.out}`);
if (figures.failedTrials.length > 0) process.exitCode = 1;
