import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runBuiltCli } from '../helpers/cli.js';

/**
 * No Docker engine runs in CI, so this checks what the image relies on: its CMD and HEALTHCHECK
 * name things the built CLI really has, and it runs compiled JavaScript, not TypeScript.
 */
describe('Docker image layout', () => {
  const dockerfile = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');

  it('runs the built CLI with plain node as a non-root user, with a data volume', () => {
    expect(dockerfile).toMatch(/^FROM node:24-slim AS build/m);
    expect(dockerfile).toMatch(/npm ci --omit=dev/);
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(dockerfile).toMatch(/^VOLUME \["\/data"\]$/m);
    expect(dockerfile).toMatch(/ENTRYPOINT \["node", "bin\/handoff.js"\]/);
    expect(dockerfile).not.toMatch(/tsx/);
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
