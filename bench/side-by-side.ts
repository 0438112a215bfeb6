/**
 * Side by side (`npm run bench:side-by-side`, figures in docs/benchmarks.md, bench/results.json key
 * `sideBySide`): live leads qualify at a steady pace while a backfill runs beside the sync, both on
 * one state store and one HubSpot budget (sandbox at its real professional-tier limits). The handoff
 * latency of the live leads (from the change in HubSpot to the Task's commit) is measured without
 * the backfill (baseline) and with it; the backfill's calls per window against the share live work
 * left it; and 429s. SIDE_BY_SIDE_CONTACTS sets the portal's size (default 10,000).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from '../src/runtime/app.js';
import { loadConfig } from '../src/config/load.js';
import { noopLogger } from '../src/lib/logger.js';
import { runBackfill } from '../src/jobs/backfill/backfill.js';
import { parseBackfillWindow } from '../src/jobs/backfill/window.js';
import { runSync } from '../src/jobs/sync/run-sync.js';
import { laneRule } from '../src/core/budget-lanes.js';
import { HUBSPOT_WINDOW_MS, TEN_SECOND_LIMITS } from '../src/adapters/hubspot/gateway.js';
import { openStateStore } from '../src/adapters/state/index.js';
import type { BudgetLane } from '../src/ports/budget.js';
import type { StateStore } from '../src/ports/state.js';
import { generateDataset, startSandbox, withUsers } from '@handoff/sandbox';
import { routingUsers } from '../src/runtime/cli/routing-users.js';
import { holdJobLease, JOB_LEASES } from '../src/runtime/lease/writer-lock.js';
import { saveResults } from './report.js';

const CONTACTS = Number(process.env.SIDE_BY_SIDE_CONTACTS ?? 10_000);
const LIVE_LEADS = Number(process.env.SIDE_BY_SIDE_LIVE ?? 15);
const LIVE_EVERY_MS = Number(process.env.SIDE_BY_SIDE_LIVE_EVERY_MS ?? 4_000);
const SYNC_EVERY_MS = 2_000;

interface Call {
  lane: BudgetLane;
  at: number;
  budget: string;
}

const pct = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? 0 : (s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] ?? 0);
};

/** The store, with every budget grant recorded by lane (the benchmark's view of each lane's calls). */
function recording(store: StateStore, calls: Call[]): StateStore {
  const inner = store.budget;
  // Typed as the port, so a method the ledger gains cannot go missing here.
  const budget: StateStore['budget'] = {
    take: async (...args) => {
      const grant = await inner.take(...args);
      if (grant.ok) calls.push({ lane: args[1], at: Date.now(), budget: args[0].budget });
      return grant;
    },
    usage: inner.usage.bind(inner),
    takeDaily: inner.takeDaily.bind(inner),
    returnDaily: inner.returnDaily.bind(inner),
    daily: inner.daily.bind(inner),
  };
  return Object.create(store, { budget: { value: budget }, close: { value: () => Promise.resolve() } }) as StateStore;
}

