/**
 * Why Handoff did, or did not, hand a contact off: one vocabulary shared by the decision table
 * (each contact's latest evaluation) and reconcile (which counts the qualified contacts without a
 * handoff by these codes). `explains` marks the codes that account for a missing handoff;
 * `produced: false` marks codes defined for features that do not produce them yet.
 */
export const DECISION_REASONS = {
  qualified: { explains: false, produced: true, means: 'at or above the MQL threshold: handed off, or its handoff kept current' },
  'not-qualified': { explains: true, produced: true, means: 'scored below the MQL threshold of the shared model' },
  customer: { explains: true, produced: true, means: 'a customer already (lifecycle stage customer or evangelist): account management owns it' },
  duplicate: { explains: true, produced: true, means: 'another HubSpot contact with the same email is the one handed off' },
  conflict: { explains: true, produced: true, means: 'Salesforce holds a record with its email keyed to another HubSpot contact' },
  'outside-history': { explains: true, produced: true, means: "last changed before Handoff's history starts (the first sync or backfill window)" },
  pending: { explains: true, produced: true, means: 'changed in HubSpot after the cursor: the next cycle takes it' },
  'outside-rollout': { explains: true, produced: true, means: 'qualified, but outside the pilot segments or sample share the rollout covers (handoff.yaml rollout)' },
  review: { explains: true, produced: true, means: 'its email matched several Salesforce records and matching.strict holds it for review (handoff review resolve)' },
  'cooling-off': { explains: true, produced: true, means: 'recycled by sales recently; a new handoff waits out the cooling-off period (feedback.recycle.coolOffDays)' },
} as const;

export type DecisionReason = keyof typeof DECISION_REASONS;
export const DECISION_REASON_CODES = Object.keys(DECISION_REASONS) as DecisionReason[];

/** The codes that explain why a contact HubSpot shows as qualified has no handoff. */
export type ExplainedReason = { [K in DecisionReason]: (typeof DECISION_REASONS)[K]['explains'] extends true ? K : never }[DecisionReason];
export const EXPLAINED_REASONS = DECISION_REASON_CODES.filter((c): c is ExplainedReason => DECISION_REASONS[c].explains);

export function isExplainedReason(code: string): code is ExplainedReason {
  return (EXPLAINED_REASONS as readonly string[]).includes(code);
}

/** HubSpot lifecycle stages of contacts that already buy: new-business handoff is not for them. */
export const CUSTOMER_STAGES: readonly string[] = ['customer', 'evangelist'];

/** A value the scoring condition language can compare, as the decision table keeps it. */
export type DecisionFieldValue = string | number | boolean | null;

/**
 * One contact's latest evaluation: the row of the decision table. Holds no names, emails or phone
 * numbers: email and phone only as presence, validity and domain.
 */
export interface DecisionRecord {
  hubspotId: string;
  evaluatedAt: string;
  runId: string;
  reason: DecisionReason;
  qualified: boolean;
  /** The scoring rule that weighed most in the outcome's direction, when one did. */
  rule: string | null;
  /** Null for a duplicate: it is not scored. */
  score: number | null;
  fit: number | null;
  engagement: number | null;
  grade: string | null;
  threshold: number | null;
  modelVersion: string | null;
  /** The HubSpot contact this one duplicates. */
  duplicateOf: string | null;
  /** HubSpot's original source (hs_analytics_source). */
  source: string | null;
  lifecycleStage: string | null;
  /** The segment fields routing reads. */
  country: string | null;
  region: string | null;
  state: string | null;
  segment: string | null;
  employees: number | null;
  /** Every field the scoring condition language addresses, by its name there (phone as phone.present / phone.valid). */
  fields: Record<string, DecisionFieldValue>;
  /** The shadow model's result (handoff.yaml scoring.shadow): recorded, never acted on. Null or absent without one. */
  shadow?: ShadowResult | null;
}

/** What the shadow model made of a contact. */
export interface ShadowResult {
  score: number;
  grade: string;
  qualified: boolean;
  modelVersion: string;
}
