/**
 * bench/results.json (one key per benchmark, read-modify-write so benchmarks run separately keep each
 * other's figures) and the generated section of docs/benchmarks.md.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { SyncRunResult, CycleResult } from './sync-bench.js';
import type { TransformResult } from './transform.js';

export const RESULTS_FILE = new URL('./results.json', import.meta.url);
export const DOCS_FILE = new URL('../docs/benchmarks.md', import.meta.url);
const START = '<!-- bench:start -->';
const END = '<!-- bench:end -->';

export interface SyncResults {
  at: string;
  node: string;
  dataset: { contacts: number; seed: number; activitiesPerContact: number; engagements: Record<string, number>; salesforceLeads: number; salesforceContacts: number; users: number };
  limits: { tier: string; searchPerSecond: number; rateShare: number };
  targets: { salesforceRatio: number; quietHubspotCalls: number; quietSalesforceCalls: number };
  runs: Record<string, SyncRunResult>;
}

export interface TransformResults extends TransformResult {
  at: string;
  node: string;
  targetContactsPerSecond: number;
}

interface SandboxScale {
  at: string;
  records: { contacts: number; engagements: number };
  loadMs: { contacts: number; engagementsWithAssociations: number; indexSort: number };
  memoryMb: { heapUsedByData: number; heapUsed: number; rss: number };
  latencyMs: Record<string, { median: number; p95: number; max: number }>;
  editMsEach: number;
}

export type Results = Record<string, unknown> & { sync?: SyncResults; transform?: TransformResults; sandboxScale?: SandboxScale };

export function readResults(): Results {
  return existsSync(RESULTS_FILE) ? (JSON.parse(readFileSync(RESULTS_FILE, 'utf8')) as Results) : {};
}

/** Replaces the given keys and keeps every other one. */
export function saveResults(update: Partial<Results>): Results {
  const all: Results = { ...readResults(), ...update };
  writeFileSync(RESULTS_FILE, `${JSON.stringify(all, null, 2)}\n`);
  return all;
}

const int = (n: number): string => Math.round(n).toLocaleString('en-US');
const dec = (n: number, d = 1): string => n.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d });
const secs = (ms: number): string => `${dec(ms / 1000)} s`;
const ratioText = (r: number | null): string => (r === null ? 'above a floor of 0' : dec(r, 2));

function row(cells: string[]): string {
  return `| ${cells.join(' | ')} |`;
}

function table(header: string[], rows: string[][], align: ('l' | 'r')[]): string[] {
  return [row(header), row(align.map((a) => (a === 'r' ? '---:' : '---'))), ...rows.map(row)];
}

function firstCycleTable(sync: SyncResults): string[] {
  const runs = Object.values(sync.runs)
    .map((r) => ({ run: r, c: r.cycles[0] }))
    .filter((x): x is { run: SyncRunResult; c: CycleResult } => x.c !== undefined);
  if (runs.length === 0) return [];
  const col = (f: (c: CycleResult, r: SyncRunResult) => string): string[] => runs.map((x) => f(x.c, x.run));
  const target = sync.targets.salesforceRatio;
  const rows: string[][] = [
    ['Contacts read', ...col((c) => int(c.contactsRead))],
    ['Activities read', ...col((c) => int(c.activitiesRead))],
    ['Handed off (Leads created + updated + Contacts matched)', ...col((c) => `${int(c.handedOff)} (${int(c.leadsCreated)} + ${int(c.leadsUpdated)} + ${int(c.contactsMatched)})`)],
    ['Dead-lettered', ...col((c) => int(c.deadLettered))],
    ['HubSpot calls (per 1,000 contacts)', ...col((c) => `${int(c.hubspot.calls)} (${dec(c.hubspot.per1kContacts)})`)],
    ['HubSpot floor (per 1,000 contacts)', ...col((c) => `${int(c.hubspot.floor)} (${dec(c.hubspot.floorPer1kContacts)})`)],
    ['HubSpot actual / floor', ...col((c) => ratioText(c.hubspot.ratio))],
    ['HubSpot 429 retries', ...col((c) => int(c.hubspotRateLimited))],
    ['Salesforce API calls (per 1,000 contacts)', ...col((c) => `${int(c.salesforce.calls)} (${dec(c.salesforce.per1kContacts)})`)],
    ['Salesforce floor (per 1,000 contacts)', ...col((c) => `${int(c.salesforce.floor)} (${dec(c.salesforce.floorPer1kContacts)})`)],
    [`Salesforce actual / floor (target ≤ ${dec(target, 1)})`, ...col((c) => `${ratioText(c.salesforce.ratio)} ${c.salesforce.ratio !== null && c.salesforce.ratio <= target ? '(met)' : '(missed)'}`)],
    ['Salesforce token requests (not API calls)', ...col((c) => int(c.salesforce.tokenRequests))],
    ['Sandbox counts equal the report’s', ...col((c) => (c.crossCheck.hubspot && c.crossCheck.salesforce ? 'yes' : 'no'))],
    ['Wall time of `handoff sync --once`', ...col((c) => secs(c.process.wallMs))],
    [`Search pacing floor (searches ÷ ${sync.limits.searchPerSecond}/s)`, ...col((c) => secs(c.searchPacingFloorMs))],
    ['CPU time (user + system)', ...col((c) => secs(c.process.cpuMs))],
    ['Peak RSS', ...col((c) => `${int(c.process.maxRssMb)} MB`)],
  ];
  return table(['First cycle', ...runs.map((x) => `lookback ${x.run.lookbackDays} days`)], rows, ['l', ...runs.map(() => 'r' as const)]);
}

