import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { backtest } from '../../../src/core/backtest/backtest.js';
import { runBacktest } from '../../../src/jobs/backtest.js';
import { main } from '../../../src/runtime/cli/main.js';
import { CANDIDATE, LIVE, input } from '../../fixtures/backtest.js';
import { fakeDeps } from '../../helpers/fake-ports.js';

describe('runBacktest: the backtest over the state store alone', () => {
  afterEach(() => {
    vi.restoreAllMocks();
    vi.unstubAllEnvs();
  });

  it('reads decisions, activity and episodes from the store and gives the figures of the hand-computed fixture, with no API call', async () => {
    const deps = await fakeDeps({
      now: input.until.toISOString(),
      config: (c) => ({ ...c, scoring: LIVE, handoff: { ...c.handoff, report: { ...c.handoff.report, timeZone: 'UTC', scoreBands: [...input.scoreBands] } } }),
    });
    await deps.state.upsertActivities([...input.activities.values()].flat());
    const atHandoff = input.episodes.map(({ hubspotId, episode, handoffKey, handedOffAt, salesforceLeadId, salesforceContactId, salesforceTaskId, firstOwnerId, team, tier, slaDueAt, score, grade, modelVersion, source, segment }) => ({ hubspotId, episode, handoffKey, handedOffAt, salesforceLeadId, salesforceContactId, salesforceTaskId, firstOwnerId, team, tier, slaDueAt, score, grade, modelVersion, source, segment }));
    await deps.state.commitBatch({ decisions: [...input.decisions], episodes: atHandoff });
    await deps.state.updateEpisodes(input.episodes.map((e) => ({ hubspotId: e.hubspotId, episode: e.episode, opportunityId: e.opportunityId, won: e.won })));

    const result = await runBacktest(deps, { candidate: CANDIDATE, since: input.since.toISOString(), until: input.until.toISOString() });
    expect(result).toEqual(backtest(input));
    expect(result.candidate.auc).toBe(1);
    expect(deps.hubspot.callCounts().calls).toBe(0);
    expect((await deps.salesforce.callCounts()).calls).toBe(0);
  });

  it('handoff backtest refuses a candidate model that does not validate, with its file, line and key (exit 2)', async () => {
    const err: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      err.push(String(chunk));
      return true;
    });
    vi.stubEnv('HANDOFF_CONFIG_DIR', join(import.meta.dirname, '..', '..', '..', 'config'));
    const file = join(mkdtempSync(join(tmpdir(), 'backtest-')), 'candidate.yaml');
    writeFileSync(file, 'version: "x-1"\nfit: []\nengagement: { halfLifeDays: 30, rules: [] }\nmqlThreshold: 500\ngrades: [{ grade: A, tier: hot }]\n');
    expect(await main(['node', 'handoff', 'backtest', '--model', file])).toBe(2);
    expect(err.join('')).toMatch(new RegExp(`${file}:4 mqlThreshold: no lead can qualify`));
  });
});
