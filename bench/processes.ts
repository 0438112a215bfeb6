/**
 * Child processes for the sync benchmark: the sandbox (`handoff sandbox --dataset …` or `--generate …`) and one
 * `handoff sync --once --json` per cycle. Keeping both out of the benchmark's own process means the
 * sync's wall time and peak RSS are its own, and the sandbox's work does not count against it.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { RunReport } from '../src/domain/report.js';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CLI = join(ROOT, 'src', 'runtime', 'cli', 'main.ts');
const PRELOAD = join(ROOT, 'bench', 'usage-preload.ts');
const START_TIMEOUT_MS = 600_000;
const STOP_TIMEOUT_MS = 10_000;

/**
 * The caller's environment without anything that configures Handoff, so a developer's own HubSpot or
 * Salesforce settings can never leak into a run; `extra` supplies the ones the benchmark means.
 */
function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (/^(HUBSPOT|SALESFORCE|HANDOFF|LOG)_/.test(k)) continue;
    env[k] = v;
  }
  return { ...env, ...extra };
}

function tail(text: string, max = 4_000): string {
  return text.length > max ? text.slice(-max) : text;
}

async function waitForExit(child: ChildProcess, ms: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return true;
  return new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

export interface SandboxChild {
  hubspotUrl: string;
  salesforceUrl: string;
  /** The variables that point Handoff at this sandbox, as the sandbox printed them. */
  env: Record<string, string>;
  stop(): Promise<void>;
}

/**
 * A dataset the sandbox child generates itself (`handoff sandbox --generate`): no file, any size. A
 * million-contact dataset is larger than one JSON string can be, so `--dataset` could not load it.
 */
export interface GeneratedDataset {
  contacts: number;
  seed: number;
  activitiesPerContact: number;
}

function sandboxArgs(dataset: string | GeneratedDataset): string[] {
  const ports = ['--hubspot-port', '0', '--salesforce-port', '0'];
  if (typeof dataset === 'string') return ['--conditions=source', '--import', 'tsx', CLI, 'sandbox', '--dataset', dataset, ...ports];
  const generate = ['--generate', String(dataset.contacts), '--seed', String(dataset.seed), '--activities-per-contact', String(dataset.activitiesPerContact)];
  // A million generated contacts hold about 2 GB of heap in the sandbox.
  return ['--max-old-space-size=16384', '--conditions=source', '--import', 'tsx', CLI, 'sandbox', ...generate, ...ports];
}

/** Starts `handoff sandbox` on free ports and waits for its first stdout line (URLs and env). */
export async function startSandboxChild(dataset: string | GeneratedDataset, configDir: string): Promise<SandboxChild> {
  const child = spawn(
    process.execPath,
    sandboxArgs(dataset),
    // The sandbox adds the users routing.yaml names, so it reads the same configuration as the sync.
    { cwd: ROOT, env: childEnv({ HANDOFF_CONFIG_DIR: configDir }), stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr = tail(stderr + d.toString());
  });
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    if (!(await waitForExit(child, STOP_TIMEOUT_MS))) {
      child.kill('SIGKILL');
      await waitForExit(child, STOP_TIMEOUT_MS);
    }
  };
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  try {
    const first = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`sandbox did not start within ${START_TIMEOUT_MS / 1000} s\n${stderr}`)), START_TIMEOUT_MS);
      lines.once('line', (line) => {
        clearTimeout(timer);
        resolve(line);
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`sandbox exited with code ${String(code)} before it started\n${stderr}`));
      });
    });
    // Later lines (there are none today) must not fill the pipe and stall the sandbox.
    lines.on('line', () => undefined);
    const parsed = JSON.parse(first) as { hubspotUrl: string; salesforceUrl: string; env: Record<string, string> };
    return { hubspotUrl: parsed.hubspotUrl, salesforceUrl: parsed.salesforceUrl, env: parsed.env, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** Lifetime request counters per endpoint, from the sandbox's own request log. */
export async function counters(baseUrl: string): Promise<Record<string, number>> {
  const res = await fetch(`${baseUrl}/__sandbox/counters`);
  if (!res.ok) throw new Error(`GET ${baseUrl}/__sandbox/counters: HTTP ${res.status}`);
  return (await res.json()) as Record<string, number>;
}

/** Requests made between two counter snapshots, per endpoint (endpoints with none left out). */
export function counterDiff(after: Record<string, number>, before: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(after)) {
    const d = v - (before[k] ?? 0);
    if (d !== 0) out[k] = d;
  }
  return out;
}

