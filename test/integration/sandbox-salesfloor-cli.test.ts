import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runSourceCli } from '../helpers/cli.js';

const ENTRY = 'src/runtime/cli/main.ts';
const ENV = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NODE_OPTIONS: '--conditions=source' };

describe('handoff sandbox --sales-floor', () => {
  it('starts the org with the floor on, with the seed given', async () => {
    const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', join(ROOT, ENTRY), 'sandbox', '--sales-floor', '--sales-seed', '9', '--hubspot-port', '0', '--salesforce-port', '0'], {
      cwd: ROOT,
      env: ENV,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const line = await new Promise<string>((resolve, reject) => {
        createInterface({ input: child.stdout }).once('line', resolve);
        child.once('exit', (code) => reject(new Error(`sandbox exited with ${String(code)}`)));
      });
      const { salesforceUrl } = JSON.parse(line) as { salesforceUrl: string };
      const settings = (await (await fetch(`${salesforceUrl}/__sandbox/salesfloor`)).json()) as unknown;
      expect(settings).toMatchObject({ enabled: true, seed: 9 });
      const truth = (await (await fetch(`${salesforceUrl}/__sandbox/salesfloor/truth`)).json()) as { handoffs: unknown[] };
      expect(truth.handoffs).toEqual([]);
    } finally {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
  });

  it('refuses a seed that is not a whole number with a usage error (exit 2), no stack trace', async () => {
    const res = await runSourceCli(ENTRY, ['sandbox', '--sales-floor', '--sales-seed', 'soon'], ENV);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('--sales-seed must be an integer');
    expect(res.stderr).not.toMatch(/\bat .+\.ts:\d+/);
  });
});
