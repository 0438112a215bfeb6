import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { feedbackSchema } from '../../../src/config/feedback.js';
import { slaSchema } from '../../../src/config/sla.js';
import type { SlaConfig } from '../../../src/config/sla.js';
import { businessMinutesBetween } from '../../../src/core/feedback/business-minutes.js';
import { applySalesChanges, linkedOpportunityIds } from '../../../src/core/feedback/outcome.js';
import { feedbackProperties, lifecycleMove, lifecycleTarget } from '../../../src/core/feedback/properties.js';
import { calendarFor, slaDue } from '../../../src/core/sla-clock.js';
import { blankOutcome } from '../../../src/domain/episode.js';
import type { Episode } from '../../../src/domain/episode.js';
import type { SalesChanges, SalesOpportunity } from '../../../src/domain/sales.js';

const sla: SlaConfig = slaSchema.parse(parse(readFileSync(join(import.meta.dirname, '..', '..', '..', 'config', 'sla.yaml'), 'utf8')));
const feedback = feedbackSchema.parse({ leadStatus: { accepted: ['Accepted'], recyclable: ['Bad Timing'] }, reasonField: 'Disqualification_Reason__c' });

// Default calendar: America/New_York, Mon–Fri 09:00–17:00. Friday 2026-11-06 16:00 EST = 21:00Z.
const HANDED_OFF = '2026-11-06T21:00:00.000Z';

function episode(over: Partial<Episode> = {}): Episode {
  return {
    hubspotId: '101',
    episode: 1,
    handoffKey: '101:1',
    handedOffAt: HANDED_OFF,
    salesforceLeadId: '00Q000000000001',
    salesforceContactId: null,
    salesforceTaskId: '00T000000000001',
    firstOwnerId: '005000000000001',
    team: 'na',
    tier: 'hot',
    slaDueAt: slaDue(new Date(HANDED_OFF), 4, calendarFor(sla, 'default'), 'America/New_York').toISOString(),
    score: 80,
    grade: 'A',
    modelVersion: 'm1',
    source: 'ORGANIC_SEARCH',
    segment: 'enterprise',
    calendar: 'default',
    timeZone: 'America/New_York',
    ...blankOutcome(),
    updatedAt: HANDED_OFF,
    ...over,
  };
}

const none = (): SalesChanges => ({ leads: [], tasks: [], events: [], opportunities: [], contactRoles: [], statusHistory: [], queries: 6, latest: {} });
const run = (eps: Episode[], changes: SalesChanges, now: string, opps: SalesOpportunity[] = [], pending: { id: string; whoId: string; startAt: string }[] = []) =>
  applySalesChanges({ episodes: eps, changes, opportunities: new Map(opps.map((o) => [o.id, o])), pending }, { feedback, sla, now: new Date(now) });

describe('business minutes (the SLA calendar read backwards)', () => {
  it('counts only opening hours on working days that are not holidays', () => {
    const cal = calendarFor(sla, 'default');
    // Fri 16:00 → Mon 10:30 New York: 60 min Friday + 90 min Monday.
    expect(businessMinutesBetween(new Date(HANDED_OFF), new Date('2026-11-09T15:30:00Z'), cal, 'America/New_York')).toBe(150);
    // Over Thanksgiving (Thu 26th, a public holiday) and the extra closed Friday 27th: Wed 16:00 → Mon 09:30.
    expect(businessMinutesBetween(new Date('2026-11-25T21:00:00Z'), new Date('2026-11-30T14:30:00Z'), cal, 'America/New_York')).toBe(90);
    // Inverse of slaDue: the due time of a 4-hour SLA is 240 business minutes away.
    const due = slaDue(new Date(HANDED_OFF), 4, cal, 'America/New_York');
    expect(businessMinutesBetween(new Date(HANDED_OFF), due, cal, 'America/New_York')).toBe(240);
    expect(businessMinutesBetween(due, new Date(HANDED_OFF), cal, 'America/New_York')).toBe(0);
  });
});

