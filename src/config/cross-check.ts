import type { RoutingConfig } from './routing.js';
import type { ScoringConfig } from './scoring.js';
import type { SlaConfig } from './sla.js';

export interface CrossProblem {
  file: 'scoring.yaml' | 'routing.yaml' | 'sla.yaml';
  path: (string | number)[];
  message: string;
}

/** Checks that reach across files: grades name SLA tiers, teams name calendars. */
export function crossCheck(scoring: ScoringConfig, routing: RoutingConfig, sla: SlaConfig): CrossProblem[] {
  const problems: CrossProblem[] = [];
  const tiers = new Set(sla.tiers.map((t) => t.name));
  scoring.grades.forEach((g, i) => {
    if (!tiers.has(g.tier)) {
      problems.push({ file: 'scoring.yaml', path: ['grades', i, 'tier'], message: `no SLA tier "${g.tier}" in sla.yaml (tiers: ${[...tiers].join(', ')})` });
    }
  });
  routing.teams.forEach((t, i) => {
    if (!(t.calendar in sla.calendars)) {
      problems.push({ file: 'routing.yaml', path: ['teams', i, 'calendar'], message: `no calendar "${t.calendar}" in sla.yaml` });
    }
  });
  return problems;
}
