import type { StoredType } from './object-types.js';

export type PropertyType = 'string' | 'number' | 'date' | 'datetime' | 'enumeration' | 'bool';

/** [name, label, type, fieldType, groupName, options?] — a compact table of HubSpot-defined properties. */
export type SeedRow = [string, string, PropertyType, string, string, string[]?];

const LIFECYCLE = ['subscriber', 'lead', 'marketingqualifiedlead', 'salesqualifiedlead', 'opportunity', 'customer', 'evangelist', 'other'];
const LEAD_STATUS = ['NEW', 'OPEN', 'IN_PROGRESS', 'OPEN_DEAL', 'UNQUALIFIED', 'ATTEMPTED_TO_CONTACT', 'CONNECTED', 'BAD_TIMING'];
const EMPLOYEES = ['1-5', '5-25', '25-50', '50-100', '100-500', '500-1000', '1000+'];
const SOURCES = ['ORGANIC_SEARCH', 'PAID_SEARCH', 'EMAIL_MARKETING', 'SOCIAL_MEDIA', 'REFERRALS', 'OTHER_CAMPAIGNS', 'DIRECT_TRAFFIC', 'OFFLINE', 'PAID_SOCIAL', 'AI_REFERRALS'];

/**
 * Standard contact properties (names and types as listed under Settings → Properties in a HubSpot portal and
 * in knowledge.hubspot.com/properties/hubspots-default-contact-properties).
 */
const CONTACT: SeedRow[] = [
  ['email', 'Email', 'string', 'text', 'contactinformation'],
  ['firstname', 'First Name', 'string', 'text', 'contactinformation'],
  ['lastname', 'Last Name', 'string', 'text', 'contactinformation'],
  ['phone', 'Phone Number', 'string', 'phonenumber', 'contactinformation'],
  ['mobilephone', 'Mobile Phone Number', 'string', 'phonenumber', 'contactinformation'],
  ['company', 'Company Name', 'string', 'text', 'contactinformation'],
  ['website', 'Website URL', 'string', 'text', 'contactinformation'],
  ['jobtitle', 'Job Title', 'string', 'text', 'contactinformation'],
  ['address', 'Street Address', 'string', 'text', 'contactinformation'],
  ['city', 'City', 'string', 'text', 'contactinformation'],
  ['state', 'State/Region', 'string', 'text', 'contactinformation'],
  ['zip', 'Postal Code', 'string', 'text', 'contactinformation'],
  ['country', 'Country/Region', 'string', 'text', 'contactinformation'],
  ['industry', 'Industry', 'string', 'text', 'contactinformation'],
  ['annualrevenue', 'Annual Revenue', 'string', 'text', 'contactinformation'],
  ['numemployees', 'Number of Employees', 'enumeration', 'select', 'contactinformation', EMPLOYEES],
  ['lifecyclestage', 'Lifecycle Stage', 'enumeration', 'radio', 'contactinformation', LIFECYCLE],
  ['hs_lead_status', 'Lead Status', 'enumeration', 'radio', 'sales_properties', LEAD_STATUS],
  ['hubspot_owner_id', 'Contact owner', 'enumeration', 'select', 'sales_properties'],
  ['hs_persona', 'Persona', 'enumeration', 'radio', 'contactinformation'],
  ['hs_language', 'Preferred language', 'enumeration', 'select', 'contactinformation'],
  ['hs_email_domain', 'Email Domain', 'string', 'text', 'contactinformation'],
  ['hs_additional_emails', 'Additional email addresses', 'enumeration', 'checkbox', 'contactinformation'],
  ['num_conversion_events', 'Number of Form Submissions', 'number', 'number', 'conversioninformation'],
  ['num_unique_conversion_events', 'Number of Unique Forms Submitted', 'number', 'number', 'conversioninformation'],
  ['recent_conversion_date', 'Recent Conversion Date', 'datetime', 'date', 'conversioninformation'],
  ['recent_conversion_event_name', 'Recent Conversion', 'string', 'text', 'conversioninformation'],
  ['first_conversion_date', 'First Conversion Date', 'datetime', 'date', 'conversioninformation'],
  ['first_conversion_event_name', 'First Conversion', 'string', 'text', 'conversioninformation'],
  ['hs_analytics_source', 'Original Traffic Source', 'enumeration', 'select', 'analyticsinformation', SOURCES],
  ['hs_analytics_source_data_1', 'Original Traffic Source Drill-Down 1', 'string', 'text', 'analyticsinformation'],
  ['hs_analytics_source_data_2', 'Original Traffic Source Drill-Down 2', 'string', 'text', 'analyticsinformation'],
  ['hs_analytics_num_page_views', 'Number of Pageviews', 'number', 'number', 'analyticsinformation'],
  ['hs_analytics_last_visit_timestamp', 'Time of Last Session', 'datetime', 'date', 'analyticsinformation'],
  ['notes_last_updated', 'Last Activity Date', 'datetime', 'date', 'sales_properties'],
  ['hs_last_sales_activity_timestamp', 'Last Engagement Date', 'datetime', 'date', 'sales_properties'],
  ['num_notes', 'Number of Sales Activities', 'number', 'number', 'sales_properties'],
  ['hs_merged_object_ids', 'Merged Contact IDs', 'enumeration', 'checkbox', 'contactinformation'],
  ['hs_calculated_merged_vids', 'Merged Contact IDs with timestamps', 'enumeration', 'checkbox', 'contactinformation'],
  ['createdate', 'Create Date', 'datetime', 'date', 'contactinformation'],
  ['lastmodifieddate', 'Last Modified Date', 'datetime', 'date', 'contactinformation'],
  ['hs_object_id', 'Record ID', 'number', 'number', 'contactinformation'],
];

