import { DateTime } from 'luxon';
import type { Rng } from '../../generate/random.js';
import type { SalesforceStore } from '../store.js';
import { BUSINESS_DAY_MINUTES, addBusinessMinutes } from './business-hours.js';
import * as odds from './odds.js';
import { RepDesk } from './rep-actions.js';
import { iso } from './truth.js';
import type { HandoffTruth, TouchKind } from './truth.js';

export type Step =
  | { kind: 'touch'; attempt: number }
  | { kind: 'complete'; scorecard: HandoffTruth['scorecard'] }
  | { kind: 'disqualify'; reason: string }
  | { kind: 'after-meeting' }
  | { kind: 'stage'; index: number };

export type Schedule = (at: number, step: Step) => void;

const WORKING = 'Working - Contacted';
const OPEN = 'Open - Not Contacted';

/**
 * One handoff worked by one rep: each step acts at its instant and schedules the next, drawing from the
 * handoff's own random stream, so the floor's output does not depend on how other handoffs interleave.
 */
export class Journey {
  private taskDecided = false;
  private won = false;
  private lastStage = 0;

  constructor(
    private readonly store: SalesforceStore,
    readonly truth: HandoffTruth,
    private readonly rng: Rng,
    private readonly zone: string,
    private readonly rep: { pace: number; neglect: number },
  ) {}

  start(at: number, schedule: Schedule): void {
    const q = this.truth.quality;
    if (odds.neverTouched(this.rng, q, this.rep.neglect)) return;
    schedule(this.later(at, odds.firstTouchDelay(this.rng, q, this.rep.pace)), { kind: 'touch', attempt: 1 });
  }

  run(at: number, step: Step, schedule: Schedule): void {
    switch (step.kind) {
      case 'touch':
        this.touch(at, step.attempt, schedule);
        break;
      case 'complete':
        this.complete(at, step.scorecard);
        break;
      case 'disqualify':
        this.disqualify(at, step.reason);
        break;
      case 'after-meeting':
        this.afterMeeting(at, schedule);
        break;
      case 'stage':
        this.stage(at, step.index, schedule);
        break;
    }
  }

  private desk(at: number): RepDesk {
    return new RepDesk(this.store, this.truth.repId, at);
  }

  private later(at: number, businessMinutes: number): number {
    return addBusinessMinutes(at, businessMinutes, this.zone);
  }

  private lead(): Readonly<Record<string, unknown>> | undefined {
    return this.truth.whoType === 'Lead' ? this.store.get('Lead', this.truth.whoId) : undefined;
  }

  /** Where activities go: the Lead, or its Contact once converted, or the matched Contact. */
  private who(): string {
    const lead = this.lead();
    return lead?.IsConverted === true && typeof lead.ConvertedContactId === 'string' ? lead.ConvertedContactId : this.truth.whoId;
  }

  private setStatus(at: number, status: string, extra: Record<string, string> = {}): void {
    const lead = this.lead();
    if (!lead || lead.IsConverted === true || lead.Status === status) return;
    this.desk(at).setLeadStatus(String(lead.Id), status, extra);
    this.truth.statusChanges.push({ at: iso(at), from: String(lead.Status), to: status });
  }

  private touch(at: number, attempt: number, schedule: Schedule): void {
    const q = this.truth.quality;
    const first = this.truth.firstTouch === null;
    const lead = this.lead();
    const drawn: TouchKind = odds.touchKind(this.rng, first, lead?.IsConverted === false && lead.Status === OPEN);
    // Closing the handoff Task is a touch only while it is open.
    const kind: TouchKind = drawn === 'task' && this.store.get('Task', this.truth.taskId)?.IsClosed === true ? 'call' : drawn;
    const connected = kind !== 'status' && odds.connects(this.rng, kind, q);
    let activityId: string | null = null;
    if (kind === 'call' || kind === 'email') activityId = this.desk(at).logActivity(this.who(), kind, connected, null);
    if (kind === 'task') activityId = this.truth.taskId;
    if (this.lead()?.Status === OPEN) this.setStatus(at, WORKING);
    this.truth.attempts.push({ at: iso(at), kind, activityId, connected });
    if (first) this.truth.firstTouch = { at: iso(at), kind };
    if (kind === 'status') {
      schedule(this.later(at, this.rng.int(30, 2 * BUSINESS_DAY_MINUTES)), { kind: 'touch', attempt });
      return;
    }
    const outcome = connected ? odds.conversationOutcome(this.rng, q) : 'no answer';
    this.decideTask(at, kind, outcome, schedule);
    this.next(at, attempt, outcome, schedule);
  }

