import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { copyShippedConfig, editFile } from '../helpers/config-dir.js';
import { ROOT, runBuiltCli } from '../helpers/cli.js';

describe('the built CLI (dist/, plain node)', () => {
  beforeAll(() => {
    // `npm test` builds before running the suite; the Docker image runs the same files.
    expect(existsSync(join(ROOT, 'dist', 'runtime', 'cli', 'main.js'))).toBe(true);
  });

  it('lists its commands in --help', () => {
    const res = runBuiltCli(['--help']);
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/config/);
    expect(res.stdout).toMatch(/version/);
    expect(res.stdout).toMatch(/Exit codes: 0 ok, 1 run failed, 2 configuration or usage error, 3/);
  });

  it('passes config check on the shipped configuration', () => {
    const res = runBuiltCli(['config', 'check'], {}, mkdtempSync(join(tmpdir(), 'handoff-cwd-')));
    // Run from elsewhere with the config dir given: the shipped config must not depend on cwd.
    expect(res.stderr).toMatch(/file not found/);
    const ok = runBuiltCli(['config', 'check'], { HANDOFF_CONFIG_DIR: join(ROOT, 'config') });
    expect(ok.code).toBe(0);
    expect(ok.stdout.split('\n').filter((l) => l.startsWith('ok  '))).toHaveLength(5);
    expect(ok.stdout).toMatch(/hubspot\.baseUrl\s+https:\/\/api\.hubapi\.com\s+\(file:/);
    // No credentials in this environment: listed, yet the files are fine so the exit stays 0.
    expect(ok.stdout).toMatch(/missing\s+HUBSPOT_ACCESS_TOKEN/);
    expect(ok.stdout).toMatch(/missing\s+SALESFORCE_CLIENT_ID and SALESFORCE_CLIENT_SECRET/);
  });

  it('reports config check as JSON with the source of each setting', () => {
    const res = runBuiltCli(['config', 'check', '--json'], {
      HANDOFF_CONFIG_DIR: join(ROOT, 'config'),
      SALESFORCE_API_VERSION: '65.0',
    });
    expect(res.code).toBe(0);
    const out = JSON.parse(res.stdout) as { ok: boolean; sources: { key: string; source: string; value: string }[] };
    expect(out.ok).toBe(true);
    expect((out as unknown as { missingCredentials: string[] }).missingCredentials).toContain('HUBSPOT_ACCESS_TOKEN');
    expect(out.sources.find((s) => s.key === 'salesforce.apiVersion')).toMatchObject({ source: 'env', value: '65.0' });
  });

  it('refuses a bad configuration with every problem, exit 2 and no stack trace', () => {
    const dir = copyShippedConfig();
    editFile(dir, 'handoff.yaml', (t) => t.replace('overlapSeconds: 300', 'overlapSeconds: -5'));
    editFile(dir, 'handoff.yaml', (t) => t.replace('tier: professional', 'tier: platinum'));
    editFile(dir, 'mapping.yaml', (t) => t.replace('from: email,', 'from: e_mail,'));
    const res = runBuiltCli(['config', 'check'], { HANDOFF_CONFIG_DIR: dir });
    expect(res.code).toBe(2);
    const problems = res.stderr.split('\n').filter((l) => l.startsWith(dir));
    expect(problems).toHaveLength(3);
    for (const p of problems) expect(p).toMatch(/\.yaml:\d+ [\w.[\]]+: .+/);
    expect(res.stderr).not.toMatch(/\n\s+at /);
  });

  it('exits 2 on a usage error', () => {
    const res = runBuiltCli(['no-such-command']);
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/unknown command/);
  });

  it('runs through a symlink to its bin, as npx and a global install call it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'handoff-bin-'));
    const link = join(dir, 'handoff');
    symlinkSync(join(ROOT, 'bin', 'handoff.js'), link);
    const res = spawnSync(process.execPath, [link, 'version', '--json'], { encoding: 'utf8', timeout: 60_000 });
    expect(res.status).toBe(0);
    expect(JSON.parse(res.stdout)).toMatchObject({ handoff: expect.stringMatching(/^\d+\.\d+\.\d+/) });
  });

  it('prints its version as JSON', () => {
    const res = runBuiltCli(['version', '--json']);
    expect(res.code).toBe(0);
    expect(JSON.parse(res.stdout)).toMatchObject({ handoff: expect.stringMatching(/^\d+\.\d+\.\d+/) });
  });
});
