import { CONDITION_FIELDS } from '../domain/condition-fields.js';
import type { ScoringConfig } from '../config/scoring.js';
import { regionOf } from './regions.js';
import type { RoutingConfig } from '../config/routing.js';
import { CUSTOMER_STAGES } from '../domain/decision.js';
import type { DecisionFieldValue, DecisionReason, DecisionRecord, ShadowResult } from '../domain/decision.js';
import type { SkipOp } from '../domain/plan.js';
import type { Contact, Score } from '../domain/types.js';
import type { DuplicateOf } from './dedupe.js';
import { segmentOf } from './route.js';
import { conditionValue } from './score.js';
import type { Evaluated } from './triage.js';

export interface DecisionContext {
  runId: string;
  now: Date;
  scoring: ScoringConfig;
  routing: RoutingConfig;
  /** The shadow model's scores by contact id (handoff.yaml scoring.shadow), recorded beside the live ones. */
  shadowScores?: ReadonlyMap<string, Score>;
}

/** One contact as the cycle left it: scored (and maybe skipped after triage or routing), or a duplicate of another. */
export type Evaluation = { kind: 'scored'; contact: Contact; score: Score; skip: SkipOp | null } | { kind: 'duplicate'; contact: Contact; of: string };

/**
 * The decision-table row of one evaluated contact (pure): why it was or wasn't handed off, the
 * model's result, and the fields scoring and routing read, without names, emails or phones.
 */
export function buildDecision(e: Evaluation, ctx: DecisionContext): DecisionRecord {
  const c = e.contact;
  const score = e.kind === 'scored' ? e.score : null;
  return {
    hubspotId: c.hubspotId,
    evaluatedAt: ctx.now.toISOString(),
    runId: ctx.runId,
    qualified: score?.qualified ?? false,
    rule: score ? decidingRule(score) : null,
    score: score?.total ?? null,
    fit: score?.fit ?? null,
    engagement: score?.engagement ?? null,
    grade: score?.grade ?? null,
    threshold: score ? ctx.scoring.mqlThreshold : null,
    modelVersion: score?.modelVersion ?? null,
    duplicateOf: e.kind === 'duplicate' ? e.of : null,
    source: c.leadSource,
    lifecycleStage: c.lifecycleStage,
    country: c.country,
    region: regionOf(c.country),
    state: c.state,
    segment: segmentOf(c.employees, ctx.routing),
    // Stored as a whole number both stores take; an implausible count (1e20) is left out of the row.
    employees: c.employees !== null && Number.isSafeInteger(c.employees) ? c.employees : null,
    reason: reasonFor(e),
    fields: decisionFields(c),
    shadow: shadowOf(e.kind === 'scored' ? ctx.shadowScores?.get(c.hubspotId) : undefined),
  };
}

function shadowOf(s: Score | undefined): ShadowResult | null {
  return s ? { score: s.total, grade: s.grade, qualified: s.qualified, modelVersion: s.modelVersion } : null;
}

function reasonFor(e: Evaluation): DecisionReason {
  if (e.kind === 'duplicate') return 'duplicate';
  if (e.score.qualified) {
    if (e.skip?.kind === 'conflict') return 'conflict';
    if (e.skip?.kind === 'cooling-off') return 'cooling-off';
    if (e.skip?.kind === 'review') return 'review';
    return e.skip?.kind === 'outside-rollout' ? 'outside-rollout' : 'qualified';
  }
  return e.contact.lifecycleStage !== null && CUSTOMER_STAGES.includes(e.contact.lifecycleStage) ? 'customer' : 'not-qualified';
}

/** The rule that weighed most toward the outcome: the largest gain of a qualified score, else the largest loss. */
function decidingRule(score: Score): string | null {
  // Reasons come sorted by size, largest first (score.ts).
  const toward = score.reasons.find((r) => (score.qualified ? r.points > 0 : r.points < 0));
  return toward?.rule ?? null;
}

/** Every condition field by its name in scoring.yaml; the phone number itself never leaves: only whether there is one and whether it parsed. */
export function decisionFields(c: Contact): Record<string, DecisionFieldValue> {
  const out: Record<string, DecisionFieldValue> = {};
  for (const field of CONDITION_FIELDS) {
    if (field === 'phone.e164') continue;
    out[field] = conditionValue(c, field);
  }
  out['phone.present'] = c.phone.original !== null && c.phone.original.trim() !== '';
  out['phone.valid'] = c.phone.e164 !== null;
  // The latest form conversion, which scoring counts as a 'form' activity: a backtest replays it.
  out['conversions.lastAt'] = c.conversions.lastAt;
  out['conversions.lastName'] = c.conversions.lastName;
  return out;
}

/**
 * The rows of one batch: each scored contact (with the skip triage or routing gave it, if any) and
 * each duplicate, once per contact.
 */
export function buildDecisions(
  input: { contacts: readonly Contact[]; duplicates: readonly DuplicateOf[]; evaluated: readonly Evaluated[]; skips: readonly SkipOp[] },
  ctx: DecisionContext,
): DecisionRecord[] {
  const skips = new Map(input.skips.map((s) => [s.hubspotId, s]));
  const byId = new Map(input.contacts.map((c) => [c.hubspotId, c]));
  const rows = input.evaluated.map((e) => buildDecision({ kind: 'scored', contact: e.contact, score: e.score, skip: skips.get(e.contact.hubspotId) ?? null }, ctx));
  for (const d of input.duplicates) {
    const contact = byId.get(d.hubspotId);
    if (contact) rows.push(buildDecision({ kind: 'duplicate', contact, of: d.keptId }, ctx));
  }
  return rows;
}
