import type { RoutingConfig } from '../config/routing.js';
import type { EpisodeAtHandoff } from '../domain/episode.js';
import type { Contact, Score } from '../domain/types.js';
import { segmentOf } from './route.js';

export interface HandedOff {
  contact: Contact;
  score: Score;
  handoffKey: string;
  /** The Lead or Contact the Task went to. */
  who: { object: 'Lead' | 'Contact'; id: string };
  /** The Lead written in the same cycle, when the Task went to a Contact through conversion it is null. */
  leadId: string | null;
  taskId: string;
  /** The Task as planned: OwnerId (absent when Salesforce's assignment rules own routing) and Handoff_SLA_Due__c. */
  task: Record<string, unknown>;
  /** The owner routing chose, for when the Task itself carries none. */
  ownerId: string | null;
  route: { team: string | null; tier: string; calendar: string; timeZone: string } | null;
}

/**
 * The episode row of one handoff, with the values as they are at the handoff (pure): the reports
 * group by these, since a score decays and an owner changes afterwards.
 */
export function episodeAtHandoff(h: HandedOff, at: Date, routing: RoutingConfig): EpisodeAtHandoff {
  const episode = Number(h.handoffKey.split(':').at(-1));
  const taskOwner = typeof h.task.OwnerId === 'string' ? h.task.OwnerId : null;
  const due = typeof h.task.Handoff_SLA_Due__c === 'string' ? h.task.Handoff_SLA_Due__c : null;
  return {
    hubspotId: h.contact.hubspotId,
    episode: Number.isSafeInteger(episode) && episode > 0 ? episode : 1,
    handoffKey: h.handoffKey,
    handedOffAt: at.toISOString(),
    salesforceLeadId: h.who.object === 'Lead' ? h.who.id : h.leadId,
    salesforceContactId: h.who.object === 'Contact' ? h.who.id : null,
    salesforceTaskId: h.taskId,
    firstOwnerId: taskOwner ?? h.ownerId,
    team: h.route?.team ?? null,
    tier: h.route?.tier ?? null,
    slaDueAt: due,
    score: h.score.total,
    grade: h.score.grade,
    modelVersion: h.score.modelVersion,
    source: h.contact.leadSource,
    segment: segmentOf(h.contact.employees, routing),
    calendar: h.route?.calendar ?? null,
    timeZone: h.route?.timeZone ?? null,
  };
}
