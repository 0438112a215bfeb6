/**
 * The report's cost (docs/benchmarks.md, "Report"): a year of 100,000 handoffs in a SQLite state,
 * with what sales did to each and a sync run every five minutes (105,120 runs), then
 * `buildInsightReport` for the whole year with every dimension grouped, as `handoff report --json`
 * and `/dashboard/data` run it. Writes bench/results.json under `report`; exits 1 when the median
 * CPU time of a report is above the 2-second target.
 *
 *   node --conditions=source --import tsx bench/insight.ts     (npm run bench:report)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { DatabaseSync } from 'node:sqlite';
import { openStateStore } from '../src/adapters/state/index.js';
import { loadConfig } from '../src/config/load.js';
import type { EpisodeAtHandoff, EpisodePatch } from '../src/domain/episode.js';
import { buildInsightReport } from '../src/jobs/insight/report.js';
import { renderInsightHtml } from '../src/runtime/insight/html.js';
import { ROOT } from './processes.js';
import { saveResults } from './report.js';

const HANDOFFS = Number(process.env.REPORT_HANDOFFS ?? 100_000);
const RUNS_EVERY_MINUTES = 5;
const PASSES = Number(process.env.REPORT_PASSES ?? 5);
const TARGET_MS = 2_000;
const START = Date.parse('2025-12-01T00:00:00.000Z');
const YEAR = 365 * 86_400_000;
const END = START + YEAR;

/** A small seeded generator, so every run measures the same rows. */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const iso = (ms: number): string => new Date(ms).toISOString();
const pick = <T>(r: () => number, list: readonly T[]): T => list[Math.floor(r() * list.length)] as T;

function episodes(): { atHandoff: EpisodeAtHandoff[]; patches: EpisodePatch[] } {
  const r = prng(42);
  const atHandoff: EpisodeAtHandoff[] = [];
  const patches: EpisodePatch[] = [];
  const sources = ['ORGANIC_SEARCH', 'PAID_SEARCH', 'EMAIL_MARKETING', 'SOCIAL_MEDIA', 'REFERRALS', 'DIRECT_TRAFFIC', 'OFFLINE'];
  const teams = ['na', 'emea', 'dach', null];
  const owners = Array.from({ length: 40 }, (_, i) => `005000000000${String(i).padStart(3, '0')}`);
  for (let i = 0; i < HANDOFFS; i++) {
    const handedOff = START + Math.floor(r() * YEAR);
    const score = 50 + Math.floor(r() * 50);
    const grade = score >= 80 ? 'A' : score >= 65 ? 'B' : 'C';
    const tier = grade === 'A' ? 'hot' : grade === 'B' ? 'warm' : 'cool';
    const due = handedOff + (tier === 'hot' ? 4 : tier === 'warm' ? 8 : 24) * 3_600_000;
    const id = String(1_000_000 + i);
    atHandoff.push({
      hubspotId: id, episode: 1, handoffKey: `${id}:1`, handedOffAt: iso(handedOff), salesforceLeadId: `00Q${id}`, salesforceContactId: null,
      salesforceTaskId: `00T${id}`, firstOwnerId: pick(r, owners), team: pick(r, teams), tier, slaDueAt: iso(due), score, grade,
      modelVersion: handedOff < START + YEAR / 2 ? '2025.12-1' : '2026.06-1', source: pick(r, sources), segment: pick(r, ['smb', 'mid', 'enterprise']),
    });
    const q = (score - 50) / 50;
    const touched = r() < 0.85;
    const touchAt = handedOff + Math.floor(r() * 2 * 86_400_000);
    const patch: EpisodePatch = { hubspotId: id, episode: 1 };
    if (touched) Object.assign(patch, { firstTouchAt: iso(touchAt), firstTouchKind: 'task', responseBusinessMinutes: Math.floor(r() * 900), workingAt: iso(touchAt) });
    if (touched && r() < 0.3 + 0.3 * q) {
      const meeting = touchAt + 3 * 86_400_000;
      Object.assign(patch, { meetingAt: iso(meeting), outcome: 'meeting booked', leadQuality: 1 + Math.floor(r() * 5) });
      if (r() < 0.4 + 0.3 * q) {
        const opp = meeting + 5 * 86_400_000;
        const closed = opp + 30 * 86_400_000;
        const won = r() < 0.3 + 0.3 * q;
        Object.assign(patch, {
          convertedAt: iso(opp), opportunityId: `006${id}`, opportunityCreatedAt: iso(opp), opportunityStage: won ? 'Closed Won' : 'Closed Lost',
          opportunityAmount: 1000 + Math.floor(r() * 50_000), currencyIsoCode: pick(r, ['USD', 'EUR']), closedAt: iso(closed), won,
        });
      }
    }
    if (r() < 0.1) Object.assign(patch, { remindedAt: iso(due - 1_800_000), escalatedAt: r() < 0.5 ? iso(due + 3_600_000) : null });
    patches.push(patch);
  }
  return { atHandoff, patches };
}

