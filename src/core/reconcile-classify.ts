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
export type Accounted = Landed | DeadLettered | Skipped | Gap;

/** What the state knows about one contact. */
export interface StateEvidence {
  record: HandoffRecord | undefined;
  /** Its unresolved dead letters. */
  openDeadLetters: readonly DeadLetter[];
  /** The reason of its latest ledger skip, if any. */
  lastSkip: string | undefined;
}

const gap = (hubspotId: string, reason: GapReason, handoffKey: string | null = null, detail: string | null = null): Gap => ({
  hubspotId,
  status: 'gap',
  reason,
  handoffKey,
  detail,
});

/**
 * Accounts for one qualified contact. A recorded handoff must still be visible in Salesforce: its
 * Lead (or the matched Contact) and exactly one Task with its key. Without one, an open dead letter
 * or a recorded skip explains it; anything else is a gap.
 */
export function accountFor(hubspotId: string, state: StateEvidence, sf: SalesforceView): Accounted {
  const { record } = state;
  if (record && (record.status === 'handed_off' || record.status === 'converted')) return checkLanded(hubspotId, record, sf);
  const latest = [...state.openDeadLetters].sort((a, b) => b.lastSeen.localeCompare(a.lastSeen))[0];
  if (latest) {
    return { hubspotId, status: 'dead-lettered', deadLetterId: latest.id, stage: latest.stage, code: latest.code, message: latest.message, attempts: latest.attempts };
  }
  if (state.lastSkip !== undefined) return { hubspotId, status: 'skipped', reason: state.lastSkip };
  if (record?.status === 'skipped') return { hubspotId, status: 'skipped', reason: 'skipped' };
  const lead = sf.leadsByKey.get(hubspotId)?.[0];
  return gap(hubspotId, 'qualified in HubSpot but never handed off', null, lead ? `Salesforce has Lead ${lead.Id} with this HubSpot id, Handoff has no record of handing it off` : null);
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
