import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStateStore } from '../../src/adapters/state/index.js';
import { ROOT } from '../helpers/cli.js';
import type { CliResult } from '../helpers/cli.js';
import { CONFIG_DIR } from '../helpers/pipeline.js';

/** `handoff dlq list` as a real process, on a state holding a dead letter someone's data made hostile. */
function handoff(dbUrl: string, ...args: string[]): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'src/runtime/cli/main.ts'), ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', HANDOFF_DATABASE_URL: dbUrl, HANDOFF_CONFIG_DIR: CONFIG_DIR, LOG_FORMAT: 'json' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('record text on the operator’s terminal', { timeout: 60_000 }, () => {
  it('dlq list shows an ANSI escape in a record as text, in the table and in --json', async () => {
    const dbUrl = `sqlite:${join(mkdtempSync(join(tmpdir(), 'handoff-term-')), 'h.db')}`;
    const store = await openStateStore(dbUrl);
    await store.upsertDeadLetters([
      { stage: 'lead.write', code: 'VALIDATION', message: 'Last Name: \u001b[31mMallory\u001b[0m\nrefused', hubspotId: '107', payload: { LastName: '\u001b[31mMallory' } },
    ]);
    await store.close();

    const [table, json] = await Promise.all([handoff(dbUrl, 'dlq', 'list'), handoff(dbUrl, 'dlq', 'list', '--json')]);
    expect(table.stderr).toBe('');
    expect(table.code).toBe(0);
    expect(table.stdout).not.toContain('\u001b');
    expect(table.stdout).toMatch(/\n1\s+lead\.write\s+VALIDATION\s+-\s+107\s+1\s+.*Last Name: \\x1b\[31mMallory\\x1b\[0m refused\n/);
    expect(json.stdout).not.toContain('\u001b');
    expect((JSON.parse(json.stdout) as { deadLetters: { payload: { LastName: string } }[] }).deadLetters[0]?.payload.LastName).toBe('\u001b[31mMallory');
  });
});
