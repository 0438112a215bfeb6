import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runBuiltCli } from '../helpers/cli.js';

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

  it('ends its simulated days with the funnel and SLA summary and the path of the report page it wrote', { timeout: 320_000 }, () => {
    const res = runBuiltCli(['demo', '--days', '1', '--contacts', '200', '--seed', '5'], {}, ROOT, 300_000);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toMatch(/Funnel \(handed off in the demo, followed to now\): handed off \d+ → touched \d+/);
    expect(res.stdout).toMatch(/SLA: compliance /);
    // The SLA watch ran on the simulated clock every 15 minutes (sla.cron is null in the shipped config).
    expect(res.stdout).toMatch(/SLA watch: 96 passes: \d+ reminders, \d+ escalations, 0 reassignments; 0 messages sent/);
    const page = /The report \(handoff report --html\) is in (\S+report\.html)/.exec(res.stdout)?.[1] ?? '';
    expect(readFileSync(page, 'utf8')).toContain('data-figure="funnel.handedOff"');
  });

  it('--serve keeps the dashboard up until Ctrl-C', async () => {
    const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', join(ROOT, 'src/runtime/cli/main.ts'), 'demo', '--days', '0', '--contacts', '200', '--serve', '--port', '0'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', LOG_FORMAT: 'json' },
    });
    let stdout = '';
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => {
        stdout += d.toString();
        const m = /The dashboard is at (\S+)/.exec(stdout);
        if (m?.[1]) resolve(m[1]);
      });
      child.on('close', (code) => reject(new Error(`demo exited ${code}`)));
    });
    const page = await fetch(url);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<h1>Handoff insight</h1>');
    const exited = new Promise<number | null>((r) => child.on('close', r));
    child.kill('SIGINT');
    expect(await exited).toBe(0);
  }, 420_000);

  it('with --days, runs the handoff then simulated days of the sales floor with the sync, feedback and SLA watch on the simulated clock', { timeout: 320_000 }, () => {
    const res = runBuiltCli(['demo', '--days', '1', '--contacts', '200', '--seed', '3', '--json'], {}, ROOT, 300_000);
    expect(res.code, res.stderr).toBe(0);
    const summary = JSON.parse(res.stdout) as {
      handoffs: number;
      firstTouched: number;
      slaMet: number;
      slaJudged: number;
      sync: { cycles: number };
      feedback: { cycles: number; hubspotUpdates: number };
      sla: { passes: number; reminders: number; escalations: number; reassignments: number };
      floor: { handoffs: number };
    };
    expect(summary.handoffs).toBeGreaterThan(0);
    expect(summary.handoffs).toBe(summary.floor.handoffs);
    expect(summary.sync.cycles).toBe(25);
    expect(summary.feedback.cycles).toBe(25);
    expect(summary.feedback.hubspotUpdates).toBeGreaterThan(0);
    expect(summary.sla.passes).toBe(96);
    // Each breached SLA was reminded once (a breach touched before the next pass is not).
    expect(summary.sla.reminders).toBeGreaterThan(0);
    expect(summary.sla.reminders).toBeLessThanOrEqual(summary.slaJudged - summary.slaMet);
    expect(summary.sla.escalations).toBeLessThanOrEqual(summary.sla.reminders);
    expect(summary.sla.reassignments).toBe(0);
  });
});
