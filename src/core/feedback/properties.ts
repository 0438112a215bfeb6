import { hash } from 'node:crypto';
import type { FeedbackConfig } from '../../config/feedback.js';
import type { Episode } from '../../domain/episode.js';
import { FEEDBACK_PROPERTIES as P } from '../hubspot/property-definitions.js';

const text = (v: string | number | null): string => (v === null ? '' : String(v));

/** The feedback properties of a contact's current episode, as HubSpot takes them ('' clears a value). Pure. */
export function feedbackProperties(e: Episode, feedback: FeedbackConfig): Record<string, string> {
  const props: Record<string, string> = {
    [P.salesStatus]: e.salesStatus === 'handed_off' ? '' : e.salesStatus,
    [P.firstTouchAt]: text(e.firstTouchAt),
    [P.responseMinutes]: text(e.responseBusinessMinutes),
    [P.slaMet]: e.slaMet === null ? '' : String(e.slaMet),
    [P.outcome]: text(e.outcome),
    [P.leadQuality]: text(e.leadQuality),
    [P.opportunityStage]: text(e.opportunityStage),
    [P.opportunityAmount]: text(e.opportunityAmount),
    [P.opportunityCurrency]: text(e.currencyIsoCode),
    [P.closedAt]: text(e.closedAt),
    [P.episode]: String(e.episode),
    [P.recycledAt]: text(e.recycledAt),
  };
  // Recycling returns the contact to nurture through its lead status; the lifecycle stage never moves back.
  if (e.recycledAt && feedback.recycle.hubspotLeadStatus !== null) props.hs_lead_status = feedback.recycle.hubspotLeadStatus;
  return props;
}

/** The lifecycle stage the episode has earned under `feedback.lifecycle` (null: none configured for its step). */
export function lifecycleTarget(e: Episode, feedback: FeedbackConfig): string | null {
  const { accepted, opportunity, won } = feedback.lifecycle;
  if (e.won && won) return won;
  if (e.opportunityId && opportunity) return opportunity;
  if (e.acceptedAt || e.workingAt || e.meetingAt || e.convertedAt) return accepted;
  return null;
}

/**
 * Moves forward only, in the portal's own option order (read from the Properties API): a stage the
 * portal doesn't list, or one not after the current, is left alone.
 */
export function lifecycleMove(current: string | null, target: string | null, order: readonly string[]): string | null {
  if (target === null) return null;
  const to = order.indexOf(target);
  if (to < 0) return null;
  if (current === null || current === '') return target;
  const from = order.indexOf(current);
  return from >= 0 && from < to ? target : null;
}

/** What was (or is to be) written for an episode: unchanged means no HubSpot call. */
export function propertiesHash(props: Record<string, string>, lifecycle: string | null): string {
  const keys = Object.keys(props).sort();
  return hash('sha1', JSON.stringify([keys.map((k) => [k, props[k]]), lifecycle]), 'hex');
}
