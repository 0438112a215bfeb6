import { z } from 'zod';

/**
 * The sandbox dataset file (docs/sandbox.md). HubSpot objects take the shape HubSpot's API returns;
 * Salesforce records use API field names. Salesforce ids may be omitted and are then generated.
 */
export const hubspotObjectSchema = z.object({
  id: z.string().regex(/^\d+$/),
  properties: z.record(z.string(), z.string().nullable()),
  createdAt: z.string(),
  updatedAt: z.string(),
  archived: z.boolean().optional(),
});
export type HubSpotObject = z.infer<typeof hubspotObjectSchema>;

export const hubspotAssociationSchema = z.object({
  fromType: z.string(),
  fromId: z.string(),
  toType: z.string(),
  toId: z.string(),
});
export type HubSpotAssociation = z.infer<typeof hubspotAssociationSchema>;

export const hubspotOwnerSchema = z.object({
  id: z.string(),
  email: z.string().optional(),
  firstName: z.string().optional(),
  lastName: z.string().optional(),
  userId: z.number().int().optional(),
  userIdIncludingInactive: z.number().int().optional(),
  type: z.enum(['PERSON', 'QUEUE']).optional(),
  teams: z.array(z.object({ id: z.string(), name: z.string(), primary: z.boolean() })).optional(),
  archived: z.boolean().optional(),
  createdAt: z.string().optional(),
  updatedAt: z.string().optional(),
});
export type HubSpotOwner = z.infer<typeof hubspotOwnerSchema>;

export const ENGAGEMENT_TYPES = ['emails', 'calls', 'meetings', 'notes', 'tasks'] as const;
export type EngagementType = (typeof ENGAGEMENT_TYPES)[number];

const sfRecord = z.record(z.string(), z.unknown());

export const datasetSchema = z.object({
  version: z.literal(1),
  hubspot: z
    .object({
      contacts: z.array(hubspotObjectSchema).default([]),
      emails: z.array(hubspotObjectSchema).default([]),
      calls: z.array(hubspotObjectSchema).default([]),
      meetings: z.array(hubspotObjectSchema).default([]),
      notes: z.array(hubspotObjectSchema).default([]),
      tasks: z.array(hubspotObjectSchema).default([]),
      associations: z.array(hubspotAssociationSchema).default([]),
      owners: z.array(hubspotOwnerSchema).default([]),
    })
    .default({ contacts: [], emails: [], calls: [], meetings: [], notes: [], tasks: [], associations: [], owners: [] }),
  salesforce: z
    .object({
      User: z.array(sfRecord).default([]),
      Lead: z.array(sfRecord).default([]),
      Contact: z.array(sfRecord).default([]),
      Account: z.array(sfRecord).default([]),
      Task: z.array(sfRecord).default([]),
      /** Left out (both), the org gets the default queues; given, exactly these. */
      Group: z.array(sfRecord).optional(),
      /** Left out, the org gets the default Profiles; given, exactly these. */
      Profile: z.array(sfRecord).optional(),
      QueueSobject: z.array(sfRecord).optional(),
    })
    .default({ User: [], Lead: [], Contact: [], Account: [], Task: [] }),
});
export type Dataset = z.output<typeof datasetSchema>;
export type HubSpotDataset = Dataset['hubspot'];
export type SalesforceDataset = Dataset['salesforce'];
