import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { disposeDataset, prepareDataset, runBaseline, runTrial, verdictLines } from './crash-harness.js';
import type { Baseline, CrashDataset, TrialPlan } from './crash-harness.js';

/**
 * The real CLI, SIGKILLed mid-read, right as Lead and Task collections arrive, while a collection is
 * held in flight (it lands after the kill) and at the HubSpot writeback, then restarted until a cycle
 * has nothing left to write. The org must match a clean run of the same dataset: every handoff once,
 * no duplicate Lead or Task, and the state's ledger agreeing with Salesforce and the writeback.
 * `npm run test:crash` runs thirty such trials; HANDOFF_CRASH_SEED reproduces a failure here,
 * HANDOFF_CRASH_CHUNK_SIZE sets `sync.chunkSize` and HANDOFF_CRASH_WRITE_BATCH `sync.writeBatch`.
 */
const SEED = Number(process.env.HANDOFF_CRASH_SEED ?? 20_261_123);
const CONTACTS = 1_500;
// Cycles in chunks of this many contacts: the window is several chunks, so duplicate pairs
// straddle chunk edges and kills land between one chunk's commit and the next.
const CHUNK_SIZE = Number(process.env.HANDOFF_CRASH_CHUNK_SIZE ?? 250);
// Few enough that chunks hold contacts back for later writes and then write collections mid-window,
// so kills land while contacts wait, pending, for a later chunk's write.
const WRITE_BATCH = Number(process.env.HANDOFF_CRASH_WRITE_BATCH ?? 30);

const TRIALS: TrialPlan[] = [
  { phases: ['lead-write', 'task-write'], changesAfter: 1 },
  { phases: ['in-flight'], changesAfter: 0 },
  { phases: ['writeback', 'read'], changesAfter: 1 },
];

describe(`crash safety of handoff sync (seed ${SEED}, chunks of ${CHUNK_SIZE}, writes of ${WRITE_BATCH})`, () => {
  let ds: CrashDataset;
  let baseline: Baseline;

  beforeAll(async () => {
    console.log(`crash trials: seed ${SEED}, ${CONTACTS} contacts, chunks of ${CHUNK_SIZE}, writes of ${WRITE_BATCH} (HANDOFF_CRASH_SEED=${SEED} HANDOFF_CRASH_CHUNK_SIZE=${CHUNK_SIZE} HANDOFF_CRASH_WRITE_BATCH=${WRITE_BATCH} reproduce)`);
    ds = prepareDataset(SEED, CONTACTS, { chunkSize: CHUNK_SIZE, writeBatch: WRITE_BATCH });
    baseline = await runBaseline(ds);
    // Enough to make the trials mean something.
    expect(baseline.expected.tasks.size).toBeGreaterThan(50);
  }, 300_000);
  afterAll(() => {
    if (ds) disposeDataset(ds);
  });

  it.each(TRIALS.map((plan, i) => [plan.phases.join(' then '), plan, i] as const))(
    'killed at %s: nothing lost, nothing duplicated, the ledger reconciles',
    async (_name, plan, i) => {
      const lines: string[] = [];
      const result = await runTrial(ds, baseline, plan, { seed: SEED + i, log: (l) => lines.push(l) });
      const why = `seed ${SEED + i}\n${lines.join('\n')}\n${verdictLines(result.verdict).join('\n')}`;
      expect(result.kills.some((k) => k.killed), why).toBe(true);
      expect(verdictLines(result.verdict), why).toEqual([]);
      expect(result.verdict.tasks).toBe(baseline.expected.tasks.size);
    },
    300_000,
  );
});
