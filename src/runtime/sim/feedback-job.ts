import { runFeedback } from '../../jobs/feedback/run-feedback.js';
import type { SimJob } from './run-sim.js';

/** The feedback pass as the simulation runs it: hourly, like the sync, on the same clock. */
export const feedbackJob: SimJob = {
  name: 'feedback',
  everyMinutes: 60,
  run: async (deps) => {
    const { report } = await runFeedback(deps);
    return { report: { ...report } };
  },
};
