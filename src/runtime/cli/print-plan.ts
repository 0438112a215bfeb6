import type { WritePlan } from '../../domain/plan.js';
import { printable as p, printableText, terminalJson } from './terminal.js';

/**
 * The dry-run plan, for the operator's eyes: on stdout (it names people), never in the log. Every
 * value from a record goes through `p` (terminal.ts), so it prints as one line and acts on nothing.
 */
export function formatPlan(plan: WritePlan): string {
  const lines: string[] = [];
  const creates = plan.leads.filter((l) => l.isNew);
  const updates = plan.leads.filter((l) => !l.isNew);
  lines.push(`Plan: ${creates.length} Lead creates, ${updates.length} Lead updates, ${plan.tasks.length} Tasks, ${plan.contactsMatched.length} matched Contacts, ${plan.skips.length} skips, ${plan.deadLetters.length} dead letters`);
  const name = (r: Record<string, unknown>) => p([r.FirstName, r.LastName].filter(Boolean).join(' ') || '(no name)');
  const why = (reasons: readonly string[]) => p(reasons.join('; '));
  if (creates.length) lines.push('', 'Create Lead:');
  for (const l of creates) lines.push(`  ${p(l.hubspotId)}  ${name(l.record)} <${p(l.record.Email ?? '')}>  owner ${p(l.record.OwnerId ?? 'assignment rules')}  — ${why(l.reasons)}`);
  if (updates.length) lines.push('', 'Update Lead:');
  for (const l of updates) lines.push(`  ${p(l.hubspotId)}  ${p(l.id ?? '(by key)')}  ${name(l.record)}  — ${why(l.reasons)}`);
  if (plan.tasks.length) lines.push('', 'Create Task:');
  for (const t of plan.tasks) {
    const who = t.who.kind === 'id' ? `${t.who.object} ${p(t.who.id)}` : 'the Lead above';
    lines.push(`  ${p(t.handoffKey)}  "${p(t.record.Subject ?? '')}"  for ${who}, owner ${p(t.record.OwnerId ?? '(integration user)')}, due ${p(t.record.Handoff_SLA_Due__c ?? t.record.ActivityDate ?? '?')}`);
  }
  const fixes = [...plan.leads, ...plan.tasks].flatMap((x) => x.fixes.map((f) => `  ${p(x.hubspotId)}  ${p(f.field)}: ${f.fix} (${p(f.detail)})`));
  if (fixes.length) lines.push('', 'Fixes before sending:', ...fixes);
  if (plan.skips.length) lines.push('', 'Skip:');
  for (const s of plan.skips) lines.push(`  ${p(s.hubspotId)}  ${s.kind}: ${p(s.reason)}`);
  if (plan.deadLetters.length) lines.push('', 'Dead letter:');
  for (const d of plan.deadLetters) lines.push(`  ${p(d.hubspotId ?? '?')}  ${p(d.stage)} ${d.code}: ${p(d.message)}`);
  return `${lines.join('\n')}\n`;
}

/**
 * The dry run's plan sink (`handoff sync --dry-run`): each chunk's plan goes to `write` as the chunk
 * is planned, and nothing is kept. Text: the plan's lines (a chunk with nothing planned says nothing
 * after the first). JSON: JSON Lines, one `{"chunk":n,"plan":{...}}` per chunk with something
 * planned; the command then prints the summary object a real run prints.
 */
export function planPrinter(format: 'text' | 'json', write: (text: string) => void): (plan: WritePlan) => void {
  let chunk = 0;
  let printed = false;
  return (plan) => {
    chunk += 1;
    const empty = plan.leads.length + plan.tasks.length + plan.skips.length + plan.deadLetters.length === 0;
    if (format === 'json') {
      if (!empty) write(`${terminalJson({ chunk, plan })}\n`);
      return;
    }
    if (printed && empty) return;
    write(printableText(formatPlan(plan)));
    printed = true;
  };
}
