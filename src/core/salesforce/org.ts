import { z } from 'zod';

/** An active or inactive Salesforce user, as the org metadata read returns it. */
export interface SalesforceUser {
  Id: string;
  Username: string;
  Email: string | null;
  IsActive: boolean;
  TimeZoneSidKey: string | null;
}

/** A queue that can own Leads: a Group of Type Queue with a QueueSobject row for Lead. */
export const salesforceQueueSchema = z.object({ Id: z.string(), Name: z.string(), DeveloperName: z.string() });
export type SalesforceQueue = z.infer<typeof salesforceQueueSchema>;
