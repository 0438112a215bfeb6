import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HandoffError } from '../../src/domain/errors.js';
import type { HandoffRecordInput, LockHolder, StateStore, StoreClock } from '../../src/adapters/state/index.js';
import type { DecisionRecord } from '../../src/domain/decision.js';
import { claimsConformance } from './state-claims-conformance.js';
import { describeOutboxConformance } from './state-conformance-outbox.js';
import { describeEpisodes } from './state-conformance-episodes.js';
import { describeKeptEmails } from './state-conformance-kept-emails.js';
import { describePendingContacts } from './state-conformance-pending.js';
import { describeAccountIndex } from './state-conformance-account-index.js';

/**
 * One behavioural suite every StateStore implementation must pass. A harness owns one isolated
 * location (a temp SQLite file, a fresh PostgreSQL schema) that can be opened several times, so
 * the suite can reopen a store and run two stores against the same data.
 */
export interface StoreHarness {
  open(clock: StoreClock): Promise<StateStore>;
  /** Raw SQL against the same location, for checks the interface deliberately doesn't offer. */
  query(sql: string): Promise<Array<Record<string, unknown>>>;
  cleanup(): Promise<void>;
}

/** 2025-03-10T15:00:00Z */
export const T0 = Date.UTC(2025, 2, 10, 15, 0, 0);
const MIN = 60_000;
const DAY = 86_400_000;
const at = (ms: number): string => new Date(ms).toISOString();

export function holder(id: string): LockHolder {
  return { id, pid: id.length * 1000 + 7, host: `host-${id}`, command: `handoff sync (${id})` };
}

function record(i: number, over: Partial<HandoffRecordInput> = {}): HandoffRecordInput {
  return {
    hubspotId: String(i),
    episode: 1,
    status: 'handed_off',
    salesforceLeadId: `00Q${String(i).padStart(12, '0')}`,
    salesforceTaskId: i % 2 === 0 ? `00T${i}` : null,
    ownerId: '005000000000001',
    score: 50 + i / 4,
    grade: 'A',
    fingerprint: `fp-${i}`,
    handoffKey: `${i}:1`,
    firstHandedOffAt: at(T0),
    ...over,
  };
}

function decision(i: number, over: Partial<DecisionRecord> = {}): DecisionRecord {
  return {
    hubspotId: String(i),
    evaluatedAt: at(T0),
    runId: 'run-1',
    reason: i % 3 === 0 ? 'qualified' : 'not-qualified',
    qualified: i % 3 === 0,
    rule: i % 3 === 0 ? 'fit.seniority.vp' : null,
    score: 30 + i / 10,
    fit: 20.5,
    engagement: 9.5 + i / 10,
    grade: i % 3 === 0 ? 'A' : 'C',
    threshold: 60,
    modelVersion: '2026.11-1',
    duplicateOf: null,
    source: 'ORGANIC_SEARCH',
    lifecycleStage: 'lead',
    country: 'DE',
    region: 'EMEA',
    state: null,
    segment: 'midmarket',
    employees: 250,
    fields: { seniority: 'vp', 'email.valid': true, 'email.domain': 'acme.example', 'phone.present': false, employees: 250, city: null },
    // Every other row carries a shadow model's result, qualified or not.
    shadow: i % 2 === 0 ? { score: 55.5 + i / 10, grade: 'B', qualified: i % 4 === 0, modelVersion: '2026.12-1' } : null,
    ...over,
  };
}

function lockedError(err: unknown): boolean {
  return err instanceof HandoffError && err.code === 'LOCKED';
}

