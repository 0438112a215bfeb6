import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyShippedConfig, editFile } from '../helpers/config-dir.js';
import { runSourceCli } from '../helpers/cli.js';

describe('handoff config check refuses references across files', () => {
  it('a notify rule naming a tier sla.yaml lacks: file, line and key path, exit 2, no stack trace', async () => {
    const dir = copyShippedConfig();
    editFile(dir, 'handoff.yaml', (t) => t.replace(/^ {2}rules: \[\].*$/m, '  rules:\n    - { tiers: [hot], on: [qualified], channels: [slack] }\n    - { tiers: [warm, lukewarm], on: [reminder], channels: [slack] }'));
    const res = await runSourceCli('src/runtime/cli/main.ts', ['config', 'check'], { HANDOFF_CONFIG_DIR: dir, LOG_FORMAT: 'json' });
    expect(res.code).toBe(2);
    const problems = res.stderr.split('\n').filter((l) => l.startsWith(dir));
    expect(problems).toEqual([expect.stringMatching(new RegExp(`^${join(dir, 'handoff.yaml')}:\\d+ notify\\.rules\\[1\\]\\.tiers\\[1\\]: no SLA tier "lukewarm" in sla\\.yaml`))]);
    expect(res.stderr).not.toMatch(/\n\s+at /);
  });
});
