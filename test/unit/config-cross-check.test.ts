import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { configProblems as problemsOf, copyShippedConfig, editFile } from '../helpers/config-dir.js';

/** 1-based numbers of the lines of a config file that match. */
function linesMatching(dir: string, file: string, pattern: RegExp): number[] {
  return readFileSync(join(dir, file), 'utf8')
    .split('\n')
    .flatMap((line, i) => (pattern.test(line) ? [i + 1] : []));
}

describe('config files that refer to each other', () => {
  it('the shipped files agree with each other', () => {
    expect(() => loadConfig({ env: {}, dir: copyShippedConfig() })).not.toThrow();
  });

  it('a grade naming a tier sla.yaml lacks is reported at its line in scoring.yaml', () => {
    const dir = copyShippedConfig();
    editFile(dir, 'scoring.yaml', (t) => t.replace(/tier: warm\b/, 'tier: lukewarm'));
    const [line] = linesMatching(dir, 'scoring.yaml', /tier: lukewarm/);
    const problems = problemsOf(dir);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(new RegExp(`^${join(dir, 'scoring.yaml')}:${String(line)} grades\\[1\\]\\.tier: .*"lukewarm"`));
    // The message names the tiers that do exist, so the fix is obvious.
    expect(problems[0]).toContain('warm');
  });

  it('renaming a tier in sla.yaml reports every grade that still uses the old name, each at its own line', () => {
    const dir = copyShippedConfig();
    editFile(dir, 'sla.yaml', (t) => t.replace(/name: cool\b/, 'name: cold'));
    const lines = linesMatching(dir, 'scoring.yaml', /grade: .*tier: cool\b/);
    expect(lines.length).toBeGreaterThanOrEqual(2);
    const problems = problemsOf(dir);
    expect(problems).toHaveLength(lines.length);
    problems.forEach((p, i) => {
      expect(p.startsWith(`${join(dir, 'scoring.yaml')}:${String(lines[i])} grades[`)).toBe(true);
      expect(p).toContain('"cool"');
    });
  });

  it('a team naming a calendar sla.yaml lacks is reported at its line in routing.yaml', () => {
    const dir = copyShippedConfig();
    editFile(dir, 'routing.yaml', (t) => t.replace(/calendar: emea\b/, 'calendar: europe'));
    const [line] = linesMatching(dir, 'routing.yaml', /calendar: europe/);
    const problems = problemsOf(dir);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(new RegExp(`^${join(dir, 'routing.yaml')}:${String(line)} teams\\[\\d+\\]\\.calendar: .*"europe"`));
  });

  it('a notify rule naming a tier sla.yaml lacks is reported at its line in handoff.yaml', () => {
    const dir = copyShippedConfig();
    editFile(dir, 'handoff.yaml', (t) => t.replace(/^ {2}rules: \[\].*$/m, '  rules:\n    - { tiers: [hot, urgent], on: [qualified], channels: [slack] }\n    - { tiers: [], on: [reminder], channels: [slack] }'));
    const [line] = linesMatching(dir, 'handoff.yaml', /tiers: \[hot, urgent\]/);
    const problems = problemsOf(dir);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(new RegExp(`^${join(dir, 'handoff.yaml')}:${String(line)} notify\\.rules\\[0\\]\\.tiers\\[1\\]: no SLA tier "urgent" in sla.yaml \\(tiers: hot, warm, cool\\)$`));
  });

  it('problems in several files are reported together', () => {
    const dir = copyShippedConfig();
    editFile(dir, 'scoring.yaml', (t) => t.replace(/tier: hot\b/, 'tier: urgent'));
    editFile(dir, 'routing.yaml', (t) => t.replace(/calendar: emea\b/, 'calendar: uk'));
    const problems = problemsOf(dir);
    expect(problems.filter((p) => p.startsWith(join(dir, 'scoring.yaml')))).toHaveLength(1);
    expect(problems.filter((p) => p.startsWith(join(dir, 'routing.yaml')))).toHaveLength(1);
  });
});