/** Properties every engagement object has (developers.hubspot.com/docs/api/crm/{email,calls,meetings,notes,tasks}). */
function engagementCommon(group: string): SeedRow[] {
  return [
    ['hs_timestamp', 'Activity date', 'datetime', 'date', group],
    ['hubspot_owner_id', 'Activity assigned to', 'enumeration', 'select', group],
    ['hs_attachment_ids', 'Attached file IDs', 'enumeration', 'checkbox', group],
    ['hs_createdate', 'Create date', 'datetime', 'date', group],
    ['hs_lastmodifieddate', 'Last modified date', 'datetime', 'date', group],
    ['hs_object_id', 'Record ID', 'number', 'number', group],
  ];
}

const ENGAGEMENT: Record<Exclude<StoredType, 'contacts'>, SeedRow[]> = {
  emails: [
    ['hs_email_direction', 'Email direction', 'enumeration', 'select', 'emailinformation', ['EMAIL', 'INCOMING_EMAIL', 'FORWARDED_EMAIL']],
    ['hs_email_status', 'Email send status', 'enumeration', 'select', 'emailinformation', ['BOUNCED', 'FAILED', 'SCHEDULED', 'SENDING', 'SENT']],
    ['hs_email_subject', 'Email subject', 'string', 'text', 'emailinformation'],
    ['hs_email_text', 'Email body', 'string', 'textarea', 'emailinformation'],
    ['hs_email_html', 'Email HTML body', 'string', 'html', 'emailinformation'],
    ['hs_email_headers', 'Email headers', 'string', 'textarea', 'emailinformation'],
  ],
  calls: [
    ['hs_call_title', 'Call title', 'string', 'text', 'callinformation'],
    ['hs_call_body', 'Call notes', 'string', 'html', 'callinformation'],
    ['hs_call_direction', 'Call direction', 'enumeration', 'select', 'callinformation', ['INBOUND', 'OUTBOUND']],
    ['hs_call_duration', 'Call duration', 'number', 'number', 'callinformation'],
    ['hs_call_status', 'Call status', 'enumeration', 'select', 'callinformation', ['BUSY', 'CALLING_CRM_USER', 'CANCELED', 'COMPLETED', 'CONNECTING', 'FAILED', 'IN_PROGRESS', 'MISSED', 'NO_ANSWER', 'QUEUED', 'RINGING']],
    ['hs_call_disposition', 'Call outcome', 'string', 'text', 'callinformation'],
    ['hs_call_from_number', 'From number', 'string', 'text', 'callinformation'],
    ['hs_call_to_number', 'To number', 'string', 'text', 'callinformation'],
    ['hs_call_recording_url', 'Recording URL', 'string', 'text', 'callinformation'],
  ],
  meetings: [
    ['hs_meeting_title', 'Meeting name', 'string', 'text', 'meetinginformation'],
    ['hs_meeting_body', 'Meeting description', 'string', 'html', 'meetinginformation'],
    ['hs_internal_meeting_notes', 'Internal meeting notes', 'string', 'html', 'meetinginformation'],
    ['hs_meeting_start_time', 'Meeting start time', 'datetime', 'date', 'meetinginformation'],
    ['hs_meeting_end_time', 'Meeting end time', 'datetime', 'date', 'meetinginformation'],
    ['hs_meeting_location', 'Meeting location', 'string', 'text', 'meetinginformation'],
    ['hs_meeting_outcome', 'Meeting outcome', 'enumeration', 'select', 'meetinginformation', ['SCHEDULED', 'COMPLETED', 'RESCHEDULED', 'NO_SHOW', 'CANCELED']],
  ],
  notes: [['hs_note_body', 'Note body', 'string', 'html', 'noteinformation']],
  tasks: [
    ['hs_task_subject', 'Task title', 'string', 'text', 'taskinformation'],
    ['hs_task_body', 'Task notes', 'string', 'html', 'taskinformation'],
    ['hs_task_status', 'Task status', 'enumeration', 'select', 'taskinformation', ['NOT_STARTED', 'IN_PROGRESS', 'WAITING', 'COMPLETED', 'DEFERRED']],
    ['hs_task_priority', 'Priority', 'enumeration', 'select', 'taskinformation', ['NONE', 'LOW', 'MEDIUM', 'HIGH']],
    ['hs_task_type', 'Task type', 'enumeration', 'select', 'taskinformation', ['EMAIL', 'CALL', 'TODO']],
    ['hs_task_reminders', 'Reminder', 'enumeration', 'checkbox', 'taskinformation'],
  ],
};

export function seedRows(type: StoredType): SeedRow[] {
  if (type === 'contacts') return CONTACT;
  const own = ENGAGEMENT[type];
  const group = own[0]?.[4] ?? 'engagementinformation';
  return [...own, ...engagementCommon(group)];
}

export const SEED_GROUPS: Record<StoredType, [string, string][]> = {
  contacts: [
    ['contactinformation', 'Contact information'],
    ['conversioninformation', 'Conversion information'],
    ['analyticsinformation', 'Web analytics history'],
    ['sales_properties', 'Sales properties'],
  ],
  emails: [['emailinformation', 'Email information']],
  calls: [['callinformation', 'Call information']],
  meetings: [['meetinginformation', 'Meeting information']],
  notes: [['noteinformation', 'Note information']],
  tasks: [['taskinformation', 'Task information']],
};
