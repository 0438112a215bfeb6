import type { DaemonRole } from '../lease/types.js';
import type { ReadinessCheck } from '../http/index.js';
import type { Scheduler } from './scheduler.js';


export interface DaemonReadiness {
  role: DaemonRole;
  checks: { scheduler: ReadinessCheck; lease?: ReadinessCheck };
}

/**
 * The daemon's part of /readyz. A PostgreSQL standby is ready: it is healthy and waiting to take
 * over, and reporting it unready would have orchestrators restart it or page someone for nothing.
 * On SQLite there is no standby, so a daemon that doesn't hold the lease is not ready. A failed
 * cycle doesn't make a daemon unready either: upstream outages are for alerts, not restarts.
 */
export function daemonReadiness(scheduler: Scheduler): DaemonReadiness {
  const status = scheduler.status();
  const schedulerCheck: ReadinessCheck =
    status.state === 'running'
      ? { ok: true, detail: status.nextRunAt ? `next run ${status.nextRunAt}` : 'running' }
      : { ok: false, detail: status.state };
  const lease = scheduler.lease;
  if (!lease) return { role: 'single', checks: { scheduler: schedulerCheck } };

  const fence = lease.fence();
  const expiresAt = lease.expiresAt();
  const held = lease.heldBy();
  const leaderDetail = `holds the "${lease.name}" lease (token ${fence?.token ?? '?'}${expiresAt === undefined ? '' : `, until ${new Date(expiresAt).toISOString()}`})`;
  const standbyDetail = held
    ? `standing by; ${held.holder.command} (pid ${held.holder.pid} on ${held.holder.host}) holds the lease until ${held.expiresAt}`
    : 'standing by';

  if (lease.dialect === 'sqlite') {
    const leaseCheck: ReadinessCheck = lease.role === 'leader' ? { ok: true, detail: leaderDetail } : { ok: false, detail: standbyDetail };
    return { role: 'single', checks: { scheduler: schedulerCheck, lease: leaseCheck } };
  }
  return {
    role: lease.role,
    checks: { scheduler: schedulerCheck, lease: { ok: true, detail: lease.role === 'leader' ? leaderDetail : standbyDetail } },
  };
}
