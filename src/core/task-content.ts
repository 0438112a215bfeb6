import { DateTime } from 'luxon';
import type { SlaAsset, SlaConfig, TaskPriority } from '../config/sla.js';
import { BoundedCache } from '../lib/bounded-cache.js';
import type { Activity, Contact, Score } from '../domain/types.js';
import { calendarFor, isValidZone, slaDue } from './sla-clock.js';

export interface TaskInput {
  contact: Contact;
  score: Score;
  /** The tier the grade selects (scoring.yaml grades). */
  tier: string;
  activities: readonly Activity[];
  sla: SlaConfig;
  /** The owner's calendar name (routing decides it). */
  calendar: string;
  /** The owner's or team's time zone. */
  timeZone: string;
  /** When the contact qualified: the SLA clock starts here. */
  now: Date;
}

/** Task fields without WhoId/OwnerId, which the plan adds. */
export type SlaTask = {
  Subject: string;
  Priority: TaskPriority;
  Status: 'Not Started';
  ActivityDate: string;
  ReminderDateTime: string;
  IsReminderSet: true;
  Description: string;
  Handoff_SLA_Due__c: string;
  Handoff_SLA_Tier__c: string;
};

export const SUBJECT_MAX = 255;
export const DESCRIPTION_MAX = 32_000;
const ELLIPSIS = '…';
const TRUNCATED = '\n… (truncated)';

/** Cuts by code point, so a surrogate pair is never split. */
function clip(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : chars.slice(0, max - 1).join('') + ELLIPSIS;
}

export function taskSubject(tier: string, contact: Contact): string {
  const name = [contact.firstName, contact.lastName].filter(Boolean).join(' ') || contact.email.value || `HubSpot contact ${contact.hubspotId}`;
  const head = `[${tier} SLA] Follow up with `;
  const room = SUBJECT_MAX - head.length;
  if (!contact.company) return head + clip(name, room);
  // A long company name gives way before the person's name does: the name is who to call.
  const who = clip(name, room - 3 - Math.min(20, Array.from(contact.company).length));
  return head + who + ` (${clip(contact.company, room - Array.from(who).length - 3)})`;
}

const has = (list: readonly string[] | undefined, value: string | null): boolean =>
  list === undefined || (value !== null && list.some((v) => v.toLowerCase() === value.toLowerCase()));

/**
 * Assets whose every criterion matches the contact, most specific first (more criteria matched),
 * then in config order; assets with no criteria suit everyone and come last.
 */
export function recommendAssets(contact: Contact, assets: readonly SlaAsset[], max: number): SlaAsset[] {
  return assets
    .map((asset, order) => ({ asset, order, specificity: Object.keys(asset.when).length }))
    .filter(({ asset: { when } }) => has(when.jobFunction, contact.jobFunction) && has(when.seniority, contact.seniority) && has(when.industry, contact.industry) && has(when.lifecycleStage, contact.lifecycleStage))
    .sort((a, b) => b.specificity - a.specificity || a.order - b.order)
    .slice(0, max)
    .map((x) => x.asset);
}

// Formatting builds Intl formatters, and a cycle formats the same due time and zones again and
// again: one formatter per zone, one text per due time.
const dayFormats = new BoundedCache<string, Intl.DateTimeFormat>();
const dueTexts = new BoundedCache<string, string>();
const dayFormat = (zone: string): Intl.DateTimeFormat => new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' });

/** YYYY-MM-DD of an ISO instant in a zone (en-CA formats dates that way). */
function localDate(iso: string, zone: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  return dayFormats.getOrCompute(zone, dayFormat).format(ms);
}

function dueText(dueLocal: DateTime): string {
  const key = `${dueLocal.toMillis()}|${dueLocal.zoneName ?? ''}`;
  return dueTexts.getOrCompute(key, () => dueLocal.toFormat('ccc d LLL yyyy HH:mm ZZZZ'));
}

function description(input: TaskInput, zone: string, dueLocal: DateTime, hours: number): string {
  const { contact, score, sla } = input;
  const signed = (n: number): string => `${n > 0 ? '+' : ''}${n}`;
  const lines = [
    `Grade ${score.grade}: score ${score.total} (fit ${score.fit}, engagement ${score.engagement}), ${score.qualified ? 'marketing-qualified' : 'not marketing-qualified'}; model ${score.modelVersion}.`,
    `Respond within ${hours} business hours: by ${dueText(dueLocal)}.`,
    '',
    'Why this lead:',
    ...score.reasons.map((r) => `${signed(r.points)} ${r.label}`),
  ];
  const latest = [...input.activities].sort((a, b) => (a.occurredAt < b.occurredAt ? 1 : a.occurredAt > b.occurredAt ? -1 : a.id < b.id ? -1 : 1)).slice(0, 3);
  if (latest.length > 0) {
    lines.push('', 'Latest activity:');
    for (const a of latest) {
      lines.push(`- ${localDate(a.occurredAt, zone)} ${a.type}${a.outcome ? ` (${a.outcome})` : ''}${a.title ? `: ${a.title}` : ''}`);
    }
  }
  const assets = recommendAssets(contact, sla.assets, sla.maxAssets);
  if (assets.length > 0) {
    lines.push('', 'Recommended for this contact:');
    for (const a of assets) lines.push(`- ${a.title}: ${a.url}`);
  }
  lines.push('', `HubSpot contact ${contact.hubspotId}. Created by Handoff.`);
  const text = lines.join('\n');
  return text.length <= DESCRIPTION_MAX ? text : text.slice(0, DESCRIPTION_MAX - TRUNCATED.length) + TRUNCATED;
}

/**
 * The SLA follow-up Task for one handoff (pure): subject, priority by tier, due date in the owner's
 * calendar and zone, a reminder before it, and a description that says why and what to send.
 */
export function buildTask(input: TaskInput): SlaTask {
  const { sla } = input;
  const tier = sla.tiers.find((t) => t.name === input.tier);
  if (tier === undefined) throw new RangeError(`sla.yaml has no tier "${input.tier}"`);
  const calendar = calendarFor(sla, input.calendar);
  // Salesforce users can carry a zone luxon doesn't know; the calendar's own zone is the safe default.
  const zone = isValidZone(input.timeZone) ? input.timeZone : calendar.timeZone;
  const due = slaDue(input.now, tier.responseBusinessHours, calendar, zone);
  const dueLocal = DateTime.fromJSDate(due, { zone });
  // A reminder in the past would fire the moment the Task lands; not before the clock started.
  const reminder = new Date(Math.max(input.now.getTime(), due.getTime() - tier.reminderBeforeMinutes * 60_000));
  return {
    Subject: taskSubject(tier.name, input.contact),
    Priority: tier.priority,
    Status: 'Not Started',
    ActivityDate: dueLocal.toISODate() ?? due.toISOString().slice(0, 10),
    ReminderDateTime: reminder.toISOString(),
    IsReminderSet: true,
    Description: description(input, zone, dueLocal, tier.responseBusinessHours),
    Handoff_SLA_Due__c: due.toISOString(),
    Handoff_SLA_Tier__c: tier.name,
  };
}
