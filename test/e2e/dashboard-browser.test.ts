import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { generateDataset } from '@handoff/sandbox';
import type { InsightReport } from '../../src/core/insight/types.js';
import type { ReviewItem } from '../../src/jobs/review.js';
import { runSync } from '../../src/jobs/sync/run-sync.js';
import { ROOT, runSourceCli } from '../helpers/cli.js';
import { copyShippedConfig, editFile } from '../helpers/config-dir.js';
import { startHarness } from '../helpers/pipeline.js';
import type { Harness } from '../helpers/pipeline.js';

/** Debian's Chromium (`apt-get install chromium`; .ci/run installs it). Never a downloaded browser. */
const CHROMIUM = process.env.HANDOFF_CHROMIUM ?? '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium && process.env.CI) throw new Error(`${CHROMIUM} is missing: .ci/run installs Debian's chromium package`);

const TOKEN = 'dashboard-e2e-token';
// A period around now, with days to spare.
const PIN = Date.now();
const day = (offsetDays: number): string => new Date(PIN + offsetDays * 86_400_000).toISOString().slice(0, 10);
const SINCE = day(-3);
const TO = day(2); // the last day shown; --until is the day after
const UNTIL = day(3);

/** Every `data-figure` on the page, by its JSON path, with its raw value and its text. */
async function figuresOn(page: Page): Promise<Map<string, { value: string; text: string }>> {
  const list = await page.$$eval('[data-figure]', (els) => els.map((e) => [e.getAttribute('data-figure') ?? '', e.getAttribute('data-value') ?? '', e.textContent ?? ''] as const));
  return new Map(list.map(([k, value, text]) => [k, { value, text }]));
}

function at(report: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((v, k) => (typeof v === 'object' && v !== null ? (v as Record<string, unknown>)[k] : undefined), report);
}

/** Every number the page shows equals the report's, by path (a rate's raw value, a count's text too). */
function expectSameFigures(figures: Map<string, { value: string; text: string }>, report: InsightReport): void {
  let compared = 0;
  for (const [path, shown] of figures) {
    // The verdict is words; the cursor's lag grows with the time of reading.
    if (path.startsWith('calibration.') || path === 'health.cursor.lagMinutes') continue;
    const want = at(report, path);
    expect(shown.value, path).toBe(want === null || want === undefined ? '' : String(want));
    if (path.startsWith('funnel.') && !path.includes('.rate')) expect(shown.text.replace(/,/g, ''), path).toBe(String(want));
    compared++;
  }
  expect(compared).toBeGreaterThan(15);
}

describe.skipIf(!haveChromium)('the dashboard in a real browser', { timeout: 300_000 }, () => {
  let h: Harness;
  let daemon: ChildProcess;
  let base = '';
  let browser: Browser;
  let env: Record<string, string>;

  const report = async (...args: string[]): Promise<InsightReport> => {
    const r = await runSourceCli('src/runtime/cli/main.ts', ['report', '--json', '--since', SINCE, '--until', UNTIL, '--by', 'source', ...args], env);
    expect(r.code, r.stderr).toBe(0);
    return JSON.parse(r.stdout) as InsightReport;
  };

  beforeAll(async () => {
    // The daemon runs its cycle at start and the next one only on New Year's Day: the state stands still while the page and the command read it.
    const configDir = copyShippedConfig();
    editFile(configDir, 'handoff.yaml', (t) => t.replace('cron: "*/5 * * * *"', 'cron: "0 0 1 1 *"'));
    // A second, newer Salesforce Contact for every email the org has a Contact for: those contacts' handoffs become ambiguous matches for review.
    const dataset = generateDataset({ contacts: 400, seed: 15 });
    const day1 = 86_400_000;
    dataset.salesforce.Contact.push(
      ...dataset.salesforce.Contact.filter((c) => typeof c.Email === 'string').map(({ Id: _id, ...c }) => ({
        ...c,
        LastName: `${String(c.LastName)} (duplicate)`,
        ...(typeof c.CreatedDate === 'string' ? { CreatedDate: new Date(Date.parse(c.CreatedDate) + day1).toISOString() } : {}),
      })),
    );
    h = await startHarness(dataset, { salesFloor: { seed: 15 }, dir: configDir });
    env = {
      ...h.sandbox.env,
      HANDOFF_DATABASE_URL: h.dbUrl,
      HANDOFF_CONFIG_DIR: configDir,
      HANDOFF_HTTP_TOKEN: TOKEN,
      LOG_FORMAT: 'json',
    };
    const { report: first } = await runSync(await h.newDeps());
    expect(first.tasksCreated).toBeGreaterThan(0);

    // The daemon, as a process.
    daemon = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'src/runtime/cli/main.ts'), 'daemon', '--port', '0'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    });
    let stderr = '';
    base = await new Promise<string>((resolve, reject) => {
      daemon.stderr?.on('data', (d: Buffer) => {
        stderr += d.toString();
        const m = /"message":"http server listening".*?"port":(\d+)/.exec(stderr) ?? /"port":(\d+).*?"message":"http server listening"/.exec(stderr);
        if (m?.[1]) resolve(`http://127.0.0.1:${m[1]}`);
      });
      daemon.on('close', (code) => reject(new Error(`daemon exited ${code}: ${stderr}`)));
    });
    // Its first cycle finished: from here on the state stands still.
    await vi.waitFor(
      async () => {
        const res = await fetch(`${base}/readyz?verbose`, { headers: { authorization: `Bearer ${TOKEN}` } });
        const body = (await res.json()) as { checks: { lastCycle?: { detail?: string } } };
        expect(body.checks.lastCycle?.detail).toMatch(/^last cycle finished/);
      },
      { timeout: 120_000, interval: 500 },
    );
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    if (daemon && daemon.exitCode === null) {
      const closed = new Promise((r) => daemon.on('close', r));
      daemon.kill('SIGTERM');
      await closed;
    }
    await h?.stop();
  }, 60_000);

  it('asks for the token, refuses a wrong one, and shows the same figures as report --json', async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    const page = await context.newPage();
    const first = await page.goto(`${base}/dashboard?since=${SINCE}&to=${TO}`);
    expect(first?.status()).toBe(401);
    await page.getByLabel('Access token').fill('not-the-token');
    await page.getByRole('button', { name: 'Log in' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('Not logged in');

    await page.getByLabel('Access token').fill(TOKEN);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('heading', { name: 'Handoff insight' }).waitFor();
    // Login lands on the default period; choose the test's period in the form, as a person would.
    await page.getByLabel('From (first day)').fill(SINCE);
    await page.getByLabel('To (last day, included)').fill(TO);
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.getByRole('heading', { name: 'By source' }).waitFor();

    const want = await report();
    expect(want.funnel.handedOff).toBeGreaterThan(0);
    expectSameFigures(await figuresOn(page), want);
    for (const heading of ['Funnel', 'SLA and response time', 'Calibration', 'Sync health', 'Trends by ISO week', 'Definitions']) {
      await expect.poll(() => page.getByRole('heading', { name: heading, exact: true }).count()).toBe(1);
    }
    // docs/dashboard.png comes from scripts/dashboard-screenshot.ts (weeks of the sales floor); this one is the test's own.
    const shot = join(tmpdir(), `handoff-dashboard-e2e-${process.pid}.png`);
    await page.screenshot({ path: shot });
    expect(statSync(shot).size).toBeGreaterThan(10_000);
    await context.close();
  });

  it('filters change the figures, and they still equal report --json for the same filter', async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    const login = await context.request.post(`${base}/dashboard/login`, { form: { token: TOKEN }, headers: { origin: base }, maxRedirects: 0 });
    expect(login.status()).toBe(303);
    const page = await context.newPage();
    await page.goto(`${base}/dashboard?since=${SINCE}&to=${TO}`);
    const all = await figuresOn(page);
    await page.getByLabel('Only where').selectOption('tier');
    await page.getByLabel('is', { exact: true }).fill('hot');
    await page.getByLabel('Break down by').selectOption('grade');
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.getByRole('heading', { name: 'By grade' }).waitFor();
    const hot = await figuresOn(page);
    expect(Number(hot.get('funnel.handedOff')?.value)).toBeLessThan(Number(all.get('funnel.handedOff')?.value));
    const r = await runSourceCli('src/runtime/cli/main.ts', ['report', '--json', '--since', SINCE, '--until', UNTIL, '--by', 'grade', '--where', 'tier=hot'], env);
    expectSameFigures(hot, JSON.parse(r.stdout) as InsightReport);
    await context.close();
  });

  it('lists the open reviews with the resolve command for each, the same list as review list --json', async () => {
    const r = await runSourceCli('src/runtime/cli/main.ts', ['review', 'list', '--json'], env);
    expect(r.code, r.stderr).toBe(0);
    const want = JSON.parse(r.stdout) as ReviewItem[];
    expect(want.length).toBeGreaterThan(0);
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    const login = await context.request.post(`${base}/dashboard/login`, { form: { token: TOKEN }, headers: { origin: base }, maxRedirects: 0 });
    expect(login.status()).toBe(303);
    const data = await context.request.get(`${base}/dashboard/reviews/data`);
    expect(await data.json()).toEqual(want);
    const page = await context.newPage();
    await page.goto(`${base}/dashboard?since=${SINCE}&to=${TO}`);
    await page.getByRole('link', { name: /Ambiguous matches awaiting review: \d+ open/ }).click();
    await page.getByRole('heading', { name: 'Ambiguous matches awaiting review', level: 1 }).waitFor();
    await page.getByRole('heading', { name: 'Open reviews', level: 2 }).waitFor();
    const open = want.filter((i) => i.resolved === null);
    const table = page.getByRole('table', { name: 'Open reviews, oldest first' });
    expect(await table.getByRole('columnheader').allTextContents()).toEqual(['Review ID', 'HubSpot contact', 'Record picked', 'Alternatives', 'Status', 'Recorded at', 'To resolve, run']);
    expect(await table.getByRole('rowheader').allTextContents()).toEqual(open.map((i) => String(i.id)));
    for (const item of open) {
      const row = table.getByRole('row').filter({ has: page.getByRole('rowheader', { name: String(item.id), exact: true }) });
      const text = (await row.textContent()) ?? '';
      expect(text).toContain(item.hubspotId);
      expect(text).toContain(`${item.picked.object} ${item.picked.id}`);
      for (const a of [item.picked, ...item.alternatives]) expect(text).toContain(`handoff review resolve ${item.id} --pick ${a.id}`);
    }
    // Read-only: nothing to press.
    expect(await page.getByRole('button').count()).toBe(0);
    await context.close();
  });

  it('without the session cookie, neither the page nor its data is served', async () => {
    const context = await browser.newContext();
    const res = await context.request.get(`${base}/dashboard/data`);
    expect(res.status()).toBe(401);
    const forged = await context.request.get(`${base}/dashboard/data`, { headers: { cookie: `handoff_dashboard=${Date.now() + 3_600_000}.${'A'.repeat(43)}` } });
    expect(forged.status()).toBe(401);
    expect((await context.request.get(`${base}/dashboard/reviews/data`)).status()).toBe(401);
    const page = await context.newPage();
    const reviews = await page.goto(`${base}/dashboard/reviews`);
    expect(reviews?.status()).toBe(401);
    await page.getByLabel('Access token').waitFor();
    await page.goto(`${base}/dashboard?token=${TOKEN}`);
    await page.getByLabel('Access token').waitFor();
    expect(await page.locator('[data-figure]').count()).toBe(0);
    await context.close();
  });
});
