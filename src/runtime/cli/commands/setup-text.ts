import type { FailedStep, SetupConflict, SetupReport } from '../../../domain/setup.js';

const W = 14;

/** `handoff setup` as the operator reads it: one line per field, property and step. */
export function setupText(r: SetupReport): string {
  const created = r.dryRun ? 'would create' : 'created';
  const sf = r.salesforce;
  const lines: string[] = [
    `${r.dryRun ? 'Setup plan (dry run: nothing changed)' : 'Setup'}`,
    '',
    `Salesforce (as ${sf.ranAs === 'admin' ? 'the admin of SALESFORCE_ADMIN_*' : 'the integration user: no SALESFORCE_ADMIN_* credentials'})`,
    ...sf.created.map((n) => `  ${created.padEnd(W)}${n}`),
    ...sf.unchanged.map((n) => `  ${'ok'.padEnd(W)}${n}`),
    ...sf.conflicts.map(conflictLine),
  ];
  const ps = sf.permissionSet;
  if (ps) {
    const status = ps.status === 'created' ? created : ps.status === 'unchanged' ? 'ok' : 'failed';
    lines.push(`  ${status.padEnd(W)}permission set ${ps.name}${ps.license ? ` (license ${ps.license})` : ''}`);
    if (ps.granted.length > 0) lines.push(`  ${(r.dryRun ? 'would grant' : 'granted').padEnd(W)}read and edit on ${perObject(ps.granted)}`);
    if (ps.alreadyGranted.length > 0 && ps.granted.length === 0) lines.push(`  ${'ok'.padEnd(W)}read and edit on all ${ps.alreadyGranted.length} fields`);
    if (ps.sendCustomNotifications === 'added') lines.push(`  ${(r.dryRun ? 'would add' : 'added').padEnd(W)}Send Custom Notifications to ${ps.name}`);
    if (ps.licenseAssigned === 'assigned') lines.push(`  ${(r.dryRun ? 'would assign' : 'assigned').padEnd(W)}the Salesforce API Integration license to ${ps.assignee ?? '?'}`);
    if (ps.assigned === 'assigned') lines.push(`  ${(r.dryRun ? 'would assign' : 'assigned').padEnd(W)}${ps.name} to ${ps.assignee ?? '?'}`);
    if (ps.assigned === 'already') lines.push(`  ${'ok'.padEnd(W)}${ps.name} assigned to ${ps.assignee ?? '?'}`);
  }
  lines.push(...sf.notificationTypes.created.map((n) => `  ${created.padEnd(W)}custom notification type ${n}`));
  lines.push(...sf.notificationTypes.unchanged.map((n) => `  ${'ok'.padEnd(W)}custom notification type ${n}`));
  lines.push(...sf.failed.flatMap(failedLines));
  const hs = r.hubspot;
  lines.push('', 'HubSpot');
  if (hs.group.created) lines.push(`  ${created.padEnd(W)}property group ${hs.group.name}`);
  lines.push(...hs.created.map((n) => `  ${created.padEnd(W)}${n}`));
  lines.push(...hs.unchanged.map((n) => `  ${'ok'.padEnd(W)}${n}`));
  lines.push(...hs.conflicts.map(conflictLine));
  lines.push(...hs.failed.flatMap(failedLines));
  const problems = sf.conflicts.length + sf.failed.length + hs.conflicts.length + hs.failed.length;
  lines.push('', problems === 0 ? (r.dryRun ? 'Nothing in the way.' : 'Done: run `handoff doctor` to check the whole setup.') : `${problems} problem${problems === 1 ? '' : 's'} left: conflicts are never changed by setup; fix them, then run setup again.`);
  return `${lines.join('\n')}\n`;
}

function conflictLine(c: SetupConflict): string {
  return `  ${'CONFLICT'.padEnd(W)}${c.name} ${c.reason}: left as it is (Handoff needs ${c.expected})`;
}

/** "18 fields (Lead 5, Contact 1, Task 6, Event 6)". */
function perObject(fields: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const f of fields) {
    const object = f.split('.')[0] ?? f;
    counts.set(object, (counts.get(object) ?? 0) + 1);
  }
  return `${fields.length} field${fields.length === 1 ? '' : 's'} (${[...counts].map(([o, n]) => `${o} ${n}`).join(', ')})`;
}

function failedLines(f: FailedStep): string[] {
  return [`  ${'FAILED'.padEnd(W)}${f.step}: ${f.message}`, `  ${''.padEnd(W)}fix: ${f.fix}`];
}
