/**
 * The rate governor's proof (run by `npm run bench:governor`, figures in docs/benchmarks.md):
 * a backfill against the HubSpot sandbox at its real limits (professional tier: 190 requests per
 * rolling 10 s), with the shipped configuration (Handoff's share: 50%, so 95 per 10 s). From the
 * sandbox's own request log: the busiest 10-second window, the number of 429s, and the average
 * rate in the steady state as a share of Handoff's allowance.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from '../src/runtime/app.js';
import { loadConfig } from '../src/config/load.js';
import { noopLogger } from '../src/lib/logger.js';
import { runBackfill } from '../src/jobs/backfill/backfill.js';
import { parseBackfillWindow } from '../src/jobs/backfill/window.js';
import { generateDataset, startSandbox, withUsers } from '@handoff/sandbox';
import { TEN_SECOND_LIMITS } from '../src/adapters/hubspot/gateway.js';
import { routingUsers } from '../src/runtime/cli/routing-users.js';
import { saveResults } from './report.js';

const CONTACTS = Number(process.env.GOVERNOR_CONTACTS ?? 20_000);
const WINDOW_MS = 10_000;

export interface GovernorResults {
  contacts: number;
  tier: string;
  sandboxLimitPer10s: number;
  allowedPer10s: number;
  requests: number;
  busiest10s: number;
  responses429: number;
  steadyStateSeconds: number;
  steadyStatePer10s: number;
  shareOfAllowed: number;
  durationSeconds: number;
  at: string;
}

async function main(): Promise<void> {
  const base = loadConfig({ env: {}, dir: 'config' });
  const dataset = withUsers(generateDataset({ contacts: CONTACTS, seed: 3, activitiesPerContact: 5 }), routingUsers(base.routing));
  const sandbox = await startSandbox({ dataset, tier: 'professional' });
  const dir = mkdtempSync(join(tmpdir(), 'handoff-governor-'));
  try {
    const config = loadConfig({ env: { ...sandbox.env, HANDOFF_DATABASE_URL: `sqlite:${join(dir, 'state.db')}` }, dir: 'config' });
    const app = new App({ config, logger: noopLogger });
    const started = Date.now();
    const window = parseBackfillWindow(new Date(started - 400 * 86_400_000).toISOString().slice(0, 10), undefined, started);
    const out = await runBackfill(await app.deps(), { window });
    await app.close();
    if (out.error) throw out.error;
    const duration = (Date.now() - started) / 1000;

    // The 10-second limit counts every request but search, which has its own per-second limit.
    const entries = sandbox.control.hubspot.log.entries().filter((e) => !e.path.startsWith('/__sandbox') && !e.path.endsWith('/search'));
    const times = entries.map((e) => e.at).sort((a, b) => a - b);
    let busiest = 0;
    for (let i = 0, j = 0; i < times.length; i++) {
      while ((times[i] ?? 0) - (times[j] ?? 0) >= WINDOW_MS) j++;
      busiest = Math.max(busiest, i - j + 1);
    }
    const responses429 = sandbox.control.hubspot.log.entries().filter((e) => e.status === 429).length;
    // Steady state: leave out the first and last 10 seconds (start-up, and the tail of the last chunk).
    const first = times[0] ?? 0;
    const last = times[times.length - 1] ?? 0;
    const steady = times.filter((t) => t >= first + WINDOW_MS && t <= last - WINDOW_MS);
    const steadySeconds = Math.max(0, (last - first - 2 * WINDOW_MS) / 1000);
    const allowed = Math.floor(TEN_SECOND_LIMITS.professional * config.handoff.hubspot.rateShare);
    const per10 = steadySeconds > 0 ? (steady.length / steadySeconds) * 10 : 0;
    const results: GovernorResults = {
      contacts: CONTACTS,
      tier: 'professional',
      sandboxLimitPer10s: TEN_SECOND_LIMITS.professional,
      allowedPer10s: allowed,
      requests: entries.length,
      busiest10s: busiest,
      responses429,
      steadyStateSeconds: Math.round(steadySeconds),
      steadyStatePer10s: Math.round(per10 * 10) / 10,
      shareOfAllowed: Math.round((per10 / allowed) * 1000) / 1000,
      durationSeconds: Math.round(duration),
      at: new Date().toISOString(),
    };
    saveResults({ rateGovernor: results });
    process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
  } finally {
    await sandbox.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
