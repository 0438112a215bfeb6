import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/load.js';
import { insightSettings } from '../../../src/jobs/insight/report.js';
import { copyShippedConfig, editFile } from '../../helpers/config-dir.js';

describe('the report reads the Lead Status meanings the feedback job uses', () => {
  it('accepted and working come from feedback.leadStatus, so the report and the glossary say the same', () => {
    const dir = copyShippedConfig();
    editFile(dir, 'handoff.yaml', (t) =>
      t.replace('    accepted: []\n    working: [Working - Contacted]', '    accepted: [Qualified]\n    working: [Working - Contacted, Nurturing]'),
    );
    const settings = insightSettings(loadConfig({ env: {}, dir }));
    expect(settings.acceptedStatuses).toEqual(['Qualified']);
    expect(settings.workingStatuses).toEqual(['Working - Contacted', 'Nurturing']);
  });
});