/** The Node flags the Docker image runs Handoff with (its NODE_OPTIONS). */
export const SHIPPED_NODE_FLAGS = '--max-old-space-size=256 --max-semi-space-size=16';

/**
 * The glibc malloc settings the Docker image sets (Dockerfile): large blocks are mapped and given
 * back when freed, and freed memory at the heap's top is returned, instead of the thresholds
 * growing with the largest block seen and the process keeping what it freed.
 */
export const SHIPPED_MALLOC_ENV: Record<string, string> = { MALLOC_ARENA_MAX: '2', MALLOC_MMAP_THRESHOLD_: '131072', MALLOC_TRIM_THRESHOLD_: '131072' };

export interface ProcessUsage {
  wallMs: number;
  maxRssMb: number;
  cpuMs: number;
  /** The sampled moment of highest RSS, split (MB): V8 heap used and reserved, external, array buffers. */
  atPeakMb?: { rss: number; heapUsed: number; heapTotal: number; external: number; arrayBuffers: number };
}

export interface SyncChildResult {
  report: RunReport;
  exitCode: number;
  usage: ProcessUsage;
}

/**
 * One `handoff sync --once --json` against the sandbox. Wall time runs from spawn to exit, so it
 * includes Node and TypeScript start-up; peak RSS and CPU come from the child's own getrusage.
 */
export function runSyncChild(opts: { sandboxEnv: Record<string, string>; configDir: string; databaseUrl: string; usageFile: string }): Promise<SyncChildResult> {
  return runMeasuredCli({ ...opts, args: ['sync', '--once', '--json'] });
}

/** Any `handoff … --json` command against the sandbox, measured like the sync (its last stdout line is its report). */
export async function runMeasuredCli(opts: {
  sandboxEnv: Record<string, string>;
  configDir: string;
  databaseUrl: string;
  usageFile: string;
  args: string[];
}): Promise<SyncChildResult> {
  rmSync(opts.usageFile, { force: true });
  const started = performance.now();
  // BENCH_SYNC_NODE_FLAGS: Node flags for the measured command only, not the sandbox; by default
  // the heap limit the Docker image runs Handoff with (Dockerfile), "" for none.
  const flags = (process.env['BENCH_SYNC_NODE_FLAGS'] ?? SHIPPED_NODE_FLAGS).split(' ').filter((f) => f !== '');
  // BENCH_SYNC_MALLOC=default measures with glibc's own malloc settings instead of the image's.
  const malloc = process.env['BENCH_SYNC_MALLOC'] === 'default' ? {} : SHIPPED_MALLOC_ENV;
  const child = spawn(process.execPath, [...flags, '--import', 'tsx', '--import', PRELOAD, CLI, ...opts.args], {
    cwd: ROOT,
    env: childEnv({
      ...malloc,
      ...opts.sandboxEnv,
      HANDOFF_CONFIG_DIR: opts.configDir,
      HANDOFF_DATABASE_URL: opts.databaseUrl,
      // Warnings only, as JSON: retries and rate limiting would show, progress chatter would not.
      LOG_FORMAT: 'json',
      LOG_LEVEL: 'warn',
      BENCH_USAGE_FILE: opts.usageFile,
    }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d: Buffer) => {
    stdout += d.toString();
  });
  child.stderr?.on('data', (d: Buffer) => {
    stderr = tail(stderr + d.toString());
  });
  const exitCode = await new Promise<number>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve(code ?? -1));
  });
  const wallMs = performance.now() - started;
  // 0: all handed off; 3: finished with dead letters (still a complete cycle worth measuring).
  if (exitCode !== 0 && exitCode !== 3) throw new Error(`handoff ${opts.args[0] ?? ''} exited with ${exitCode}\n${stderr}\n${tail(stdout)}`);
  const line = stdout.trim().split('\n').pop() ?? '';
  const report = JSON.parse(line) as RunReport;
  const usage = JSON.parse(readFileSync(opts.usageFile, 'utf8')) as { maxRssKb: number; userCpuMs: number; systemCpuMs: number; atPeakMb?: ProcessUsage['atPeakMb'] };
  if (stderr.trim()) process.stderr.write(`sync stderr:\n${tail(stderr, 2_000)}\n`);
  return {
    report,
    exitCode,
    usage: { wallMs: Math.round(wallMs), maxRssMb: Math.round(usage.maxRssKb / 1024), cpuMs: usage.userCpuMs + usage.systemCpuMs, ...(usage.atPeakMb ? { atPeakMb: usage.atPeakMb } : {}) },
  };
}