export function describeStateStore(name: string, factory: () => Promise<StoreHarness>): void {
  describe(`StateStore conformance: ${name}`, () => {
    let harness: StoreHarness;
    let store: StateStore;
    let now = T0;
    const clock: StoreClock = { now: () => now };
    const opened: StateStore[] = [];
    const open = async (): Promise<StateStore> => {
      const s = await harness.open(clock);
      opened.push(s);
      return s;
    };

    beforeEach(async () => {
      now = T0;
      harness = await factory();
      store = await open();
    });

    afterEach(async () => {
      for (const s of opened.splice(0)) await s.close();
      await harness.cleanup();
    });

    describe('migrations', () => {
      it('are recorded once and are idempotent on reopen, keeping the data', async () => {
        await store.setCursor('contacts', at(T0));
        const versions = await harness.query('SELECT version FROM schema_migrations ORDER BY version');
        expect(versions.length).toBeGreaterThan(0);
        await store.close();
        const again = await open();
        const third = await open();
        expect((await again.getCursor('contacts'))?.value).toBe(at(T0));
        expect(await third.getCursor('contacts')).not.toBeNull();
        expect(await harness.query('SELECT version FROM schema_migrations ORDER BY version')).toEqual(versions);
      });

      it('refuses a database written by a newer Handoff', async () => {
        await store.close();
        await harness.query(`INSERT INTO schema_migrations (version, name, applied_at) VALUES (9999, 'future', '${at(T0)}')`);
        await expect(open()).rejects.toMatchObject({ code: 'CONFIG_INVALID' });
      });
    });

    describe('cursors', () => {
      it('round-trip by name with the clock as updatedAt', async () => {
        expect(await store.getCursor('contacts')).toBeNull();
        await store.setCursor('contacts', '2025-03-01T00:00:00.000Z');
        now += MIN;
        await store.setCursor('emails', JSON.stringify({ after: 'abc', at: 5 }));
        expect(await store.getCursor('contacts')).toEqual({ name: 'contacts', value: '2025-03-01T00:00:00.000Z', updatedAt: at(T0) });
        await store.setCursor('contacts', '2025-03-02T00:00:00.000Z');
        expect(await store.getCursor('contacts')).toEqual({ name: 'contacts', value: '2025-03-02T00:00:00.000Z', updatedAt: at(T0 + MIN) });
        expect(JSON.parse((await store.getCursor('emails'))?.value ?? '')).toEqual({ after: 'abc', at: 5 });
      });

      it('list by prefix, treating LIKE wildcards literally', async () => {
        for (const n of ['backfill:a', 'backfill:b', 'backfill_x', 'contacts']) await store.setCursor(n, n);
        expect((await store.listCursors('backfill:')).map((c) => c.name)).toEqual(['backfill:a', 'backfill:b']);
        expect((await store.listCursors('backfill_')).map((c) => c.name)).toEqual(['backfill_x']);
        expect(await store.listCursors()).toHaveLength(4);
      });
    });

    describe('handoff records', () => {
      it('upsert and get 1,000 records in bulk', async () => {
        const records = Array.from({ length: 1000 }, (_, i) => record(i + 1));
        await store.upsertHandoffRecords(records);
        const ids = [...records.map((r) => r.hubspotId), 'missing-1', 'missing-2'];
        const found = await store.getHandoffRecords(ids);
        expect(found.size).toBe(1000);
        expect(found.get('8')).toEqual({
          hubspotId: '8',
          episode: 1,
          status: 'handed_off',
          salesforceLeadId: '00Q000000000008',
          salesforceContactId: null,
          salesforceTaskId: '00T8',
          ownerId: '005000000000001',
          score: 52,
          grade: 'A',
          fingerprint: 'fp-8',
          handoffKey: '8:1',
          firstHandedOffAt: at(T0),
          updatedAt: at(T0),
        });
        expect(found.get('7')?.score).toBe(51.75);
        expect(await store.getHandoffRecords([])).toEqual(new Map());
      });

      it('replace a record but keep its first handoff time; last duplicate in a call wins', async () => {
        await store.upsertHandoffRecords([record(1)]);
        now += DAY;
        await store.upsertHandoffRecords([
          record(1, { status: 'skipped', fingerprint: 'old' }),
          record(1, { status: 'dead_lettered', salesforceLeadId: null, firstHandedOffAt: at(now), fingerprint: 'new' }),
        ]);
        const r = (await store.getHandoffRecords(['1'])).get('1');
        expect(r).toMatchObject({ status: 'dead_lettered', salesforceLeadId: null, fingerprint: 'new' });
        expect(r?.firstHandedOffAt).toBe(at(T0));
        expect(r?.updatedAt).toBe(at(T0 + DAY));
      });

      it('list with filters and byte-order keyset paging', async () => {
        await store.upsertHandoffRecords([record(9), record(10), record(100, { status: 'skipped' }), record(2)]);
        const page1 = await store.listHandoffRecords({ limit: 2 });
        expect(page1.map((r) => r.hubspotId)).toEqual(['10', '100']);
        const page2 = await store.listHandoffRecords({ limit: 2, afterHubspotId: '100' });
        expect(page2.map((r) => r.hubspotId)).toEqual(['2', '9']);
        expect((await store.listHandoffRecords({ status: 'skipped' })).map((r) => r.hubspotId)).toEqual(['100']);
      });
    });

    describe('ledger', () => {
      it('appends in order and queries by run, contact, action, time and page', async () => {
        await store.appendLedger([
          { runId: 'r1', hubspotId: '1', action: 'lead.create', result: 'ok', salesforceIds: { leadId: '00Q1' }, payloadHash: 'h1' },
          { runId: 'r1', hubspotId: '1', action: 'task.create', result: 'ok', salesforceIds: { leadId: '00Q1', taskId: '00T1' } },
          { runId: 'r1', hubspotId: '2', action: 'dead_letter', result: 'error', errorCode: 'VALIDATION', errorMessage: 'bad', detail: { fields: ['Email'], n: 1 } },
        ]);
        now += DAY;
        await store.appendLedger([{ runId: 'r2', hubspotId: '1', action: 'skip', result: 'planned', detail: 'unchanged' }]);

        const r1 = await store.queryLedger({ runId: 'r1' });
        expect(r1.map((e) => e.action)).toEqual(['lead.create', 'task.create', 'dead_letter']);
        expect(r1[0]).toMatchObject({ runId: 'r1', hubspotId: '1', salesforceIds: { leadId: '00Q1' }, payloadHash: 'h1', detail: null, at: at(T0) });
        expect(r1[2]).toMatchObject({ errorCode: 'VALIDATION', errorMessage: 'bad', detail: { fields: ['Email'], n: 1 }, salesforceIds: {} });
        expect(r1.map((e) => e.seq)).toEqual([...r1.map((e) => e.seq)].sort((a, b) => a - b));

        expect((await store.queryLedger({ hubspotId: '1' })).map((e) => e.runId)).toEqual(['r1', 'r1', 'r2']);
        const since = await store.queryLedger({ since: at(T0 + DAY) });
        expect(since).toHaveLength(1);
        expect(since[0]).toMatchObject({ runId: 'r2', detail: 'unchanged', result: 'planned', at: at(T0 + DAY) });
        expect(await store.queryLedger({ action: 'dead_letter' })).toHaveLength(1);
        const first = await store.queryLedger({ limit: 2 });
        const rest = await store.queryLedger({ afterSeq: first[1]?.seq ?? 0 });
        expect([...first, ...rest].map((e) => e.action)).toEqual(['lead.create', 'task.create', 'dead_letter', 'skip']);
      });

      it('takes thousands of entries in one call', async () => {
        const entries = Array.from({ length: 3000 }, (_, i) => ({ runId: 'big', hubspotId: String(i), action: 'lead.create' as const, result: 'ok' as const }));
        await store.appendLedger(entries);
        const rows = await store.queryLedger({ runId: 'big' });
        expect(rows).toHaveLength(3000);
        expect(rows.map((r) => r.hubspotId)).toEqual(entries.map((e) => e.hubspotId));
      });
    });

    describe('dead letters', () => {
      const dl = (hubspotId: string, over: Record<string, unknown> = {}) => ({
        stage: 'lead.write',
        code: 'VALIDATION',
        message: 'Email: invalid',
        hubspotId,
        payload: { email: 'x' },
        ...over,
      });

      it('upsert by (stage, hubspotId) counts attempts and keeps first seen', async () => {
        await store.upsertDeadLetters([dl('1'), dl('2')]);
        now += MIN;
        await store.upsertDeadLetters([dl('1', { code: 'DUPLICATE', message: 'dup', payload: { v: 2 } }), dl('1', { stage: 'task.write' })]);
        now += MIN;
        await store.upsertDeadLetters([dl('2'), dl('2')]);
        const all = await store.listDeadLetters();
        expect(all).toHaveLength(3);
        expect(all[0]).toMatchObject({ hubspotId: '1', stage: 'lead.write', code: 'DUPLICATE', message: 'dup', payload: { v: 2 }, attempts: 2, firstSeen: at(T0), lastSeen: at(T0 + MIN), resolvedAt: null });
        expect(all[1]).toMatchObject({ hubspotId: '2', attempts: 3, firstSeen: at(T0), lastSeen: at(T0 + 2 * MIN) });
        expect(all[2]).toMatchObject({ hubspotId: '1', stage: 'task.write', attempts: 1 });
        expect(typeof all[0]?.id).toBe('number');
      });

      it("keeps the vendor's error code beside ours, and a repeat replaces it", async () => {
        await store.upsertDeadLetters([dl('1', { code: 'VALIDATION', vendorCode: 'REQUIRED_FIELD_MISSING' }), dl('2')]);
        now += MIN;
        await store.upsertDeadLetters([dl('3', { code: 'NO_OWNER' })]);
        let all = await store.listDeadLetters();
        expect(all.map((d) => [d.hubspotId, d.code, d.vendorCode])).toEqual([
          ['1', 'VALIDATION', 'REQUIRED_FIELD_MISSING'],
          ['2', 'VALIDATION', null],
          ['3', 'NO_OWNER', null],
        ]);
        await store.upsertDeadLetters([dl('1', { code: 'DUPLICATE', vendorCode: 'DUPLICATES_DETECTED' }), dl('2', { vendorCode: 'STRING_TOO_LONG' })]);
        all = await store.listDeadLetters();
        expect(all.map((d) => d.vendorCode)).toEqual(['DUPLICATES_DETECTED', 'STRING_TOO_LONG', null]);
      });

      it('list filters, resolve, reopen on recurrence, count', async () => {
        await store.upsertDeadLetters([dl('1'), dl('2', { code: 'DUPLICATE' }), dl('3')]);
        now += DAY;
        await store.upsertDeadLetters([dl('4')]);
        const ids = (await store.listDeadLetters()).map((d) => d.id);
        expect((await store.listDeadLetters({ code: 'DUPLICATE' })).map((d) => d.hubspotId)).toEqual(['2']);
        expect((await store.listDeadLetters({ since: at(T0 + DAY) })).map((d) => d.hubspotId)).toEqual(['4']);
        expect((await store.listDeadLetters({ ids: [ids[0] ?? 0, ids[3] ?? 0] })).map((d) => d.hubspotId)).toEqual(['1', '4']);
        expect((await store.listDeadLetters({ hubspotId: '3', stage: 'lead.write' })).map((d) => d.hubspotId)).toEqual(['3']);
        expect(await store.listDeadLetters({ limit: 2 })).toHaveLength(2);

        expect(await store.resolveDeadLetters([ids[0] ?? 0, ids[1] ?? 0, 987654])).toBe(2);
        expect(await store.resolveDeadLetters([ids[0] ?? 0])).toBe(0);
        expect(await store.resolveDeadLetters([])).toBe(0);
        expect((await store.listDeadLetters({ unresolvedOnly: true })).map((d) => d.hubspotId)).toEqual(['3', '4']);
        expect((await store.listDeadLetters({ ids: [ids[0] ?? 0] }))[0]?.resolvedAt).toBe(at(T0 + DAY));
        expect(await store.countDeadLetters()).toBe(4);
        expect(await store.countDeadLetters({ unresolvedOnly: true })).toBe(2);
        expect(await store.countDeadLetters({ code: 'VALIDATION', unresolvedOnly: true })).toBe(2);

        await store.upsertDeadLetters([dl('1')]);
        const reopened = (await store.listDeadLetters({ hubspotId: '1' }))[0];
        expect(reopened).toMatchObject({ id: ids[0], resolvedAt: null, attempts: 2 });
      });

      it('purge by retention deletes what was last seen before the cutoff and never reuses ids', async () => {
        await store.upsertDeadLetters([dl('old-1'), dl('old-2')]);
        now += 31 * DAY;
        await store.upsertDeadLetters([dl('recent'), dl('old-2')]);
        const before = await store.listDeadLetters();
        expect(await store.purgeDeadLettersOlderThan(at(now - 30 * DAY))).toBe(1);
        expect((await store.listDeadLetters()).map((d) => d.hubspotId)).toEqual(['old-2', 'recent']);
        await store.upsertDeadLetters([dl('old-1')]);
        const maxBefore = Math.max(...before.map((d) => d.id));
        expect((await store.listDeadLetters({ hubspotId: 'old-1' }))[0]?.id).toBeGreaterThan(maxBefore);
      });
    });

    describe('runs', () => {
      it('start, finish, list newest first, last successful by kind', async () => {
        await store.startRun({ id: 'a', kind: 'sync', startedAt: at(T0) });
        await store.finishRun('a', { status: 'succeeded', finishedAt: at(T0 + MIN), report: { handedOff: 3, deadLettered: 0 } });
        await store.startRun({ id: 'b', kind: 'sync', startedAt: at(T0 + 2 * MIN) });
        await store.finishRun('b', { status: 'partial', finishedAt: at(T0 + 3 * MIN), report: { deadLettered: 1 } });
        await store.startRun({ id: 'c', kind: 'sync', startedAt: at(T0 + 4 * MIN) });
        await store.finishRun('c', { status: 'failed', finishedAt: at(T0 + 5 * MIN) });
        await store.startRun({ id: 'd', kind: 'sync', startedAt: at(T0 + 6 * MIN) });
        await store.startRun({ id: 'e', kind: 'backfill', startedAt: at(T0 + 7 * MIN) });

        expect(await store.getRun('d')).toEqual({ id: 'd', kind: 'sync', status: 'running', startedAt: at(T0 + 6 * MIN), finishedAt: null, report: null });
        expect((await store.listRuns()).map((r) => r.id)).toEqual(['e', 'd', 'c', 'b', 'a']);
        expect((await store.listRuns(2)).map((r) => r.id)).toEqual(['e', 'd']);
        expect((await store.listRuns(10, 'backfill')).map((r) => r.id)).toEqual(['e']);
        expect(await store.lastSuccessfulRun('sync')).toMatchObject({ id: 'b', status: 'partial', report: { deadLettered: 1 } });
        expect(await store.lastSuccessfulRun('backfill')).toBeNull();
        // A window is half-open and oldest first; a time with an offset means the same instant.
        expect((await store.listRunsStarted({ since: at(T0 + 2 * MIN), until: at(T0 + 7 * MIN) })).map((r) => r.id)).toEqual(['b', 'c', 'd']);
        expect((await store.listRunsStarted({ since: '2025-03-10T16:02:00+01:00', until: at(T0 + 8 * MIN), kind: 'sync' })).map((r) => r.id)).toEqual(['b', 'c', 'd']);
        expect(await store.listRunsStarted({ since: at(T0 + 2 * MIN), until: at(T0 + 7 * MIN) }).then((r) => r[0]?.report)).toEqual({ deadLettered: 1 });
        // Summaries lift the API use out of the report: a sync's own fields, a reconcile's `calls`, nothing else.
        await store.finishRun('e', { status: 'succeeded', finishedAt: at(T0 + 8 * MIN), report: { calls: { hubspot: 4, salesforce: 2 } } });
        await store.startRun({ id: 'f', kind: 'sync', startedAt: at(T0 + 9 * MIN) });
        await store.finishRun('f', { status: 'succeeded', finishedAt: at(T0 + 10 * MIN), report: { hubspotCalls: 5, salesforceCalls: 3, salesforceBudget: { used: 120, limit: 15000 } } });
        expect(await store.runSummaries({ since: at(T0 + 4 * MIN), until: at(T0 + 10 * MIN) })).toEqual([
          { kind: 'sync', status: 'failed', startedMs: T0 + 4 * MIN, hubspotCalls: null, salesforceCalls: null, salesforceBudgetUsed: null, salesforceBudgetLimit: null },
          { kind: 'sync', status: 'running', startedMs: T0 + 6 * MIN, hubspotCalls: null, salesforceCalls: null, salesforceBudgetUsed: null, salesforceBudgetLimit: null },
          { kind: 'backfill', status: 'succeeded', startedMs: T0 + 7 * MIN, hubspotCalls: 4, salesforceCalls: 2, salesforceBudgetUsed: null, salesforceBudgetLimit: null },
          { kind: 'sync', status: 'succeeded', startedMs: T0 + 9 * MIN, hubspotCalls: 5, salesforceCalls: 3, salesforceBudgetUsed: 120, salesforceBudgetLimit: 15000 },
        ]);
        expect(await store.getRun('nope')).toBeNull();
        await expect(store.finishRun('nope', { status: 'failed', finishedAt: at(T0) })).rejects.toBeInstanceOf(HandoffError);
      });
    });

    describe('round-robin pointers', () => {
      it('get all and set many', async () => {
        expect(await store.getPointers()).toEqual({});
        await store.setPointers({ 'emea-ae': 3, 'na-sdr': 0 });
        await store.setPointers({ 'na-sdr': 7, apac: 1 });
        expect(await store.getPointers()).toEqual({ apac: 1, 'emea-ae': 3, 'na-sdr': 7 });
        await expect(store.setPointers({ bad: 1.5 })).rejects.toBeInstanceOf(RangeError);
      });
    });

    describe('activities', () => {
      it('remembers activities per contact, replaces repeats and reads them back grouped, oldest first', async () => {
        const a = (id: string, contactId: string, at: string, outcome: string | null = null) => ({
          id,
          contactId,
          type: 'meeting' as const,
          occurredAt: at,
          outcome,
          title: null,
        });
        await store.upsertActivities([
          a('meeting:2', '10', '2026-03-02T00:00:00.000Z', 'SCHEDULED'),
          a('meeting:1', '10', '2026-03-01T00:00:00.000Z', 'COMPLETED'),
          a('meeting:2', '11', '2026-03-02T00:00:00.000Z', 'SCHEDULED'),
        ]);
        await store.upsertActivities([a('meeting:2', '10', '2026-03-02T00:00:00.000Z', 'COMPLETED')]);
        const got = await store.activitiesFor(['10', '11', '12']);
        expect([...got.keys()].sort()).toEqual(['10', '11']);
        expect(got.get('10')?.map((x) => [x.id, x.outcome])).toEqual([
          ['meeting:1', 'COMPLETED'],
          ['meeting:2', 'COMPLETED'],
        ]);
        expect(got.get('11')).toHaveLength(1);
        const many = Array.from({ length: 2_500 }, (_, i) => a(`email:${i}`, String(1000 + i), '2026-01-01T00:00:00.000Z'));
        await store.upsertActivities(many);
        const back = await store.activitiesFor(many.map((m) => m.contactId));
        expect(back.size).toBe(2_500);
      });
    });

    describe('decisions', () => {
      it('one row per contact: upserted with the batch, the latest evaluation wins, read back exactly', async () => {
        const rows = Array.from({ length: 1_200 }, (_, i) => decision(i + 1));
        await store.commitBatch({ decisions: rows, cursor: { name: 'contacts', value: at(T0) } });
        const got = await store.getDecisions(['3', '4', '5000']);
        expect([...got.keys()].sort()).toEqual(['3', '4']);
        expect(got.get('3')).toEqual(decision(3));
        // With the shadow model's result, and one it does not qualify.
        expect(got.get('4')).toEqual(decision(4));
        expect((await store.getDecisions(['2'])).get('2')?.shadow).toEqual({ score: 55.7, grade: 'B', qualified: false, modelVersion: '2026.12-1' });
        expect(got.get('4')).toMatchObject({ qualified: false, reason: 'not-qualified', rule: null, fields: { 'phone.present': false, city: null } });
        expect((await store.getDecisions(rows.map((r) => r.hubspotId))).size).toBe(1_200);

        // A later evaluation replaces the row; an older one (a run that committed late) does not.
        await store.commitBatch({ decisions: [decision(4, { evaluatedAt: at(T0 + MIN), runId: 'run-2', reason: 'duplicate', qualified: false, score: null, fit: null, engagement: null, grade: null, duplicateOf: '3' })] });
        await store.commitBatch({ decisions: [decision(4, { evaluatedAt: at(T0 - MIN), runId: 'run-0' })] });
        expect((await store.getDecisions(['4'])).get('4')).toMatchObject({ runId: 'run-2', reason: 'duplicate', duplicateOf: '3', score: null, evaluatedAt: at(T0 + MIN) });
        // Last one wins within a call.
        await store.commitBatch({ decisions: [decision(5, { evaluatedAt: at(T0 + 2 * MIN), reason: 'customer' }), decision(5, { evaluatedAt: at(T0 + 2 * MIN), reason: 'conflict' })] });
        expect((await store.getDecisions(['5'])).get('5')?.reason).toBe('conflict');
      });

      it('lists by reason and evaluation time, paged by hubspotId in byte order', async () => {
        await store.commitBatch({
          decisions: [decision(1), decision(3), decision(10), decision(2, { evaluatedAt: at(T0 + DAY) }), decision(30, { evaluatedAt: at(T0 + DAY) })],
        });
        expect((await store.listDecisions()).map((d) => d.hubspotId)).toEqual(['1', '10', '2', '3', '30']);
        expect((await store.listDecisions({ reason: 'qualified' })).map((d) => d.hubspotId)).toEqual(['3', '30']);
        expect((await store.listDecisions({ evaluatedSince: at(T0 + DAY) })).map((d) => d.hubspotId)).toEqual(['2', '30']);
        expect((await store.listDecisions({ afterHubspotId: '10', limit: 2 })).map((d) => d.hubspotId)).toEqual(['2', '3']);
      });

      it('roll back with the rest of the batch, cursor included', async () => {
        const err = await store
          .commitBatch({
            decisions: [decision(1)],
            deadLetters: [{ stage: 'lead.write', code: null as unknown as string, message: 'm', hubspotId: '2' }],
            cursor: { name: 'contacts', value: 'after' },
          })
          .catch((e: unknown) => e);
        expect(err).toBeInstanceOf(Error);
        expect((await store.getDecisions(['1'])).size).toBe(0);
        expect(await store.getCursor('contacts')).toBeNull();
        await expect(store.commitBatch({ decisions: [decision(1, { evaluatedAt: 'not a date' })] })).rejects.toBeInstanceOf(RangeError);
      });
    });

    describe('forgetting a contact', () => {
      const seed = async (): Promise<void> => {
        const person = { id: '42', properties: { email: 'Ada.Lovelace@Example.com', firstname: 'Ada', phone: '+44 20 7946 0000' } };
        await store.commitBatch({
          ledger: [
            { runId: 'run-1', hubspotId: '42', action: 'dead_letter', result: 'error', errorCode: 'VALIDATION', errorMessage: 'Email: invalid ada.lovelace@example.com', detail: { stage: 'lead.write' } },
            { runId: 'run-1', hubspotId: '42', salesforceIds: { leadId: '00Q42' }, action: 'fix', result: 'ok', detail: { field: 'Industry', fix: 'dropped', detail: '"Ada Lovelace Ltd" is not in the restricted picklist' } },
            { runId: 'run-1', hubspotId: '42', salesforceIds: { leadId: '00Q42', taskId: '00T42' }, action: 'task.create', result: 'ok', payloadHash: 'h42', detail: { handoffKey: '42:1', existed: false } },
            { runId: 'run-1', hubspotId: '7', action: 'dead_letter', result: 'error', errorCode: 'VALIDATION', errorMessage: 'Phone: bad value for Grace', detail: { stage: 'lead.write' } },
            // Only a fix's note quotes something of contact 9.
            { runId: 'run-1', hubspotId: '9', salesforceIds: { leadId: '00Q9' }, action: 'fix', result: 'ok', detail: { field: 'Title', fix: 'truncated', detail: '"Chief Hopper" cut to 5' } },
            { runId: 'run-1', hubspotId: '10', salesforceIds: { leadId: '00Q10' }, action: 'fix', result: 'ok', detail: { field: 'Title', fix: 'filled' } },
          ],
          deadLetters: [
            { stage: 'lead.write', code: 'VALIDATION', vendorCode: 'INVALID_EMAIL_ADDRESS', message: 'Email: invalid ada.lovelace@example.com', hubspotId: '42', payload: person },
            { stage: 'lead.write', code: 'VALIDATION', message: 'Phone: bad value for Grace', hubspotId: '7', payload: { id: '7', properties: { firstname: 'Grace' } } },
            // A record that came without an id: only its payload says whose it is.
            { stage: 'normalize', code: 'INVALID_RECORD', message: 'no id', hubspotId: 'unknown', payload: { properties: { email: 'ada.lovelace@example.com' } } },
          ],
          decisions: [decision(42, { fields: { title: 'Countess', company: 'Analytical Engines', city: 'London', 'email.domain': 'example.com', 'email.valid': true, seniority: 'vp' } }), decision(7)],
        });
        await store.upsertActivities([
          { id: 'meeting:1', contactId: '42', type: 'meeting', occurredAt: at(T0), outcome: 'COMPLETED', title: 'Call with Ada Lovelace' },
          { id: 'meeting:2', contactId: '7', type: 'meeting', occurredAt: at(T0), outcome: null, title: 'Intro with Grace' },
        ]);
        await store.upsertHandoffRecords([record(42)]);
      };

      it('lists the contacts it holds personal data for, digits only', async () => {
        await seed();
        expect(await store.contactsWithPersonalData()).toEqual(['42', '7', '9']);
      });

      it('blanks names, emails and messages of the contact and keeps ids, keys, codes and counts', async () => {
        await seed();
        const counts = await store.forgetContacts({ hubspotIds: ['42'] });
        expect(counts).toEqual({ deadLetters: 1, ledger: 2, activities: 1, decisions: 1 });

        const [dl] = await store.listDeadLetters({ hubspotId: '42' });
        expect(dl).toMatchObject({ stage: 'lead.write', code: 'VALIDATION', vendorCode: 'INVALID_EMAIL_ADDRESS', hubspotId: '42', attempts: 1, message: '', payload: null });
        const ledger = await store.queryLedger({ hubspotId: '42' });
        expect(ledger.map((r) => [r.action, r.errorCode, r.errorMessage, r.salesforceIds, r.detail])).toEqual([
          ['dead_letter', 'VALIDATION', null, {}, { stage: 'lead.write' }],
          ['fix', null, null, { leadId: '00Q42' }, { field: 'Industry', fix: 'dropped' }],
          ['task.create', null, null, { leadId: '00Q42', taskId: '00T42' }, { handoffKey: '42:1', existed: false }],
        ]);
        expect(ledger[2]?.payloadHash).toBe('h42');
        expect((await store.activitiesFor(['42'])).get('42')).toEqual([{ id: 'meeting:1', contactId: '42', type: 'meeting', occurredAt: at(T0), outcome: 'COMPLETED', title: null }]);
        const d = (await store.getDecisions(['42'])).get('42');
        expect(d).toMatchObject({ reason: decision(42).reason, score: decision(42).score });
        expect(d?.fields).toEqual({ title: null, company: null, city: null, 'email.domain': null, 'email.valid': true, seniority: 'vp' });
        expect((await store.getHandoffRecords(['42'])).get('42')).toMatchObject({ salesforceLeadId: record(42).salesforceLeadId, handoffKey: '42:1' });

        // Nothing of the person remains anywhere in those tables.
        const text = JSON.stringify([
          await harness.query('SELECT * FROM dead_letters WHERE hubspot_id = \'42\''),
          await harness.query('SELECT * FROM ledger WHERE hubspot_id = \'42\''),
          await harness.query('SELECT * FROM activities WHERE contact_id = \'42\''),
          await harness.query('SELECT * FROM decisions WHERE hubspot_id = \'42\''),
        ]);
        expect(text).not.toMatch(/ada|lovelace|countess|london|7946/i);

        // The others are untouched; the erased one no longer counts as holding personal data.
        expect((await store.listDeadLetters({ hubspotId: '7' }))[0]?.message).toBe('Phone: bad value for Grace');
        expect((await store.activitiesFor(['7'])).get('7')?.[0]?.title).toBe('Intro with Grace');
        expect((await store.getDecisions(['7'])).get('7')?.fields).toEqual(decision(7).fields);
        expect(await store.contactsWithPersonalData()).toEqual(['7', '9']);
        expect(await store.countDeadLetters()).toBe(3);

        // Idempotent: a second run finds nothing left.
        expect(await store.forgetContacts({ hubspotIds: ['42'] })).toEqual({ deadLetters: 0, ledger: 0, activities: 0, decisions: 0 });
      });

      it('with an email, also finds rows that only name the address, whatever its case', async () => {
        await seed();
        const counts = await store.forgetContacts({ hubspotIds: [], emails: ['ADA.lovelace@example.com'] });
        expect(counts).toEqual({ deadLetters: 2, ledger: 1, activities: 0, decisions: 0 });
        const unknown = await store.listDeadLetters({ hubspotId: 'unknown' });
        expect(unknown[0]).toMatchObject({ stage: 'normalize', code: 'INVALID_RECORD', message: '', payload: null });
        expect((await store.listDeadLetters({ hubspotId: '7' }))[0]?.payload).not.toBeNull();
      });

      it('an unknown contact changes nothing; the erase is fenced like every write', async () => {
        await seed();
        expect(await store.forgetContacts({ hubspotIds: ['999'] })).toEqual({ deadLetters: 0, ledger: 0, activities: 0, decisions: 0 });
        expect(await store.forgetContacts({ hubspotIds: [] })).toEqual({ deadLetters: 0, ledger: 0, activities: 0, decisions: 0 });
        const a = await store.acquireLock('writer', holder('a'), 60_000);
        const b = await store.acquireLock('writer', holder('b'), 60_000);
        expect(a.ok && !b.ok).toBe(true);
        if (!a.ok) return;
        await store.releaseLock('writer', a.token);
        await store.acquireLock('writer', holder('b'), 60_000);
        const err = await store.forgetContacts({ hubspotIds: ['42'] }, { fence: { name: 'writer', token: a.token } }).catch((e: unknown) => e);
        expect(lockedError(err)).toBe(true);
        expect(await store.contactsWithPersonalData()).toEqual(['42', '7', '9']);
      });
    });

    describe('cache', () => {
      it('returns a value until it expires, then null', async () => {
        const describeResult = { fields: [{ name: 'Email', type: 'email' }], custom: true, n: null };
        await store.setCache('sf:describe:Lead', describeResult, at(T0 + 10 * MIN));
        expect(await store.getCache('sf:describe:Lead')).toEqual({ value: describeResult, expiresAt: at(T0 + 10 * MIN) });
        now = T0 + 10 * MIN - 1;
        expect(await store.getCache('sf:describe:Lead')).not.toBeNull();
        now = T0 + 10 * MIN;
        expect(await store.getCache('sf:describe:Lead')).toBeNull();
        await store.setCache('sf:describe:Lead', [1, 'two'], at(now + MIN));
        expect((await store.getCache('sf:describe:Lead'))?.value).toEqual([1, 'two']);
        await store.deleteCache('sf:describe:Lead');
        expect(await store.getCache('sf:describe:Lead')).toBeNull();
        expect(await store.getCache('never-set')).toBeNull();
      });
    });

    describe('writer lock', () => {
      it('refuses a second holder and says who holds it', async () => {
        const a = await store.acquireLock('writer', holder('a'), 5 * MIN);
        expect(a).toEqual({ ok: true, token: expect.any(Number), expiresAt: at(T0 + 5 * MIN) });
        now += MIN;
        const b = await store.acquireLock('writer', holder('b'), 5 * MIN);
        expect(b).toEqual({ ok: false, heldBy: holder('a'), acquiredAt: at(T0), expiresAt: at(T0 + 5 * MIN) });
        expect(await store.getLock('writer')).toMatchObject({ holder: holder('a'), expiresAt: at(T0 + 5 * MIN) });
        expect(await store.getLock('other')).toBeNull();
      });

      it('renewal keeps the lease; an expired lease is taken over with a larger token', async () => {
        const a = await store.acquireLock('writer', holder('a'), 5 * MIN);
        if (!a.ok) throw new Error('expected the lock');
        now += 4 * MIN;
        expect(await store.renewLock('writer', a.token, 5 * MIN)).toBe(true);
        now += 4 * MIN;
        expect((await store.acquireLock('writer', holder('b'), 5 * MIN)).ok).toBe(false);
        await store.assertFence('writer', a.token);
        now += MIN;
        await expect(store.assertFence('writer', a.token)).rejects.toSatisfy(lockedError);
        const b = await store.acquireLock('writer', holder('b'), 5 * MIN);
        if (!b.ok) throw new Error('expected a takeover');
        expect(b.token).toBeGreaterThan(a.token);
        expect(await store.renewLock('writer', a.token, 5 * MIN)).toBe(false);
        expect(await store.releaseLock('writer', a.token)).toBe(false);
        await store.assertFence('writer', b.token);
        await expect(store.assertFence('writer', a.token)).rejects.toSatisfy(lockedError);
      });

      it('rejects a stale token’s fenced writes and writes nothing', async () => {
        const a = await store.acquireLock('writer', holder('a'), MIN);
        if (!a.ok) throw new Error('expected the lock');
        await store.setCursor('contacts', 'before', { fence: { name: 'writer', token: a.token } });
        // The old leader pauses past its lease; a new one takes over.
        now += 2 * MIN;
        const b = await store.acquireLock('writer', holder('b'), MIN);
        if (!b.ok) throw new Error('expected a takeover');
        const stale = { name: 'writer', token: a.token };

        const err = await store
          .commitBatch({
            ledger: [{ runId: 'old', hubspotId: '1', action: 'lead.create', result: 'ok' }],
            records: [record(1)],
            deadLetters: [{ stage: 's', code: 'VALIDATION', message: 'm', hubspotId: '1' }],
            pointers: { team: 1 },
            cursor: { name: 'contacts', value: 'after' },
            fence: stale,
          })
          .catch((e: unknown) => e);
        expect(lockedError(err)).toBe(true);
        expect((err as Error).message).toContain(`superseded by token ${b.token}`);
        await expect(store.setCursor('contacts', 'after', { fence: stale })).rejects.toSatisfy(lockedError);
        await expect(store.upsertHandoffRecords([record(2)], { fence: stale })).rejects.toSatisfy(lockedError);
        await expect(store.setCache('k', 1, at(now + MIN), { fence: stale })).rejects.toSatisfy(lockedError);

        expect((await store.getCursor('contacts'))?.value).toBe('before');
        expect(await store.queryLedger({})).toEqual([]);
        expect((await store.getHandoffRecords(['1', '2'])).size).toBe(0);
        expect(await store.countDeadLetters()).toBe(0);
        expect(await store.getPointers()).toEqual({});
        expect(await store.getCache('k')).toBeNull();

        await store.commitBatch({ cursor: { name: 'contacts', value: 'new-leader' }, fence: { name: 'writer', token: b.token } });
        expect((await store.getCursor('contacts'))?.value).toBe('new-leader');
      });

      it('a fence on a lease that expired without a takeover is refused too', async () => {
        const a = await store.acquireLock('writer', holder('a'), MIN);
        if (!a.ok) throw new Error('expected the lock');
        now += MIN;
        await expect(store.setCursor('c', 'x', { fence: { name: 'writer', token: a.token } })).rejects.toSatisfy(lockedError);
        await expect(store.setCursor('c', 'x', { fence: { name: 'never', token: 1 } })).rejects.toSatisfy(lockedError);
        expect(await store.getCursor('c')).toBeNull();
      });

      it('release frees it at once; tokens keep growing; the same holder re-acquires with a new token', async () => {
        const a1 = await store.acquireLock('writer', holder('a'), 5 * MIN);
        const a2 = await store.acquireLock('writer', holder('a'), 5 * MIN);
        if (!a1.ok || !a2.ok) throw new Error('expected the lock twice');
        expect(a2.token).toBeGreaterThan(a1.token);
        await expect(store.assertFence('writer', a1.token)).rejects.toSatisfy(lockedError);
        expect(await store.releaseLock('writer', a2.token)).toBe(true);
        expect(await store.releaseLock('writer', a2.token)).toBe(false);
        expect(await store.renewLock('writer', a2.token, MIN)).toBe(false);
        await expect(store.assertFence('writer', a2.token)).rejects.toSatisfy(lockedError);
        expect(await store.getLock('writer')).toMatchObject({ holder: null, token: a2.token });
        const b = await store.acquireLock('writer', holder('b'), 5 * MIN);
        if (!b.ok) throw new Error('expected the released lock');
        expect(b.token).toBeGreaterThan(a2.token);
        expect((await store.acquireLock('other-lock', holder('a'), MIN)).ok).toBe(true);
      });

      it('two stores on the same data racing for the lock get exactly one winner', async () => {
        const other = await open();
        for (let round = 0; round < 10; round++) {
          const name = `race-${round}`;
          const results = await Promise.all([
            store.acquireLock(name, holder('a'), MIN),
            other.acquireLock(name, holder('b'), MIN),
          ]);
          expect(results.filter((r) => r.ok)).toHaveLength(1);
        }
      });

      it('validates the ttl', async () => {
        await expect(store.acquireLock('writer', holder('a'), 0)).rejects.toBeInstanceOf(RangeError);
      });
    });

    claimsConformance({
      store: () => store,
      open,
      advance: (ms) => {
        now += ms;
      },
    });

    describe('commitBatch', () => {
      it('applies every part together, cursor included', async () => {
        await store.upsertDeadLetters([{ stage: 'lead.write', code: 'VALIDATION', message: 'm', hubspotId: '9' }]);
        const [old] = await store.listDeadLetters();
        now += MIN;
        await store.commitBatch({
          ledger: [{ runId: 'r', hubspotId: '1', action: 'lead.create', result: 'ok' }],
          records: [record(1), record(2)],
          deadLetters: [{ stage: 'lead.write', code: 'DUPLICATE', message: 'dup', hubspotId: '3' }],
          resolveDeadLetters: [old?.id ?? 0],
          pointers: { emea: 2 },
          cursor: { name: 'contacts', value: at(T0) },
        });
        expect(await store.queryLedger({ runId: 'r' })).toHaveLength(1);
        expect((await store.getHandoffRecords(['1', '2'])).size).toBe(2);
        expect((await store.listDeadLetters({ unresolvedOnly: true })).map((d) => d.hubspotId)).toEqual(['3']);
        expect(await store.getPointers()).toEqual({ emea: 2 });
        expect(await store.getCursor('contacts')).toEqual({ name: 'contacts', value: at(T0), updatedAt: at(T0 + MIN) });
      });

      it('rolls everything back, cursor included, when one part fails in the database', async () => {
        await store.setCursor('contacts', 'before');
        const err = await store
          .commitBatch({
            ledger: [{ runId: 'r', hubspotId: '1', action: 'lead.create', result: 'ok' }],
            records: [record(1)],
            // A NOT NULL violation, raised by the database after the ledger and records were written.
            deadLetters: [{ stage: 'lead.write', code: null as unknown as string, message: 'm', hubspotId: '2' }],
            pointers: { emea: 2 },
            cursor: { name: 'contacts', value: 'after' },
          })
          .catch((e: unknown) => e);
        expect(err).toBeInstanceOf(Error);
        expect((await store.getCursor('contacts'))?.value).toBe('before');
        expect(await store.queryLedger({})).toEqual([]);
        expect((await store.getHandoffRecords(['1'])).size).toBe(0);
        expect(await store.getPointers()).toEqual({});
        expect(await store.countDeadLetters()).toBe(0);
        // The store is still usable after the rollback.
        await store.commitBatch({ cursor: { name: 'contacts', value: 'after' } });
        expect((await store.getCursor('contacts'))?.value).toBe('after');
      });

      it('rolls back when input is invalid part-way through', async () => {
        await expect(
          store.commitBatch({
            ledger: [{ runId: 'r', action: 'skip', result: 'ok' }],
            records: [record(1, { firstHandedOffAt: 'not a date' })],
            cursor: { name: 'contacts', value: 'after' },
          }),
        ).rejects.toBeInstanceOf(RangeError);
        expect(await store.queryLedger({})).toEqual([]);
        expect(await store.getCursor('contacts')).toBeNull();
      });

      it('serialises concurrent callers on one store without mixing their transactions', async () => {
        await Promise.all(
          Array.from({ length: 20 }, (_, i) =>
            store.commitBatch({
              ledger: [{ runId: `r${i}`, hubspotId: String(i), action: 'lead.create', result: 'ok' }],
              records: [record(i)],
              cursor: { name: `c${i}`, value: String(i) },
              ...(i === 7 ? { deadLetters: [{ stage: 's', code: null as unknown as string, message: 'm', hubspotId: 'x' }] } : {}),
            }),
          ).map((p) => p.catch(() => 'failed')),
        );
        expect(await store.queryLedger({})).toHaveLength(19);
        expect(await store.listCursors('c')).toHaveLength(19);
        expect(await store.getCursor('c7')).toBeNull();
      });
    });

    describeOutboxConformance({
      store: () => store,
      open,
      now: () => now,
      setNow: (ms) => {
        now = ms;
      },
      lock: async (name) => {
        const got = await store.acquireLock(name, holder('outbox'), 10 * MIN);
        if (!got.ok) throw new Error('lock refused');
        return got.token;
      },
    });
    describeEpisodes({ store: () => store, tick: (ms) => void (now += ms), reopen: open, t0: T0 });
    describeKeptEmails({ store: () => store, reopen: open, query: (sql) => harness.query(sql) });
    describePendingContacts({ store: () => store, reopen: open });
    describeAccountIndex({ store: () => store, open, query: (sql) => harness.query(sql) });

    describe('hostile content', () => {
      // PostgreSQL can't hold a NUL in text or jsonb, nor a lone surrogate in jsonb; SQLite can.
      const hostile = 'Demo\u0000call \uD800';

      it('stores a NUL or a lone surrogate (SQLite) or refuses it as INVALID_RECORD from state, applying nothing (PostgreSQL)', async () => {
        await store.setCursor('contacts', 'before');
        const outcome = await store
          .commitBatch({
            ledger: [{ runId: 'r', hubspotId: '1', action: 'dead_letter', result: 'error', detail: { title: hostile } }],
            deadLetters: [{ stage: 'ingest', code: 'INVALID_RECORD', message: 'bad', hubspotId: '1', payload: { title: hostile } }],
            cursor: { name: 'contacts', value: 'after' },
          })
          .then(
            () => 'stored',
            (err: unknown) => err,
          );
        if (store.dialect === 'sqlite') {
          expect(outcome).toBe('stored');
          expect((await store.listDeadLetters())[0]?.payload).toEqual({ title: hostile });
          return;
        }
        expect(outcome).toMatchObject({ code: 'INVALID_RECORD', system: 'state', vendorCode: expect.stringMatching(/^22/) });
        expect((await store.getCursor('contacts'))?.value).toBe('before');
        expect(await store.countDeadLetters()).toBe(0);
      });

      it('refuses a NUL in a text column the same way (PostgreSQL) or keeps it (SQLite)', async () => {
        const act = { id: 'meeting:1', type: 'meeting' as const, contactId: '1', occurredAt: at(T0), outcome: null, title: 'Demo\u0000call' };
        const outcome = await store.upsertActivities([act]).then(
          () => 'stored',
          (err: unknown) => err,
        );
        if (store.dialect === 'sqlite') {
          expect(outcome).toBe('stored');
          expect((await store.activitiesFor(['1'])).get('1')?.[0]?.title).toBe('Demo\u0000call');
        } else {
          expect(outcome).toMatchObject({ code: 'INVALID_RECORD', system: 'state' });
          expect((await store.activitiesFor(['1'])).size).toBe(0);
        }
      });
    });
  });
}
