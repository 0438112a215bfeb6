import { isContactId } from '../../domain/ids.js';
import type { WritePlan } from '../../domain/plan.js';
import type { DeadLetter } from '../../ports/state.js';
import type { ReplayOutcomeKind, ReplayReport } from '../../domain/report.js';

export interface ChunkNotes {
  /** Contacts HubSpot no longer has (deleted, archived or merged away), with the ledger note. */
  gone: Map<string, string>;
  /** Contacts the pipeline skipped: nothing to hand off any more. */
  skipped: Map<string, string>;
}

/** One item per selected dead letter, and the counts the exit code is chosen from. */
export function tallyReplay(report: ReplayReport, selected: readonly DeadLetter[], after: readonly DeadLetter[], notes: ChunkNotes, plan: WritePlan | null): void {
  const current = new Map(after.map((d) => [d.id, d]));
  for (const d of selected) {
    const cur = current.get(d.id) ?? d;
    const [outcome, note] = plan ? foreseen(d, notes, plan) : observed(cur, notes);
    if (outcome === 'still-failing' || outcome === 'not-replayable') report.stillFailing += 1;
    else if (outcome !== 'planned' && !plan) report.resolved += 1;
    if (outcome === 'gone') report.gone += 1;
    if (outcome === 'no-longer-needed') report.noLongerNeeded += 1;
    report.items.push({ id: d.id, hubspotId: d.hubspotId, stage: cur.stage, code: cur.code, attempts: cur.attempts, outcome, note });
  }
}

/** After a real replay: the dead letter's state tells. */
function observed(d: DeadLetter, notes: ChunkNotes): [ReplayOutcomeKind, string | null] {
  if (d.resolvedAt === null) {
    return isContactId(d.hubspotId) ? ['still-failing', d.message] : ['not-replayable', 'no HubSpot contact id to read'];
  }
  const gone = notes.gone.get(d.hubspotId);
  if (gone) return ['gone', gone];
  const skipped = notes.skipped.get(d.hubspotId);
  if (skipped) return ['no-longer-needed', skipped];
  return ['resolved', null];
}

/** After a dry run: the plan tells what would happen (Salesforce's own verdict comes only from a real write). */
function foreseen(d: DeadLetter, notes: ChunkNotes, plan: WritePlan): [ReplayOutcomeKind, string | null] {
  if (!isContactId(d.hubspotId)) return ['not-replayable', 'no HubSpot contact id to read'];
  const gone = notes.gone.get(d.hubspotId);
  if (gone) return ['gone', gone];
  const skipped = notes.skipped.get(d.hubspotId);
  if (skipped) return ['no-longer-needed', skipped];
  const failing = plan.deadLetters.find((p) => p.hubspotId === d.hubspotId);
  if (failing) return ['still-failing', `${failing.code}: ${failing.message}`];
  const lead = plan.leads.find((l) => l.hubspotId === d.hubspotId);
  const task = plan.tasks.find((t) => t.hubspotId === d.hubspotId);
  const writes = [lead ? (lead.isNew ? 'create Lead' : 'update Lead') : null, task ? `create Task ${task.handoffKey}` : null].filter(Boolean);
  return writes.length > 0 ? ['planned', writes.join(', ')] : ['still-failing', 'nothing planned'];
}
