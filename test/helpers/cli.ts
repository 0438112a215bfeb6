import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

export const ROOT = join(import.meta.dirname, '..', '..');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI (dist/, as the Docker image does) with plain node. */
export function runBuiltCli(args: string[], env: Record<string, string> = {}, cwd = ROOT, timeoutMs = 120_000): CliResult {
  const res = spawnSync(process.execPath, [join(ROOT, 'bin', 'handoff.js'), ...args], {
    cwd,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', LOG_FORMAT: 'json', ...env },
    encoding: 'utf8',
    timeout: timeoutMs,
  });
  return { code: res.status, stdout: res.stdout, stderr: res.stderr };
}

/**
 * Runs an entry point from the source (TypeScript through tsx) as a real process, with only the
 * environment given (plus PATH and HOME).
 */
export function runSourceCli(entry: string, args: string[], env: Record<string, string>): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, entry), ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** A `handoff` command running as a child process, its output collected. */
export interface HandoffRun {
  proc: ChildProcess;
  done: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
}

/**
 * Starts `handoff <args>` from the source as a child process with only `env` (plus PATH and HOME),
 * for tests that kill it; `children` keeps it for cleanup.
 */
export function spawnHandoff(args: string[], env: Record<string, string>, children: ChildProcess[]): HandoffRun {
  const proc = spawn(process.execPath, ['--import', 'tsx', join('src', 'runtime', 'cli', 'main.ts'), ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(proc);
  let stdout = '';
  let stderr = '';
  proc.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
  proc.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  return { proc, done: new Promise((resolve) => proc.once('exit', (code, signal) => resolve({ code, signal, stdout, stderr }))) };
}

/** `handoff sandbox` running from the source: what its first stdout line announced, and how to stop it. */
export interface SourceSandbox {
  hubspotUrl: string;
  salesforceUrl: string;
  env: Record<string, string>;
  /** SIGTERM, then waits for it to exit. */
  stop(): Promise<void>;
}

/**
 * Starts `handoff sandbox <args>` from the source on free ports, with only `env` (plus PATH and
 * HOME), and waits for the JSON line it announces itself with.
 */
export async function startSourceSandbox(args: string[], env: Record<string, string> = {}): Promise<SourceSandbox> {
  const child = spawn(
    process.execPath,
    ['--conditions=source', '--import', 'tsx', join(ROOT, 'src', 'runtime', 'cli', 'main.ts'), 'sandbox', ...args, '--hubspot-port', '0', '--salesforce-port', '0'],
    { cwd: ROOT, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`sandbox exited with ${String(code)} before it started\n${stderr}`)));
  });
  const announced = JSON.parse(line) as Omit<SourceSandbox, 'stop'>;
  return {
    ...announced,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
