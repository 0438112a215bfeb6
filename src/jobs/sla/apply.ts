import { localDate, scheduleOf } from '../../core/sla-people.js';
import type { SlaStep } from '../../domain/outbox.js';
import type { WriteOptions } from '../../domain/state.js';
import type { Deps } from '../deps.js';

export interface PendingReassignment {
  step: SlaStep;
  /** YYYY-MM-DD in the new owner's zone; computed from the users when not given (a killed pass's step). */
  activityDate?: string;
}

/**
 * Writes committed reassignments to Salesforce: the Task's owner, due time and ActivityDate, and
 * the Lead's owner (never a Contact's). Setting an owner is idempotent, so a reassignment a killed
 * pass committed but did not confirm is simply written again, to the owner it recorded. A Task
 * Salesforce refuses (deleted meanwhile) is marked applied too, with a ledger line, so it is not
 * retried forever; transient failures throw, and the next pass tries again.
 */
export async function applyReassignments(deps: Deps, items: readonly PendingReassignment[], write: WriteOptions): Promise<number> {
  const pending = items.filter((i) => i.step.step === 'reassignment' && i.step.toOwnerId !== null && i.step.dueAt !== null);
  if (pending.length === 0) return 0;
  const { routing, sla } = deps.config;
  const users = pending.some((i) => i.activityDate === undefined) ? await deps.slaSalesforce.users(routing.availability.userField) : [];
  const dateOf = (i: PendingReassignment): string =>
    i.activityDate ?? localDate(new Date(i.step.dueAt ?? 0), scheduleOf(routing, sla, users.find((u) => u.id === i.step.toOwnerId)).timeZone);
  const results = await deps.slaSalesforce.reassign(
    pending.map((i) => ({ taskId: i.step.taskId, ownerId: i.step.toOwnerId ?? '', dueAt: i.step.dueAt ?? '', activityDate: dateOf(i), leadId: i.step.leadId })),
  );
  const refused = results.filter((r) => !r.ok);
  if (refused.length > 0) {
    const runId = `sla-${new Date(deps.clock.now()).toISOString()}`;
    await deps.state.appendLedger(
      refused.map((r) => ({
        runId,
        hubspotId: pending.find((p) => p.step.taskId === r.taskId)?.step.hubspotId ?? null,
        salesforceIds: { taskId: r.taskId },
        action: 'sla.reassignment' as const,
        result: 'error' as const,
        errorCode: r.errorCode,
      })),
      write,
    );
  }
  await deps.state.markSlaStepsApplied(
    pending.map((i) => i.step.handoffKey),
    'reassignment',
    write,
  );
  return results.filter((r) => r.ok).length;
}
