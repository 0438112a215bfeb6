import { isAbsolute, join } from 'node:path';
import { gradeTierProblems } from './cross-check.js';
import { scoringSchema } from './scoring.js';
import type { ScoringConfig } from './scoring.js';
import type { SlaConfig } from './sla.js';
import { formatPath, validateYamlFile } from './yaml-file.js';
import { lineOf } from './yaml-locate.js';

/** A path from the configuration: absolute, or relative to the config directory. */
export function configPath(dir: string, file: string): string {
  return isAbsolute(file) ? file : join(dir, file);
}

/**
 * A scoring model in a file of its own (a shadow or backtest candidate), validated like scoring.yaml:
 * the same schema, its grade bands checked against sla.yaml's tiers, every problem with file, line
 * and key path.
 */
export function loadScoringFile(file: string, sla: SlaConfig | undefined): { scoring: ScoringConfig | undefined; problems: string[] } {
  const checked = validateYamlFile(file, scoringSchema);
  const problems = [...checked.problems];
  const model = checked.value;
  if (model && sla && checked.parsed) {
    const parsed = checked.parsed;
    for (const p of gradeTierProblems(model, sla)) problems.push(`${file}:${lineOf(parsed, p.path)} ${formatPath(p.path)}: ${p.message}`);
  }
  return { scoring: problems.length === 0 ? model : undefined, problems };
}
