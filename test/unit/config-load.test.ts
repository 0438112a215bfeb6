import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { ConfigError } from '../../src/domain/errors.js';
import { copyShippedConfig, editFile } from '../helpers/config-dir.js';

function problemsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('accepts the shipped configuration', () => {
    const cfg = loadConfig({ env: {}, dir: join(import.meta.dirname, '..', '..', 'config') });
    expect(cfg.handoff.schedule.cron).toBe('*/5 * * * *');
    expect(cfg.mapping.lead.length).toBeGreaterThan(5);
    expect(cfg.connections.salesforce.apiVersion).toBe('64.0');
    expect(Object.isFrozen(cfg.handoff)).toBe(true);
  });

  it('lists every problem across files with file, line and key path', () => {
    const dir = copyShippedConfig();
    editFile(dir, 'handoff.yaml', (t) => t.replace('overlapSeconds: 300', 'overlapSeconds: soon'));
    editFile(dir, 'handoff.yaml', (t) => t.replace('  rateShare: 0.5', '  rateShare: 2'));
    editFile(dir, 'mapping.yaml', (t) => t.replace('to: Title }', 'to: Title, upsert: yes }'));
    const problems = problemsOf(() => loadConfig({ env: {}, dir }));
    expect(problems).toHaveLength(3);
    const handoffFile = join(dir, 'handoff.yaml');
    const mappingFile = join(dir, 'mapping.yaml');
    expect(problems[0]).toMatch(new RegExp(`^${handoffFile}:9 sync\\.overlapSeconds: `));
    expect(problems[1]).toMatch(new RegExp(`^${handoffFile}:15 hubspot\\.rateShare: `));
    expect(problems[2]).toMatch(new RegExp(`^${mappingFile}:\\d+ lead\\[6\\]: .*upsert`));
  });

  it('reads the request timeouts, and rejects one that would give up before any answer', () => {
    const shipped = loadConfig({ env: {}, dir: copyShippedConfig() });
    expect([shipped.handoff.hubspot.requestTimeoutSeconds, shipped.handoff.salesforce.requestTimeoutSeconds]).toEqual([30, 60]);
    const dir = copyShippedConfig();
    editFile(dir, 'handoff.yaml', (t) => t.replace('requestTimeoutSeconds: 30', 'requestTimeoutSeconds: 0').replace('requestTimeoutSeconds: 60', 'requestTimeoutSeconds: 90'));
    const problems = problemsOf(() => loadConfig({ env: {}, dir }));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(new RegExp(`^${join(dir, 'handoff.yaml')}:\\d+ hubspot\\.requestTimeoutSeconds: `));
    const raised = copyShippedConfig();
    editFile(raised, 'handoff.yaml', (t) => t.replace('requestTimeoutSeconds: 60', 'requestTimeoutSeconds: 90'));
    expect(loadConfig({ env: {}, dir: raised }).handoff.salesforce.requestTimeoutSeconds).toBe(90);
  });

  it('reports YAML syntax errors with their line', () => {
    const dir = copyShippedConfig();
    editFile(dir, 'sla.yaml', (t) => `${t}\n  : broken: [\n`);
    const problems = problemsOf(() => loadConfig({ env: {}, dir }));
    expect(problems.some((p) => p.startsWith(`${join(dir, 'sla.yaml')}:`) && p.includes('YAML syntax error'))).toBe(true);
  });

  it('reports a missing file and bad environment values together', () => {
    const dir = copyShippedConfig();
    editFile(dir, 'routing.yaml', () => '');
    const problems = problemsOf(() =>
      loadConfig({ env: { SALESFORCE_API_VERSION: 'latest', HANDOFF_DATABASE_URL: 'mysql://x' }, dir: join(dir, 'nope') }),
    );
    expect(problems.filter((p) => p.includes('file not found'))).toHaveLength(5);
    expect(problems).toContainEqual(expect.stringMatching(/^environment SALESFORCE_API_VERSION: /));
    expect(problems).toContainEqual(expect.stringMatching(/^environment HANDOFF_DATABASE_URL: /));
  });

  it('lets the environment win over the file and says where each setting came from', () => {
    const cfg = loadConfig({
      env: { HUBSPOT_BASE_URL: 'http://127.0.0.1:4010/', SALESFORCE_API_VERSION: '66.0' },
      dir: join(import.meta.dirname, '..', '..', 'config'),
    });
    expect(cfg.connections.hubspot.baseUrl).toBe('http://127.0.0.1:4010');
    expect(cfg.connections.salesforce.apiVersion).toBe('66.0');
    const byKey = Object.fromEntries(cfg.sources.map((s) => [s.key, s]));
    expect(byKey['hubspot.baseUrl']).toMatchObject({ source: 'env', from: 'HUBSPOT_BASE_URL' });
    expect(byKey['salesforce.apiVersion']).toMatchObject({ source: 'env', from: 'SALESFORCE_API_VERSION' });
    expect(byKey['salesforce.loginUrl']).toMatchObject({ source: 'file', value: 'https://login.salesforce.com' });
  });

  it('falls back to built-in defaults when a key is absent from the file', () => {
    const dir = copyShippedConfig();
    editFile(dir, 'handoff.yaml', (t) => t.replace(/ {2}apiVersion: "64.0".*\n/, ''));
    const cfg = loadConfig({ env: {}, dir });
    const source = cfg.sources.find((s) => s.key === 'salesforce.apiVersion');
    expect(source).toMatchObject({ source: 'default', value: '64.0' });
  });
});
