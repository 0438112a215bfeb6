import type { RunKind, RunStatus } from './state.js';

/** The summary of one cycle; `handoff sync --json` prints it. */
export interface RunReport {
  runId: string;
  kind: Exclude<RunKind, 'reconcile'>;
  dryRun: boolean;
  status: Exclude<RunStatus, 'running'>;
  startedAt: string;
  finishedAt: string;
  window: { since: string; until: string } | null;
  contactsRead: number;
  activitiesRead: number;
  duplicates: number;
  qualified: number;
  leadsCreated: number;
  leadsUpdated: number;
  contactsMatched: number;
  tasksCreated: number;
  /** Tasks whose handoff key already existed in Salesforce (a replay): left untouched. */
  tasksExisting: number;
  unchanged: number;
  skipped: number;
  deadLettered: number;
  fixes: number;
  writebacks: number;
  /** Qualified contacts held back because the rollout does not cover them (decision `outside-rollout`). */
  outsideRollout: number;
  /** Contacts a widened rollout's sweep re-read and sent through the pipeline. */
  rolloutSwept: number;
  hubspotCalls: number;
  salesforceCalls: number;
  hubspotRateLimited: number;
  salesforceBudget: { used: number; limit: number } | null;
  durationMs: number;
  /**
   * Configuration that does not match the connected systems, found while the cycle ran (a user or
   * queue routing.yaml names that Salesforce does not know). The cycle goes on; leads that would have
   * needed the missing owner fall through to the next rule or, at worst, to the dead-letter queue.
   */
  configProblems: { where: string; message: string }[];
  error: { code: string; message: string } | null;
  /**
   * A dry run's writes, as its plan lists them (a dry run counts no write in `leadsCreated` and the
   * rest): Leads to create and to update, Contacts matched and Tasks. Absent from a real run's report.
   */
  planned?: { leadsCreated: number; leadsUpdated: number; contactsMatched: number; tasks: number };
}

export function emptyReport(runId: string, kind: RunReport['kind'], dryRun: boolean, startedAt: string): RunReport {
  return {
    runId,
    kind,
    dryRun,
    status: 'succeeded',
    startedAt,
    finishedAt: startedAt,
    window: null,
    contactsRead: 0,
    activitiesRead: 0,
    duplicates: 0,
    qualified: 0,
    leadsCreated: 0,
    leadsUpdated: 0,
    contactsMatched: 0,
    tasksCreated: 0,
    tasksExisting: 0,
    unchanged: 0,
    skipped: 0,
    deadLettered: 0,
    fixes: 0,
    writebacks: 0,
    outsideRollout: 0,
    rolloutSwept: 0,
    hubspotCalls: 0,
    salesforceCalls: 0,
    hubspotRateLimited: 0,
    salesforceBudget: null,
    durationMs: 0,
    configProblems: [],
    error: null,
  };
}

export type ReplayOutcomeKind = 'resolved' | 'still-failing' | 'gone' | 'no-longer-needed' | 'not-replayable' | 'planned';

/** What became of one selected dead letter. */
export interface ReplayItem {
  id: number;
  hubspotId: string;
  stage: string;
  code: string;
  /** Attempts after this replay (unchanged by a dry run). */
  attempts: number;
  outcome: ReplayOutcomeKind;
  note: string | null;
}

export interface ReplayReport extends RunReport {
  /** Open dead letters the filters selected. */
  selected: number;
  /** Contacts re-read from HubSpot and sent through the pipeline. */
  replayed: number;
  /** Selected dead letters closed by this replay (landed, gone or no longer needed). */
  resolved: number;
  /** Selected dead letters still open afterwards. */
  stillFailing: number;
  gone: number;
  noLongerNeeded: number;
  items: ReplayItem[];
}
