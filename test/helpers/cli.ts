import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';

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
