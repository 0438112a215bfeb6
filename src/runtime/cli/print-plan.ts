import type { WritePlan } from '../../domain/plan.js';

/**
 * The dry-run plan, for the operator's eyes: on stdout (it names people), never in the log.
 */
export function formatPlan(plan: WritePlan): string {
  const lines: string[] = [];
  const creates = plan.leads.filter((l) => l.isNew);
  const updates = plan.leads.filter((l) => !l.isNew);
  lines.push(`Plan: ${creates.length} Lead creates, ${updates.length} Lead updates, ${plan.tasks.length} Tasks, ${plan.contactsMatched.length} matched Contacts, ${plan.skips.length} skips, ${plan.deadLetters.length} dead letters`);
  const name = (r: Record<string, unknown>) => [r.FirstName, r.LastName].filter(Boolean).join(' ') || '(no name)';
  if (creates.length) lines.push('', 'Create Lead:');
  for (const l of creates) lines.push(`  ${l.hubspotId}  ${name(l.record)} <${String(l.record.Email ?? '')}>  owner ${String(l.record.OwnerId ?? 'assignment rules')}  — ${l.reasons.join('; ')}`);
  if (updates.length) lines.push('', 'Update Lead:');
  for (const l of updates) lines.push(`  ${l.hubspotId}  ${l.id ?? '(by key)'}  ${name(l.record)}  — ${l.reasons.join('; ')}`);
  if (plan.tasks.length) lines.push('', 'Create Task:');
  for (const t of plan.tasks) {
    const who = t.who.kind === 'id' ? `${t.who.object} ${t.who.id}` : 'the Lead above';
    lines.push(`  ${t.handoffKey}  "${String(t.record.Subject ?? '')}"  for ${who}, owner ${String(t.record.OwnerId ?? '(integration user)')}, due ${String(t.record.Handoff_SLA_Due__c ?? t.record.ActivityDate ?? '?')}`);
  }
  const fixes = [...plan.leads, ...plan.tasks].flatMap((x) => x.fixes.map((f) => `  ${x.hubspotId}  ${f.field}: ${f.fix} (${f.detail})`));
  if (fixes.length) lines.push('', 'Fixes before sending:', ...fixes);
  if (plan.skips.length) lines.push('', 'Skip:');
  for (const s of plan.skips) lines.push(`  ${s.hubspotId}  ${s.kind}: ${s.reason}`);
  if (plan.deadLetters.length) lines.push('', 'Dead letter:');
  for (const d of plan.deadLetters) lines.push(`  ${d.hubspotId ?? '?'}  ${d.stage} ${d.code}: ${d.message}`);
  return `${lines.join('\n')}\n`;
}
