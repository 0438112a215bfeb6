import { decisionRow } from '../helpers/episodes.js';
import { describe, expect, it } from 'vitest';
import { accountFor, countExplained } from '../../src/core/reconcile-classify.js';
import type { Explained, HistoryEvidence, StateEvidence } from '../../src/core/reconcile-classify.js';
import type { SalesforceView } from '../../src/domain/salesforce.js';
import type { DecisionRecord } from '../../src/domain/decision.js';
import { EXPLAINED_REASONS } from '../../src/domain/decision.js';
import type { DeadLetter, HandoffRecord } from '../../src/ports/state.js';

const CURSOR = '2026-11-20T10:00:00.000Z';
const HISTORY: HistoryEvidence = { cursor: CURSOR, historyStart: '2026-10-21T10:00:00.000Z' };
const EMPTY: SalesforceView = { leadsByKey: new Map(), leadIds: new Set(), contactIds: new Set(), tasksByKey: new Map() };

const decision = (over: Partial<DecisionRecord> = {}): DecisionRecord => decisionRow({ evaluatedAt: CURSOR, ...over });
const evidence = (over: Partial<StateEvidence> = {}): StateEvidence => ({ record: undefined, openDeadLetters: [], lastSkip: undefined, modifiedAt: '2026-11-01T00:00:00.000Z', ...over });
const explained = (e: Partial<StateEvidence>, history: HistoryEvidence = HISTORY) => accountFor('1', evidence(e), EMPTY, history) as Explained;

