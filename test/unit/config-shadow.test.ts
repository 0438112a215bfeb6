import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { ConfigError } from '../../src/domain/errors.js';
import { copyShippedConfig, editFile } from '../helpers/config-dir.js';

/** A config dir whose handoff.yaml names a shadow model, written from the shipped scoring.yaml by `edit`. */
function withShadow(edit: (yaml: string) => string, file = 'candidate.yaml'): string {
  const dir = copyShippedConfig();
  writeFileSync(join(dir, 'candidate.yaml'), edit(readFileSync(join(dir, 'scoring.yaml'), 'utf8')));
  editFile(dir, 'handoff.yaml', (t) => t.replace('  shadow: null', `  shadow: ${file}`));
  return dir;
}

const problemsOf = (dir: string): string[] => {
  try {
    loadConfig({ env: {}, dir });
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
};

describe('scoring.shadow in handoff.yaml: a candidate model validated like scoring.yaml', () => {
  it('loads the candidate beside the live model; none by default', () => {
    const dir = withShadow((t) => t.replace('version: "2026.11-1"', 'version: "2026.12-rc1"').replace('mqlThreshold: 50', 'mqlThreshold: 45'));
    const cfg = loadConfig({ env: {}, dir });
    expect(cfg.shadowScoring).toMatchObject({ version: '2026.12-rc1', mqlThreshold: 45 });
    expect(cfg.scoring.version).toBe('2026.11-1');
    expect(loadConfig({ env: {}, dir: copyShippedConfig() }).shadowScoring).toBeNull();
  });

  it("reports the candidate's problems with its own file, line and key path, and a grade naming no SLA tier", () => {
    const dir = withShadow((t) => t.replace('version: "2026.11-1"', 'version: "2026.12-rc1"').replace('halfLifeDays: 30', 'halfLifeDays: -3\n  decay: fast').replace('{ grade: A, min: 80, tier: hot }', '{ grade: A, min: 80, tier: scorching }'));
    const file = join(dir, 'candidate.yaml');
    const problems = problemsOf(dir);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(new RegExp(`^${file}:\\d+ engagement\\.halfLifeDays: `)),
        expect.stringMatching(new RegExp(`^${file}:\\d+ engagement\\.decay: unknown key$`)),
      ]),
    );
    const tiers = withShadow((t) => t.replace('version: "2026.11-1"', 'version: "2026.12-rc1"').replace('{ grade: A, min: 80, tier: hot }', '{ grade: A, min: 80, tier: scorching }'));
    expect(problemsOf(tiers)).toEqual([expect.stringMatching(new RegExp(`^${join(tiers, 'candidate.yaml')}:\\d+ grades\\[0\\]\\.tier: no SLA tier "scorching" in sla\\.yaml`))]);
  });

  it('refuses a candidate with the live version, and a file that is not there', () => {
    const same = withShadow((t) => t.replace('mqlThreshold: 50', 'mqlThreshold: 45'));
    expect(problemsOf(same)).toEqual([expect.stringMatching(/handoff\.yaml:\d+ scoring\.shadow: the shadow model has the live model's version "2026\.11-1"/)]);
    const missing = withShadow((t) => t, 'nowhere.yaml');
    expect(problemsOf(missing)).toEqual([`${join(missing, 'nowhere.yaml')}:1 (root): file not found`]);
  });
});
