import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runBuiltCli } from '../helpers/cli.js';

describe('handoff demo (the README main command), built CLI', () => {
  it('runs a full cycle against the built-in sandbox and hands leads off', () => {
    const res = runBuiltCli(['demo', '--days', '0', '--contacts', '600', '--seed', '7', '--json']);
    expect(res.code).toBe(0);
    const report = JSON.parse(res.stdout) as Record<string, number | string | null>;
    expect(report.status).not.toBe('failed');
    expect(Number(report.contactsRead)).toBeGreaterThan(100);
    expect(Number(report.tasksCreated)).toBeGreaterThan(0);
    expect(Number(report.tasksCreated)).toBe(Number(report.leadsCreated) + Number(report.leadsUpdated) + Number(report.contactsMatched));
    expect(existsSync(String(report.stateFile))).toBe(true);
    // Logs go to stderr as JSON lines and carry no email addresses.
    expect(res.stderr).not.toMatch(/[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/);
  });

  it('prints a readable summary with sample tasks', () => {
    const res = runBuiltCli(['demo', '--days', '0', '--contacts', '400', '--seed', '3']);
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/Leads created/);
    expect(res.stdout).toMatch(/A sample of the SLA tasks/);
    expect(res.stdout).toMatch(/due \d{4}-\d{2}-\d{2}T/);
  });

  it('with --days, runs the handoff then simulated days of the sales floor with the sync and feedback on the simulated clock', () => {
    const res = runBuiltCli(['demo', '--days', '1', '--contacts', '400', '--seed', '3', '--json']);
    expect(res.code, res.stderr).toBe(0);
    const summary = JSON.parse(res.stdout) as { handoffs: number; firstTouched: number; sync: { cycles: number }; feedback: { cycles: number; hubspotUpdates: number }; floor: { handoffs: number } };
    expect(summary.handoffs).toBeGreaterThan(0);
    expect(summary.handoffs).toBe(summary.floor.handoffs);
    expect(summary.sync.cycles).toBe(25);
    expect(summary.feedback.cycles).toBe(25);
    expect(summary.feedback.hubspotUpdates).toBeGreaterThan(0);
  });
});
