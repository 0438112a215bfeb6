import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/load.js';
import { configProblems as problemsOf, copyShippedConfig, editFile } from '../../helpers/config-dir.js';

describe('handoff.yaml feedback:', () => {
  it('has the documented defaults, lifecycle off', () => {
    const { feedback } = loadConfig({ env: {}, dir: copyShippedConfig() }).handoff;
    expect(feedback).toMatchObject({
      leadStatus: { accepted: [], working: ['Working - Contacted'], disqualified: ['Closed - Not Converted'], recyclable: [], reopenTo: 'Open - Not Contacted' },
      reasonField: null,
      lifecycle: { accepted: null, opportunity: null, won: null },
      recycle: { coolOffDays: 30, hubspotLeadStatus: 'BAD_TIMING' },
    });
  });

  it('refuses a lifecycle mapping to a stage the scoring model or the SLA content reads, at its key', () => {
    const dir = copyShippedConfig();
    editFile(dir, 'handoff.yaml', (t) => t.replace('    won: null', '    won: customer').replace('    opportunity: null', '    opportunity: opportunity').replace('    accepted: null', '    accepted: salesqualifiedlead'));
    const problems = problemsOf(dir);
    expect(problems).toEqual([
      expect.stringMatching(/handoff\.yaml:\d+ feedback\.lifecycle\.accepted: lifecycle stage "salesqualifiedlead" is read by scoring\.yaml or sla\.yaml/),
      expect.stringMatching(/handoff\.yaml:\d+ feedback\.lifecycle\.opportunity: lifecycle stage "opportunity"/),
      expect.stringMatching(/handoff\.yaml:\d+ feedback\.lifecycle\.won: lifecycle stage "customer"/),
    ]);
  });

  it('lists every bad value with its key', () => {
    const dir = copyShippedConfig();
    editFile(dir, 'handoff.yaml', (t) => t.replace('coolOffDays: 30', 'coolOffDays: -1').replace('reasonField: null', 'reasonField: "bad field"'));
    const problems = problemsOf(dir);
    expect(problems.some((p) => /feedback\.recycle\.coolOffDays/.test(p))).toBe(true);
    expect(problems.some((p) => /feedback\.reasonField/.test(p))).toBe(true);
  });
});