  /** The first real conversation attempt decides whether and when the handoff Task gets closed, and its scorecard. */
  private decideTask(at: number, kind: TouchKind, outcome: string, schedule: Schedule): void {
    if (this.taskDecided) return;
    this.taskDecided = true;
    const closes = kind === 'task' || this.rng.chance(0.85);
    const filled = this.rng.chance(0.75);
    const scorecard = filled
      ? { outcome, quality: odds.qualityRating(this.rng, this.truth.quality), comment: this.rng.pick(odds.COMMENTS[outcome] ?? ['']) }
      : null;
    if (!closes) return;
    if (kind === 'task') this.complete(at, scorecard);
    else schedule(this.later(at, this.rng.int(1, 45)), { kind: 'complete', scorecard });
  }

  private next(at: number, attempt: number, outcome: string, schedule: Schedule): void {
    const q = this.truth.quality;
    const retry = (minutes: number): void => schedule(this.later(at, minutes), { kind: 'touch', attempt: attempt + 1 });
    const disqualify = (reason: string): void => schedule(this.later(at, this.rng.int(5, 120)), { kind: 'disqualify', reason });
    switch (outcome) {
      case 'meeting booked':
        this.bookMeeting(at, schedule);
        return;
      case 'no answer':
        if (attempt < odds.maxAttempts(q)) retry(this.rng.int(240, 3 * BUSINESS_DAY_MINUTES));
        else if (this.rng.chance(0.6)) disqualify('Unresponsive');
        return;
      case 'connected':
      case 'wrong person':
        if (outcome === 'wrong person' && this.rng.chance(0.5)) disqualify('Not a Fit');
        else if (attempt < odds.maxAttempts(q)) retry(this.rng.int(1, 4) * BUSINESS_DAY_MINUTES);
        return;
      default:
        disqualify(odds.DISQUALIFY_REASON[outcome] ?? 'Not a Fit');
    }
  }

  /** A meeting one to five business days out, on the half hour between 09:00 and 15:30 the rep's time. */
  private bookMeeting(at: number, schedule: Schedule): void {
    const day = this.later(at, this.rng.int(1, 5) * BUSINESS_DAY_MINUTES);
    const start = DateTime.fromMillis(day, { zone: this.zone }).set({ hour: 9, minute: 0, second: 0, millisecond: 0 }).plus({ minutes: this.rng.int(0, 13) * 30 }).toMillis();
    const minutes = this.rng.pick([30, 45, 60]);
    const eventId = this.desk(at).bookMeeting(this.who(), start, minutes);
    const end = start + minutes * 60_000;
    this.truth.meetings.push({ eventId, bookedAt: iso(at), startAt: iso(start), endAt: iso(end) });
    schedule(this.later(end, this.rng.int(30, 600)), { kind: 'after-meeting' });
  }

  private complete(at: number, scorecard: HandoffTruth['scorecard']): void {
    const task = this.store.get('Task', this.truth.taskId);
    if (!task || task.IsClosed === true) return;
    this.desk(at).completeTask(this.truth.taskId, scorecard);
    this.truth.taskCompletedAt = iso(at);
    this.truth.scorecard = scorecard;
  }

