import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig, maskDatabaseUrl, missingCredentials } from '../../src/config/load.js';
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
    expect(problems[2]).toMatch(new RegExp(`^${mappingFile}:\\d+ lead\\[6\\]\\.upsert: unknown key`));
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

describe('configuration errors point at the right place', () => {
  /** The 1-based line of the first line of the edited file that contains `needle`. */
  const lineOf = (dir: string, file: string, needle: string): number => readFileSync(join(dir, file), 'utf8').split('\n').findIndex((l) => l.includes(needle)) + 1;

  it('reports a bad environment value and the problems of the HANDOFF_CONFIG_DIR files together', () => {
    const dir = copyShippedConfig();
    editFile(dir, 'handoff.yaml', (t) => t.replace('overlapSeconds: 300', 'overlapSeconds: soon'));
    const problems = problemsOf(() => loadConfig({ env: { LOG_LEVEL: 'verbose', HANDOFF_CONFIG_DIR: dir } }));
    expect(problems).toContainEqual(expect.stringMatching(/^environment LOG_LEVEL: /));
    expect(problems).toContainEqual(expect.stringMatching(new RegExp(`^${join(dir, 'handoff.yaml')}:${String(lineOf(dir, 'handoff.yaml', 'overlapSeconds: soon'))} sync\\.overlapSeconds: `)));
    expect(problems.filter((p) => p.includes('file not found'))).toEqual([]);
  });

  it('reports a YAML syntax error at its own line', () => {
    const dir = copyShippedConfig();
    editFile(dir, 'handoff.yaml', (t) => t.replace('\n  timeZone: UTC\n', '\n  timeZone: "UTC\n'));
    const problems = problemsOf(() => loadConfig({ env: {}, dir }));
    const syntax = problems.filter((p) => p.includes('YAML syntax error'));
    expect(syntax.length).toBeGreaterThan(0);
    expect(syntax[0]).toMatch(new RegExp(`^${join(dir, 'handoff.yaml')}:${String(lineOf(dir, 'handoff.yaml', 'timeZone: "UTC'))} `));
  });

  it('reports a duplicate key at the duplicate, and an unknown key at its own line', () => {
    const dup = copyShippedConfig();
    editFile(dup, 'handoff.yaml', (t) => t.replace('  maxRecordAttempts: 3', '  maxRecordAttempts: 3\n  overlapSeconds: 60'));
    const dupProblems = problemsOf(() => loadConfig({ env: {}, dir: dup }));
    expect(dupProblems).toHaveLength(1);
    expect(dupProblems[0]).toMatch(new RegExp(`^${join(dup, 'handoff.yaml')}:${String(lineOf(dup, 'handoff.yaml', 'overlapSeconds: 60'))} `));

    const unknown = copyShippedConfig();
    editFile(unknown, 'handoff.yaml', (t) => t.replace('  maxRecordAttempts: 3', '  maxRecordAttempts: 3\n  batchSize: 10'));
    const unknownProblems = problemsOf(() => loadConfig({ env: {}, dir: unknown }));
    expect(unknownProblems).toHaveLength(1);
    expect(unknownProblems[0]).toMatch(new RegExp(`^${join(unknown, 'handoff.yaml')}:${String(lineOf(unknown, 'handoff.yaml', 'batchSize: 10'))} sync\\.batchSize: .*unknown key`));
  });
});

describe('credentials and the database URL in config check', () => {
  const shipped = join(import.meta.dirname, '..', '..', 'config');

  it('lists the missing credentials', () => {
    expect(missingCredentials(loadConfig({ env: {}, dir: shipped }).connections)).toEqual([
      'HUBSPOT_ACCESS_TOKEN',
      'SALESFORCE_CLIENT_ID and SALESFORCE_CLIENT_SECRET (or SALESFORCE_INSTANCE_URL and SALESFORCE_ACCESS_TOKEN)',
    ]);
    const partial = loadConfig({ env: { HUBSPOT_ACCESS_TOKEN: 't', SALESFORCE_CLIENT_ID: 'id' }, dir: shipped });
    expect(missingCredentials(partial.connections)).toEqual(['SALESFORCE_CLIENT_SECRET']);
    const tokenOnly = loadConfig({ env: { HUBSPOT_ACCESS_TOKEN: 't', SALESFORCE_ACCESS_TOKEN: 'a' }, dir: shipped });
    expect(missingCredentials(tokenOnly.connections)).toEqual(['SALESFORCE_INSTANCE_URL']);
    const complete = loadConfig({
      env: { HUBSPOT_ACCESS_TOKEN: 't', SALESFORCE_INSTANCE_URL: 'https://x.my.salesforce.com', SALESFORCE_ACCESS_TOKEN: 'a' },
      dir: shipped,
    });
    expect(missingCredentials(complete.connections)).toEqual([]);
  });

  it('masks the password and every query value of a PostgreSQL URL', () => {
    expect(maskDatabaseUrl('postgres://app:s3cret@db.internal:5432/handoff?sslmode=require&password=hunter2')).toBe(
      'postgres://app:***@db.internal:5432/handoff?sslmode=***&password=***',
    );
    expect(maskDatabaseUrl('postgres://postgres:p@ss@host/db')).toBe('postgres://postgres:***@host/db');
    expect(maskDatabaseUrl('postgresql://host/db?password=hunter2')).toBe('postgresql://host/db?password=***');
    expect(maskDatabaseUrl('sqlite:./data/handoff.db')).toBe('sqlite:./data/handoff.db');
    const cfg = loadConfig({ env: { HANDOFF_DATABASE_URL: 'postgres://u:p@ss@h/db?password=x' }, dir: shipped });
    const database = cfg.sources.find((s) => s.key === 'database');
    expect(database?.value).not.toMatch(/p@ss|=x/);
  });
});
