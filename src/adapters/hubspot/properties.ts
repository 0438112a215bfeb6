/** Contact properties Handoff reads: what normalize and scoring use. Mapping may add `hubspot.<name>` ones. */
export const CONTACT_PROPERTIES = [
  'email',
  'phone',
  'mobilephone',
  'firstname',
  'lastname',
  'company',
  'website',
  'jobtitle',
  'country',
  'state',
  'city',
  'industry',
  'numemployees',
  'lifecyclestage',
  'hs_analytics_source',
  'hubspot_owner_id',
  'num_conversion_events',
  'recent_conversion_date',
  'recent_conversion_event_name',
  'hs_merged_object_ids',
  'lastmodifieddate',
  'createdate',
  'hs_object_id',
] as const;

/** Engagement objects read for scoring, with their properties (real HubSpot names). */
export const ENGAGEMENTS = {
  emails: { type: 'email', props: ['hs_timestamp', 'hs_email_direction', 'hs_email_subject', 'hs_email_status'], outcome: 'hs_email_direction', title: 'hs_email_subject' },
  calls: { type: 'call', props: ['hs_timestamp', 'hs_call_disposition', 'hs_call_status', 'hs_call_title'], outcome: 'hs_call_status', title: 'hs_call_title' },
  meetings: { type: 'meeting', props: ['hs_timestamp', 'hs_meeting_outcome', 'hs_meeting_title'], outcome: 'hs_meeting_outcome', title: 'hs_meeting_title' },
  notes: { type: 'note', props: ['hs_timestamp'], outcome: null, title: null },
} as const;
export type EngagementObject = keyof typeof ENGAGEMENTS;

/** Properties Handoff writes back; changes to only these are not user changes (defined in core). */
export { WRITEBACK_PROPERTIES } from '../../core/hubspot/property-definitions.js';