  private disqualify(at: number, reason: string): void {
    const lead = this.lead();
    if (!lead || lead.IsConverted === true || lead.Status === 'Closed - Not Converted') return;
    this.setStatus(at, 'Closed - Not Converted', { Disqualification_Reason__c: reason });
    this.truth.disqualified = { at: iso(at), reason };
  }

  private afterMeeting(at: number, schedule: Schedule): void {
    const q = this.truth.quality;
    const lead = this.lead();
    if (lead && (lead.IsConverted === true || lead.Status === 'Closed - Not Converted')) return;
    if (!odds.convertsAfterMeeting(this.rng, q)) {
      if (this.rng.chance(0.5)) this.disqualify(at, this.rng.pick(['No Budget', 'Competitor']));
      return;
    }
    const withOpp = odds.withOpportunity(this.rng);
    const amount = odds.dealAmount(this.rng, q);
    this.won = odds.wins(this.rng, q);
    this.lastStage = this.won ? odds.DEAL_PATH.length : this.rng.int(0, odds.DEAL_PATH.length - 1);
    const desk = this.desk(at);
    let opportunityId: string | null = null;
    if (lead) {
      const company = String(lead.Company ?? 'Deal');
      const result = desk.convert(String(lead.Id), withOpp ? { name: `${company} - New Business`, amount } : null);
      this.truth.statusChanges.push({ at: iso(at), from: String(lead.Status), to: 'Closed - Converted' });
      this.truth.conversion = { at: iso(at), contactId: result.contactId, accountId: result.accountId, opportunityId: result.opportunityId };
      opportunityId = result.opportunityId;
    } else if (withOpp) {
      const contact = this.store.get('Contact', this.truth.whoId);
      const accountId = typeof contact?.AccountId === 'string' ? contact.AccountId : null;
      opportunityId = desk.createOpportunity(this.truth.whoId, accountId, `${String(contact?.LastName ?? 'Deal')} - New Business`, amount);
    }
    if (!opportunityId) return;
    const hasCurrency = this.store.field('Opportunity', 'CurrencyIsoCode') !== undefined;
    const currency = hasCurrency ? odds.currencyFor(this.zone) : null;
    if (currency) desk.updateOpportunity(opportunityId, { CurrencyIsoCode: currency });
    this.truth.opportunity = {
      id: opportunityId, createdAt: iso(at), amount, currency, stage: 'Prospecting', stages: [{ at: iso(at), stage: 'Prospecting' }],
      isClosed: false, isWon: false, closedAt: null,
    };
    schedule(this.later(at, this.rng.int(1, 4) * BUSINESS_DAY_MINUTES), { kind: 'stage', index: 0 });
  }

  private stage(at: number, index: number, schedule: Schedule): void {
    const opp = this.truth.opportunity;
    const record = opp ? this.store.get('Opportunity', opp.id) : undefined;
    if (!opp || !record || record.IsClosed === true) return;
    const closing = index >= this.lastStage;
    const stage = closing ? (this.won ? 'Closed Won' : 'Closed Lost') : (odds.DEAL_PATH[index] ?? 'Qualification');
    const values: Record<string, string | number> = { StageName: stage };
    if (stage === 'Proposal/Price Quote') {
      opp.amount = Math.round((opp.amount * (0.8 + 0.4 * this.rng.next())) / 100) * 100;
      values.Amount = opp.amount;
    }
    if (closing) values.CloseDate = DateTime.fromMillis(at, { zone: 'utc' }).toISODate() ?? '';
    this.desk(at).updateOpportunity(opp.id, values);
    opp.stage = stage;
    opp.stages.push({ at: iso(at), stage });
    if (closing) {
      Object.assign(opp, { isClosed: true, isWon: this.won, closedAt: iso(at) });
      return;
    }
    schedule(this.later(at, this.rng.int(1, 4) * BUSINESS_DAY_MINUTES), { kind: 'stage', index: index + 1 });
  }
}
