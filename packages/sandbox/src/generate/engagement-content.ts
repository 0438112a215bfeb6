import type { Rng, Weighted } from './random.js';
import type { Segment } from './contacts.js';

/** Property values for the four engagement types, by how engaged the contact is. */

export interface Subject {
  first: string;
  company: string;
}

export type EngagementKind = 'emails' | 'calls' | 'meetings' | 'notes';

export const MIX: Record<Segment, Weighted<EngagementKind>> = {
  cold: [['emails', 70], ['calls', 15], ['notes', 12], ['meetings', 3]],
  warm: [['emails', 50], ['calls', 25], ['meetings', 10], ['notes', 15]],
  engaged: [['emails', 42], ['calls', 22], ['meetings', 20], ['notes', 16]],
};

const REPLY_SHARE: Record<Segment, number> = { cold: 0.04, warm: 0.15, engaged: 0.35 };

const OUTBOUND_SUBJECTS: readonly ((s: Subject) => string)[] = [
  (s) => `Quick question, ${s.first}`,
  () => 'Following up on your download',
  () => 'Re: Demo request',
  (s) => `${s.company} + Acme`,
  () => "Resources from today's webinar",
  (s) => `Intro: Acme <> ${s.company}`,
  () => 'Checking in',
  () => 'Your pricing questions',
];
const INBOUND_SUBJECTS: readonly string[] = [
  'Re: Quick question', 'Re: Following up on your download', 'RE: Pricing', 'Re: Demo request', 'AW: Ihre Anfrage',
  "RE: Demande d'information", 'Re: Checking in',
];
// Auto-replies arrive as INCOMING_EMAIL too; a scoring model that counts every inbound email as a reply is fooled by them.
const AUTO_REPLIES: readonly string[] = ['Automatic reply: Checking in', 'Out of Office: Quick question', 'Abwesenheitsnotiz: Ihre Anfrage'];

export function emailProps(rng: Rng, segment: Segment, s: Subject): Record<string, string | null> {
  const r = rng.next();
  const direction = r < REPLY_SHARE[segment] ? 'INCOMING_EMAIL' : r < REPLY_SHARE[segment] + 0.03 ? 'FORWARDED_EMAIL' : 'EMAIL';
  if (direction === 'INCOMING_EMAIL') {
    const subject = rng.chance(0.1) ? rng.pick(AUTO_REPLIES) : rng.pick(INBOUND_SUBJECTS);
    return { hs_email_direction: direction, hs_email_status: null, hs_email_subject: subject, hs_email_text: `Hi, thanks for reaching out. ${rng.pick(['Happy to talk next week.', 'Can you send pricing?', 'Not interested at the moment.', 'Looping in my colleague.'])}` };
  }
  const status = rng.weighted<string>([['SENT', 93], ['BOUNCED', 5], ['FAILED', 2]]);
  return { hs_email_direction: direction, hs_email_status: status, hs_email_subject: rng.pick(OUTBOUND_SUBJECTS)(s), hs_email_text: `Hi ${s.first}, I wanted to follow up on your interest in Acme.` };
}

/** HubSpot's default call outcome GUIDs (`hs_call_disposition`). */
export const CALL_OUTCOMES = {
  busy: '9d9162e7-6cf3-4944-bf63-4dff82258764',
  connected: 'f240bbac-87c9-4f6e-bf70-924b57d47db7',
  leftLiveMessage: 'a4c4c377-d246-4b32-a13b-75a56a4cd0ff',
  leftVoicemail: 'b2cf5968-551e-4856-9783-52b3da59a7d0',
  noAnswer: '73a0d17f-1163-4015-bdd5-ec830791da20',
  wrongNumber: '17b47fee-58de-441e-a44c-c6300d46f273',
} as const;

const CALL_STATUS: Record<Segment, Weighted<string>> = {
  cold: [['COMPLETED', 35], ['NO_ANSWER', 45], ['BUSY', 12], ['FAILED', 8]],
  warm: [['COMPLETED', 50], ['NO_ANSWER', 35], ['BUSY', 10], ['FAILED', 5]],
  engaged: [['COMPLETED', 68], ['NO_ANSWER', 22], ['BUSY', 7], ['FAILED', 3]],
};
const CALL_TITLES: readonly ((s: Subject) => string)[] = [
  () => 'Discovery call', () => 'Follow-up call', (s) => `Call with ${s.first}`, () => 'Intro call', () => 'Cold call', (s) => `${s.company} - qualification`,
];

