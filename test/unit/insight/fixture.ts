import type { HealthInput } from '../../../src/core/insight/health.js';
import type { InsightInput } from '../../../src/core/insight/report.js';
import { episodeReportRow } from '../../../src/domain/episode.js';
import type { Episode } from '../../../src/domain/episode.js';
import { episodeRow } from '../../helpers/episodes.js';

/**
 * A fortnight (2026-11-02 to 2026-11-16, UTC) of nine episodes whose figures are computed by hand in
 * report.test.ts; two fall just outside the period.
 */
export const NOW = new Date('2026-11-20T12:00:00Z');
export const PERIOD = { since: '2026-11-02T00:00:00.000Z', until: '2026-11-16T00:00:00.000Z', timeZone: 'UTC' };

const base = { modelVersion: 'v1' } as const;

export const EPISODES: Episode[] = [
  episodeRow('1', '2026-11-02T10:00:00Z', {
    ...base, score: 85, grade: 'A', tier: 'hot', team: 'na', firstOwnerId: 'U1', source: 'ORGANIC_SEARCH',
    slaDueAt: '2026-11-02T14:00:00Z', firstTouchAt: '2026-11-02T11:00:00Z', responseBusinessMinutes: 60,
    acceptedAt: '2026-11-02T11:00:00Z', meetingAt: '2026-11-03T10:00:00Z', opportunityId: 'OPP1',
    opportunityCreatedAt: '2026-11-05T10:00:00Z', closedAt: '2026-11-10T10:00:00Z', won: true,
    opportunityAmount: 1000, currencyIsoCode: 'USD', leadQuality: 5, outcome: 'meeting booked',
  }),
  episodeRow('2', '2026-11-03T09:00:00Z', {
    ...base, score: 72, grade: 'B', tier: 'warm', team: 'na', firstOwnerId: 'U2', source: 'PAID_SEARCH',
    slaDueAt: '2026-11-03T17:00:00Z', firstTouchAt: '2026-11-04T09:00:00Z', responseBusinessMinutes: 480,
    workingAt: '2026-11-04T09:00:00Z', meetingAt: '2026-11-06T09:00:00Z', opportunityId: 'OPP2',
    opportunityCreatedAt: '2026-11-09T09:00:00Z', closedAt: '2026-11-12T09:00:00Z', won: false,
    opportunityAmount: 500, currencyIsoCode: 'USD', leadQuality: 3, outcome: 'connected',
  }),
  episodeRow('3', '2026-11-04T12:00:00Z', {
    ...base, score: 55, grade: 'C', tier: 'cool', team: 'na', firstOwnerId: 'U1', source: 'ORGANIC_SEARCH',
    slaDueAt: '2026-11-04T16:00:00Z', remindedAt: '2026-11-04T15:00:00Z', escalatedAt: '2026-11-04T16:00:00Z',
    reassignedAt: '2026-11-05T10:00:00Z', reassignedToId: 'U2',
  }),
  episodeRow('4', '2026-11-10T10:00:00Z', {
    ...base, score: 90, grade: 'A', tier: 'hot', team: 'emea', firstOwnerId: 'U2', source: 'PAID_SEARCH',
    slaDueAt: '2026-11-10T18:00:00Z', firstTouchAt: '2026-11-10T12:00:00Z', responseBusinessMinutes: 120,
    convertedAt: '2026-11-12T10:00:00Z', opportunityId: 'OPP4', opportunityCreatedAt: '2026-11-12T10:00:00Z',
    closedAt: '2026-11-18T10:00:00Z', won: true, opportunityAmount: 2000, currencyIsoCode: 'EUR',
  }),
  episodeRow('5', '2026-11-11T10:00:00Z', {
    ...base, score: 60, grade: 'C', tier: 'cool', team: 'emea', firstOwnerId: 'U3', source: 'ORGANIC_SEARCH',
    slaDueAt: '2026-11-25T10:00:00Z', firstTouchAt: '2026-11-12T10:00:00Z', responseBusinessMinutes: 1440,
  }),
  episodeRow('6', '2026-11-12T10:00:00Z'),
  episodeRow('7', '2026-11-15T23:00:00Z', {
    ...base, score: 49.5, grade: 'D', tier: 'cool', firstOwnerId: 'U3', source: 'DIRECT_TRAFFIC', slaDueAt: '2026-11-16T05:00:00Z',
  }),
  // Outside [since, until): handed off at the end instant, and a second before the start.
  episodeRow('8', '2026-11-16T00:00:00Z', { ...base, firstTouchAt: '2026-11-16T01:00:00Z', won: true }),
  episodeRow('9', '2026-11-01T23:59:59Z', { ...base, won: true }),
];

export const HEALTH: HealthInput = {
  runs: [
    { kind: 'sync', status: 'succeeded', startedMs: Date.parse('2026-11-03T00:00:00.000Z'), hubspotCalls: 5, salesforceCalls: 0, salesforceBudgetUsed: null, salesforceBudgetLimit: null },
    { kind: 'sync', status: 'failed', startedMs: Date.parse('2026-11-10T00:00:00.000Z'), hubspotCalls: 2, salesforceCalls: 1, salesforceBudgetUsed: 300, salesforceBudgetLimit: 1000 },
    { kind: 'sync', status: 'partial', startedMs: Date.parse('2026-11-11T00:00:00.000Z'), hubspotCalls: 7, salesforceCalls: 4, salesforceBudgetUsed: 400, salesforceBudgetLimit: 1000 },
    { kind: 'backfill', status: 'succeeded', startedMs: Date.parse('2026-11-04T00:00:00.000Z'), hubspotCalls: 10, salesforceCalls: 3, salesforceBudgetUsed: 100, salesforceBudgetLimit: 1000 },
  ],
  openDeadLetters: [
    { code: 'VALIDATION', firstSeen: '2026-11-05T00:00:00Z' },
    { code: 'VALIDATION', firstSeen: '2026-10-01T00:00:00Z' },
    { code: 'NO_OWNER', firstSeen: '2026-11-15T00:00:00Z' },
  ],
  cursor: '2026-11-20T11:30:00.000Z',
  lastReconcile: {
    startedAt: '2026-11-15T06:00:00.000Z',
    finishedAt: '2026-11-15T06:00:05.000Z',
    status: 'partial',
    window: { since: '2026-10-16T06:00:00.000Z', until: '2026-11-15T06:00:05.000Z' },
    qualified: 12,
    landed: 9,
    deadLettered: 1,
    explained: 1,
    skipped: 0,
    gaps: 1,
  },
};

export function fixtureInput(overrides: Partial<InsightInput> = {}): InsightInput {
  return {
    now: NOW,
    period: PERIOD,
    episodes: EPISODES.map(episodeReportRow),
    health: HEALTH,
    settings: { timeZone: 'UTC', scoreBands: [50, 60, 70, 80, 90], acceptedStatuses: [], workingStatuses: ['Working - Contacted'] },
    ...overrides,
  };
}
