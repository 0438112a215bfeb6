import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStateStore } from '../../../src/adapters/state/index.js';
import { loadConfig } from '../../../src/config/load.js';
import type { DecisionRecord } from '../../../src/domain/decision.js';
import type { EpisodeAtHandoff, EpisodePatch } from '../../../src/domain/episode.js';
import { buildInsightReport } from '../../../src/jobs/insight/report.js';
import { reportText } from '../../../src/runtime/cli/report-text.js';
import { renderInsightHtml } from '../../../src/runtime/insight/html.js';
import { copyShippedConfig, editFile } from '../../helpers/config-dir.js';
import { decisionRow, episodeRow } from '../../helpers/episodes.js';

const NOW = Date.parse('2026-11-20T12:00:00.000Z');
const clock = { now: () => NOW, sleep: () => Promise.resolve() };
const IN = '2026-11-05T10:00:00.000Z';

function shadowConfigDir(): string {
  const dir = copyShippedConfig();
  writeFileSync(join(dir, 'candidate.yaml'), readFileSync(join(dir, 'scoring.yaml'), 'utf8').replace(/version: "[^"]+"/, 'version: "cand-1"'));
  editFile(dir, 'handoff.yaml', (t) => t.replace('  shadow: null', '  shadow: candidate.yaml'));
  return dir;
}

function decision(hubspotId: string, live: [number, boolean], shadow: [number, boolean] | null, evaluatedAt = IN): DecisionRecord {
  return decisionRow({
    hubspotId,
    evaluatedAt,
    reason: live[1] ? 'qualified' : 'not-qualified',
    qualified: live[1],
    score: live[0],
    modelVersion: 'live-7',
    shadow: shadow ? { score: shadow[0], grade: 'B', qualified: shadow[1], modelVersion: 'cand-1' } : null,
  });
}

/**
 * Five contacts evaluated in the period by both models, one without a shadow result, one evaluated
 * before the period; four handed off in it, three of them with a shadow score.
 */
async function fixtureStore() {
  const store = await openStateStore('sqlite::memory:', { clock });
  await store.commitBatch({
    decisions: [
      decision('1', [72, true], [81, true]),
      decision('2', [55, true], [44, false]),
      decision('3', [40, false], [62, true]),
      decision('4', [91, true], [58, true]),
      decision('5', [20, false], [25, false]),
      decision('6', [66, true], null),
      decision('7', [70, true], [75, true], '2026-10-01T10:00:00.000Z'),
    ],
  });
  const handed = (id: string): EpisodeAtHandoff => {
    const { hubspotId, episode, handoffKey, handedOffAt, salesforceLeadId, salesforceContactId, salesforceTaskId, firstOwnerId, team, tier, slaDueAt, score, grade, modelVersion, source, segment } = episodeRow(id, IN);
    return { hubspotId, episode, handoffKey, handedOffAt, salesforceLeadId, salesforceContactId, salesforceTaskId, firstOwnerId, team, tier, slaDueAt, score, grade, modelVersion, source, segment };
  };
  await store.commitBatch({ episodes: ['1', '2', '4', '6'].map(handed) });
  const outcome: EpisodePatch[] = [
    { hubspotId: '1', episode: 1, opportunityId: '006A', opportunityCreatedAt: '2026-11-07T10:00:00.000Z', won: true, closedAt: '2026-11-10T10:00:00.000Z', salesStatus: 'won' },
    { hubspotId: '2', episode: 1, opportunityId: '006B', opportunityCreatedAt: '2026-11-08T10:00:00.000Z', won: false, closedAt: '2026-11-12T10:00:00.000Z', salesStatus: 'lost' },
    { hubspotId: '6', episode: 1, opportunityId: '006C', opportunityCreatedAt: '2026-11-08T10:00:00.000Z', salesStatus: 'converted' },
  ];
  await store.updateEpisodes(outcome);
  return store;
}

const period = { since: '2026-11-02', until: '2026-11-16' };
/** One episode in the band, with its opportunity and won counts. */
const band = (name: string, opportunity: number, won: number) => ({ band: name, episodes: 1, opportunity: expect.objectContaining({ count: opportunity, of: 1 }), won: expect.objectContaining({ count: won, of: 1 }) });

describe('the report shows shadow against live when handoff.yaml names a shadow model', () => {
  it('MQL counts per model and, for the contacts handed off, conversion by band under each, as computed by hand', async () => {
    const store = await fixtureStore();
    const report = await buildInsightReport({ config: loadConfig({ env: {}, dir: shadowConfigDir() }), clock, state: store }, period);
    expect(report.shadow).toMatchObject({ evaluated: 5, both: 2, liveOnly: 1, shadowOnly: 1, cohortEpisodes: 4, cohortWithShadow: 3 });
    // Bands by each model's score at the same evaluation: live 55, 72, 91; shadow 44, 58, 81.
    expect(report.shadow?.live).toEqual({ modelVersions: ['live-7'], mqls: 3, conversionByBand: [band('50–59', 1, 0), band('70–79', 1, 1), band('90+', 0, 0)] });
    expect(report.shadow?.shadow).toEqual({ modelVersions: ['cand-1'], mqls: 3, conversionByBand: [band('<50', 1, 0), band('50–59', 0, 0), band('80–89', 1, 1)] });

    const text = reportText(report);
    expect(text).toContain('Shadow against live (scoring.shadow)');
    expect(text).toContain('Live model live-7: 3 MQLs; shadow model cand-1: 3 MQLs, of 5 contacts evaluated by both (both 2, live only 1, shadow only 1).');
    expect(text).toMatch(/shadow\s+80–89\s+1\s+100\.0%/);
    expect(text).toContain('shadow.conversionByBand: ');
    const html = renderInsightHtml(report);
    expect(html).toContain('<h2 id="shadow">Shadow against live</h2>');
    expect(html).toContain('data-figure="shadow.shadow.mqls" data-value="3"');
    expect(html).toContain('<th scope="row">shadow</th><td>80–89</td>');
    await store.close();
  });

  it('without a shadow model the report has no such section', async () => {
    const store = await fixtureStore();
    const report = await buildInsightReport({ config: loadConfig({ env: {}, dir: copyShippedConfig() }), clock, state: store }, period);
    expect(report.shadow).toBeUndefined();
    expect(reportText(report)).not.toContain('Shadow against live');
    expect(renderInsightHtml(report)).not.toContain('id="shadow"');
    await store.close();
  });
});
