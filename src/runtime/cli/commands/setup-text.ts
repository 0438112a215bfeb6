import type { FailedStep, SetupConflict, SetupReport } from '../../../domain/setup.js';

/** `handoff setup` as the operator reads it: one line per field, property and step. */
export function setupText(r: SetupReport): string {
  const created = r.dryRun ? 'would create' : 'created';
  const sf = r.salesforce;
  const lines: string[] = [
    `${r.dryRun ? 'Setup plan (dry run: nothing changed)' : 'Setup'}`,
    '',
    `Salesforce (as ${sf.ranAs === 'admin' ? 'the admin of SALESFORCE_ADMIN_*' : 'the integration user: no SALESFORCE_ADMIN_* credentials'})`,
    ...sf.created.map((n) => `  ${created.padEnd(13)}${n}`),
    ...sf.unchanged.map((n) => `  ${'ok'.padEnd(13)}${n}`),
    ...sf.conflicts.map(conflictLine),
  ];
  const ps = sf.permissionSet;
  if (ps) {
    const status = ps.status === 'created' ? created : ps.status === 'unchanged' ? 'ok' : 'failed';
    lines.push(`  ${status.padEnd(13)}permission set ${ps.name}${ps.license ? ` (license ${ps.license})` : ''}`);
    if (ps.granted.length > 0) lines.push(`  ${(r.dryRun ? 'would grant' : 'granted').padEnd(13)}read and edit on ${ps.granted.join(', ')}`);
    if (ps.alreadyGranted.length > 0 && ps.granted.length === 0) lines.push(`  ${'ok'.padEnd(13)}read and edit on all ${ps.alreadyGranted.length} fields`);
    if (ps.licenseAssigned === 'assigned') lines.push(`  ${(r.dryRun ? 'would assign' : 'assigned').padEnd(13)}the Salesforce API Integration license to ${ps.assignee ?? '?'}`);
    if (ps.assigned === 'assigned') lines.push(`  ${(r.dryRun ? 'would assign' : 'assigned').padEnd(13)}${ps.name} to ${ps.assignee ?? '?'}`);
    if (ps.assigned === 'already') lines.push(`  ${'ok'.padEnd(13)}${ps.name} assigned to ${ps.assignee ?? '?'}`);
  }
  lines.push(...sf.notificationTypes.created.map((n) => `  ${created.padEnd(13)}custom notification type ${n}`));
  lines.push(...sf.notificationTypes.unchanged.map((n) => `  ${'ok'.padEnd(13)}custom notification type ${n}`));
  lines.push(...sf.failed.flatMap(failedLines));
  const hs = r.hubspot;
  lines.push('', 'HubSpot');
  if (hs.group.created) lines.push(`  ${created.padEnd(13)}property group ${hs.group.name}`);
  lines.push(...hs.created.map((n) => `  ${created.padEnd(13)}${n}`));
  lines.push(...hs.unchanged.map((n) => `  ${'ok'.padEnd(13)}${n}`));
  lines.push(...hs.conflicts.map(conflictLine));
  lines.push(...hs.failed.flatMap(failedLines));
  const problems = sf.conflicts.length + sf.failed.length + hs.conflicts.length + hs.failed.length;
  lines.push('', problems === 0 ? (r.dryRun ? 'Nothing in the way.' : 'Done: run `handoff doctor` to check the whole setup.') : `${problems} problem${problems === 1 ? '' : 's'} left: conflicts are never changed by setup; fix them, then run setup again.`);
  return `${lines.join('\n')}\n`;
}

function conflictLine(c: SetupConflict): string {
  return `  ${'CONFLICT'.padEnd(13)}${c.name} ${c.reason} (expected ${c.expected}; found ${c.actual}); left as it is`;
}

function failedLines(f: FailedStep): string[] {
  return [`  ${'FAILED'.padEnd(13)}${f.step}: ${f.message}`, `  ${''.padEnd(13)}fix: ${f.fix}`];
}
