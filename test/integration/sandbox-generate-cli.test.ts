import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateDataset, readDataset } from '@handoff/sandbox';
import type { Dataset } from '@handoff/sandbox';
import { afterAll, describe, expect, it } from 'vitest';
import { runSourceCli, startSourceSandbox } from '../helpers/cli.js';

const ENTRY = 'src/runtime/cli/main.ts';
const ENV = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NODE_OPTIONS: '--conditions=source' };
const KINDS = ['emails', 'calls', 'meetings', 'notes'] as const;

function engagements(dataset: Dataset): Record<(typeof KINDS)[number], number> {
  return { emails: dataset.hubspot.emails.length, calls: dataset.hubspot.calls.length, meetings: dataset.hubspot.meetings.length, notes: dataset.hubspot.notes.length };
}

describe('handoff sandbox --generate --activities-per-contact', () => {
  const work = mkdtempSync(join(tmpdir(), 'handoff-sandbox-generate-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('serves the dataset generated with that mean: the engagement counts of generateDataset with it, not of the default', async () => {
    const expected = engagements(generateDataset({ contacts: 400, seed: 7, activitiesPerContact: 0.5 }));
    const byDefault = engagements(generateDataset({ contacts: 400, seed: 7 }));
    const total = (counts: Record<string, number>): number => KINDS.reduce((n, k) => n + (counts[k] ?? 0), 0);
    // The option must make a difference worth telling apart.
    expect(total(expected)).toBeGreaterThan(0);
    expect(total(expected) * 3).toBeLessThan(total(byDefault));

    const sandbox = await startSourceSandbox(['--generate', '400', '--seed', '7', '--activities-per-contact', '0.5'], ENV);
    try {
      const stats = (await (await fetch(`${sandbox.hubspotUrl}/__sandbox/stats`)).json()) as Record<string, { total: number }>;
      expect(Object.fromEntries(KINDS.map((k) => [k, stats[k]?.total]))).toEqual(expected);
    } finally {
      await sandbox.stop();
    }
  });

  it('with --write, saves a dataset of that mean: 0 gives contacts without engagements', async () => {
    const file = join(work, 'none.json');
    const res = await runSourceCli(ENTRY, ['sandbox', '--generate', '60', '--seed', '2', '--activities-per-contact', '0', '--write', file], ENV);
    expect(res.code).toBe(0);
    const written = await readDataset(file);
    expect(written.hubspot.contacts.length).toBeGreaterThan(0);
    expect(engagements(written)).toEqual({ emails: 0, calls: 0, meetings: 0, notes: 0 });
    expect(written.hubspot.associations).toEqual([]);
  });

  it.each([['-1'], ['many'], [''], ['Infinity']])('refuses %j with a usage error (exit 2) that names the option, no stack trace', async (value) => {
    const res = await runSourceCli(ENTRY, ['sandbox', '--generate', '10', '--activities-per-contact', value, '--write', join(work, 'refused.json')], ENV);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain(`--activities-per-contact must be a non-negative number (the mean engagements per contact), got "${value}"`);
    expect(res.stderr).not.toMatch(/\bat .+\.ts:\d+/);
  });

  it('refuses the option without --generate (exit 2)', async () => {
    const res = await runSourceCli(ENTRY, ['sandbox', '--activities-per-contact', '2'], ENV);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('--activities-per-contact needs --generate');
    expect(res.stderr).not.toMatch(/\bat .+\.ts:\d+/);
  });
});