describe('accountFor: qualified in HubSpot without a handoff', () => {
  it('below the threshold: not-qualified, with score, threshold and model version', () => {
    expect(explained({ decision: decision() })).toEqual({
      hubspotId: '1',
      status: 'explained',
      code: 'not-qualified',
      detail: 'score 42.5 below the threshold 60 (model 2026.11-1)',
      score: 42.5,
      threshold: 60,
      modelVersion: '2026.11-1',
      duplicateOf: null,
    });
  });

  it('a customer, a duplicate (of which contact) and a conflict (with its skip reason) are explained by their code', () => {
    expect(explained({ decision: decision({ reason: 'customer', lifecycleStage: 'customer' }) })).toMatchObject({ code: 'customer', detail: 'lifecycle stage customer; score 42.5, threshold 60 (model 2026.11-1)' });
    const dup = decision({ reason: 'duplicate', duplicateOf: '7', score: null, threshold: null, modelVersion: null });
    expect(explained({ decision: dup })).toMatchObject({ code: 'duplicate', duplicateOf: '7', detail: 'duplicate of HubSpot contact 7 (same email)', score: null });
    expect(explained({ decision: decision({ reason: 'conflict', qualified: true }), lastSkip: 'Lead 00Q1 is keyed to HubSpot contact 9' })).toMatchObject({
      code: 'conflict',
      detail: 'Lead 00Q1 is keyed to HubSpot contact 9',
    });
  });

  it('changed after the cursor: pending, whatever the earlier decision said', () => {
    const later = '2026-11-20T10:05:00.000Z';
    expect(explained({ decision: decision({ reason: 'qualified', qualified: true }), modifiedAt: later })).toMatchObject({ code: 'pending', detail: `changed at ${later}, after the cursor (${CURSOR}): the next cycle reads it` });
    expect(explained({ decision: undefined, modifiedAt: later })).toMatchObject({ code: 'pending' });
    // A backfill evaluated it after that change: its decision is current.
    expect(explained({ decision: decision({ evaluatedAt: '2026-11-20T11:00:00.000Z' }), modifiedAt: later })).toMatchObject({ code: 'not-qualified' });
    // With no cursor nothing is pending: there is no cycle to wait for.
    expect(explained({ decision: decision(), modifiedAt: later }, { cursor: null, historyStart: null })).toMatchObject({ code: 'not-qualified' });
  });

  it('in the pending contacts (the cursor passed it, the contact still to hand off): pending, whatever its decision or change time', () => {
    const held = explained({ decision: decision({ reason: 'qualified', qualified: true }), pending: true });
    expect(held).toMatchObject({ code: 'pending', detail: expect.stringMatching(/^in the pending contacts of the sync .*: the next cycle hands it off$/) });
    expect(explained({ decision: undefined, pending: true, modifiedAt: '2026-09-01T00:00:00.000Z' })).toMatchObject({ code: 'pending' });
    // Not pending, the same qualified decision with nothing landed is no explanation.
    expect(accountFor('1', evidence({ decision: decision({ reason: 'qualified', qualified: true }) }), EMPTY, HISTORY).status).toBe('gap');
  });

  it("never evaluated and last changed before Handoff's history starts: outside-history; after it, a gap", () => {
    expect(explained({ decision: undefined, modifiedAt: '2026-09-01T00:00:00.000Z' })).toMatchObject({
      code: 'outside-history',
      detail: "last changed at 2026-09-01T00:00:00.000Z, before Handoff's history starts (2026-10-21T10:00:00.000Z)",
    });
    expect(accountFor('1', evidence({ modifiedAt: '2026-11-01T00:00:00.000Z' }), EMPTY, HISTORY)).toEqual({
      hubspotId: '1',
      status: 'gap',
      reason: 'qualified in HubSpot but never handed off',
      handoffKey: null,
      detail: null,
    });
    expect(accountFor('1', evidence({ modifiedAt: '2026-09-01T00:00:00.000Z' }), EMPTY, { cursor: CURSOR, historyStart: null })).toMatchObject({ status: 'gap' });
  });

  it('qualified by its latest decision but no handoff recorded: a gap nobody can explain', () => {
    expect(accountFor('1', evidence({ decision: decision({ reason: 'qualified', qualified: true, score: 71 }) }), EMPTY, HISTORY)).toMatchObject({
      status: 'gap',
      reason: 'qualified in HubSpot but never handed off',
      detail: `qualified with score 71 at ${CURSOR}, no handoff recorded`,
    });
  });

  it('a landed handoff and an open dead letter come before any decision', () => {
    const record: HandoffRecord = {
      hubspotId: '1',
      episode: 1,
      status: 'handed_off',
      salesforceLeadId: '00Q1',
      salesforceContactId: null,
      salesforceTaskId: null,
      ownerId: null,
      score: 80,
      grade: 'A',
      fingerprint: 'x',
      handoffKey: null,
      firstHandedOffAt: null,
      updatedAt: CURSOR,
    };
    const sf: SalesforceView = { ...EMPTY, leadIds: new Set(['00Q1']) };
    expect(accountFor('1', evidence({ record, decision: decision() }), sf, HISTORY)).toMatchObject({ status: 'landed', leadId: '00Q1' });
    const dl: DeadLetter = { id: 4, stage: 'lead.write', code: 'VALIDATION', vendorCode: null, message: 'm', hubspotId: '1', payload: null, attempts: 2, firstSeen: CURSOR, lastSeen: CURSOR, resolvedAt: null };
    expect(accountFor('1', evidence({ openDeadLetters: [dl], decision: decision() }), EMPTY, HISTORY)).toMatchObject({ status: 'dead-lettered', deadLetterId: 4 });
  });
});

describe('countExplained', () => {
  it('counts by code and lists every explaining code, zero or not', () => {
    const items = [explained({ decision: decision() }), explained({ decision: decision() }), explained({ decision: decision({ reason: 'customer' }) })];
    const counts = countExplained(items);
    expect(Object.keys(counts).sort()).toEqual([...EXPLAINED_REASONS].sort());
    expect(counts).toMatchObject({ 'not-qualified': 2, customer: 1, pending: 0, 'outside-rollout': 0, 'cooling-off': 0 });
  });
});
