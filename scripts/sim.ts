/**
 * A month (or any number of days) of Handoff with the sandbox's sales floor:
 *   npm run sim -- [--days 30] [--seed 1] [--contacts 2000] [--arrivals N] [--start 2026-03-02T08:00:00Z] [--json]
 * Deterministic: the same arguments give the same result (docs/sandbox.md, "The sales floor").
 */
import { parseArgs } from 'node:util';
import { DEFAULT_SIM_START, runSimulation, syncJob } from '../src/runtime/sim/run-sim.js';
import { feedbackJob } from '../src/runtime/sim/feedback-job.js';
import { slaJob } from '../src/runtime/sim/sla-job.js';
import { slaLine } from '../src/runtime/sim/floor-summary.js';
import { dayLine } from '../src/runtime/sim/floor-summary.js';
import type { SimDay } from '../src/runtime/sim/run-sim.js';
import { loadSandbox } from '../src/runtime/cli/sandbox-package.js';

function usage(message: string): never {
  process.stderr.write(`sim: ${message}\nusage: npm run sim -- [--days N] [--seed S] [--contacts N] [--arrivals N] [--start ISO] [--json]\n`);
  process.exit(2);
}

function whole(value: string, flag: string, min: number, max: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) usage(`${flag} must be a whole number from ${min} to ${max}, got "${value}"`);
  return n;
}

let args;
try {
  args = parseArgs({
    options: {
      days: { type: 'string', default: '30' },
      seed: { type: 'string', default: '1' },
      contacts: { type: 'string', default: '2000' },
      arrivals: { type: 'string' },
      start: { type: 'string', default: DEFAULT_SIM_START },
      json: { type: 'boolean', default: false },
    },
  }).values;
} catch (err) {
  usage(err instanceof Error ? err.message : String(err));
}
const days = whole(args.days, '--days', 0, 365);
const seed = whole(args.seed, '--seed', -2_147_483_648, 2_147_483_647);
const contacts = whole(args.contacts, '--contacts', 1, 200_000);
// By default one contact in a hundred shows fresh interest each working day.
const arrivalsPerDay = args.arrivals === undefined ? Math.round(contacts / 100) : whole(args.arrivals, '--arrivals', 0, 100_000);
if (Number.isNaN(Date.parse(args.start))) usage(`--start must be an ISO instant, got "${args.start}"`);

const line = (d: SimDay): string => dayLine(d);

const started = Date.now();
const result = await runSimulation({
  sandbox: await loadSandbox('demo'),
  days,
  seed,
  contacts,
  arrivalsPerDay,
  start: args.start,
  configDir: process.env.HANDOFF_CONFIG_DIR || 'config',
  jobs: [syncJob, feedbackJob, slaJob()],
  onDay: (d) => {
    if (!args.json) process.stderr.write(`${line(d)}\n`);
  },
});
const wallMs = Date.now() - started;
if (args.json) {
  process.stdout.write(`${JSON.stringify(result)}\n`);
} else {
  const f = result.floor;
  const won = Object.entries(f.amountWon).map(([c, a]) => `${a.toLocaleString('en-US')} ${c}`).join(', ') || 'nothing';
  process.stdout.write(
    [
      `${days} simulated days from ${result.start} (seed ${seed}, ${contacts} contacts, ${result.arrivals} showing fresh interest) in ${(wallMs / 1000).toFixed(1)} s`,
      ...Object.entries(result.jobs).map(([name, j]) =>
        name === 'sla' ? `  sla       ${slaLine(j.totals)}` : `  ${name.padEnd(9)} ${j.cycles} cycles, ${j.totals.hubspotCalls ?? 0} HubSpot and ${j.totals.salesforceCalls ?? 0} Salesforce calls`,
      ),
      `  handoffs  ${f.handoffs}: ${f.touched} touched, ${f.tasksClosed} Tasks closed, ${f.meetingsHeld} met, ${f.converted} converted, ${f.disqualified} disqualified`,
      `  deals     ${f.opportunities} opportunities, ${f.won} won, ${f.lost} lost; won ${won}`,
      ...(f.problems > 0 ? [`  problems  ${f.problems} rep saves refused by the org (see --json truth.problems)`] : []),
      `  state     ${result.agreement.withEpisode} of ${result.agreement.handoffs} handoffs have an episode; agrees with the floor on ` +
        Object.entries(result.agreement.facts).map(([name, a]) => `${name} ${a.agree}/${a.agree + a.disagree}`).join(', '),
      ...Object.entries(result.agreement.facts).filter(([, a]) => a.disagree > 0).map(([name, a]) => `            ${name} differs for ${a.examples.join(', ')}${a.disagree > a.examples.length ? ', …' : ''}`),
      `  state     ${result.stateFile}`,
      '',
    ].join('\n'),
  );
}
