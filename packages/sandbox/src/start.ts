import { startHubSpotSandbox } from './hubspot/index.js';
import type { HubSpotSandbox, HubSpotTier } from './hubspot/index.js';
import { startSalesforceSandbox } from './salesforce/index.js';
import type { SalesforceSandbox } from './salesforce/index.js';
import { SandboxClock } from './shared/clock.js';
import type { Dataset } from './shared/dataset.js';
import { withUsers } from './shared/users.js';
import type { SandboxUser } from './shared/users.js';

/** Credentials the sandbox accepts; `env` hands them to Handoff. Not secrets: the sandbox is local. */
export const SANDBOX_CREDENTIALS = {
  hubspotToken: 'sandbox-hubspot-token',
  salesforceClientId: 'handoff-sandbox-client',
  salesforceClientSecret: 'handoff-sandbox-secret',
  /** A second connected app that runs as an admin: what `handoff setup` takes as SALESFORCE_ADMIN_*. */
  salesforceAdminClientId: 'handoff-sandbox-admin-client',
  salesforceAdminClientSecret: 'handoff-sandbox-admin-secret',
} as const;

export interface SandboxOptions {
  dataset?: Dataset;
  /** Salesforce Users added to every dataset loaded (kept where the dataset already has that username). */
  users?: readonly SandboxUser[];
  hubspotPort?: number;
  salesforcePort?: number;
  host?: string;
  /** HubSpot account tier whose rate limits apply; default professional. */
  tier?: HubSpotTier;
  /** Switch HubSpot's rate limits off (tests that don't care about them). Default on. */
  rateLimits?: boolean;
  tenSecondLimit?: number;
  hubspotDailyLimit?: number;
  salesforceDailyLimit?: number;
  sessionSeconds?: number;
  clock?: SandboxClock;
  /** Start the Salesforce org's sales floor (simulated reps) with this seed. */
  salesFloor?: { seed: number };
}

export interface SandboxControl {
  clock: SandboxClock;
  hubspot: HubSpotSandbox;
  salesforce: SalesforceSandbox;
  /** Replaces both orgs' data with the dataset (plus the `users` option's Users). */
  load(dataset: Dataset): void;
  reset(): void;
}

export interface RunningSandbox {
  hubspotUrl: string;
  salesforceUrl: string;
  /** The environment variables that point Handoff at this sandbox. */
  env: Record<string, string>;
  control: SandboxControl;
  stop(): Promise<void>;
}

/** Starts both emulators on loopback with one shared clock. */
export async function startSandbox(options: SandboxOptions = {}): Promise<RunningSandbox> {
  const clock = options.clock ?? new SandboxClock();
  const hubspot = await startHubSpotSandbox({
    clock,
    accessToken: SANDBOX_CREDENTIALS.hubspotToken,
    port: options.hubspotPort ?? 0,
    ...(options.host ? { host: options.host } : {}),
    ...(options.tier ? { tier: options.tier } : {}),
    ...(options.rateLimits !== undefined ? { rateLimits: options.rateLimits } : {}),
    ...(options.tenSecondLimit !== undefined ? { tenSecondLimit: options.tenSecondLimit } : {}),
    ...(options.hubspotDailyLimit !== undefined ? { dailyLimit: options.hubspotDailyLimit } : {}),
  });
  let salesforce: SalesforceSandbox;
  try {
    salesforce = await startSalesforceSandbox({
      clock,
      clientId: SANDBOX_CREDENTIALS.salesforceClientId,
      clientSecret: SANDBOX_CREDENTIALS.salesforceClientSecret,
      admin: { clientId: SANDBOX_CREDENTIALS.salesforceAdminClientId, clientSecret: SANDBOX_CREDENTIALS.salesforceAdminClientSecret },
      port: options.salesforcePort ?? 0,
      ...(options.host ? { host: options.host } : {}),
      ...(options.salesforceDailyLimit !== undefined ? { dailyApiLimit: options.salesforceDailyLimit } : {}),
      ...(options.sessionSeconds !== undefined ? { sessionSeconds: options.sessionSeconds } : {}),
    });
  } catch (err) {
    await hubspot.stop();
    throw err;
  }
  const control: SandboxControl = {
    clock,
    hubspot,
    salesforce,
    load(given) {
      const dataset = withUsers(given, options.users ?? []);
      hubspot.load(dataset.hubspot);
      salesforce.load(dataset.salesforce);
    },
    reset() {
      hubspot.reset();
      salesforce.reset();
    },
  };
  if (options.dataset) control.load(options.dataset);
  if (options.salesFloor) salesforce.salesFloor.configure(true, options.salesFloor.seed);
  let stopped: Promise<void> | null = null;
  return {
    hubspotUrl: hubspot.url,
    salesforceUrl: salesforce.url,
    env: {
      HUBSPOT_BASE_URL: hubspot.url,
      HUBSPOT_ACCESS_TOKEN: SANDBOX_CREDENTIALS.hubspotToken,
      SALESFORCE_LOGIN_URL: salesforce.url,
      SALESFORCE_CLIENT_ID: SANDBOX_CREDENTIALS.salesforceClientId,
      SALESFORCE_CLIENT_SECRET: SANDBOX_CREDENTIALS.salesforceClientSecret,
      SALESFORCE_ADMIN_CLIENT_ID: SANDBOX_CREDENTIALS.salesforceAdminClientId,
      SALESFORCE_ADMIN_CLIENT_SECRET: SANDBOX_CREDENTIALS.salesforceAdminClientSecret,
    },
    control,
    stop: () => (stopped ??= Promise.all([hubspot.stop(), salesforce.stop()]).then(() => undefined)),
  };
}
