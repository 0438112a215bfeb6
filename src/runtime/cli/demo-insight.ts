import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { openStateStore } from '../../adapters/state/index.js';
import { loadConfig } from '../../config/load.js';
import type { Config } from '../../config/load.js';
import { FUNNEL_STEPS } from '../../core/insight/types.js';
import type { InsightReport } from '../../core/insight/types.js';
import { buildInsightReport } from '../../jobs/insight/report.js';
import type { Logger } from '../../lib/logger.js';
import type { Clock } from '../../ports/clock.js';
import type { StateStore } from '../../ports/state.js';
import { createDashboard } from '../http/dashboard.js';
import { glossaryPage } from '../http/glossary-page.js';
import { reviewsSource } from '../http/reviews-page.js';
import { createMetrics, startHttpServer } from '../http/index.js';
import type { RunningHttpServer } from '../http/index.js';
import { renderInsightHtml } from '../insight/html.js';
import { minutes, num, pct, rateText, STEP_LABELS } from '../insight/format.js';
import { cliLogger } from './runtime.js';
import { printText } from './terminal.js';

/** The few lines the demo ends with: the funnel and the SLA, from the same report `handoff report` prints. */
export function demoSummary(r: InsightReport): string {
  const f = r.funnel;
  const s = r.sla;
  return [
    `Funnel (handed off in the demo, followed to now): ${FUNNEL_STEPS.map((step) => `${STEP_LABELS[step].toLowerCase()} ${num(f[step])}`).join(' → ')}`,
    `  lead to opportunity ${rateText(f.leadToOpportunity)}; win rate ${rateText(f.winRate)}`,
    `SLA: compliance ${s.compliance === null ? '– (no SLA has run out yet)' : `${pct(s.compliance)} (${s.met} of ${s.due})`}, ${s.breaches} breaches, ` +
      `median response ${minutes(s.medianResponseBusinessMinutes)}, p90 ${minutes(s.p90ResponseBusinessMinutes)} (business time)`,
  ].join('\n');
}

export interface DemoInsightDeps {
  config: Config;
  clock: Clock;
  state: StateStore;
}

/** Builds the report over the demo's state, writes `report.html` beside it and returns the report and the path. */
export async function writeDemoReport(deps: DemoInsightDeps, dir: string, since: string): Promise<{ report: InsightReport; htmlFile: string }> {
  const report = await buildInsightReport(deps, { since });
  const htmlFile = join(dir, 'report.html');
  writeFileSync(htmlFile, renderInsightHtml(report));
  return { report, htmlFile };
}

/** The dashboard (its glossary and its reviews) over a state on 127.0.0.1, with HANDOFF_HTTP_TOKEN when set, else for loopback callers. */
export function startDemoDashboard(deps: DemoInsightDeps & { logger: Logger; port: number }): Promise<RunningHttpServer> {
  return startHttpServer({
    port: deps.port,
    host: '127.0.0.1',
    logger: deps.logger,
    metrics: createMetrics({ defaultMetrics: false }),
    readiness: () => Promise.resolve({ ready: true, checks: {} }),
    dashboard: createDashboard({ token: deps.config.env.HANDOFF_HTTP_TOKEN, report: (request) => buildInsightReport(deps, request), glossary: glossaryPage(deps.config, deps.clock), reviews: reviewsSource(deps), logger: deps.logger }),
  });
}

/**
 * `handoff demo --serve`: the dashboard over the demo's state on loopback (or with HANDOFF_HTTP_TOKEN,
 * when set) until SIGINT or SIGTERM.
 */
export async function serveDemoDashboard(deps: DemoInsightDeps & { logger: Logger; port: number }, announce: (url: string) => void): Promise<void> {
  const server = await startDemoDashboard(deps);
  announce(`${server.url}/dashboard`);
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  await server.stop();
}

/**
 * After `demo --days N`: the report over the simulation's state as of its last simulated instant,
 * the funnel and SLA summary, the HTML page beside the state, and with `--serve` the dashboard.
 */
export async function finishDemoDays(opts: { configDir: string; stateFile: string; start: string; end: string; json: boolean; serve: boolean; port: number }): Promise<void> {
  const config = loadConfig({ env: { HANDOFF_DATABASE_URL: `sqlite:${opts.stateFile}` }, dir: opts.configDir });
  const endMs = Date.parse(opts.end);
  // The simulation's clock stopped at its end: the report reads the state as of then.
  const clock: Clock = { now: () => endMs, sleep: () => Promise.resolve() };
  const state = await openStateStore(`sqlite:${opts.stateFile}`);
  try {
    const { report, htmlFile } = await writeDemoReport({ config, clock, state }, dirname(opts.stateFile), opts.start);
    if (!opts.json) {
      printText(`\n${demoSummary(report)}\n`);
      printText(`\nThe report (handoff report --html) is in ${htmlFile}\n`);
    }
    if (opts.serve) {
      await serveDemoDashboard({ config, clock, state, logger: cliLogger(config), port: opts.port }, (url) => printText(`\nThe dashboard is at ${url} (Ctrl-C to stop)\n`));
    }
  } finally {
    await state.close();
  }
}
