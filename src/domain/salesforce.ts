/** The Salesforce objects Handoff describes and writes to (Leads and Tasks) or matches (Contacts). */
export type SalesforceObject = 'Lead' | 'Contact' | 'Task';
