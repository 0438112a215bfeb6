import { describe, expect, it } from 'vitest';
import * as sandbox from '@handoff/sandbox';
import { runSimulation, syncJob } from '../../src/runtime/sim/run-sim.js';
import { feedbackJob } from '../../src/runtime/sim/feedback-job.js';
import { slaJob } from '../../src/runtime/sim/sla-job.js';
import type { SimResult } from '../../src/runtime/sim/run-sim.js';
import { CONFIG_DIR } from '../helpers/pipeline.js';

const sim = (seed: number): Promise<SimResult> => runSimulation({ sandbox, days: 2, seed, contacts: 150, arrivalsPerDay: 6, configDir: CONFIG_DIR, jobs: [syncJob, feedbackJob, slaJob()] });
const comparable = ({ stateFile: _s, salesforceUrl: _u, ...rest }: SimResult): Omit<SimResult, 'stateFile' | 'salesforceUrl'> => rest;

/** The simulation (npm run sim): Handoff's sync and the sales floor on one stepped clock. */
describe('runSimulation', () => {
  it('gives the same org, reports and floor for the same seed, and another for another seed', { timeout: 300_000 }, async () => {
    const a = await sim(5);
    const b = await sim(5);
    const c = await sim(6);
    expect(comparable(b)).toEqual(comparable(a));
    expect(c.truth.handoffs).not.toEqual(a.truth.handoffs);
    expect(a.jobs.sync?.cycles).toBe(2 * 24 + 1);
    expect(a.jobs.feedback?.cycles).toBe(2 * 24 + 1);
    // The SLA watch on the shipped config (sla.cron null): a pass every 15 simulated minutes after the start.
    expect([a.jobs.sla?.cycles, a.jobs.sla?.totals.passes]).toEqual([2 * 96 + 1, 2 * 96]);
    // Every handoff the floor worked is an episode in the state, which the agreement compares fact by fact.
    expect(a.agreement.withEpisode).toBe(a.agreement.handoffs);
    expect(a.floor.handoffs).toBe(a.jobs.sync?.totals.tasksCreated);
    expect(a.floor.touched).toBeGreaterThan(0);
    expect(a.days.map((d) => d.date)).toEqual(['2026-03-03', '2026-03-04']);
    // Handoffs come on the first cycle and then as marketing's arrivals qualify, on the simulation's clock.
    expect(a.arrivals).toBeGreaterThan(5);
    const days = new Set(a.truth.handoffs.map((h) => h.handedOffAt.slice(0, 10)));
    expect(days.size).toBeGreaterThan(1);
    expect([...days].every((d) => d >= '2026-03-02' && d <= '2026-03-04')).toBe(true);
  });
});