async function main(): Promise<void> {
  const base = loadConfig({ env: {}, dir: 'config' });
  const dataset = withUsers(generateDataset({ contacts: CONTACTS, seed: 5, activitiesPerContact: 1 }), routingUsers(base.routing));
  const sandbox = await startSandbox({ dataset, tier: 'professional' });
  const dir = mkdtempSync(join(tmpdir(), 'handoff-side-by-side-'));
  const calls: Call[] = [];
  try {
    const config = loadConfig({ env: { ...sandbox.env, HANDOFF_DATABASE_URL: `sqlite:${join(dir, 'state.db')}` }, dir: 'config' });
    const raw = await openStateStore(config.env.HANDOFF_DATABASE_URL ?? '');
    const store = recording(raw, calls);
    const holder = (command: string): { id: string; pid: number; host: string; command: string } => ({ id: `${command}:${Date.now()}`, pid: process.pid, host: 'bench', command });
    const live = new App({ config, logger: noopLogger, store });
    const syncOnce = async (): Promise<void> => {
      await holdJobLease({ store: raw, clock: live.clock, holder: holder('sync'), job: JOB_LEASES.sync, ttlMs: 30_000 }, async (fence) => {
        const out = await runSync(await live.deps(), { fence });
        if (out.error) throw out.error;
      });
    };
    // A daemon in its steady state: the cursor at now, so a cycle reads only what changes from here.
    await raw.setCursor('contacts', new Date().toISOString());
    await syncOnce();

    // Contacts that become leads, from the portal (so the backfill scans them too).
    // Archived contacts cannot be edited (HubSpot answers 404), so they are never picked.
    const candidates = dataset.hubspot.contacts.filter((c) => !c.archived).map((c) => String((c as { id: unknown }).id)).reverse();
    let next = 0;
    const phase = async (name: string): Promise<number[]> => {
      const pending = new Map<string, number>();
      const latencies: number[] = [];
      let made = 0;
      const maker = setInterval(() => {
        if (made >= LIVE_LEADS) return;
        const id = candidates[next++] ?? '';
        made += 1;
        sandbox.control.hubspot.updateContact(id, { jobtitle: 'VP Marketing', numemployees: '1500', country: 'US', state: 'CA', industry: 'Software', lifecyclestage: 'lead' });
        for (let i = 0; i < 2; i++) sandbox.control.hubspot.logEngagement(id, 'meetings', { hs_meeting_outcome: 'COMPLETED', hs_timestamp: new Date().toISOString() });
        pending.set(id, Date.now());
      }, LIVE_EVERY_MS);
      try {
        while (latencies.length < LIVE_LEADS) {
          const started = Date.now();
          await syncOnce();
          const done = await raw.getHandoffRecords([...pending.keys()]);
          for (const [id, rec] of done) {
            if (rec.salesforceTaskId === null) continue;
            latencies.push(Date.now() - (pending.get(id) ?? Date.now()));
            pending.delete(id);
          }
          await new Promise((r) => setTimeout(r, Math.max(0, SYNC_EVERY_MS - (Date.now() - started))));
        }
      } finally {
        clearInterval(maker);
      }
      process.stderr.write(`${name}: p50 ${pct(latencies, 50)} ms, p99 ${pct(latencies, 99)} ms\n`);
      return latencies;
    };

    const baseline = await phase('baseline');

    // The backfill beside it, in its own lane, on the same store and budget.
    const stop = new AbortController();
    const backfillApp = new App({ config, logger: noopLogger, store, lane: 'backfill', signal: stop.signal });
    const window = parseBackfillWindow(new Date(Date.now() - 400 * 86_400_000).toISOString().slice(0, 10), undefined, Date.now());
    const from = Date.now();
    const backfill = holdJobLease({ store: raw, clock: backfillApp.clock, holder: holder('backfill'), job: window.checkpoint, ttlMs: 30_000 }, async (fence) =>
      runBackfill(await backfillApp.deps(), { window, fence, signal: stop.signal }),
    ).catch((e: unknown) => e);
    const withBackfill = await phase('with backfill');
    const to = Date.now();
    stop.abort();
    await backfill;

    // Each full window of the measured phase: what the rule left the backfill, and what it took.
    const full = TEN_SECOND_LIMITS.professional * config.handoff.hubspot.rateShare;
    const rule = laneRule('hubspot:10s', HUBSPOT_WINDOW_MS.general, full, { maxShare: config.handoff.backfill.maxShare, liveReserve: config.handoff.budget.liveReserve });
    const general = calls.filter((c) => c.budget === 'hubspot:10s' && c.at >= from && c.at < to);
    const windows: { live: number; backfill: number; left: number }[] = [];
    for (let t = from; t + rule.windowMs <= to; t += rule.windowMs) {
      const inW = general.filter((c) => c.at >= t && c.at < t + rule.windowMs);
      const liveCalls = inW.filter((c) => c.lane === 'live').length;
      const backfillCalls = inW.length - liveCalls;
      windows.push({ live: liveCalls, backfill: backfillCalls, left: Math.max(0, Math.min(rule.backfillLimit, rule.limit - rule.reserve - liveCalls)) });
    }
    const left = windows.reduce((n, w) => n + w.left, 0);
    const took = windows.reduce((n, w) => n + w.backfill, 0);
    const rateLimited = sandbox.control.hubspot.log.entries().filter((e) => e.status === 429).length;
    const results = {
      contacts: CONTACTS,
      liveLeads: LIVE_LEADS,
      liveEveryMs: LIVE_EVERY_MS,
      syncEveryMs: SYNC_EVERY_MS,
      liveLatencyMs: { p50: pct(withBackfill, 50), p99: pct(withBackfill, 99) },
      baselineLatencyMs: { p50: pct(baseline, 50), p99: pct(baseline, 99) },
      backfillShareUsed: left > 0 ? Math.round((took / left) * 1000) / 1000 : 0,
      rateLimited,
      limits: { per10s: rule.limit, backfillMax: rule.backfillLimit, liveReserve: rule.reserve },
      callsPerWindow: windows,
      at: new Date().toISOString(),
    };
    saveResults({ sideBySide: results });
    process.stdout.write(`${JSON.stringify({ ...results, callsPerWindow: `${windows.length} windows` }, null, 2)}\n`);
    await raw.close();
  } finally {
    await sandbox.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
