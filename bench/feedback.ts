/**
 * The feedback pass's call cost (`npm run bench:feedback`, figures in docs/benchmarks.md): a sync
 * against the sandbox, reps closing half the handoff Tasks, then feedback passes and syncs. Reports
 * each pass's calls next to its floor: a quiet pass reads one SOQL query per sales object (six, in
 * two API calls) and makes no HubSpot call; the sync after a feedback pass makes no Salesforce call,
 * and once the echo has left its window a quiet cycle is 5 HubSpot calls and 0 Salesforce calls.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { App } from '../src/runtime/app.js';
import { loadConfig } from '../src/config/load.js';
import { noopLogger } from '../src/lib/logger.js';
import { runFeedback } from '../src/jobs/feedback/run-feedback.js';
import type { FeedbackReport } from '../src/jobs/feedback/run-feedback.js';
import { runSync } from '../src/jobs/sync/run-sync.js';
import { generateDataset, startSandbox, withUsers } from '@handoff/sandbox';
import { routingUsers } from '../src/runtime/cli/routing-users.js';
import { saveResults } from './report.js';
import { ROOT } from './processes.js';

const CONTACTS = Number(process.env.FEEDBACK_BENCH_CONTACTS ?? 5_000);
const OVERLAP_SECONDS = 10;
const work = mkdtempSync(join(tmpdir(), 'handoff-bench-feedback-'));

/** The shipped configuration with a short sync overlap, so the echo leaves the window within seconds. */
function configDir(): string {
  const dir = join(work, 'config');
  mkdirSync(dir);
  for (const f of readdirSync(join(ROOT, 'config'))) if (f.endsWith('.yaml')) copyFileSync(join(ROOT, 'config', f), join(dir, f));
  const file = join(dir, 'handoff.yaml');
  const doc = parseDocument(readFileSync(file, 'utf8'));
  doc.setIn(['sync', 'overlapSeconds'], OVERLAP_SECONDS);
  writeFileSync(file, doc.toString());
  return dir;
}

const pick = (r: FeedbackReport) => ({
  hubspotCalls: r.hubspotCalls,
  salesforceCalls: r.salesforceCalls,
  soqlQueries: r.soqlQueries,
  hubspotUpdates: r.hubspotUpdates,
  episodesUpdated: r.episodesUpdated,
  touched: r.touched,
});

const dir = configDir();
const base = loadConfig({ env: {}, dir });
const sandbox = await startSandbox({ dataset: withUsers(generateDataset({ contacts: CONTACTS, seed: 1 }), routingUsers(base.routing)), rateLimits: false });
try {
  const config = loadConfig({ env: { ...sandbox.env, HANDOFF_DATABASE_URL: `sqlite:${join(work, 'state.db')}` }, dir });
  const deps = async () => new App({ config, logger: noopLogger }).deps();
  const sync1 = await runSync(await deps());
  const store = await new App({ config, logger: noopLogger }).store();
  const episodes = await store.listEpisodes();
  episodes.forEach((e, i) => {
    if (i % 2 === 0 && e.salesforceTaskId) sandbox.control.salesforce.completeTask(e.salesforceTaskId);
  });
  const changed = (await runFeedback(await deps())).report;
  const quiet = (await runFeedback(await deps())).report;
  const echo = (await runSync(await deps())).report;
  await new Promise((r) => setTimeout(r, (OVERLAP_SECONDS + 2) * 1000));
  await runSync(await deps()); // its window still starts before the echo
  await new Promise((r) => setTimeout(r, (OVERLAP_SECONDS + 2) * 1000));
  const settled = (await runSync(await deps())).report;
  await store.close();
  const results = {
    at: new Date().toISOString(),
    node: process.version,
    contacts: CONTACTS,
    handoffs: sync1.report.tasksCreated,
    tasksClosed: Math.ceil(episodes.length / 2),
    changedPass: { ...pick(changed), floors: { hubspotCalls: 1 + Math.ceil(changed.hubspotUpdates / 100), soqlQueries: 6 } },
    quietPass: { ...pick(quiet), floors: { hubspotCalls: 0, salesforceCalls: 2, soqlQueries: 6 } },
    syncWithEcho: { hubspotCalls: echo.hubspotCalls, salesforceCalls: echo.salesforceCalls, contactsRead: echo.contactsRead, floors: { salesforceCalls: 0, extraSearchPages: Math.ceil(changed.hubspotUpdates / 200) } },
    syncSettled: { hubspotCalls: settled.hubspotCalls, salesforceCalls: settled.salesforceCalls, floors: { hubspotCalls: 5, salesforceCalls: 0 } },
  };
  saveResults({ feedback: results });
  process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
} finally {
  await sandbox.stop();
  rmSync(work, { recursive: true, force: true });
}