/** Whether a cycle's window still covered the first cycle's writeback (written while cycle 1 ran). */
function seesWriteback(first: CycleResult, c: CycleResult): boolean {
  if (!first.window || !c.window) return false;
  return Date.parse(c.window.since) <= Date.parse(first.window.until) + first.cycleMs;
}

function quietTable(sync: SyncResults): string[] {
  const run = Object.values(sync.runs).find((r) => r.cycles.length > 1);
  const first = run?.cycles[0];
  if (!run || !first) return [];
  const quiet = run.cycles.slice(1);
  const target = sync.targets.quietHubspotCalls;
  const hubspotCell = (c: CycleResult): string => {
    const calls = int(c.hubspot.calls);
    if (seesWriteback(first, c)) return calls;
    return `${calls} ${c.hubspot.calls <= target ? '(met)' : '(missed)'}`;
  };
  const rows: string[][] = [
    ['Contacts read', ...quiet.map((c) => int(c.contactsRead))],
    ['Activities read', ...quiet.map((c) => int(c.activitiesRead))],
    [`HubSpot calls (target ${target} once the writeback is out of the window)`, ...quiet.map(hubspotCell)],
    ['HubSpot floor for what was read', ...quiet.map((c) => int(c.hubspot.floor))],
    [
      'of which contact search pages',
      ...quiet.map((c) => int(c.hubspot.byEndpoint['POST /crm/v3/objects/contacts/search'] ?? 0)),
    ],
    [`Salesforce API calls (target ${sync.targets.quietSalesforceCalls})`, ...quiet.map((c) => `${int(c.salesforce.calls)} ${c.salesforce.calls <= sync.targets.quietSalesforceCalls ? '(met)' : '(missed)'}`)],
    ['Salesforce token requests', ...quiet.map((c) => int(c.salesforce.tokenRequests))],
    ['Leads refreshed / unchanged', ...quiet.map((c) => `${int(c.leadsUpdated)} / ${int(c.unchanged)}`)],
    ['Wall time / peak RSS', ...quiet.map((c) => `${secs(c.process.wallMs)} / ${int(c.process.maxRssMb)} MB`)],
  ];
  return table(
    [
      `No change in HubSpot (lookback ${run.lookbackDays} days run, overlap ${run.overlapSeconds ?? '?'} s)`,
      ...quiet.map((c) => `cycle ${c.cycle}: ${seesWriteback(first, c) ? 'writeback in window' : 'settled'}`),
    ],
    rows,
    ['l', ...quiet.map(() => 'r' as const)],
  );
}

const STAGE_LABELS: Record<string, string> = {
  normalize: 'normalize',
  dedupe: 'dedupe',
  score: 'score',
  triage: 'fingerprint and triage',
  decide: 'match and decide (route, SLA Task)',
  plan: 'plan (validate against describe)',
};

