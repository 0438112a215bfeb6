import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStateStore } from '../../src/adapters/state/index.js';
import { computeInsight } from '../../src/core/insight/report.js';
import type { InsightReport } from '../../src/core/insight/types.js';
import { runSourceCli } from '../helpers/cli.js';
import { CONFIG_DIR, freshStateUrl } from '../helpers/pipeline.js';
import { seedEpisodes } from '../helpers/seed-episodes.js';
import { EPISODES, fixtureInput, HEALTH } from '../unit/insight/fixture.js';

/**
 * `handoff report` as a real process over a state holding the hand-computed fixture: the JSON is the
 * pure module's answer for the same rows, the HTML file is self-contained, and mistakes exit 2.
 */
describe('handoff report', { timeout: 120_000 }, () => {
  const state = freshStateUrl();
  const dir = mkdtempSync(join(tmpdir(), 'handoff-report-'));
  const handoff = (...args: string[]) =>
    runSourceCli('src/runtime/cli/main.ts', args, { HANDOFF_DATABASE_URL: state.url, HANDOFF_CONFIG_DIR: CONFIG_DIR, LOG_FORMAT: 'json' });

  beforeAll(async () => {
    const store = await openStateStore(state.url);
    try {
      await seedEpisodes(store, EPISODES);
      for (const [i, run] of HEALTH.runs.entries()) {
        const startedAt = new Date(run.startedMs).toISOString();
        const budget = run.salesforceBudgetUsed === null ? null : { used: run.salesforceBudgetUsed, limit: run.salesforceBudgetLimit };
        await store.startRun({ id: `run-${i}`, kind: run.kind, startedAt });
        await store.finishRun(`run-${i}`, {
          status: run.status as 'succeeded',
          finishedAt: startedAt,
          report: { hubspotCalls: run.hubspotCalls, salesforceCalls: run.salesforceCalls, salesforceBudget: budget },
        });
      }
      // The last reconcile run, stored as `handoff reconcile` stores it.
      const rec = HEALTH.lastReconcile;
      if (rec === null) throw new Error('the fixture has a reconcile run');
      await store.startRun({ id: 'reconcile-1', kind: 'reconcile', startedAt: rec.startedAt });
      const { qualified, landed, deadLettered, explained, skipped, gaps } = rec;
      await store.finishRun('reconcile-1', { status: 'partial', finishedAt: rec.finishedAt ?? rec.startedAt, report: { window: rec.window, summary: { qualified, landed, deadLettered, explained, skipped, gaps } } });
      await store.upsertDeadLetters(HEALTH.openDeadLetters.map((d, i) => ({ stage: 'lead.write', code: d.code, message: 'refused', hubspotId: `9${i}`, at: d.firstSeen })));
      await store.setCursor('contacts', '2026-11-20T11:30:00.000Z');
    } finally {
      await store.close();
    }
  });
  afterAll(() => state.drop());

  it('--json prints what the pure module computes from the same rows', async () => {
    const r = await handoff('report', '--json', '--since', '2026-11-02', '--until', '2026-11-16');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const got = JSON.parse(r.stdout) as InsightReport;
    const want = computeInsight(fixtureInput());
    // The run's own clock: only the generation time and the cursor's lag depend on it.
    const strip = (x: InsightReport) => ({ ...x, generatedAt: '', health: { ...x.health, cursor: { value: x.health.cursor.value, lagMinutes: 0 } } });
    expect(strip(got)).toEqual(strip(want));
    expect([got.funnel.handedOff, got.funnel.won, got.sla.compliance, got.sla.breaches]).toEqual([7, 2, 0.5, 2]);
  });

  it('--by keeps one dimension and --where counts one group', async () => {
    const r = await handoff('report', '--json', '--since', '2026-11-02', '--until', '2026-11-16', '--by', 'team', '--where', 'team=emea');
    const got = JSON.parse(r.stdout) as InsightReport;
    expect(Object.keys(got.by)).toEqual(['team']);
    expect(got.funnel.handedOff).toBe(2);
  });

  it('prints a terminal summary with its definitions, and writes an HTML page that needs no network', async () => {
    const file = join(dir, 'report.html');
    const [text, html] = await Promise.all([
      handoff('report', '--since', '2026-11-02', '--until', '2026-11-16'),
      handoff('report', '--since', '2026-11-02', '--until', '2026-11-16', '--html', file),
    ]);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/Handed off\s+7/);
    expect(text.stdout).toContain('Compliance              50.0% (2 of 4, 95% CI 15.0%–85.0%)');
    expect(text.stdout).toContain(
      'Last reconcile          partial at 2026-11-15T06:00:05.000Z, window 2026-10-16T06:00:00.000Z to 2026-11-15T06:00:05.000Z: 12 qualified, 9 landed, 1 dead-lettered, 1 explained, 0 skipped, 1 gaps',
    );
    expect(text.stdout).toContain('Definitions');
    expect(html.code).toBe(0);
    expect(html.stdout).toContain(file);
    const page = readFileSync(file, 'utf8');
    expect(page).toContain('data-figure="funnel.handedOff" data-value="7"');
    expect(page).toContain('<svg');
    expect(page).toContain('data-figure="health.lastReconcile.gaps" data-value="1"');
    // Self-contained: no script, and nothing fetched from anywhere.
    expect(page).not.toMatch(/<script|<link|\bsrc=|url\(http|@import/i);
  });

  it('exits 2 on bad arguments, without a stack trace', async () => {
    // One refused by the option parser, one by the period; the rest of the parsing is unit-tested.
    const results = await Promise.all([handoff('report', '--by', 'colour'), handoff('report', '--since', '2026-11-16', '--until', '2026-11-02')]);
    for (const r of results) {
      expect(r.code).toBe(2);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
    expect(results[0]?.stderr).toContain('--by takes one of source, scoreBand');
    expect(results[1]?.stderr).toContain('must be before --until');
  });
});
