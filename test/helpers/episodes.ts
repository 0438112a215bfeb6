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
