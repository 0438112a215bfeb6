import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.js';
import type { CliResult } from '../helpers/cli.js';

/** Every file below `dir`, as paths relative to it. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)));
}

function npm(args: string[], cwd: string): CliResult {
  const res = spawnSync('npm', args, { cwd, env: { ...process.env, npm_config_update_notifier: 'false' }, encoding: 'utf8', timeout: 600_000 });
  return { code: res.status, stdout: res.stdout, stderr: res.stderr };
}

/**
 * What a production install gets: the product packed as npm would publish it, installed with
 * `npm install --omit=dev` into an empty folder, exactly as the Docker image's runtime stage does.
 * It must carry neither the sandbox workspace package nor the sandbox's own dependencies, and the
 * two commands that need the sandbox must say how to get it instead of failing with a stack trace.
 */
describe('the packed product, installed for production', { timeout: 600_000 }, () => {
  const work = mkdtempSync(join(tmpdir(), 'handoff-pack-'));
  const app = join(work, 'app');
  const installed = join(app, 'node_modules', 'handoff');

  const handoff = (args: string[], env: Record<string, string> = {}): CliResult => {
    const res = spawnSync(process.execPath, [join(installed, 'bin', 'handoff.js'), ...args], {
      cwd: app,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', LOG_FORMAT: 'json', ...env },
      encoding: 'utf8',
      timeout: 120_000,
    });
    return { code: res.status, stdout: res.stdout, stderr: res.stderr };
  };

  beforeAll(() => {
    // `npm test` builds first; the tarball takes dist/ as it is (--ignore-scripts: no rebuild under other tests).
    expect(existsSync(join(ROOT, 'dist', 'runtime', 'cli', 'main.js'))).toBe(true);
    const packed = npm(['pack', '--ignore-scripts', '--json', '--pack-destination', work], ROOT);
    expect(packed.code, packed.stderr).toBe(0);
    const [{ filename }] = JSON.parse(packed.stdout) as [{ filename: string }];
    // An empty folder with a package.json of its own, so npm takes no parent folder for the project.
    mkdirSync(app);
    writeFileSync(join(app, 'package.json'), `${JSON.stringify({ name: 'handoff-pack-check', private: true })}\n`);
    const install = npm(['install', '--omit=dev', '--prefer-offline', '--ignore-scripts', '--no-audit', '--no-fund', join(work, filename)], app);
    expect(install.code, install.stderr).toBe(0);
  }, 1_200_000); // pack and an install from the registry: each npm call may take up to its own 600 s

  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('installs neither the sandbox package nor its dependencies', () => {
    expect(existsSync(join(installed, 'package.json'))).toBe(true);
    const modules = join(app, 'node_modules');
    expect(existsSync(join(modules, '@handoff', 'sandbox'))).toBe(false);
    expect(existsSync(join(modules, '@faker-js', 'faker'))).toBe(false);
    expect(existsSync(join(modules, 'soql-parser-js'))).toBe(false);
    // The product's own runtime dependencies are there.
    expect(existsSync(join(modules, 'jsforce'))).toBe(true);
    expect(existsSync(join(modules, '@hubspot', 'api-client'))).toBe(true);
  });

  it('ships the compiled CLI, its bin and the example configuration, and no sources', () => {
    const files = filesUnder(installed);
    expect(files).toContain(join('bin', 'handoff.js'));
    expect(files).toContain(join('dist', 'runtime', 'cli', 'main.js'));
    for (const f of ['handoff.yaml', 'mapping.yaml', 'routing.yaml', 'scoring.yaml', 'sla.yaml']) expect(files).toContain(join('config', f));
    expect(files).toContain('.env.example');
    expect(files.filter((f) => /^(src|test|packages|bench|scripts)\//.test(f))).toEqual([]);
    expect(files.filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))).toEqual([]);
    // dist/ is cleaned before each build: every compiled file still has its source.
    const stale = files
      .filter((f) => f.startsWith('dist/') && f.endsWith('.js'))
      .filter((f) => !existsSync(join(ROOT, 'src', f.slice('dist/'.length).replace(/\.js$/, '.ts'))));
    expect(stale).toEqual([]);
  });

  it('runs: --version, and config check on the shipped configuration', () => {
    const version = handoff(['--version']);
    expect(version.code).toBe(0);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
    const check = handoff(['config', 'check'], { HANDOFF_CONFIG_DIR: join(installed, 'config') });
    expect(check.code, check.stderr).toBe(0);
  });

  it.each([['demo'], ['sandbox']])('`handoff %s` exits 2 and says how to get the sandbox, without a stack trace', (command) => {
    const res = handoff([command]);
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/@handoff\/sandbox\) is not installed here/);
    expect(res.stderr).toMatch(/npm install/);
    expect(res.stderr).not.toMatch(/\n\s+at /);
    expect(res.stdout).toBe('');
  });
});
