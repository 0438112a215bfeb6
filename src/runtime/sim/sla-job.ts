import { hostname } from 'node:os';
import { HandoffError } from '../../domain/errors.js';
import type { Deps } from '../../jobs/deps.js';
import { slaPassRunner } from '../daemon/sla-pass.js';
import type { SlaPassResult } from '../daemon/sla-pass.js';
import { JOB_LEASES } from '../lease/writer-lock.js';
import type { SimJob } from './run-sim.js';

/** The watch's schedule in the simulation when handoff.yaml leaves `sla.cron` null: every step. */
export const SIM_SLA_CRON = '*/15 * * * *';
/** The `sla` lease is taken for each step's pass; nothing renews it (the simulated clock only moves between steps). */
const SIM_LEASE_MS = 3_600_000;

/** The numbers of one call, as the simulation sums them per job. */
export function slaJobReport(r: SlaPassResult): Record<string, number> {
  const w = r.watch;
  return {
    passes: w === null ? 0 : 1,
    overdueSeen: w?.overdue ?? 0,
    reminders: w?.reminders.length ?? 0,
    escalations: w?.escalations.length ?? 0,
    reassignments: w?.reassignments.length ?? 0,
    reassignmentsApplied: w?.reassignmentsApplied ?? 0,
    messagesQueued: w?.messagesQueued ?? 0,
    messagesSent: r.delivery?.sent ?? 0,
    messagesRetrying: r.delivery?.retrying ?? 0,
    messagesFailed: r.delivery?.failed ?? 0,
  };
}

/**
 * The SLA watch and the notifier as the daemon runs them after each cycle (daemon/sla-pass.ts): at
 * every step of the simulation, a watch pass when `sla.cron` (else SIM_SLA_CRON) has fired since the
 * last one, then the messages that are due, all on the simulated clock. One job per simulation (it
 * remembers when that simulation started). A failure is thrown: the simulation stops, it does not
 * hide it.
 */
export function slaJob(): SimJob {
  let run: ReturnType<typeof slaPassRunner> | null = null;
  return {
    name: 'sla',
    everyMinutes: 15,
    run: async (deps: Deps) => {
      run ??= slaPassRunner({ store: deps.state, clock: deps.clock, cron: deps.config.handoff.sla.cron ?? SIM_SLA_CRON, timeZone: deps.config.handoff.schedule.timeZone });
      const holder = { id: `${hostname()}:${process.pid}:sim-sla`, pid: process.pid, host: hostname(), command: 'sim sla' };
      const lock = await deps.state.acquireLock(JOB_LEASES.sla, holder, SIM_LEASE_MS);
      if (!lock.ok) throw new HandoffError('LOCKED', 'another process holds the sla lease of the simulation state');
      try {
        return { report: slaJobReport(await run(deps, { name: JOB_LEASES.sla, token: lock.token })) };
      } finally {
        await deps.state.releaseLock(JOB_LEASES.sla, lock.token);
      }
    },
  };
}
