import type { FeedbackConfig } from '../../config/feedback.js';
import type { SlaConfig } from '../../config/sla.js';
import type { Episode, EpisodePatch, SalesStatus, TouchKind } from '../../domain/episode.js';
import type { SalesChanges, SalesOpportunity } from '../../domain/sales.js';
import { calendarFor } from '../sla-clock.js';
import { businessMinutesBetween } from './business-minutes.js';

/** A future Event on a handed-off Lead or Contact: it becomes a touch once its start has passed. */
export interface PendingEvent {
  id: string;
  whoId: string;
  startAt: string;
  /** The scorecard on the Event, if any (absent in cursors written before Events carried one). */
  outcome?: string | null;
  leadQuality?: number | null;
}

export interface FeedbackInput {
  /** The current (latest) episode of each handed-off contact. */
  episodes: readonly Episode[];
  changes: SalesChanges;
  /** Every Opportunity the episodes link to that changed or was just linked, by id. */
  opportunities: ReadonlyMap<string, SalesOpportunity>;
  pending: readonly PendingEvent[];
}

export interface FeedbackContext {
  feedback: FeedbackConfig;
  sla: SlaConfig;
  now: Date;
}

export interface FeedbackOutput {
  /** The fields that changed, per episode. */
  patches: EpisodePatch[];
  /** The episodes as they are after this pass (all of them, changed or not). */
  episodes: Episode[];
  /** Handoff keys whose first touch was found in this pass. */
  touched: string[];
  /** HubSpot ids recycled in this pass. */
  recycled: string[];
  pending: PendingEvent[];
}

const ms = (iso: string | null | undefined): number => (iso ? Date.parse(iso) : Number.NaN);
const iso = (t: string): string => new Date(t).toISOString();
/** The earlier of two times (either may be missing). */
const earlier = (a: string | null, b: string): string => (a !== null && ms(a) <= ms(b) ? a : iso(b));

/** Every Salesforce id that reaches an episode: its Lead, its Contact (handed off to or converted into). */
export function indexEpisodes(episodes: readonly Episode[]): Map<string, Episode> {
  const byWho = new Map<string, Episode>();
  for (const e of episodes) {
    if (e.salesforceLeadId) byWho.set(e.salesforceLeadId, e);
    if (e.salesforceContactId) byWho.set(e.salesforceContactId, e);
  }
  return byWho;
}

/**
 * The Opportunities the episodes reach after this pass's changes: the one a conversion created, or
 * one a contact role ties to the episode's Contact (kept only if created at or after the handoff,
 * checked once its row is known). The job reads those missing from the changes by id.
 */
export function linkedOpportunityIds(episodes: readonly Episode[], changes: SalesChanges): Set<string> {
  const byWho = indexEpisodes(episodes);
  const ids = new Set<string>();
  for (const e of episodes) if (e.opportunityId) ids.add(e.opportunityId);
  for (const l of changes.leads) {
    if (byWho.has(l.id) && l.convertedOpportunityId) ids.add(l.convertedOpportunityId);
    if (byWho.has(l.id) && l.convertedContactId) byWho.set(l.convertedContactId, byWho.get(l.id) as Episode);
  }
  for (const r of changes.contactRoles) if (byWho.has(r.contactId)) ids.add(r.opportunityId);
  return ids;
}

function inSet(list: readonly string[], value: string | null): boolean {
  return value !== null && list.some((v) => v.toLowerCase() === value.toLowerCase());
}

/** The furthest step, with `disqualified` and `recycled` replacing it when they happen. */
export function salesStatusOf(e: Episode): SalesStatus {
  if (e.recycledAt) return 'recycled';
  if (e.disqualifiedAt && !e.convertedAt) return 'disqualified';
  if (e.closedAt) return e.won ? 'won' : 'lost';
  if (e.convertedAt) return 'converted';
  if (e.meetingAt) return 'meeting';
  if (e.workingAt) return 'working';
  if (e.acceptedAt) return 'accepted';
  return 'handed_off';
}

/**
 * What sales did, merged into each episode (pure). Facts only ever add: a first touch only moves
 * earlier, a step once reached keeps its time, so re-reading the overlap changes nothing. Response
 * time is counted in the business hours of the calendar the episode was routed with.
 */
