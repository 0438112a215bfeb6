import type { HandoffConfig } from './handoff.js';
import type { RoutingConfig } from './routing.js';
import type { ScoringConfig } from './scoring.js';
import type { SlaConfig } from './sla.js';

export interface CrossProblem {
  file: 'scoring.yaml' | 'routing.yaml' | 'sla.yaml' | 'handoff.yaml';
  path: (string | number)[];
  message: string;
}

/**
 * References that reach across files, which no single schema can see: grade bands name SLA tiers,
 * teams name business calendars, rollout segments name teams. Each problem points at the file and key that holds the reference.
 */
export function crossCheck(scoring: ScoringConfig, routing: RoutingConfig, sla: SlaConfig, handoff?: HandoffConfig): CrossProblem[] {
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
  const teams = routing.teams.map((t) => t.name);
  handoff?.rollout.segments.forEach((seg, i) => {
    seg.team?.forEach((name, j) => {
      if (!teams.includes(name)) problems.push({ file: 'handoff.yaml', path: ['rollout', 'segments', i, 'team', j], message: `no team "${name}" in routing.yaml (teams: ${teams.join(', ')})` });
    });
  });
  return problems;
}
