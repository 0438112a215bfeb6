import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { buildGlossary } from '../../src/core/glossary/build.js';
import { renderHtml, renderMarkdown, renderText } from '../../src/core/glossary/render.js';
import { main } from '../../src/runtime/cli/main.js';
import { copyShippedConfig, editFile } from '../helpers/config-dir.js';

const NOW = new Date('2026-12-07T12:00:00Z');
const shipped = loadConfig({ env: {}, dir: join(import.meta.dirname, '..', '..', 'config') });

describe('glossary: the shared definitions from the running configuration', () => {
  afterEach(() => vi.restoreAllMocks());

  it('states every scoring rule with its points, the decay, the caps, the threshold and the grades in words', () => {
    const text = renderText(buildGlossary(shipped, NOW));
    for (const r of shipped.scoring.fit) expect(text).toContain(r.label);
    for (const r of shipped.scoring.engagement.rules) expect(text).toContain(r.label);
    expect(text).toContain('+15 points when seniority is vice president.');
    expect(text).toContain('+6 points when company size (employees) is between 200 and 999.');
    expect(text).toContain('−5 points when seniority is individual contributor and job function is known and is not marketing, sales, operations or executive.');
    expect(text).toContain('+15 points for each form submission, decaying as above.');
    expect(text).toContain('at most 30 points in all');
    expect(text).toContain('Engagement points halve every 30 days: an activity worth 25 points today counts 12.5 after 30 days and 6.3 after 60 days. Activities older than 365 days count nothing.');
    expect(text).toContain('kept between −60 and 50 points');
    expect(text).toContain('A contact whose score is 50 points or more.');
    expect(text).toContain('A score of 65 up to 80 points (not included): service level "warm".');
    expect(text).toContain('A score of under 50 points: service level "cool".');
    // YAML never leaks through: no op names, no raw field paths.
    expect(text).not.toMatch(/\bop\b|notIn|email\.freeMail|isTrue/);
  });

  it('states service levels in business hours, and each calendar with its hours, zone, holidays and closed days ahead', () => {
    const text = renderText(buildGlossary(shipped, NOW));
    expect(text).toContain('Follow up within 4 business hours. Task priority High; its reminder fires 30 minutes before the time runs out.');
    expect(text).toContain('for grades C, D');
    expect(text).toContain('Open Monday to Friday, 09:00–17:00 (America/New_York). Closed on the public holidays of US, except Columbus Day, Veterans Day (worked); also closed on 2026-11-27, 2026-12-24, 2026-12-31.');
    expect(text).toContain('2026-12-25 Christmas Day');
    expect(text).toContain('2027-07-05 Independence Day (substitute day)');
    // Columbus Day is worked: the SLA clock counts it, so the glossary does not list it as closed.
    expect(text).not.toContain('Columbus Day;');
    expect(text).toContain('Open Monday to Friday, 08:30–17:00 (Europe/Berlin). Closed on the public holidays of DE-BE');
    expect(text).toContain("2027-03-08 International Women's Day");
  });

  it('states routing in order: existing owner, account owner, territories, teams, fallback; and the decision reasons', () => {
    const text = renderText(buildGlossary(shipped, NOW));
    const order = ['Existing owner', 'Account owner', 'Territory 1: North America enterprise', 'Territory 6: Everyone else', 'Team na-enterprise', 'Fallback'].map((t) => text.indexOf(t));
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(text).toContain('For region NA; segment enterprise: team na-enterprise.');
    expect(text).toContain('Round robin through 3 members, skipping inactive users and those away; time zone America/Los_Angeles, calendar "default".');
    expect(text).toContain('Scored below the MQL threshold of the shared model.');
    // The funnel and SLA as the report counts them, in the report's own words.
    expect(text).toContain('SLA compliance\n      Episodes whose first touch came at or before their SLA due time');
    expect(text).toContain('Handed off\n      Handoff wrote the Lead');
    expect(text).toContain('The Lead Status reached "Closed - Not Converted".');
  });

  it('changes when a rule changes: new points, threshold, half-life and response time read through, the old ones are gone', () => {
    const dir = copyShippedConfig();
    editFile(dir, 'scoring.yaml', (t) =>
      t
        .replace('label: Vice president\n    when: [{ field: seniority, op: eq, value: vp }]\n    points: 15', 'label: Vice president\n    when: [{ field: seniority, op: eq, value: vp }]\n    points: 18')
        .replace('mqlThreshold: 50', 'mqlThreshold: 55')
        .replace('halfLifeDays: 30', 'halfLifeDays: 45')
        .replace('version: "2026.11-1"', 'version: "2026.12-1"'),
    );
    editFile(dir, 'sla.yaml', (t) => t.replace('responseBusinessHours: 4', 'responseBusinessHours: 2'));
    editFile(dir, 'handoff.yaml', (t) => t.replace('coolOffDays: 30', 'coolOffDays: 45').replace('escalateAfterBusinessMinutes: 60', 'escalateAfterBusinessMinutes: 90'));
    editFile(dir, 'handoff.yaml', (t) => `${t}\nrollout:\n  share: 0.25\n  segments:\n    - { country: [US, CA], source: [ORGANIC_SEARCH] }\n`);
    const before = renderText(buildGlossary(shipped, NOW));
    const after = renderText(buildGlossary(loadConfig({ env: {}, dir }), NOW));
    expect(before).toContain('+15 points when seniority is vice president.');
    expect(after).toContain('+18 points when seniority is vice president.');
    expect(after).not.toContain('+15 points when seniority is vice president.');
    expect(after).toContain('A contact whose score is 55 points or more.');
    expect(after).toContain('Engagement points halve every 45 days');
    expect(after).toContain('Follow up within 2 business hours.');
    expect(after).toContain('Scoring model 2026.12-1');
    expect(after).toContain('If it qualifies again after 45 days, it is handed off again as a new episode');
    expect(after).toContain("90 business minutes after the due time, still untouched, it is escalated once to the owner's manager.");
    expect(before).toContain('Every marketing-qualified contact: no pilot limits the handoff.');
    expect(after).toContain('Only marketing-qualified contacts in the pilot: 25% of contacts (by a stable hash of the contact id) inside at least one pilot segment: country US or CA and original source ORGANIC_SEARCH.');
  });

  it('escapes what a label could smuggle into Markdown or HTML', () => {
    const g = buildGlossary(shipped, NOW);
    const tampered = { ...g, sections: [{ id: 'x', title: 'T', entries: [{ term: '<script>alert(1)</script>', text: '*bold* [link](javascript:x)' }] }] };
    expect(renderHtml(tampered)).not.toContain('<script>');
    expect(renderHtml(tampered)).toContain('&lt;script&gt;');
    expect(renderMarkdown(tampered)).toContain('- **\\<script\\>alert(1)\\</script\\>**: \\*bold\\* \\[link\\](javascript:x)');
  });

  it('handoff glossary --html FILE writes the page; --md prints Markdown; two formats at once is a usage error (exit 2)', async () => {
    const out: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      out.push(String(chunk));
      return true;
    });
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    vi.stubEnv('HANDOFF_CONFIG_DIR', join(import.meta.dirname, '..', '..', 'config'));
    const file = join(mkdtempSync(join(tmpdir(), 'glossary-')), 'glossary.html');
    expect(await main(['node', 'handoff', 'glossary', '--html', file])).toBe(0);
    const page = readFileSync(file, 'utf8');
    expect(page).toMatch(/^<!doctype html>/);
    expect(page).toContain('<dt>Vice president</dt><dd>+15 points when seniority is vice president.');
    expect(await main(['node', 'handoff', 'glossary', '--md'])).toBe(0);
    expect(out.join('')).toContain('## Fit rules');
    expect(await main(['node', 'handoff', 'glossary', '--md', '--json'])).toBe(2);
    vi.unstubAllEnvs();
  });
});
