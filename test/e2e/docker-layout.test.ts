import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runBuiltCli } from '../helpers/cli.js';

/** The Dockerfile's stages: the lines from each FROM to the next. */
function stages(dockerfile: string): string[] {
  return dockerfile.split(/^(?=FROM )/m).filter((s) => s.startsWith('FROM '));
}

/** The KEY=value pairs of a stage's ENV instructions (continued lines included). */
function imageEnv(stage: string): Map<string, string> {
  const env = new Map<string, string>();
  for (const m of stage.matchAll(/^ENV ((?:.*\\\n)*.*)$/gm)) {
    for (const pair of (m[1] ?? '').replace(/\\\n/g, ' ').matchAll(/([A-Za-z_][A-Za-z0-9_]*)=("[^"]*"|\S+)/g)) {
      const value = pair[2] ?? '';
      env.set(pair[1] ?? '', value.startsWith('"') ? value.slice(1, -1) : value);
    }
  }
  return env;
}

/**
 * No Docker engine runs in CI, so this checks what the image relies on: a pinned base, a build stage
 * that packs the product, a runtime stage that installs only that package for production, and a
 * CMD and HEALTHCHECK that name things the built CLI really has. test/e2e/pack.test.ts does what the
 * runtime stage does (pack, then `npm install --omit=dev` into an empty folder) and runs the result.
 */
describe('Docker image layout', () => {
  const dockerfile = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');
  const [build = '', runtime = ''] = stages(dockerfile);
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { bin: Record<string, string>; files: string[]; engines: { node: string } };

  it('builds both stages on one pinned Node release, the major the project runs on', () => {
    const image = /^ARG NODE_IMAGE=(\S+)$/m.exec(dockerfile)?.[1] ?? '';
    const pinned = /^node:(\d+)\.(\d+)\.(\d+)-bookworm-slim(@sha256:[0-9a-f]{64})?$/.exec(image);
    expect(pinned, `NODE_IMAGE=${image} names an exact release`).not.toBeNull();
    expect(pinned?.[1]).toBe(readFileSync(join(ROOT, '.nvmrc'), 'utf8').trim());
    expect(stages(dockerfile)).toHaveLength(2);
    expect(build).toMatch(/^FROM \$\{NODE_IMAGE\} AS build$/m);
    expect(runtime).toMatch(/^FROM \$\{NODE_IMAGE\}$/m);
  });

  it('build stage: installs from the lockfile, builds, packs the product; everything it copies exists', () => {
    expect(build).toMatch(/npm ci\b/);
    expect(build).toMatch(/npm run build/);
    expect(build).toMatch(/npm pack\b/);
    const sources = [...build.matchAll(/^COPY (?!--from)(.+) \S+$/gm)].flatMap((m) => (m[1] ?? '').split(' '));
    expect(sources).toEqual(expect.arrayContaining(['package-lock.json', 'packages/sandbox/package.json', 'packages/sandbox/src', 'src', 'bin', 'config']));
    for (const s of sources) expect(existsSync(join(ROOT, s)), `${s} exists`).toBe(true);
  });

  it('runtime stage: only the packed product with production dependencies, run with plain node as a non-root user', () => {
    expect(runtime).toMatch(/^COPY --from=build /m);
    expect(runtime).not.toMatch(/^COPY (?!--from=build)/m);
    expect(runtime).toMatch(/npm install --omit=dev [^\n]*\.tgz/);
    expect(runtime).not.toMatch(/npm ci/);
    expect(runtime).toMatch(/^USER node$/m);
    expect(runtime).toMatch(/^VOLUME \["\/data"\]$/m);
    expect(dockerfile).not.toMatch(/tsx/);
    // The entrypoint is the installed package's bin, which the tarball ships, with a bounded heap.
    const entry = /^ENTRYPOINT \["node", "\/app\/node_modules\/handoff\/(.+)"\]$/m.exec(runtime);
    expect(entry?.[1]).toBe(pkg.bin.handoff);
    // The heap limit the memory benchmark measures with (bench/processes.ts SHIPPED_NODE_FLAGS), set
    // through NODE_OPTIONS so `docker run -e NODE_OPTIONS=...` can raise it.
    const env = imageEnv(runtime);
    expect(env.get('NODE_OPTIONS')).toBe('--max-old-space-size=256 --max-semi-space-size=16');
    // The glibc malloc settings the benchmark measures with too (bench/processes.ts SHIPPED_MALLOC_ENV).
    expect(env.get('MALLOC_ARENA_MAX')).toBe('2');
    expect(env.get('MALLOC_MMAP_THRESHOLD_')).toBe('131072');
    expect(env.get('MALLOC_TRIM_THRESHOLD_')).toBe('131072');
    expect(pkg.files).toEqual(expect.arrayContaining(['dist', 'bin', 'config']));
    // The shipped configuration is where HANDOFF_CONFIG_DIR points.
    expect(runtime).toMatch(/HANDOFF_CONFIG_DIR=\/app\/config/);
    expect(runtime).toMatch(/cp -R node_modules\/handoff\/config \/app\/config/);
  });

  it('starts the daemon, a command the built CLI has, with a health check on /healthz', () => {
    const cmd = /^CMD \[(.*)\]$/m.exec(dockerfile)?.[1];
    expect(cmd).toBe('"daemon"');
    const help = runBuiltCli(['daemon', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/healthz/);
    expect(dockerfile).toMatch(/HEALTHCHECK[\s\S]*\/healthz/);
  });

  it('the daemon refuses a bad configuration with exit 2 before starting', () => {
    const res = runBuiltCli(['daemon'], { HANDOFF_CONFIG_DIR: join(ROOT, 'test', 'fixtures', 'no-such-config') });
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/file not found/);
    expect(res.stderr).not.toMatch(/\n\s+at /);
  });
});
