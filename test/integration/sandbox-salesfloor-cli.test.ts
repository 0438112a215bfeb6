import { describe, expect, it } from 'vitest';
import { runSourceCli, startSourceSandbox } from '../helpers/cli.js';

const ENTRY = 'src/runtime/cli/main.ts';
const ENV = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NODE_OPTIONS: '--conditions=source' };

describe('handoff sandbox --sales-floor', () => {
  it('starts the org with the floor on, with the seed given', async () => {
    const sandbox = await startSourceSandbox(['--sales-floor', '--sales-seed', '9'], ENV);
    try {
      const settings = (await (await fetch(`${sandbox.salesforceUrl}/__sandbox/salesfloor`)).json()) as unknown;
      expect(settings).toMatchObject({ enabled: true, seed: 9 });
      const truth = (await (await fetch(`${sandbox.salesforceUrl}/__sandbox/salesfloor/truth`)).json()) as { handoffs: unknown[] };
      expect(truth.handoffs).toEqual([]);
    } finally {
      await sandbox.stop();
    }
  });

  it('refuses a seed that is not a whole number with a usage error (exit 2), no stack trace', async () => {
    const res = await runSourceCli(ENTRY, ['sandbox', '--sales-floor', '--sales-seed', 'soon'], ENV);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('--sales-seed must be an integer');
    expect(res.stderr).not.toMatch(/\bat .+\.ts:\d+/);
  });
});