export function applySalesChanges(input: FeedbackInput, ctx: FeedbackContext): FeedbackOutput {
  const { feedback, now } = { ...ctx, now: ctx.now };
  const nowIso = now.toISOString();
  const work = input.episodes.map((e) => ({ ...e }));
  const byWho = indexEpisodes(work);
  const byKey = new Map(work.map((e) => [e.handoffKey, e]));
  const touches = new Map<Episode, { at: string; kind: TouchKind }>();
  const touch = (e: Episode, at: string, kind: TouchKind): void => {
    if (ms(at) < ms(e.handedOffAt)) return;
    const prev = touches.get(e);
    if (!prev || ms(at) < ms(prev.at)) touches.set(e, { at: iso(at), kind });
    if (kind !== 'status') e.workingAt = earlier(e.workingAt, at);
  };
  const statusStep = (e: Episode, status: string | null, reason: string | null, at: string): void => {
    if (ms(at) < ms(e.handedOffAt)) return;
    if (inSet(feedback.leadStatus.accepted, status)) {
      e.acceptedAt = earlier(e.acceptedAt, at);
      touch(e, at, 'status');
    }
    if (inSet(feedback.leadStatus.working, status)) {
      e.workingAt = earlier(e.workingAt, at);
      touch(e, at, 'status');
    }
    if (inSet(feedback.leadStatus.disqualified, status)) {
      e.disqualifiedAt ??= iso(at);
      if (reason !== null) e.disqualifyReason = reason;
    }
    if (inSet(feedback.leadStatus.recyclable, status) || inSet(feedback.leadStatus.recyclable, reason)) e.recycledAt ??= iso(at);
  };

  // Lead Status history first (its times are the real ones), then each Lead's current values.
  const history = input.changes.statusHistory;
  for (const h of history ?? []) {
    const e = byWho.get(h.leadId);
    if (e) statusStep(e, h.status, null, h.at);
  }
  for (const l of input.changes.leads) {
    const e = byWho.get(l.id);
    if (!e) continue;
    const before = e.leadStatus;
    e.leadStatus = l.status;
    e.currentOwnerId = l.ownerId;
    if (history === null) {
      // Without history, a status counts only once the Lead changed after the handoff's own write,
      // and takes the time of the pass that first saw it (a status from before the handoff is no touch).
      if (l.status !== before && ms(l.modstamp) > ms(e.handedOffAt) + 60_000) statusStep(e, l.status, l.reason, nowIso);
    } else if (l.reason !== null && inSet(feedback.leadStatus.disqualified, l.status) && e.disqualifiedAt) {
      // The steps came from the history rows above; the Lead adds the reason it was closed for.
      e.disqualifyReason = l.reason;
      if (inSet(feedback.leadStatus.recyclable, l.reason)) e.recycledAt ??= e.disqualifiedAt;
    }
    if (l.isConverted) {
      e.convertedAt ??= iso(l.modstamp);
      if (l.convertedContactId) {
        e.salesforceContactId ??= l.convertedContactId;
        byWho.set(l.convertedContactId, e);
      }
      if (l.convertedOpportunityId) e.opportunityId ??= l.convertedOpportunityId;
    }
  }
  for (const r of input.changes.contactRoles) {
    const e = byWho.get(r.contactId);
    const opp = input.opportunities.get(r.opportunityId);
    if (!e || e.opportunityId || !opp || ms(opp.createdAt) < ms(e.handedOffAt)) continue;
    e.opportunityId = opp.id;
  }

  // A deleted Task counts for what it was: closed, it was a touch (history stays); open, it never was.
  for (const t of input.changes.tasks) {
    const own = t.handoffKey !== null ? byKey.get(t.handoffKey) : undefined;
    if (own) {
      if (t.outcome !== null) own.outcome = t.outcome;
      if (t.leadQuality !== null) own.leadQuality = t.leadQuality;
      own.salesforceTaskId ??= t.id;
      // An admin's edit of the due time counts; a reassignment (another owner) does not.
      if (t.slaDueAt && t.ownerId === own.firstOwnerId && ms(t.slaDueAt) !== ms(own.slaDueAt)) own.slaDueAt = iso(t.slaDueAt);
    }
    const e = own ?? (t.whoId !== null ? byWho.get(t.whoId) : undefined);
    if (!e || !t.isClosed) continue;
    const at = t.completedAt ?? t.modstamp;
    if (ms(at) > now.getTime()) continue;
    touch(e, at, 'task');
    if (own && t.outcome === 'meeting booked') e.meetingAt = earlier(e.meetingAt, at);
  }

  const pending = new Map(input.pending.map((p) => [p.id, p]));
  for (const ev of input.changes.events) {
    pending.delete(ev.id);
    if (ev.whoId === null || ev.startAt === null || !byWho.has(ev.whoId)) continue;
    // Deleted before its start: a cancelled meeting, never a touch. Deleted after it took place: it happened.
    if (ev.isDeleted === true && ms(ev.startAt) > ms(ev.modstamp)) continue;
    pending.set(ev.id, { id: ev.id, whoId: ev.whoId, startAt: iso(ev.startAt), ...(ev.outcome !== null ? { outcome: ev.outcome } : {}), ...(ev.leadQuality !== null ? { leadQuality: ev.leadQuality } : {}) });
  }
  // Earliest first: where the handoff Task has no scorecard, the first past Event carrying one fills it in.
  const events = [...pending.values()].sort((a, b) => ms(a.startAt) - ms(b.startAt) || (a.id < b.id ? -1 : 1));
  for (const p of events) {
    const e = byWho.get(p.whoId);
    if (!e || ms(p.startAt) < ms(e.handedOffAt)) {
      pending.delete(p.id);
      continue;
    }
    if (ms(p.startAt) > now.getTime()) continue; // a future Event is not a touch yet
    touch(e, p.startAt, 'event');
    e.meetingAt = earlier(e.meetingAt, p.startAt);
    // The handoff Task's scorecard takes precedence (the Task loop above overwrites): an Event only fills what is still empty.
    if (e.outcome === null && p.outcome) e.outcome = p.outcome;
    if (e.leadQuality === null && typeof p.leadQuality === 'number') e.leadQuality = p.leadQuality;
    pending.delete(p.id);
  }

  for (const e of work) {
    const opp = e.opportunityId ? input.opportunities.get(e.opportunityId) : undefined;
    if (opp) {
      e.opportunityCreatedAt ??= iso(opp.createdAt);
      e.opportunityStage = opp.stage;
      e.opportunityAmount = opp.amount;
      e.currencyIsoCode = opp.currency;
      if (opp.isClosed) {
        e.closedAt ??= iso(opp.modstamp);
        e.won = opp.isWon;
        // A converted Lead can't be reopened: a lost deal returns the contact to nurture through its Contact.
        if (!opp.isWon && e.convertedAt) e.recycledAt ??= e.closedAt;
      }
    }
  }
  return finish(input.episodes, work, touches, [...pending.values()], ctx);
}

