import { CUSTOMER_STAGES } from '../domain/decision.js';
import { lifecycleProblems } from './feedback.js';
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
 * References that reach across files, which no single schema can see: grade bands and notify rules
 * name SLA tiers, teams name business calendars, rollout segments name teams. Each problem points at the file and key that holds the reference.
 */
/** Grade bands name SLA tiers: each band whose tier sla.yaml lacks, for any scoring model file. */
export function gradeTierProblems(scoring: ScoringConfig, sla: SlaConfig): { path: (string | number)[]; message: string }[] {
  const tiers = sla.tiers.map((t) => t.name);
  return scoring.grades.flatMap((g, i) => (tiers.includes(g.tier) ? [] : [{ path: ['grades', i, 'tier'], message: `no SLA tier "${g.tier}" in sla.yaml (tiers: ${tiers.join(', ')})` }]));
}

export function crossCheck(scoring: ScoringConfig, routing: RoutingConfig, sla: SlaConfig, handoff?: HandoffConfig): CrossProblem[] {
  const problems: CrossProblem[] = [];
  for (const p of gradeTierProblems(scoring, sla)) problems.push({ file: 'scoring.yaml', ...p });
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
  if (handoff) problems.push(...feedbackCrossCheck(handoff, scoring, sla), ...notifyTierProblems(handoff, sla));
  return problems;
}

/** notify.rules[].tiers name SLA tiers: each one sla.yaml lacks would make its rule silently match nothing. */
export function notifyTierProblems(handoff: HandoffConfig, sla: SlaConfig): CrossProblem[] {
  const tiers = sla.tiers.map((t) => t.name);
  return handoff.notify.rules.flatMap((rule, i) =>
    rule.tiers.flatMap((tier, j) =>
      tiers.includes(tier) ? [] : [{ file: 'handoff.yaml' as const, path: ['notify', 'rules', i, 'tiers', j], message: `no SLA tier "${tier}" in sla.yaml (tiers: ${tiers.join(', ')})` }],
    ),
  );
}

/** Lifecycle stages the scoring model (its conditions, and the customer stages) or the SLA content reads, lower-cased. */
export function lifecycleStagesRead(scoring: ScoringConfig, sla: SlaConfig): Set<string> {
  const stages = new Set(CUSTOMER_STAGES);
  for (const rule of scoring.fit) {
    for (const c of rule.when) {
      if (c.field !== 'lifecycleStage') continue;
      for (const v of Array.isArray(c.value) ? c.value : [c.value]) if (typeof v === 'string') stages.add(v.toLowerCase());
    }
  }
  for (const a of sla.assets) for (const v of a.when.lifecycleStage ?? []) stages.add(v.toLowerCase());
  return stages;
}

/** handoff.yaml's feedback lifecycle mapping may not name a stage scoring or SLA content reads. */
export function feedbackCrossCheck(handoff: HandoffConfig, scoring: ScoringConfig, sla: SlaConfig): CrossProblem[] {
  return lifecycleProblems(handoff.feedback, lifecycleStagesRead(scoring, sla)).map((p) => ({ file: 'handoff.yaml', ...p }));
}
