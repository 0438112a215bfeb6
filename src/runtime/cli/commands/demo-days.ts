import { openStateStore } from '../../../adapters/state/index.js';
import { feedbackJob } from '../../sim/feedback-job.js';
import { dayLine, slaLine } from '../../sim/floor-summary.js';
import { slaJob } from '../../sim/sla-job.js';
import { runSimulation, syncJob } from '../../sim/run-sim.js';
import type { SimOptions } from '../../sim/run-sim.js';
import { printJson } from '../runtime.js';
import { printText } from '../terminal.js';

/**
 * `handoff demo --days N` (N > 0): the handoff, then N simulated days of the sandbox's sales floor
 * with the sync and the feedback pass running hourly and the SLA watch with the notifier as the daemon
 * runs them on `sla.cron`, all on the simulated clock; prints what happened.
 */
export async function demoDays(opts: { sandbox: SimOptions['sandbox']; days: number; seed: number; contacts: number; configDir: string; json: boolean }): Promise<{ stateFile: string; start: string; end: string }> {
  const out = (s: string): void => void (opts.json ? undefined : printText(`${s}\n`));
  out(`Generating ${opts.contacts} HubSpot contacts (seed ${opts.seed}), handing off the qualified ones, then ${opts.days} simulated days of the sales floor…\n`);
  const result = await runSimulation({
    sandbox: opts.sandbox,
    days: opts.days,
    seed: opts.seed,
    contacts: opts.contacts,
    configDir: opts.configDir,
    jobs: [syncJob, feedbackJob, slaJob()],
    onDay: (d) => out(dayLine(d)),
  });
  const sync = result.jobs.sync?.totals ?? {};
  const feedback = result.jobs.feedback?.totals ?? {};
  const sla = result.jobs.sla?.totals ?? {};
  const store = await openStateStore(`sqlite:${result.stateFile}`);
  const episodes = await store.listEpisodes();
  await store.close();
  const touched = episodes.filter((e) => e.responseBusinessMinutes !== null).map((e) => e.responseBusinessMinutes as number).sort((a, b) => a - b);
  const median = touched.length > 0 ? touched[Math.floor(touched.length / 2)] : null;
  const met = episodes.filter((e) => e.slaMet === true).length;
  const judged = episodes.filter((e) => e.slaMet !== null).length;
  const byStatus: Record<string, number> = {};
  for (const e of episodes) byStatus[e.salesStatus] = (byStatus[e.salesStatus] ?? 0) + 1;
  const summary = {
    days: opts.days,
    seed: opts.seed,
    contacts: opts.contacts,
    start: result.start,
    end: result.end,
    handoffs: episodes.length,
    firstTouched: touched.length,
    medianResponseBusinessMinutes: median,
    slaMet: met,
    slaJudged: judged,
    salesStatus: byStatus,
    sync: { cycles: result.jobs.sync?.cycles ?? 0, ...sync },
    feedback: { cycles: result.jobs.feedback?.cycles ?? 0, ...feedback },
    sla: {
      passes: sla.passes ?? 0,
      reminders: sla.reminders ?? 0,
      escalations: sla.escalations ?? 0,
      reassignments: sla.reassignments ?? 0,
      messagesSent: sla.messagesSent ?? 0,
      messagesFailed: sla.messagesFailed ?? 0,
    },
    floor: result.floor,
    stateFile: result.stateFile,
  };
  if (opts.json) {
    printJson(summary);
  } else {
    const f = result.floor;
    out('');
    out(`Handed off ${episodes.length} leads; sales touched ${touched.length}${median === null ? '' : `, median response ${median} business minutes`}; SLA met ${met} of ${judged} judged`);
    out(`Sales status now: ${Object.entries(byStatus).map(([k, v]) => `${v} ${k.replace('_', ' ')}`).join(', ')}`);
    out(`Deals: ${f.opportunities} opportunities, ${f.won} won, ${f.lost} lost`);
    out(`Sync:     ${summary.sync.cycles} cycles, ${sync.hubspotCalls ?? 0} HubSpot and ${sync.salesforceCalls ?? 0} Salesforce calls`);
    out(`Feedback: ${summary.feedback.cycles} passes, ${feedback.hubspotUpdates ?? 0} HubSpot contact updates, ${feedback.hubspotCalls ?? 0} HubSpot and ${feedback.salesforceCalls ?? 0} Salesforce calls`);
    out(`SLA watch: ${slaLine(sla)}`);
    out(`\nState (episodes, cursors, ledger) is in ${result.stateFile}`);
  }
  return { stateFile: result.stateFile, start: result.start, end: result.end };
}
