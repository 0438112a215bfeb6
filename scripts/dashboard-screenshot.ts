/**
 * Makes docs/dashboard.png: simulated weeks of the sandbox's sales floor on its own clock (the sync
 * and the feedback pass hourly, the SLA watch on sla.cron, fresh interest every working day), then
 * the dashboard over that state, served on loopback and photographed in Debian's headless Chromium
 * (playwright-core, never a downloaded browser).
 *
 *   node --conditions=source --import tsx scripts/dashboard-screenshot.ts [--days 28] [--out docs/dashboard.png]
 *
 * Deterministic data (seed 15): the same arguments give the same figures.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { openStateStore } from '../src/adapters/state/index.js';
import { loadConfig } from '../src/config/load.js';
import { noopLogger } from '../src/lib/logger.js';
import type { Clock } from '../src/ports/clock.js';
import { startDemoDashboard } from '../src/runtime/cli/demo-insight.js';
import { loadSandbox } from '../src/runtime/cli/sandbox-package.js';
import { feedbackJob } from '../src/runtime/sim/feedback-job.js';
import { runSimulation, syncJob } from '../src/runtime/sim/run-sim.js';
import { slaJob } from '../src/runtime/sim/sla-job.js';

const ROOT = join(import.meta.dirname, '..');
const CHROMIUM = process.env.HANDOFF_CHROMIUM ?? '/usr/bin/chromium';

const { values } = parseArgs({ options: { days: { type: 'string', default: '28' }, out: { type: 'string', default: join(ROOT, 'docs', 'dashboard.png') } } });
const days = Number(values.days);
if (!Number.isInteger(days) || days < 7 || days > 90) {
  process.stderr.write(`dashboard-screenshot: --days must be a whole number from 7 to 90, got "${values.days}"\n`);
  process.exit(2);
}
if (!existsSync(CHROMIUM)) {
  process.stderr.write(`dashboard-screenshot: ${CHROMIUM} is missing (apt-get install chromium), or set HANDOFF_CHROMIUM\n`);
  process.exit(2);
}

const log = (line: string): void => void process.stderr.write(`${line}\n`);
const configDir = join(ROOT, 'config');
log(`simulating ${days} days of the sales floor…`);
const sim = await runSimulation({
  sandbox: await loadSandbox('demo'),
  days,
  seed: 15,
  contacts: 600,
  arrivalsPerDay: 10,
  configDir,
  jobs: [syncJob, feedbackJob, slaJob()],
  onDay: (d) => log(`  day ${d.day}: ${d.date}`),
});

const config = loadConfig({ env: { HANDOFF_DATABASE_URL: `sqlite:${sim.stateFile}` }, dir: configDir });
const endMs = Date.parse(sim.end);
// The simulation's clock stopped at its end: the dashboard reads the state as of then.
const clock: Clock = { now: () => endMs, sleep: () => Promise.resolve() };
const state = await openStateStore(config.env.HANDOFF_DATABASE_URL);
// No HANDOFF_HTTP_TOKEN in this configuration: the dashboard answers loopback callers only, which this is.
const server = await startDemoDashboard({ config, clock, state, logger: noopLogger, port: 0 });
const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
try {
  // A laptop-wide page, tall enough for the funnel, the SLA and response-time trends and the calibration.
  const page = await browser.newPage({ viewport: { width: 1366, height: 2600 } });
  const since = sim.start.slice(0, 10);
  // Whole ISO weeks (the report's time zone is UTC in the shipped configuration): up to the Sunday before the week the run ended in.
  const end = new Date(endMs);
  const to = new Date(Date.UTC(end.getUTCFullYear(), end.getUTCMonth(), end.getUTCDate() - ((end.getUTCDay() + 6) % 7) - 1)).toISOString().slice(0, 10);
  await page.goto(`${server.url}/dashboard?since=${since}&to=${to}&by=source`);
  await page.getByRole('heading', { name: 'By source' }).waitFor();
  await page.screenshot({ path: values.out });
  log(`wrote ${values.out} (${since} to ${to})`);
} finally {
  await browser.close();
  await server.stop();
  await state.close();
}
