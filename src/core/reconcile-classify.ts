import { DECISION_REASONS, EXPLAINED_REASONS, isExplainedReason } from '../domain/decision.js';
import type { DecisionRecord, ExplainedReason } from '../domain/decision.js';
import type { DeadLetter, HandoffRecord } from '../domain/state.js';
import type { SalesforceView } from '../domain/salesforce.js';

export const GAP_REASONS = [
  'lead missing in Salesforce',
  'contact missing in Salesforce',
  'task missing',
  'duplicate tasks for one key',
  'qualified in HubSpot but never handed off',
] as const;
export type GapReason = (typeof GAP_REASONS)[number];

export interface Landed {
  hubspotId: string;
  status: 'landed';
  leadId: string | null;
  contactId: string | null;
  taskId: string | null;
}
export interface DeadLettered {
  hubspotId: string;
  status: 'dead-lettered';
  deadLetterId: number;
  stage: string;
  code: string;
  message: string;
  attempts: number;
}
/** Qualified in HubSpot, not handed off, and Handoff knows why (a code of src/domain/decision.ts). */
export interface Explained {
  hubspotId: string;
  status: 'explained';
  code: ExplainedReason;
  detail: string;
  score: number | null;
  threshold: number | null;
  modelVersion: string | null;
  duplicateOf: string | null;
}
export interface Skipped {
  hubspotId: string;
  status: 'skipped';
  reason: string;
}
export interface Gap {
  hubspotId: string;
  status: 'gap';
  reason: GapReason;
  handoffKey: string | null;
  detail: string | null;
}
/** Where one qualified contact ended up; every one is exactly one of these. */
export type Accounted = Landed | DeadLettered | Explained | Skipped | Gap;

/** What the state knows about one contact. */
export interface StateEvidence {
  record: HandoffRecord | undefined;
  /** Its unresolved dead letters. */
  openDeadLetters: readonly DeadLetter[];
  /** The reason of its latest ledger skip, if any. */
  lastSkip: string | undefined;
  /** Its latest evaluation (the decision table), if Handoff ever evaluated it. */
  decision?: DecisionRecord | undefined;
  /** When HubSpot says it last changed (ISO), if known. */
  modifiedAt?: string | null | undefined;
  /**
   * In the state's pending contacts: the sync read it (or activity touching it) and the cursor
   * moved past it with the contact still to hand off, read ahead or held back for a fuller write.
   */
  pending?: boolean | undefined;
}

/** Where Handoff's reading stands: the sync cursor and the start of its history (ISO, or null when unknown). */
export interface HistoryEvidence {
  cursor: string | null;
  historyStart: string | null;
}

const NO_HISTORY: HistoryEvidence = { cursor: null, historyStart: null };

const gap = (hubspotId: string, reason: GapReason, handoffKey: string | null = null, detail: string | null = null): Gap => ({
  hubspotId,
  status: 'gap',
  reason,
  handoffKey,
  detail,
});

/**
 * Accounts for one qualified contact (pure). A recorded handoff must still be visible in Salesforce:
 * its Lead (or the matched Contact) and exactly one Task with its key. Without one, an open dead
 * letter, a change the next cycle will read, the contact's latest decision, Handoff's history
 * starting after its last change, or a recorded skip explains it; anything else is a gap.
 */
export function accountFor(hubspotId: string, state: StateEvidence, sf: SalesforceView, history: HistoryEvidence = NO_HISTORY): Accounted {
  const { record, decision } = state;
  if (record && (record.status === 'handed_off' || record.status === 'converted')) return checkLanded(hubspotId, record, sf);
  const latest = [...state.openDeadLetters].sort((a, b) => b.lastSeen.localeCompare(a.lastSeen))[0];
  if (latest) {
    return { hubspotId, status: 'dead-lettered', deadLetterId: latest.id, stage: latest.stage, code: latest.code, message: latest.message, attempts: latest.attempts };
  }
  const explained = explain(hubspotId, state, history);
  if (explained) return explained;
  if (state.lastSkip !== undefined) return { hubspotId, status: 'skipped', reason: state.lastSkip };
  if (record?.status === 'skipped') return { hubspotId, status: 'skipped', reason: 'skipped' };
  const lead = sf.leadsByKey.get(hubspotId)?.[0];
  const detail = lead
    ? `Salesforce has Lead ${lead.Id} with this HubSpot id, Handoff has no record of handing it off`
    : decision?.qualified
      ? `qualified with score ${String(decision.score)} at ${decision.evaluatedAt}, no handoff recorded`
      : null;
  return gap(hubspotId, 'qualified in HubSpot but never handed off', null, detail);
}

