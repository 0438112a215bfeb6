import { z } from 'zod';

/**
 * The environment contract. These names are public interface. Secrets come only from here.
 * Empty strings count as unset, so a blank line in .env doesn't override a default.
 */
const optionalString = z.preprocess((v) => (v === '' ? undefined : v), z.string().optional());
const optionalUrl = z.preprocess((v) => (v === '' ? undefined : v), z.url().optional());

export const envSchema = z.object({
  HUBSPOT_ACCESS_TOKEN: optionalString,
  HUBSPOT_BASE_URL: optionalUrl,
  SALESFORCE_LOGIN_URL: optionalUrl,
  SALESFORCE_CLIENT_ID: optionalString,
  SALESFORCE_CLIENT_SECRET: optionalString,
  SALESFORCE_INSTANCE_URL: optionalUrl,
  SALESFORCE_ACCESS_TOKEN: optionalString,
  /**
   * Admin credentials for `handoff setup` only (custom fields, the permission set): a connected app whose
   * run-as user has Customize Application, Modify Metadata and Manage Profiles and Permission Sets, or a
   * token of such a user with SALESFORCE_INSTANCE_URL. Never stored, never used by any other command.
   */
  SALESFORCE_ADMIN_CLIENT_ID: optionalString,
  SALESFORCE_ADMIN_CLIENT_SECRET: optionalString,
  SALESFORCE_ADMIN_ACCESS_TOKEN: optionalString,
  SALESFORCE_API_VERSION: z.preprocess(
    (v) => (v === '' ? undefined : v),
    z.string().regex(/^\d{2}\.0$/, 'must look like 64.0').optional(),
  ),
  HANDOFF_DATABASE_URL: z.preprocess(
    (v) => (v === '' ? undefined : v),
    z
      .string()
      .regex(/^(sqlite:|postgres:\/\/|postgresql:\/\/)/, 'must start with sqlite: or postgres://')
      .default('sqlite:./data/handoff.db'),
  ),
  /** A clock served over HTTP (the sandbox's /__sandbox/clock) that every command follows instead of the system clock. */
  HANDOFF_CLOCK_URL: optionalUrl,
  HANDOFF_CONFIG_DIR: z.preprocess((v) => (v === '' ? undefined : v), z.string().default('./config')),
  /** Bearer token for the detailed /readyz view; without it, details go to loopback callers only. */
  HANDOFF_HTTP_TOKEN: optionalString,
  LOG_LEVEL: z.preprocess(
    (v) => (v === '' ? undefined : typeof v === 'string' ? v.toLowerCase() : v),
    z.enum(['error', 'warn', 'info', 'debug']).default('info'),
  ),
  LOG_FORMAT: z.preprocess(
    (v) => (v === '' ? undefined : typeof v === 'string' ? v.toLowerCase() : v),
    z.enum(['json', 'pretty']).optional(),
  ),
});

export type Env = z.output<typeof envSchema>;