function transformTable(t: TransformResults): string[] {
  const met = t.contactsPerSecond >= t.targetContactsPerSecond ? 'met' : 'missed';
  return table(
    ['Transform (one core)', 'Value'],
    [
      ['Contacts / activities per pass', `${int(t.contacts)} / ${int(t.activities)}`],
      ['Qualified; Leads and Tasks planned', `${int(t.planned.qualified)}; ${int(t.planned.leads)} and ${int(t.planned.tasks)}`],
      [`Median pass, CPU time (of ${t.passes})`, `${int(t.medianCpuMs)} ms`],
      ['Median pass, wall time (fastest–slowest)', `${int(t.medianMs)} ms (${int(t.minMs)}–${int(t.maxMs)})`],
      [`Throughput per CPU-second (target ≥ ${int(t.targetContactsPerSecond)}/s)`, `**${int(t.contactsPerSecond)} contacts/s** (${met})`],
      ['Throughput per wall-clock second', `${int(t.contactsPerWallSecond)} contacts/s`],
      ...Object.entries(t.stageMedianMs).map(([stage, ms]) => [`CPU in ${STAGE_LABELS[stage] ?? stage}`, `${dec(ms)} ms`]),
    ],
    ['l', 'r'],
  );
}

function scaleTable(s: SandboxScale): string[] {
  const lat = (k: string): string => {
    const l = s.latencyMs[k];
    return l ? `${dec(l.median, 1)} / ${dec(l.p95, 1)} ms` : '—';
  };
  return table(
    ['HubSpot sandbox scale', 'Value'],
    [
      ['Records', `${int(s.records.contacts)} contacts, ${int(s.records.engagements)} engagements`],
      ['Load (contacts / engagements with associations / index sort)', `${secs(s.loadMs.contacts)} / ${secs(s.loadMs.engagementsWithAssociations)} / ${secs(s.loadMs.indexSort)}`],
      ['Heap used by the data / RSS', `${int(s.memoryMb.heapUsedByData)} MB / ${int(s.memoryMb.rss)} MB`],
      ['List page of 100 (median / p95)', lat('listPage100')],
      ['Contact search page of 200 (median / p95)', lat('contactSearchPage200')],
      ['Email search page of 200 (median / p95)', lat('emailSearchPage200')],
      ['Unindexed scan search (median / p95)', lat('contactScanSearch')],
      ['Search right after 2,000 edits (median / p95)', lat('searchAfterEdits')],
      ['One edit, index kept in order', `${dec(s.editMsEach, 3)} ms`],
    ],
    ['l', 'r'],
  );
}

export function renderSection(results: Results): string {
  const out: string[] = [];
  const sync = results.sync;
  if (sync) {
    const d = sync.dataset;
    out.push(
      `Dataset: ${int(d.contacts)} generated contacts (seed ${d.seed}, ${d.activitiesPerContact} activities each: ` +
        `${Object.entries(d.engagements).map(([k, v]) => `${int(v)} ${k}`).join(', ')}), ` +
        `${int(d.salesforceLeads)} Leads and ${int(d.salesforceContacts)} Contacts already in Salesforce, ${d.users} users. ` +
        `HubSpot tier ${sync.limits.tier}, ${sync.limits.searchPerSecond} searches/s, rate share ${sync.limits.rateShare}. Measured ${sync.at.slice(0, 10)} on Node ${sync.node}.`,
      '',
      ...firstCycleTable(sync),
      '',
      ...quietTable(sync),
      '',
    );
  }
  if (results.transform) out.push(...transformTable(results.transform), '', `Measured ${results.transform.at.slice(0, 10)} on Node ${results.transform.node}.`, '');
  if (results.sandboxScale) out.push(...scaleTable(results.sandboxScale), '', `Measured ${results.sandboxScale.at.slice(0, 10)} (\`bench/sandbox-scale.ts\`).`, '');
  return out.join('\n');
}

/** Rewrites only the marked section; the prose around it is kept. */
export function updateDocs(results: Results): void {
  const section = `${START}\n<!-- Generated by \`npm run bench\` from bench/results.json; edits here are overwritten. -->\n\n${renderSection(results)}${END}`;
  const text = existsSync(DOCS_FILE) ? readFileSync(DOCS_FILE, 'utf8') : `# Benchmarks\n\n${START}\n${END}\n`;
  const from = text.indexOf(START);
  const to = text.indexOf(END);
  const next = from >= 0 && to > from ? `${text.slice(0, from)}${section}${text.slice(to + END.length)}` : `${text.trimEnd()}\n\n${section}\n`;
  writeFileSync(DOCS_FILE, next);
}
