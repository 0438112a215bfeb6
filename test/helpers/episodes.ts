import type { DecisionRecord } from '../../src/domain/decision.js';
import { blankOutcome } from '../../src/domain/episode.js';
import type { Episode } from '../../src/domain/episode.js';

/** An episode row with every outcome empty; tests override what they need. */
export function episodeRow(hubspotId: string, handedOffAt: string, overrides: Partial<Episode> = {}): Episode {
  return {
    hubspotId,
    episode: 1,
    handoffKey: `${hubspotId}:1`,
    handedOffAt,
    salesforceLeadId: null,
    salesforceContactId: null,
    salesforceTaskId: null,
    firstOwnerId: null,
    team: null,
    tier: null,
    slaDueAt: null,
    score: null,
    grade: null,
    modelVersion: null,
    source: null,
    segment: null,
    ...blankOutcome(),
    updatedAt: handedOffAt,
    ...overrides,
  };
}

/** A decision row (a contact's latest evaluation) below the threshold; tests override what they need. */
export function decisionRow(over: Partial<DecisionRecord> = {}): DecisionRecord {
  return {
    hubspotId: '1',
    evaluatedAt: '2026-11-01T00:00:00.000Z',
    runId: 'r',
    reason: 'not-qualified',
    qualified: false,
    rule: 'fit.student',
    score: 42.5,
    fit: 30,
    engagement: 12.5,
    grade: 'C',
    threshold: 60,
    modelVersion: '2026.11-1',
    duplicateOf: null,
    source: null,
    lifecycleStage: 'marketingqualifiedlead',
    country: null,
    region: null,
    state: null,
    segment: null,
    employees: null,
    fields: {},
    ...over,
  };
}