const log = (line: string): void => void process.stderr.write(`${line}\n`);

const dir = mkdtempSync(join(tmpdir(), 'handoff-report-bench-'));
const file = join(dir, 'handoff.db');
try {
  const store = await openStateStore(`sqlite:${file}`);
  const seedStart = performance.now();
  const { atHandoff, patches } = episodes();
  for (let i = 0; i < atHandoff.length; i += 2_000) {
    await store.commitBatch({ episodes: atHandoff.slice(i, i + 2_000) });
    await store.updateEpisodes(patches.slice(i, i + 2_000));
  }
  await store.close();
  // A year of five-minute sync runs, written in one transaction (the store has no bulk run write).
  const db = new DatabaseSync(file);
  const insert = db.prepare('INSERT INTO runs (id, kind, status, started_at, finished_at, report) VALUES (?, ?, ?, ?, ?, ?)');
  const r = prng(7);
  let runs = 0;
  db.exec('BEGIN');
  for (let t = START; t < END; t += RUNS_EVERY_MINUTES * 60_000) {
    const status = r() < 0.01 ? 'failed' : 'succeeded';
    const report = JSON.stringify({ status, hubspotCalls: 5 + Math.floor(r() * 4), salesforceCalls: Math.floor(r() * 3), salesforceBudget: { used: 1000 + runs, limit: 100_000 }, contactsRead: Math.floor(r() * 50) });
    insert.run(`run-${runs}`, 'sync', status, iso(t), iso(t + 4_000), report);
    runs++;
  }
  db.exec('COMMIT');
  db.close();
  log(`seeded ${HANDOFFS.toLocaleString('en-US')} episodes and ${runs.toLocaleString('en-US')} runs in ${((performance.now() - seedStart) / 1000).toFixed(1)} s`);

  const config = loadConfig({ env: { HANDOFF_DATABASE_URL: `sqlite:${file}` }, dir: join(ROOT, 'config') });
  const clock = { now: () => END, sleep: () => Promise.resolve() };
  const timings: number[] = [];
  const htmlTimings: number[] = [];
  const cpuTimings: number[] = [];
  let handedOff = 0;
  let bytes = 0;
  for (let pass = 0; pass < PASSES; pass++) {
    const reader = await openStateStore(`sqlite:${file}`);
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const report = await buildInsightReport({ config, clock, state: reader }, { since: iso(START), until: iso(END) });
    const json = JSON.stringify(report);
    const t1 = performance.now();
    const cpu = process.cpuUsage(cpu0);
    cpuTimings.push((cpu.user + cpu.system) / 1000);
    renderInsightHtml(report);
    const t2 = performance.now();
    await reader.close();
    timings.push(t1 - t0);
    htmlTimings.push(t2 - t1);
    handedOff = report.funnel.handedOff;
    bytes = json.length;
    log(`pass ${pass + 1}: report ${(t1 - t0).toFixed(0)} ms wall, ${(cpuTimings.at(-1) ?? 0).toFixed(0)} ms CPU (${handedOff} handed off, ${report.health.cycles} cycles), HTML ${(t2 - t1).toFixed(0)} ms`);
  }
  const sorted = [...timings].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)] ?? 0;
  const cpuMedian = [...cpuTimings].sort((a, b) => a - b)[Math.floor(cpuTimings.length / 2)] ?? 0;
  const result = {
    handoffs: HANDOFFS,
    runs,
    period: { since: iso(START), until: iso(END) },
    handedOffInReport: handedOff,
    passes: PASSES,
    medianMs: Math.round(median),
    maxMs: Math.round(sorted[sorted.length - 1] ?? 0),
    cpuMedianMs: Math.round(cpuMedian),
    loadAverage: Number(loadavg()[0]?.toFixed(1)),
    cores: cpus().length,
    htmlMedianMs: Math.round([...htmlTimings].sort((a, b) => a - b)[Math.floor(htmlTimings.length / 2)] ?? 0),
    jsonBytes: bytes,
    targetMs: TARGET_MS,
    node: process.version,
    measuredAt: new Date().toISOString().slice(0, 10),
  };
  saveResults({ report: result });
  log(JSON.stringify(result));
  // The target is judged on CPU time: on a shared machine the wall time mostly measures the wait for a core.
  if (cpuMedian > TARGET_MS) process.exitCode = 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