export function callProps(rng: Rng, segment: Segment, s: Subject): Record<string, string | null> {
  const status = rng.weighted(CALL_STATUS[segment]);
  let disposition: string | null;
  let durationMs: number | null;
  if (status === 'COMPLETED') {
    // A completed call is not always a conversation: voicemail drops are logged as completed too.
    disposition = rng.weighted<string>([[CALL_OUTCOMES.connected, 70], [CALL_OUTCOMES.leftVoicemail, 15], [CALL_OUTCOMES.leftLiveMessage, 10], [CALL_OUTCOMES.wrongNumber, 5]]);
    durationMs = disposition === CALL_OUTCOMES.connected ? rng.int(120, 2400) * 1000 : rng.int(15, 70) * 1000;
  } else if (status === 'NO_ANSWER') {
    disposition = rng.chance(0.7) ? CALL_OUTCOMES.noAnswer : CALL_OUTCOMES.leftVoicemail;
    durationMs = rng.chance(0.5) ? 0 : null;
  } else if (status === 'BUSY') {
    disposition = CALL_OUTCOMES.busy;
    durationMs = 0;
  } else {
    disposition = null;
    durationMs = null;
  }
  return {
    hs_call_title: rng.pick(CALL_TITLES)(s),
    hs_call_status: status,
    hs_call_disposition: disposition,
    hs_call_direction: rng.chance(segment === 'engaged' ? 0.25 : 0.1) ? 'INBOUND' : 'OUTBOUND',
    hs_call_duration: durationMs === null ? null : String(durationMs),
    hs_call_body: disposition === CALL_OUTCOMES.connected && rng.chance(0.5) ? `<p>Talked to ${s.first} about current tooling and timeline.</p>` : null,
  };
}

const MEETING_OUTCOME: Record<Segment, Weighted<string>> = {
  cold: [['COMPLETED', 30], ['SCHEDULED', 30], ['NO_SHOW', 20], ['CANCELED', 15], ['RESCHEDULED', 5]],
  warm: [['COMPLETED', 40], ['SCHEDULED', 28], ['NO_SHOW', 15], ['CANCELED', 12], ['RESCHEDULED', 5]],
  engaged: [['COMPLETED', 55], ['SCHEDULED', 18], ['NO_SHOW', 12], ['CANCELED', 8], ['RESCHEDULED', 7]],
};
const MEETING_TITLES: readonly ((s: Subject) => string)[] = [
  (s) => `Demo - ${s.company}`, () => 'Discovery call', () => 'Product walkthrough', (s) => `Intro meeting with ${s.first}`, () => 'Technical deep dive', () => 'Pricing discussion',
];

export function meetingProps(rng: Rng, segment: Segment, s: Subject, startMs: number): Record<string, string | null> {
  const minutes = rng.pick([30, 30, 45, 60]);
  return {
    hs_meeting_title: rng.pick(MEETING_TITLES)(s),
    hs_meeting_outcome: rng.weighted(MEETING_OUTCOME[segment]),
    hs_meeting_start_time: new Date(startMs).toISOString(),
    hs_meeting_end_time: new Date(startMs + minutes * 60_000).toISOString(),
    hs_meeting_location: rng.pick(['Zoom', 'Google Meet', 'Microsoft Teams', 'Office', null]),
  };
}

const NOTES: readonly ((s: Subject) => string)[] = [
  (s) => `<p>Spoke with ${s.first}: evaluating options for next quarter, budget approved.</p>`,
  () => '<p>Left voicemail.</p>',
  () => '<p>Met at the trade show booth. Interested in the API.</p>',
  () => '<p>Not a fit - student.</p>',
  () => '<p>Asked to be contacted next quarter.</p>',
  (s) => `<div>${s.company} is renewing with a competitor in the autumn.</div>`,
  () => '<p>Imported from list: SaaStr booth scans</p>',
];

export function noteProps(rng: Rng, s: Subject): Record<string, string | null> {
  return { hs_note_body: rng.pick(NOTES)(s) };
}
