/**
 * Shared domain types. Stages between the I/O edges speak only these shapes.
 * Raw vendor payloads are validated at the edges (src/adapters) and mapped into them.
 */

/** A HubSpot contact as read at the edge, properties kept as HubSpot sends them (strings or null). */
export interface RawContact {
  id: string;
  readonly properties: Readonly<Record<string, string | null>>;
  createdAt: string;
  updatedAt: string;
  archived: boolean;
}

export const ACTIVITY_TYPES = ['email', 'call', 'meeting', 'note', 'form'] as const;
export type ActivityType = (typeof ACTIVITY_TYPES)[number];

/** One engagement (or form conversion) attributed to a contact. */
export interface Activity {
  id: string;
  type: ActivityType;
  contactId: string;
  /** ISO timestamp of when the activity happened (hs_timestamp). */
  occurredAt: string;
  /** Type-specific outcome: email direction, call disposition/status, meeting outcome, form name. */
  outcome: string | null;
  /** A short human label, e.g. the email subject or meeting title. Personal data: never log it. */
  title: string | null;
}

export interface NormalizedEmail {
  original: string | null;
  value: string | null;
  valid: boolean;
  domain: string | null;
  freeMail: boolean;
  disposable: boolean;
}

export interface NormalizedPhone {
  original: string | null;
  /** E.164 when it could be parsed, otherwise null (the original is kept). */
  e164: string | null;
}

/** What normalize reads from a job title; scoring rules and SLA assets name the same values. */
export const SENIORITIES = ['c_level', 'vp', 'director', 'manager', 'individual', 'unknown'] as const;
export type Seniority = (typeof SENIORITIES)[number];
export type JobFunction = 'marketing' | 'sales' | 'engineering' | 'it' | 'finance' | 'operations' | 'hr' | 'product' | 'executive' | 'other';

/** A contact after normalize: the pipeline's working record. */
export interface Contact {
  hubspotId: string;
  /** Ids merged into this contact (from hs_merged_object_ids). */
  mergedIds: string[];
  email: NormalizedEmail;
  phone: NormalizedPhone;
  firstName: string | null;
  lastName: string | null;
  company: string | null;
  /** Registrable domain of the company website, or of the email when it is a business address. */
  companyDomain: string | null;
  title: string | null;
  seniority: Seniority;
  jobFunction: string | null;
  /** ISO 3166-1 alpha-2 */
  country: string | null;
  /** ISO 3166-2 subdivision code without the country prefix, e.g. "CA" for California. */
  state: string | null;
  city: string | null;
  industry: string | null;
  employees: number | null;
  lifecycleStage: string | null;
  leadSource: string | null;
  hubspotOwnerId: string | null;
  /** Form conversions as counted on the contact. */
  conversions: { count: number; lastAt: string | null; lastName: string | null };
  createdAt: string;
  updatedAt: string;
  /** All raw properties, for field mapping: the raw record's own object, never edited. */
  readonly properties: Readonly<Record<string, string | null>>;
}

export interface Reason {
  /** Stable rule id from config, e.g. "fit.seniority.vp". */
  rule: string;
  /** A label a person understands. */
  label: string;
  points: number;
}

export interface Score {
  total: number;
  fit: number;
  engagement: number;
  grade: string;
  qualified: boolean;
  modelVersion: string;
  reasons: Reason[];
}
