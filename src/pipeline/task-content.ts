import { DateTime } from 'luxon';
import type { SlaConfig } from '../config/sla.js';
import type { Activity, Contact, Score } from '../domain/types.js';
import { scoreReasonsText } from './lead-record.js';
import { slaDue } from './sla-clock.js';

export interface TaskInput {
  contact: Contact;
  score: Score;
  /** The tier the grade selects (scoring.yaml grades). */
  tier: string;
  activities: readonly Activity[];
  sla: SlaConfig;
  calendar: string;
  timeZone: string;
  now: Date;
}

const DESCRIPTION_MAX = 32_000;

function matches(list: string[] | undefined, value: string | null): boolean {
  return !list || (value !== null && list.map((v) => v.toLowerCase()).includes(value.toLowerCase()));
}

/** The Task fields of one handoff (pure): subject, priority, SLA dates, and a description with the why. */
export function buildTask(input: TaskInput): Record<string, unknown> {
  const { contact, score, sla } = input;
  const tier = sla.tiers.find((t) => t.name === input.tier) ?? sla.tiers[sla.tiers.length - 1];
  if (!tier) throw new RangeError('sla.yaml has no tiers');
  const cal = sla.calendars[input.calendar] ?? sla.calendars.default;
  if (!cal) throw new RangeError('sla.yaml has no default calendar');
  const due = slaDue(input.now, tier.responseBusinessHours, cal, input.timeZone);
  const dueLocal = DateTime.fromJSDate(due, { zone: input.timeZone });
  const reminder = new Date(due.getTime() - tier.reminderBeforeMinutes * 60_000);
  const person = [contact.firstName, contact.lastName].filter(Boolean).join(' ') || contact.email.value || `HubSpot contact ${contact.hubspotId}`;
  const subject = `[${tier.name} SLA] Follow up with ${person}${contact.company ? ` (${contact.company})` : ''}`.slice(0, 255);

  const latest = [...input.activities].sort((a, b) => (a.occurredAt < b.occurredAt ? 1 : -1)).slice(0, 3);
  const assets = sla.assets
    .filter((a) => matches(a.when.jobFunction, contact.jobFunction) && matches(a.when.seniority, contact.seniority) && matches(a.when.industry, contact.industry) && matches(a.when.lifecycleStage, contact.lifecycleStage))
    .slice(0, sla.maxAssets);
  const lines = [
    `Score ${score.total} (grade ${score.grade}, fit ${score.fit}, engagement ${score.engagement}; model ${score.modelVersion}).`,
    `Respond within ${tier.responseBusinessHours} business hours: by ${dueLocal.toFormat("ccc d LLL yyyy HH:mm ZZZZ")}.`,
    '',
    'Why this lead:',
    scoreReasonsText(score),
  ];
  if (latest.length > 0) {
    lines.push('', 'Latest activity:');
    for (const a of latest) lines.push(`- ${a.occurredAt.slice(0, 10)} ${a.type}${a.outcome ? ` (${a.outcome})` : ''}${a.title ? `: ${a.title}` : ''}`);
  }
  if (assets.length > 0) {
    lines.push('', 'Recommended assets:');
    for (const a of assets) lines.push(`- ${a.title}: ${a.url}`);
  }
  lines.push('', `HubSpot contact ${contact.hubspotId}. Created by Handoff.`);
  return {
    Subject: subject,
    Priority: tier.priority,
    Status: 'Not Started',
    ActivityDate: dueLocal.toISODate(),
    ReminderDateTime: reminder.toISOString(),
    IsReminderSet: true,
    Description: lines.join('\n').slice(0, DESCRIPTION_MAX),
    Handoff_SLA_Due__c: due.toISOString(),
    Handoff_SLA_Tier__c: tier.name,
  };
}