function finish(
  before: readonly Episode[],
  work: Episode[],
  touches: Map<Episode, { at: string; kind: TouchKind }>,
  pending: PendingEvent[],
  ctx: FeedbackContext,
): FeedbackOutput {
  const out: FeedbackOutput = { patches: [], episodes: work, touched: [], recycled: [], pending };
  work.forEach((e, i) => {
    const t = touches.get(e);
    if (t && (e.firstTouchAt === null || ms(t.at) < ms(e.firstTouchAt))) {
      e.firstTouchAt = t.at;
      e.firstTouchKind = t.kind;
    }
    if (e.firstTouchAt !== null) {
      const calendar = calendarFor(ctx.sla, e.calendar ?? 'default');
      e.responseBusinessMinutes = businessMinutesBetween(new Date(e.handedOffAt), new Date(e.firstTouchAt), calendar, e.timeZone ?? calendar.timeZone);
      e.slaMet = e.slaDueAt ? ms(e.firstTouchAt) <= ms(e.slaDueAt) : null;
    } else {
      e.slaMet = e.slaDueAt && ms(e.slaDueAt) < ctx.now.getTime() ? false : null;
    }
    e.salesStatus = salesStatusOf(e);
    const old = before[i] as Episode;
    const patch: EpisodePatch = { hubspotId: e.hubspotId, episode: e.episode };
    let changed = false;
    for (const k of Object.keys(e) as (keyof Episode)[]) {
      if (k === 'updatedAt' || k === 'hubspotId' || k === 'episode') continue;
      if ((e[k] ?? null) !== (old[k] ?? null)) {
        (patch as Record<string, unknown>)[k] = e[k];
        changed = true;
      }
    }
    if (!changed) return;
    out.patches.push(patch);
    if (old.firstTouchAt === null && e.firstTouchAt !== null) out.touched.push(e.handoffKey);
    if (!old.recycledAt && e.recycledAt) out.recycled.push(e.hubspotId);
  });
  return out;
}
