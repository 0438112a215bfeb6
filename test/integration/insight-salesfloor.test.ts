import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStateStore } from '../../src/adapters/state/index.js';
import type { StateStore } from '../../src/adapters/state/index.js';
import { loadConfig } from '../../src/config/load.js';
import type { InsightReport } from '../../src/core/insight/types.js';
import { runFeedback } from '../../src/jobs/feedback/run-feedback.js';
import { buildInsightReport } from '../../src/jobs/insight/report.js';
import { loadSandbox } from '../../src/runtime/cli/sandbox-package.js';
import { runSimulation, syncJob } from '../../src/runtime/sim/run-sim.js';
import type { SimJob, SimResult } from '../../src/runtime/sim/run-sim.js';
import { funnelCounts, truthFunnel } from '../helpers/floor-funnel.js';
import { CONFIG_DIR } from '../helpers/pipeline.js';

const feedbackJob: SimJob = {
  name: 'feedback',
  everyMinutes: 60,
  run: async (deps) => {
    const { report } = await runFeedback(deps);
    return { report: { ...report } };
  },
};

/** `npm test` runs HANDOFF_SIM_DAYS (default 3) simulated days; HANDOFF_SIM_DAYS=30 runs the month. */
const DAYS = Number(process.env.HANDOFF_SIM_DAYS ?? 3);

/**
 * Simulated days of the sales floor with the sync and the feedback job running hourly, then
 * the report over the state: its funnel equals what the floor's truth says the reps did.
 */
describe('the report against the sales floor truth', { timeout: 900_000 }, () => {
  let sim: SimResult;
  let store: StateStore;
  let report: InsightReport;

  beforeAll(async () => {
    sim = await runSimulation({ sandbox: await loadSandbox('demo'), days: DAYS, seed: 4, contacts: 400, arrivalsPerDay: 4, configDir: CONFIG_DIR, jobs: [syncJob, feedbackJob] });
    store = await openStateStore(`sqlite:${sim.stateFile}`);
    const config = loadConfig({ env: { HANDOFF_DATABASE_URL: `sqlite:${sim.stateFile}` }, dir: CONFIG_DIR });
    const end = Date.parse(sim.end);
    report = await buildInsightReport({ config, clock: { now: () => end, sleep: () => Promise.resolve() }, state: store }, { since: sim.start, until: new Date(end + 1).toISOString() });
  }, 900_000);
  afterAll(async () => store?.close());

  it('counts every handoff and every step the reps took', () => {
    const config = loadConfig({ env: {}, dir: CONFIG_DIR });
    const working = new Set([...config.handoff.feedback.leadStatus.accepted, ...config.handoff.feedback.leadStatus.working]);
    const want = truthFunnel(sim.truth, working);
    expect(want.handedOff).toBeGreaterThan(5);
    expect(want.touched).toBeGreaterThan(0);
    const f = report.funnel;
    expect(funnelCounts(f)).toEqual(funnelCounts(want));
    const amounts = new Map(f.amountWon.map((a) => [a.currency ?? '', a.amount]));
    for (const [currency, amount] of want.amountWon) expect(amounts.get(currency), currency).toBeCloseTo(amount, 2);
  });

  it('gives the median time to first touch the floor recorded, within an hour (the feedback pass interval)', () => {
    const hours = sim.truth.handoffs
      .filter((h) => h.firstTouch !== null)
      .map((h) => (Date.parse(h.firstTouch?.at ?? '') - Date.parse(h.handedOffAt)) / 3_600_000)
      .sort((a, b) => a - b);
    const mid = (hours.length - 1) / 2;
    const median = ((hours[Math.floor(mid)] ?? 0) + (hours[Math.ceil(mid)] ?? 0)) / 2;
    expect(Math.abs((report.velocity.handoffToFirstTouch.medianHours ?? -1) - median)).toBeLessThanOrEqual(1);
  });
});
