import type { Command } from 'commander';
import { registerBackfillMetrics } from '../../http/backfill-metrics.js';
import { App, clockFromConfig } from '../../app.js';
import { createAlerter } from '../../../adapters/alerts/index.js';
import { assertSchedule } from '../../daemon/cron.js';
import { daemonReadiness } from '../../daemon/readiness.js';
import { runDaemon } from '../../daemon/run-daemon.js';
import { createScheduler } from '../../daemon/scheduler.js';
import { assertSingleDaemonOnSqlite } from '../../daemon/single-daemon.js';
import { LeaderLease } from '../../lease/leader-lease.js';
import { handoffCycle, intervalMs } from '../../daemon/handoff-cycle.js';
import { createMetrics, startHttpServer } from '../../http/index.js';
import { createDashboard } from '../../http/dashboard.js';
import { glossaryPage } from '../../http/glossary-page.js';
import { reviewsSource } from '../../http/reviews-page.js';
import { buildInsightReport } from '../../../jobs/insight/report.js';
import { cliLogger, loadCliConfig } from '../runtime.js';

export function registerDaemon(program: Command): void {
  program
    .command('daemon')
    .description('Run handoff cycles on the schedule in config/handoff.yaml, with /healthz, /readyz and /metrics')
    .option('--port <port>', 'HTTP port (overrides http.port)')
    .addHelpText(
      'after',
      '\nStops gracefully on SIGTERM or SIGINT. With PostgreSQL several daemons may run: one leads, the others stand by.\n' +
        'With SQLite a second daemon on the same file refuses to start.',
    )
    .action(async (opts: { port?: string }) => {
      const config = loadCliConfig();
      assertSchedule(config.handoff.schedule.cron, config.handoff.schedule.timeZone);
      const logger = cliLogger(config);
      const clock = await clockFromConfig(config, logger);
      const bootstrap = new App({ config, logger, clock });
      // Credentials are checked before anything starts, so a bad setup exits 2 at once.
      bootstrap.hubspot();
      const store = await bootstrap.store();
      const lease = new LeaderLease({ store, holder: bootstrap.holder('daemon'), clock, logger });
      await assertSingleDaemonOnSqlite(lease, { clock, logger });
      const metrics = createMetrics();
      registerBackfillMetrics(metrics.registry, store, () => clock.now());
      const startedAt = clock.now();
      const alerter = createAlerter({ config: config.handoff.alerts, env: process.env, logger, clock });
      const scheduler = createScheduler({
        cron: config.handoff.schedule.cron,
        timeZone: config.handoff.schedule.timeZone,
        lease,
        logger,
        clock,
        runCycle: handoffCycle({ config, store, logger, clock, metrics, alerter, startedAt: new Date(startedAt) }),
      });
      const http = await startHttpServer({
        port: opts.port !== undefined ? Number(opts.port) : config.handoff.http.port,
        host: config.handoff.http.host,
        ...(config.env.HANDOFF_HTTP_TOKEN === undefined ? {} : { token: config.env.HANDOFF_HTTP_TOKEN }),
        logger,
        metrics,
        dashboard: createDashboard({
          token: config.env.HANDOFF_HTTP_TOKEN,
          report: (request) => buildInsightReport({ config, clock, state: store }, request),
          glossary: glossaryPage(config, clock),
          reviews: reviewsSource({ config, state: store }),
          logger,
        }),
        readiness: async () => {
          const r = daemonReadiness(scheduler);
          let storeOk = true;
          try {
            await store.getCursor('contacts');
          } catch {
            storeOk = false;
          }
          // Recent enough: a cycle (of any outcome) finished within the stale window, or the daemon is younger than it.
          const window = intervalMs(config.handoff.schedule.cron) * config.handoff.alerts.staleAfterIntervals;
          const last = scheduler.status().lastCycle;
          const lastAt = last ? Date.parse(last.finishedAt) : startedAt;
          const recent = r.role === 'standby' || clock.now() - lastAt <= window;
          const checks = {
            ...r.checks,
            config: { ok: true },
            store: { ok: storeOk },
            lastCycle: { ok: recent, detail: last ? `last cycle finished ${last.finishedAt}` : 'no cycle yet' },
          };
          return { ready: Object.values(checks).every((c) => c.ok), role: r.role, checks };
        },
      });
      logger.info('daemon started', { url: http.url, schedule: config.handoff.schedule.cron, dialect: store.dialect });
      process.exitCode = await runDaemon({ scheduler, httpServer: http, store, logger });
    });
}