function explain(hubspotId: string, state: StateEvidence, history: HistoryEvidence): Explained | null {
  const { decision } = state;
  const modifiedAt = state.modifiedAt ?? null;
  const of = (code: ExplainedReason, detail: string): Explained => ({
    hubspotId,
    status: 'explained',
    code,
    detail,
    score: decision?.score ?? null,
    threshold: decision?.threshold ?? null,
    modelVersion: decision?.modelVersion ?? null,
    duplicateOf: decision?.duplicateOf ?? null,
  });
  // The cursor passed it with the contact pending: the next cycle hands it off from there.
  if (state.pending) return of('pending', 'in the pending contacts of the sync (a cycle held it back for a later write, or activity touched it): the next cycle hands it off');
  // Changed since Handoff last read it: whatever was decided before, the next cycle decides again.
  const readUpTo = [history.cursor, decision?.evaluatedAt].filter((t): t is string => typeof t === 'string').sort().at(-1);
  if (history.cursor !== null && modifiedAt !== null && readUpTo !== undefined && modifiedAt > readUpTo) {
    return of('pending', `changed at ${modifiedAt}, after the cursor (${history.cursor}): the next cycle reads it`);
  }
  if (decision && isExplainedReason(decision.reason)) return of(decision.reason, decisionDetail(decision, state.lastSkip));
  if (!decision && history.historyStart !== null && modifiedAt !== null && modifiedAt < history.historyStart) {
    return of('outside-history', `last changed at ${modifiedAt}, before Handoff's history starts (${history.historyStart})`);
  }
  return null;
}

function decisionDetail(d: DecisionRecord, lastSkip: string | undefined): string {
  const model = `model ${d.modelVersion ?? '?'}`;
  switch (d.reason) {
    case 'not-qualified':
      return `score ${String(d.score)} below the threshold ${String(d.threshold)} (${model})`;
    case 'customer':
      return `lifecycle stage ${d.lifecycleStage ?? '?'}; score ${String(d.score)}, threshold ${String(d.threshold)} (${model})`;
    case 'duplicate':
      return `duplicate of HubSpot contact ${d.duplicateOf ?? '?'} (same email)`;
    case 'conflict':
      return lastSkip ?? DECISION_REASONS.conflict.means;
    default:
      return DECISION_REASONS[d.reason].means;
  }
}

/** Explained contacts counted by code; every explaining code is present, zero or not. */
export function countExplained(items: readonly Explained[]): Record<ExplainedReason, number> {
  const out = Object.fromEntries(EXPLAINED_REASONS.map((c) => [c, 0])) as Record<ExplainedReason, number>;
  for (const e of items) out[e.code] += 1;
  return out;
}

function checkLanded(hubspotId: string, record: HandoffRecord, sf: SalesforceView): Accounted {
  const key = record.handoffKey;
  if (record.salesforceContactId && !record.salesforceLeadId) {
    if (!sf.contactIds.has(record.salesforceContactId)) return gap(hubspotId, 'contact missing in Salesforce', key, `Contact ${record.salesforceContactId}`);
  } else {
    const byKey = sf.leadsByKey.get(hubspotId)?.[0];
    const byId = record.salesforceLeadId && sf.leadIds.has(record.salesforceLeadId) ? record.salesforceLeadId : null;
    if (!byKey && !byId) return gap(hubspotId, 'lead missing in Salesforce', key, record.salesforceLeadId ? `Lead ${record.salesforceLeadId}` : null);
  }
  let taskId: string | null = null;
  // A backfill without tasks hands off the Lead alone: no key, no Task to look for.
  if (key) {
    const tasks = sf.tasksByKey.get(key) ?? [];
    if (tasks.length === 0) return gap(hubspotId, 'task missing', key, record.salesforceTaskId ? `Task ${record.salesforceTaskId}` : null);
    if (tasks.length > 1) return gap(hubspotId, 'duplicate tasks for one key', key, tasks.map((t) => t.Id).join(', '));
    taskId = tasks[0]?.Id ?? null;
  }
  return {
    hubspotId,
    status: 'landed',
    leadId: record.salesforceLeadId ?? sf.leadsByKey.get(hubspotId)?.[0]?.Id ?? null,
    contactId: record.salesforceContactId,
    taskId,
  };
}