describe('applying what sales did to an episode', () => {
  it('finds the first touch among closed Tasks, past Events and accepted statuses, in business minutes, and the SLA outcome', () => {
    const changes: SalesChanges = {
      ...none(),
      // The handoff Task closed Monday 10:30 with a scorecard; a call logged Monday 09:45 on the Lead; a status change Tuesday.
      tasks: [
        { id: '00T000000000001', handoffKey: '101:1', whoId: '00Q000000000001', ownerId: '005000000000001', isClosed: true, completedAt: '2026-11-09T15:30:00Z', slaDueAt: null, outcome: 'connected', leadQuality: 4, modstamp: '2026-11-09T15:30:00Z' },
        { id: '00T000000000002', handoffKey: null, whoId: '00Q000000000001', ownerId: '005000000000009', isClosed: true, completedAt: '2026-11-09T14:45:00Z', slaDueAt: null, outcome: null, leadQuality: null, modstamp: '2026-11-09T14:45:00Z' },
        // Open, and one closed before the handoff: neither is a touch.
        { id: '00T000000000003', handoffKey: null, whoId: '00Q000000000001', ownerId: null, isClosed: false, completedAt: null, slaDueAt: null, outcome: null, leadQuality: null, modstamp: '2026-11-09T14:00:00Z' },
        { id: '00T000000000004', handoffKey: null, whoId: '00Q000000000001', ownerId: null, isClosed: true, completedAt: '2026-11-06T20:00:00Z', slaDueAt: null, outcome: null, leadQuality: null, modstamp: '2026-11-09T14:00:00Z' },
      ],
      statusHistory: [{ leadId: '00Q000000000001', status: 'Accepted', at: '2026-11-10T15:00:00Z' }],
      leads: [{ id: '00Q000000000001', hubspotId: '101', status: 'Accepted', ownerId: '005000000000001', isConverted: false, convertedContactId: null, convertedOpportunityId: null, reason: null, modstamp: '2026-11-10T15:00:00Z' }],
      // A future Event is not a touch yet.
      events: [{ id: '00U000000000001', whoId: '00Q000000000001', startAt: '2026-11-12T15:00:00Z', outcome: null, leadQuality: null, modstamp: '2026-11-09T14:00:00Z' }],
    };
    const out = run([episode()], changes, '2026-11-10T16:00:00Z');
    // Hand computation: Fri 16:00–17:00 (60) + Mon 09:00–09:45 (45) = 105 business minutes; due Mon 12:00 NY, met.
    expect(out.patches).toEqual([
      expect.objectContaining({
        firstTouchAt: '2026-11-09T14:45:00.000Z',
        firstTouchKind: 'task',
        responseBusinessMinutes: 105,
        slaMet: true,
        acceptedAt: '2026-11-10T15:00:00.000Z',
        workingAt: '2026-11-09T14:45:00.000Z',
        salesStatus: 'working',
        outcome: 'connected',
        leadQuality: 4,
        leadStatus: 'Accepted',
        currentOwnerId: '005000000000001',
      }),
    ]);
    expect(out.touched).toEqual(['101:1']);
    expect(out.pending).toEqual([{ id: '00U000000000001', whoId: '00Q000000000001', startAt: '2026-11-12T15:00:00.000Z' }]);

    // Reading the same rows again (the overlap) changes nothing; the Event's start passing makes it a meeting.
    const again = run(out.episodes, changes, '2026-11-10T16:05:00Z', [], out.pending);
    expect(again.patches).toEqual([]);
    const later = run(out.episodes, none(), '2026-11-12T16:00:00Z', [], out.pending);
    expect(later.patches).toEqual([{ hubspotId: '101', episode: 1, meetingAt: '2026-11-12T15:00:00.000Z', salesStatus: 'meeting' }]);
    expect(later.pending).toEqual([]);
  });

  it('an untouched episode misses its SLA once the due time passes; a status touch without history takes the pass time', () => {
    const e = episode();
    expect(run([e], none(), '2026-11-09T16:00:00Z').patches).toEqual([]);
    const missed = run([e], none(), '2026-11-09T17:00:01Z');
    expect(missed.patches).toEqual([{ hubspotId: '101', episode: 1, slaMet: false }]);
    const lead = { id: '00Q000000000001', hubspotId: '101', status: 'Working - Contacted', ownerId: '005000000000002', isConverted: false, convertedContactId: null, convertedOpportunityId: null, reason: null, modstamp: '2026-11-09T18:00:00Z' };
    const untracked = run(missed.episodes, { ...none(), statusHistory: null, leads: [lead] }, '2026-11-09T19:00:00Z');
    expect(untracked.patches[0]).not.toHaveProperty('slaMet');
    expect(untracked.episodes[0]).toMatchObject({ firstTouchAt: '2026-11-09T19:00:00.000Z', firstTouchKind: 'status', slaMet: false, salesStatus: 'working', currentOwnerId: '005000000000002' });
  });

  it('reads the scorecard from Events on the Lead or Contact where the handoff Task has none; the Task\'s takes precedence', () => {
    const ev = (id: string, startAt: string, outcome: string | null, leadQuality: number | null, whoId = '00Q000000000001') => ({ id, whoId, startAt, outcome, leadQuality, modstamp: startAt });
    const task = { id: '00T000000000001', handoffKey: '101:1', whoId: '00Q000000000001', ownerId: '005000000000001', isClosed: true, completedAt: '2026-11-10T15:00:00Z', slaDueAt: null, outcome: null, leadQuality: null, modstamp: '2026-11-10T15:00:00Z' };
    // The Task closed without a scorecard; the earliest past Event carrying each field fills it in
    // (read in any order); a future Event's scorecard waits for its start; an Event before the handoff counts for nothing.
    const events = [ev('00U3', '2026-11-09T16:00:00Z', 'no answer', 2), ev('00U2', '2026-11-09T15:00:00Z', 'meeting booked', null), ev('00U1', '2026-11-06T20:00:00Z', 'not a fit', 1), ev('00U4', '2026-11-12T15:00:00Z', 'bad timing', 3)];
    const a = run([episode()], { ...none(), tasks: [task], events }, '2026-11-10T16:00:00Z');
    expect(a.episodes[0]).toMatchObject({ outcome: 'meeting booked', leadQuality: 2, firstTouchKind: 'event', firstTouchAt: '2026-11-09T15:00:00.000Z' });
    expect(a.pending).toEqual([{ id: '00U4', whoId: '00Q000000000001', startAt: '2026-11-12T15:00:00.000Z', outcome: 'bad timing', leadQuality: 3 }]);
    // Re-reading the same rows (the overlap) changes nothing; the future Event, once past, has nothing left to fill.
    expect(run(a.episodes, { ...none(), tasks: [task], events }, '2026-11-10T16:05:00Z').patches).toEqual([]);
    expect(run(a.episodes, none(), '2026-11-13T16:00:00Z', [], a.pending).episodes[0]).toMatchObject({ outcome: 'meeting booked', leadQuality: 2 });
    // Where nothing filled it yet, the pending Event's scorecard does once its start has passed.
    const later = run([episode()], { ...none(), events: [ev('00U4', '2026-11-12T15:00:00Z', 'bad timing', 3)] }, '2026-11-10T16:00:00Z');
    expect(later.episodes[0]).toMatchObject({ outcome: null, leadQuality: null });
    expect(run(later.episodes, none(), '2026-11-13T16:00:00Z', [], later.pending).episodes[0]).toMatchObject({ outcome: 'bad timing', leadQuality: 3 });
    // The handoff Task's scorecard, when it has one, replaces an Event's, and an Event re-read later does not take it back.
    const scored = run(a.episodes, { ...none(), tasks: [{ ...task, outcome: 'connected', leadQuality: 5 }] }, '2026-11-10T17:00:00Z');
    expect(scored.episodes[0]).toMatchObject({ outcome: 'connected', leadQuality: 5 });
    expect(run(scored.episodes, { ...none(), events }, '2026-11-10T17:05:00Z').patches).toEqual([]);
    // On the converted Contact too.
    const contact = episode({ salesforceContactId: '003000000000001' });
    expect(run([contact], { ...none(), events: [ev('00U5', '2026-11-09T15:00:00Z', 'connected', 4, '003000000000001')] }, '2026-11-10T16:00:00Z').episodes[0]).toMatchObject({ outcome: 'connected', leadQuality: 4 });
  });

  it('deleted activities count for what they were: a closed Task stays a touch, a meeting deleted before its start never becomes one', () => {
    const who = '00Q000000000001';
    const ev = (id: string, startAt: string, modstamp: string, isDeleted: boolean) => ({ id, whoId: who, startAt, outcome: null, leadQuality: null, isDeleted, modstamp });
    // Booked Monday for Wednesday: pending. Cancelled (deleted) Tuesday: dropped; Wednesday passes with no touch.
    const booked = run([episode()], { ...none(), events: [ev('00U1', '2026-11-11T15:00:00Z', '2026-11-09T15:00:00Z', false)] }, '2026-11-09T16:00:00Z');
    expect(booked.pending).toHaveLength(1);
    const cancelled = run(booked.episodes, { ...none(), events: [ev('00U1', '2026-11-11T15:00:00Z', '2026-11-10T15:00:00Z', true)] }, '2026-11-10T16:00:00Z', [], booked.pending);
    expect(cancelled.pending).toEqual([]);
    expect(run(cancelled.episodes, none(), '2026-11-12T16:00:00Z', [], cancelled.pending).episodes[0]).toMatchObject({ firstTouchAt: null, meetingAt: null });
    // A meeting deleted after it took place, and a closed call deleted later, still happened.
    const held = run([episode()], { ...none(), events: [ev('00U2', '2026-11-09T15:00:00Z', '2026-11-10T15:00:00Z', true)] }, '2026-11-10T16:00:00Z');
    expect(held.episodes[0]).toMatchObject({ firstTouchAt: '2026-11-09T15:00:00.000Z', firstTouchKind: 'event', meetingAt: '2026-11-09T15:00:00.000Z' });
    const call = { id: '00T000000000002', handoffKey: null, whoId: who, ownerId: null, isClosed: true, completedAt: '2026-11-09T14:45:00Z', slaDueAt: null, outcome: null, leadQuality: null, isDeleted: true, modstamp: '2026-11-10T15:00:00Z' };
    expect(run([episode()], { ...none(), tasks: [call] }, '2026-11-10T16:00:00Z').episodes[0]).toMatchObject({ firstTouchAt: '2026-11-09T14:45:00.000Z', firstTouchKind: 'task' });
    // An open Task deleted was never a touch.
    expect(run([episode()], { ...none(), tasks: [{ ...call, isClosed: false, completedAt: null }] }, '2026-11-10T16:00:00Z').episodes[0]?.firstTouchAt).toBeNull();
  });

  it('follows conversion to the Opportunity, keeps amount and currency, and recycles a lost deal; an admin due edit counts, a reassignment not', () => {
    const e = episode();
    const converted: SalesChanges = {
      ...none(),
      leads: [{ id: '00Q000000000001', hubspotId: '101', status: 'Closed - Converted', ownerId: '005000000000001', isConverted: true, convertedContactId: '003000000000001', convertedOpportunityId: '006000000000001', reason: null, modstamp: '2026-11-11T15:00:00Z' }],
      tasks: [{ id: '00T000000000001', handoffKey: '101:1', whoId: '00Q000000000001', ownerId: '005000000000007', isClosed: false, completedAt: null, slaDueAt: '2026-11-20T15:00:00Z', outcome: null, leadQuality: null, modstamp: '2026-11-11T15:00:00Z' }],
    };
    expect([...linkedOpportunityIds([e], converted)]).toEqual(['006000000000001']);
    const opp: SalesOpportunity = { id: '006000000000001', stage: 'Prospecting', isClosed: false, isWon: false, amount: 12000, currency: 'EUR', closeDate: '2026-12-31', createdAt: '2026-11-11T15:00:00Z', modstamp: '2026-11-11T15:00:00Z' };
    const a = run([e], converted, '2026-11-11T16:00:00Z', [opp]);
    expect(a.patches[0]).toMatchObject({ salesStatus: 'converted', salesforceContactId: '003000000000001', opportunityId: '006000000000001', opportunityAmount: 12000, currencyIsoCode: 'EUR', opportunityStage: 'Prospecting' });
    expect(a.patches[0]).not.toHaveProperty('slaDueAt');
    const lost = { ...opp, stage: 'Closed Lost', isClosed: true, modstamp: '2026-11-20T15:00:00Z' };
    const b = run(a.episodes, none(), '2026-11-20T16:00:00Z', [lost]);
    expect(b.patches[0]).toMatchObject({ salesStatus: 'recycled', won: false, closedAt: '2026-11-20T15:00:00.000Z', recycledAt: '2026-11-20T15:00:00.000Z', opportunityStage: 'Closed Lost' });
    expect(b.recycled).toEqual(['101']);
    const edited = run([e], { ...none(), tasks: [{ ...converted.tasks[0]!, ownerId: '005000000000001' }] }, '2026-11-11T16:00:00Z');
    expect(edited.patches[0]).toMatchObject({ slaDueAt: '2026-11-20T15:00:00.000Z' });
  });

  it('a disqualified Lead keeps its reason; a recyclable reason recycles it; HubSpot gets the lead status, lifecycle only forward', () => {
    const lead = { id: '00Q000000000001', hubspotId: '101', status: 'Closed - Not Converted', ownerId: null, isConverted: false, convertedContactId: null, convertedOpportunityId: null, reason: 'Bad Timing', modstamp: '2026-11-10T15:00:00Z' };
    const out = run([episode()], { ...none(), leads: [lead], statusHistory: [{ leadId: lead.id, status: lead.status, at: '2026-11-10T14:00:00Z' }] }, '2026-11-10T16:00:00Z');
    expect(out.patches[0]).toMatchObject({ disqualifiedAt: '2026-11-10T14:00:00.000Z', disqualifyReason: 'Bad Timing', recycledAt: '2026-11-10T14:00:00.000Z', salesStatus: 'recycled' });
    const props = feedbackProperties(out.episodes[0]!, feedback);
    expect(props).toMatchObject({ handoff_sales_status: 'recycled', hs_lead_status: 'BAD_TIMING', handoff_episode: '1', handoff_first_touch_at: '' });
    const withLifecycle = feedbackSchema.parse({ lifecycle: { accepted: 'salesqualifiedlead', won: 'customer' } });
    const order = ['subscriber', 'lead', 'marketingqualifiedlead', 'salesqualifiedlead', 'opportunity', 'customer'];
    const target = lifecycleTarget({ ...episode(), workingAt: HANDED_OFF }, withLifecycle);
    expect(target).toBe('salesqualifiedlead');
    expect(lifecycleMove('marketingqualifiedlead', target, order)).toBe('salesqualifiedlead');
    expect(lifecycleMove('opportunity', target, order)).toBeNull();
    expect(lifecycleMove('lead', 'custom-unknown', order)).toBeNull();
  });
});
