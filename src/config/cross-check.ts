import type { RoutingConfig } from './routing.js';
import type { ScoringConfig } from './scoring.js';
import type { SlaConfig } from './sla.js';

export interface CrossProblem {
  file: 'scoring.yaml' | 'routing.yaml' | 'sla.yaml';
  path: (string | number)[];
  message: string;
}

/**
 * References that reach across files, which no single schema can see: grade bands name SLA tiers,
 * teams name business calendars. Each problem points at the file and key that holds the reference.
 */
export function crossCheck(scoring: ScoringConfig, routing: RoutingConfig, sla: SlaConfig): CrossProblem[] {
  const problems: CrossProblem[] = [];
  const tiers = sla.tiers.map((t) => t.name);
  scoring.grades.forEach((g, i) => {
    if (!tiers.includes(g.tier)) {
      problems.push({ file: 'scoring.yaml', path: ['grades', i, 'tier'], message: `no SLA tier "${g.tier}" in sla.yaml (tiers: ${tiers.join(', ')})` });
    }
  });
  const calendars = Object.keys(sla.calendars);
  routing.teams.forEach((t, i) => {
    if (!Object.hasOwn(sla.calendars, t.calendar)) {
      problems.push({ file: 'routing.yaml', path: ['teams', i, 'calendar'], message: `no calendar "${t.calendar}" in sla.yaml (calendars: ${calendars.join(', ')})` });
    }
  });
  return problems;
}
